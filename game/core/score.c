/* score.c: the scoring formula (see score.h) and the result as JSON.
 * Integer arithmetic only, rounding half up, so results match everywhere. */
#include "score.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "arena.h"

int score_share(int part, long long num, long long den)
{
    if (den <= 0) {
        return part;
    }
    return (int)((2 * part * num + den) / (2 * den));
}

int score_indicator_credit(IndicatorMark m)
{
    return m == MARK_ACTED ? 100 : m == MARK_SEEN ? 25 : 0;
}

int score_step_credit(const Run *r, size_t step)
{
    return run_step_credit(r, step);
}

int score_total(long long ind_earned, long long ind_total, long long step_earned,
                long long step_total, int time_points, int penalty)
{
    int total = score_share(SCORE_PART_INDICATORS, ind_earned, ind_total) +
                score_share(SCORE_PART_STEPS, step_earned, step_total) + time_points - penalty;
    return total < 0 ? 0 : total > 100 ? 100 : total;
}

static ItemStatus item_status(const Run *r, ItemKind kind, size_t i)
{
    if (kind == ITEM_INDICATOR) {
        IndicatorMark m = run_indicator(r, i);
        return m == MARK_ACTED ? STATUS_ACTED : m == MARK_SEEN ? STATUS_SEEN_ONLY : STATUS_MISSED;
    }
    return !run_step_done(r, i)          ? STATUS_MISSED
           : run_step_out_of_order(r, i) ? STATUS_SEEN_ONLY
                                         : STATUS_ACTED;
}

/* Fills the items of one part; adds what they earn and could earn, in
 * percent of weight, to *earned and *total. */
static void score_part(Score *s, const Run *r, ItemKind kind, long long *earned, long long *total)
{
    const Scenario *sc = run_scenario(r);
    size_t n = sc->n_items[kind];
    s->items[kind] = xcalloc(n + 1, sizeof(ScoreItem));
    for (size_t i = 0; i < n; i++) {
        const Item *it = &sc->items[kind][i];
        int credit = kind == ITEM_INDICATOR ? score_indicator_credit(run_indicator(r, i))
                                            : score_step_credit(r, i);
        bool blind = kind == ITEM_INDICATOR && run_indicator_blind(r, i);
        s->items[kind][i] = (ScoreItem){it, i, item_status(r, kind, i), credit, blind};
        *total += 100LL * it->weight;
        *earned += (long long)credit * it->weight;
    }
    s->n_items[kind] = n;
}

/* Errors committed, in the order they were committed. */
static void score_errors(Score *s, const Run *r, const Scenario *sc)
{
    size_t n = sc->n_items[ITEM_ERROR], k = 0;
    s->items[ITEM_ERROR] = xcalloc(n + 1, sizeof(ScoreItem));
    for (size_t i = 0; i < n; i++) {
        if (run_error_count(r, i) > 0) {
            const Item *it = &sc->items[ITEM_ERROR][i];
            s->items[ITEM_ERROR][k++] = (ScoreItem){it, i, STATUS_COMMITTED, 0, false};
            s->error_penalty += it->weight;
            s->disqualified = s->disqualified || it->disqualifying;
        }
    }
    s->n_items[ITEM_ERROR] = k;
    /* sort by when: insertion sort on the first commit's place in the
     * history (actions in the same minute keep the order they were taken) */
    for (size_t i = 1; i < k; i++) {
        ScoreItem x = s->items[ITEM_ERROR][i];
        Source sx = run_error_at(r, x.index);
        size_t j = i;
        while (j > 0 && run_error_at(r, s->items[ITEM_ERROR][j - 1].index).seq > sx.seq) {
            s->items[ITEM_ERROR][j] = s->items[ITEM_ERROR][j - 1];
            j--;
        }
        s->items[ITEM_ERROR][j] = x;
    }
    for (size_t i = 0; i < k && !s->failed_by; i++) {
        if (s->items[ITEM_ERROR][i].item->disqualifying) {
            s->failed_by = s->items[ITEM_ERROR][i].item;
        }
    }
}

int score_time_points(int minutes, int budget)
{
    if (minutes <= budget) {
        return SCORE_PART_TIME;
    }
    if (minutes >= 2 * budget) {
        return 0;
    }
    return score_share(SCORE_PART_TIME, 2LL * budget - minutes, budget);
}

Score *score_compute(const Run *r)
{
    const Scenario *sc = run_scenario(r);
    Score *s = xcalloc(1, sizeof *s);
    s->ended = run_status(r) == RUN_ENDED;
    s->ending = s->ended ? run_node(r) : NULL;
    s->minutes = run_clock(r);
    s->time_budget = sc->time_budget;
    s->cut_off = run_cut_off_by(r) != SCENARIO_NONE;
    long long ie = 0, it = 0, se = 0, st = 0;
    score_part(s, r, ITEM_INDICATOR, &ie, &it);
    score_part(s, r, ITEM_STEP, &se, &st);
    s->indicator_points = score_share(SCORE_PART_INDICATORS, ie, it);
    s->step_points = score_share(SCORE_PART_STEPS, se, st);
    score_errors(s, r, sc);
    /* pulled off the call by a deadline: the time ran out */
    s->time_points = s->cut_off ? 0 : score_time_points(s->minutes, sc->time_budget);
    s->total = score_total(ie, it, se, st, s->time_points, s->error_penalty);
    /* an ending that missed what was happening never passes, however many
     * points were earned on the way to it */
    s->fail = !s->ended                                     ? FAIL_NOT_ENDED
              : s->disqualified                             ? FAIL_DISQUALIFIED
              : s->ending->ending.outcome == OUTCOME_MISSED ? FAIL_MISSED
              : s->total < sc->pass_mark                    ? FAIL_BELOW_MARK
                                                            : FAIL_NONE;
    s->passed = s->fail == FAIL_NONE;
    return s;
}

const char *score_fail_name(FailReason f)
{
    switch (f) {
    case FAIL_NONE:
        return "passed";
    case FAIL_NOT_ENDED:
        return "no ending reached";
    case FAIL_DISQUALIFIED:
        return "disqualifying error";
    case FAIL_MISSED:
        return "the ending missed what was happening";
    default:
        return "below the pass mark";
    }
}

void score_free(Score *s)
{
    if (!s) {
        return;
    }
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        free(s->items[k]);
    }
    free(s);
}

const char *score_status_name(ItemKind kind, ItemStatus st)
{
    switch (st) {
    case STATUS_ACTED:
        return kind == ITEM_STEP ? "done" : "acted";
    case STATUS_SEEN_ONLY:
        return kind == ITEM_STEP ? "out_of_order" : "seen_only";
    case STATUS_MISSED:
        return "missed";
    default:
        return "committed";
    }
}

static cJSON *ids_with(const Score *s, ItemKind kind, ItemStatus st)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < s->n_items[kind]; i++) {
        if (s->items[kind][i].status == st) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(s->items[kind][i].item->id));
        }
    }
    return arr;
}

char *score_to_json(const Score *s, const Run *r)
{
    const Scenario *sc = run_scenario(r);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", sc->id);
    cJSON_AddStringToObject(o, "version", sc->version);
    cJSON_AddNumberToObject(o, "score", s->total);
    cJSON_AddBoolToObject(o, "passed", s->passed);
    cJSON_AddStringToObject(o, "fail_reason", score_fail_name(s->fail));
    if (s->failed_by) {
        cJSON_AddStringToObject(o, "failed_by", s->failed_by->id);
    } else {
        cJSON_AddNullToObject(o, "failed_by");
    }
    cJSON_AddNumberToObject(o, "seed", run_seed(r));
    cJSON_AddNumberToObject(o, "pass_mark", sc->pass_mark);
    cJSON_AddBoolToObject(o, "ended", s->ended);
    if (s->ending) {
        cJSON_AddStringToObject(o, "ending", s->ending->id);
        cJSON_AddStringToObject(o, "outcome", outcome_name(s->ending->ending.outcome));
    } else {
        cJSON_AddNullToObject(o, "ending");
        cJSON_AddNullToObject(o, "outcome");
    }
    cJSON_AddNumberToObject(o, "minutes", s->minutes);
    cJSON_AddNumberToObject(o, "time_budget", s->time_budget);
    size_t cut = run_cut_off_by(r);
    if (cut != SCENARIO_NONE) {
        cJSON_AddStringToObject(o, "cut_off_by", sc->events[cut].id);
    } else {
        cJSON_AddNullToObject(o, "cut_off_by");
    }
    cJSON *parts = cJSON_AddObjectToObject(o, "parts");
    cJSON_AddNumberToObject(parts, "indicators", s->indicator_points);
    cJSON_AddNumberToObject(parts, "steps", s->step_points);
    cJSON_AddNumberToObject(parts, "time", s->time_points);
    cJSON_AddNumberToObject(parts, "errors", -s->error_penalty);
    cJSON *ind = cJSON_AddObjectToObject(o, "indicators");
    cJSON_AddItemToObject(ind, "acted", ids_with(s, ITEM_INDICATOR, STATUS_ACTED));
    cJSON_AddItemToObject(ind, "seen_only", ids_with(s, ITEM_INDICATOR, STATUS_SEEN_ONLY));
    cJSON_AddItemToObject(ind, "missed", ids_with(s, ITEM_INDICATOR, STATUS_MISSED));
    cJSON *blind = cJSON_AddArrayToObject(ind, "acted_unseen");
    for (size_t i = 0; i < s->n_items[ITEM_INDICATOR]; i++) {
        if (s->items[ITEM_INDICATOR][i].blind) {
            cJSON_AddItemToArray(blind, cJSON_CreateString(s->items[ITEM_INDICATOR][i].item->id));
        }
    }
    cJSON *st = cJSON_AddObjectToObject(o, "steps");
    cJSON_AddItemToObject(st, "done", ids_with(s, ITEM_STEP, STATUS_ACTED));
    cJSON_AddItemToObject(st, "out_of_order", ids_with(s, ITEM_STEP, STATUS_SEEN_ONLY));
    cJSON_AddItemToObject(st, "missed", ids_with(s, ITEM_STEP, STATUS_MISSED));
    cJSON *broken = cJSON_AddArrayToObject(o, "order_broken");
    for (size_t i = 0; i < sc->n_order; i++) {
        if (run_rule_broken(r, i)) {
            const OrderRule *rule = &sc->order[i];
            cJSON *b = cJSON_CreateObject();
            cJSON_AddStringToObject(b, "first", sc->items[ITEM_STEP][rule->first].id);
            cJSON_AddStringToObject(b, "then", sc->items[ITEM_STEP][rule->then].id);
            if (rule->why) {
                cJSON_AddStringToObject(b, "why", rule->why);
            }
            cJSON_AddNumberToObject(b, "partial", rule->partial);
            cJSON_AddItemToArray(broken, b);
        }
    }
    cJSON_AddItemToObject(o, "errors", ids_with(s, ITEM_ERROR, STATUS_COMMITTED));
    cJSON_AddBoolToObject(o, "disqualified", s->disqualified);
    cJSON_AddNumberToObject(o, "actions", (double)run_n_actions(r));
    char *out = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!out) {
        abort();
    }
    return out;
}
