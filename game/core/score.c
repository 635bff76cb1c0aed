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

/* Fills the items of one part and returns its points: each item earns its
 * weight when acted on (done in order), 1/'partial' of it when only seen
 * (done out of order), nothing when missed. */
static int score_part(Score *s, const Run *r, ItemKind kind, int part, int partial)
{
    const Scenario *sc = run_scenario(r);
    size_t n = sc->n_items[kind];
    long long earned = 0, total = 0; /* in 1/partial units of weight */
    s->items[kind] = xcalloc(n + 1, sizeof(ScoreItem));
    for (size_t i = 0; i < n; i++) {
        const Item *it = &sc->items[kind][i];
        ItemStatus st = item_status(r, kind, i);
        s->items[kind][i] = (ScoreItem){it, i, st};
        total += (long long)partial * it->weight;
        earned += st == STATUS_ACTED       ? (long long)partial * it->weight
                  : st == STATUS_SEEN_ONLY ? it->weight
                                           : 0;
    }
    s->n_items[kind] = n;
    return score_share(part, earned, total);
}

static void score_errors(Score *s, const Run *r, const Scenario *sc)
{
    size_t n = sc->n_items[ITEM_ERROR], k = 0;
    s->items[ITEM_ERROR] = xcalloc(n + 1, sizeof(ScoreItem));
    for (size_t i = 0; i < n; i++) {
        if (run_error_count(r, i) > 0) {
            const Item *it = &sc->items[ITEM_ERROR][i];
            s->items[ITEM_ERROR][k++] = (ScoreItem){it, i, STATUS_COMMITTED};
            s->error_penalty += it->weight;
            s->disqualified = s->disqualified || it->disqualifying;
        }
    }
    s->n_items[ITEM_ERROR] = k;
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
    s->indicator_points = score_part(s, r, ITEM_INDICATOR, SCORE_PART_INDICATORS, 4);
    s->step_points = score_part(s, r, ITEM_STEP, SCORE_PART_STEPS, 2);
    score_errors(s, r, sc);
    s->time_points = score_time_points(s->minutes, sc->time_budget);
    int total = s->indicator_points + s->step_points + s->time_points - s->error_penalty;
    s->total = total < 0 ? 0 : total > 100 ? 100 : total;
    /* an ending that missed what was happening never passes, however many
     * points were earned on the way to it */
    s->passed = s->ended && s->ending->ending.outcome != OUTCOME_MISSED && !s->disqualified &&
                s->total >= sc->pass_mark;
    return s;
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
    cJSON *parts = cJSON_AddObjectToObject(o, "parts");
    cJSON_AddNumberToObject(parts, "indicators", s->indicator_points);
    cJSON_AddNumberToObject(parts, "steps", s->step_points);
    cJSON_AddNumberToObject(parts, "time", s->time_points);
    cJSON_AddNumberToObject(parts, "errors", -s->error_penalty);
    cJSON *ind = cJSON_AddObjectToObject(o, "indicators");
    cJSON_AddItemToObject(ind, "acted", ids_with(s, ITEM_INDICATOR, STATUS_ACTED));
    cJSON_AddItemToObject(ind, "seen_only", ids_with(s, ITEM_INDICATOR, STATUS_SEEN_ONLY));
    cJSON_AddItemToObject(ind, "missed", ids_with(s, ITEM_INDICATOR, STATUS_MISSED));
    cJSON *st = cJSON_AddObjectToObject(o, "steps");
    cJSON_AddItemToObject(st, "done", ids_with(s, ITEM_STEP, STATUS_ACTED));
    cJSON_AddItemToObject(st, "out_of_order", ids_with(s, ITEM_STEP, STATUS_SEEN_ONLY));
    cJSON_AddItemToObject(st, "missed", ids_with(s, ITEM_STEP, STATUS_MISSED));
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
