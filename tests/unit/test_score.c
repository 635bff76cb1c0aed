/* test_score.c: the scoring formula of scenarios/README.md ("Scoring"),
 * checked against numbers worked out by hand. tests/data/score.json has one
 * hub where each choice records one thing:
 *   indicators I-BIG (weight 19), I-SMALL (1): 40 x earned / 20, acted on
 *     after being seen = full, seen only = a quarter, acted on without having
 *     been seen (the "act-*" choices before "see-*") = nothing
 *   steps S-FIRST (1), S-SECOND (2), S-THIRD (1), S-FIRST must come before the
 *     other two (no "partial"): 50 x earned / 4, out of order = nothing
 * Partial credit for order rules is tested on tests/data/rules.json.
 *   time budget 20: 10 up to 20 minutes, falling evenly to 0 at 40
 *   errors E-MINOR -5, E-MAJOR -60, E-DQ -0 but disqualifying; pass mark 50 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "score.h"

static Scenario *lab;

static void load_lab(void)
{
    lab = t_load_clean(DATA_FILE("score.json"));
}

static void free_lab(void)
{
    scenario_free(lab);
}

TestSuite(score, .init = load_lab, .fini = free_lab);

/* Plays 'path' in a new run of the score lab and scores it. */
static Score *play_and_score(const char *path, Run **run_out)
{
    Run *r = run_new(lab);
    if (path[0]) {
        t_play(r, path);
    }
    Score *s = score_compute(r);
    if (run_out) {
        *run_out = r;
    } else {
        run_free(r);
    }
    return s;
}

typedef struct Expect {
    const char *path;
    int indicators, steps, time, penalty, total;
    bool passed;
} Expect;

static void expect_score(const Expect *e)
{
    Score *s = play_and_score(e->path, NULL);
    cr_expect_eq(s->indicator_points, e->indicators, "\"%s\": indicators %d, expected %d", e->path,
                 s->indicator_points, e->indicators);
    cr_expect_eq(s->step_points, e->steps, "\"%s\": steps %d, expected %d", e->path, s->step_points,
                 e->steps);
    cr_expect_eq(s->time_points, e->time, "\"%s\": time %d, expected %d", e->path, s->time_points,
                 e->time);
    cr_expect_eq(s->error_penalty, e->penalty, "\"%s\": penalty %d, expected %d", e->path,
                 s->error_penalty, e->penalty);
    cr_expect_eq(s->total, e->total, "\"%s\": total %d, expected %d", e->path, s->total, e->total);
    cr_expect_eq(s->passed, e->passed, "\"%s\": passed %d, expected %d", e->path, s->passed,
                 e->passed);
    score_free(s);
}

Test(score, gives_100_for_everything_acted_on_in_order_within_time)
{
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,first,second,third,end", 40, 50, 10,
                           0, 100, true});
    Score *s = play_and_score("see-big,act-big,see-small,act-small,first,second,third,end", NULL);
    cr_expect(s->ended);
    cr_expect_not(s->disqualified);
    cr_expect_eq(s->minutes, 0);
    cr_assert_not_null(s->ending);
    cr_expect_str_eq(s->ending->id, "the-end");
    score_free(s);
}

Test(score, gives_a_quarter_of_the_weight_for_seen_only)
{
    /* I-BIG acted: 40 x 19/20 = 38; seen only: a quarter, 9.5, rounds to 10 */
    expect_score(&(Expect){"see-big,act-big,end", 38, 0, 10, 0, 48, false});
    expect_score(&(Expect){"see-big,end", 10, 0, 10, 0, 20, false});
}

Test(score, earns_nothing_for_acting_on_what_was_not_seen_before)
{
    /* acting blind: nothing; noticing it afterwards: a quarter (9.5 -> 10) */
    expect_score(&(Expect){"act-big,end", 0, 0, 10, 0, 10, false});
    expect_score(&(Expect){"act-big,see-big,end", 10, 0, 10, 0, 20, false});
    /* acting again once it has been seen earns the full weight */
    expect_score(&(Expect){"act-big,see-big,act-big,end", 38, 0, 10, 0, 48, false});
    expect_score(&(Expect){"see-big,act-big,act-big,end", 38, 0, 10, 0, 48, false});
    Run *r;
    Score *s = play_and_score("act-big,act-small,see-small,end", &r);
    size_t big = t_item(lab, ITEM_INDICATOR, "I-BIG"),
           small = t_item(lab, ITEM_INDICATOR, "I-SMALL");
    cr_expect_eq(s->items[ITEM_INDICATOR][big].status, STATUS_MISSED);
    cr_expect(s->items[ITEM_INDICATOR][big].blind);
    cr_expect_eq(s->items[ITEM_INDICATOR][big].credit, 0);
    cr_expect_eq(s->items[ITEM_INDICATOR][small].status, STATUS_SEEN_ONLY);
    cr_expect(s->items[ITEM_INDICATOR][small].blind, "noticed later, never acted on since");
    cr_expect_eq(s->items[ITEM_INDICATOR][small].credit, 25);
    cr_expect_eq(run_indicator(r, big), MARK_NONE, "acting blind does not count as noticing");
    score_free(s);
    run_free(r);
    s = play_and_score("act-big,see-big,act-big,end", NULL);
    cr_expect_not(s->items[ITEM_INDICATOR][big].blind, "acted on since noticing it");
    cr_expect_eq(s->items[ITEM_INDICATOR][big].credit, 100);
    score_free(s);
}

Test(score, rounds_halves_up)
{
    /* I-SMALL seen: 40 x 0.25/20 = 0.5 -> 1 */
    expect_score(&(Expect){"see-small,end", 1, 0, 10, 0, 11, false});
    /* I-SMALL acted: 40 x 1/20 = 2 */
    expect_score(&(Expect){"see-small,act-small,end", 2, 0, 10, 0, 12, false});
    /* I-BIG acted, I-SMALL seen: 40 x 19.25/20 = 38.5 -> 39 */
    expect_score(&(Expect){"see-big,act-big,see-small,end", 39, 0, 10, 0, 49, false});
    /* S-FIRST alone: 50 x 1/4 = 12.5 -> 13 */
    expect_score(&(Expect){"first,end", 0, 13, 10, 0, 23, false});
}

Test(score, gives_nothing_for_steps_out_of_order_when_the_rule_grants_no_partial)
{
    /* S-SECOND before S-FIRST: 50 x (1 + 0 + 1)/4 = 25 */
    expect_score(&(Expect){"second,first,third,end", 0, 25, 10, 0, 35, false});
    /* both before S-FIRST: 50 x (1 + 0 + 0)/4 = 12.5 -> 13 */
    expect_score(&(Expect){"third,second,first,end", 0, 13, 10, 0, 23, false});
    /* S-SECOND alone, out of order: nothing */
    expect_score(&(Expect){"second,end", 0, 0, 10, 0, 10, false});
    /* in order, the same steps earn everything */
    expect_score(&(Expect){"first,second,third,end", 0, 50, 10, 0, 60, true});
}

Test(score, lists_step_and_indicator_statuses)
{
    Score *s = play_and_score("second,first,see-big,act-small,end", NULL); /* small: blind */
    size_t first = t_item(lab, ITEM_STEP, "S-FIRST"), second = t_item(lab, ITEM_STEP, "S-SECOND"),
           third = t_item(lab, ITEM_STEP, "S-THIRD");
    cr_assert_eq(s->n_items[ITEM_STEP], 3);
    cr_expect_eq(s->items[ITEM_STEP][first].status, STATUS_ACTED);
    cr_expect_eq(s->items[ITEM_STEP][first].credit, 100);
    cr_expect_eq(s->items[ITEM_STEP][second].status, STATUS_SEEN_ONLY);
    cr_expect_eq(s->items[ITEM_STEP][second].credit, 0);
    cr_expect_eq(s->items[ITEM_STEP][third].status, STATUS_MISSED);
    cr_expect_eq(s->items[ITEM_STEP][third].credit, 0);
    cr_expect_eq(s->items[ITEM_STEP][third].index, third);
    cr_expect_str_eq(s->items[ITEM_STEP][third].item->id, "S-THIRD");
    size_t big = t_item(lab, ITEM_INDICATOR, "I-BIG"),
           small = t_item(lab, ITEM_INDICATOR, "I-SMALL");
    cr_assert_eq(s->n_items[ITEM_INDICATOR], 2);
    cr_expect_eq(s->items[ITEM_INDICATOR][big].status, STATUS_SEEN_ONLY);
    cr_expect_eq(s->items[ITEM_INDICATOR][big].credit, 25);
    cr_expect_not(s->items[ITEM_INDICATOR][big].blind);
    cr_expect_eq(s->items[ITEM_INDICATOR][small].status, STATUS_MISSED);
    cr_expect(s->items[ITEM_INDICATOR][small].blind);
    cr_expect_eq(s->n_items[ITEM_ERROR], 0, "only committed errors are listed");
    score_free(s);
}

Test(score, keeps_full_time_points_within_the_budget_and_drops_them_evenly_to_twice_it)
{
    expect_score(&(Expect){"wait-20,end", 0, 0, 10, 0, 10, false});
    /* 21 minutes: 10 x 19/20 = 9.5 -> 10 */
    expect_score(&(Expect){"wait-20,wait-1,end", 0, 0, 10, 0, 10, false});
    /* 25: 7.5 -> 8; 30: 5; 39: 0.5 -> 1; 40: 0; 60: 0 */
    expect_score(&(Expect){"wait-20,wait-5,end", 0, 0, 8, 0, 8, false});
    expect_score(&(Expect){"wait-20,wait-5,wait-5,end", 0, 0, 5, 0, 5, false});
    expect_score(&(Expect){"wait-20,wait-5,wait-5,wait-5,wait-1,wait-1,wait-1,wait-1,end", 0, 0, 1,
                           0, 1, false});
    expect_score(&(Expect){"wait-20,wait-20,end", 0, 0, 0, 0, 0, false});
    expect_score(&(Expect){"wait-20,wait-20,wait-20,end", 0, 0, 0, 0, 0, false});
}

Test(score, subtracts_each_distinct_error_once)
{
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,first,second,third,minor,end", 40,
                           50, 10, 5, 95, true});
    expect_score(
        &(Expect){"see-big,act-big,see-small,act-small,first,second,third,minor,minor,minor,end",
                  40, 50, 10, 5, 95, true});
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,first,second,third,major,end", 40,
                           50, 10, 60, 40, false});
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,first,second,third,minor,major,end",
                           40, 50, 10, 65, 35, false});
    Score *s = play_and_score("minor,major,minor,end", NULL);
    cr_assert_eq(s->n_items[ITEM_ERROR], 2);
    cr_expect_str_eq(s->items[ITEM_ERROR][0].item->id, "E-MINOR");
    cr_expect_eq(s->items[ITEM_ERROR][0].status, STATUS_COMMITTED);
    cr_expect_str_eq(s->items[ITEM_ERROR][1].item->id, "E-MAJOR");
    score_free(s);
}

Test(score, fails_a_disqualifying_error_whatever_the_score)
{
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,first,second,third,dq,end", 40, 50,
                           10, 0, 100, false});
    Score *s =
        play_and_score("see-big,act-big,see-small,act-small,first,second,third,dq,end", NULL);
    cr_expect(s->disqualified);
    score_free(s);
}

Test(score, keeps_the_total_at_or_above_zero)
{
    expect_score(&(Expect){"major,end", 0, 0, 10, 60, 0, false});
    expect_score(&(Expect){"major,minor,wait-20,wait-20,end", 0, 0, 0, 65, 0, false});
}

Test(score, passes_at_exactly_the_pass_mark_and_not_one_below)
{
    expect_score(&(Expect){"see-big,act-big,see-small,act-small,end", 40, 0, 10, 0, 50, true});
    expect_score(&(Expect){"see-big,act-big,see-small,end", 39, 0, 10, 0, 49, false});
}

Test(score, does_not_pass_an_attempt_that_has_not_ended)
{
    Score *s = play_and_score("see-big,act-big,see-small,act-small,first,second,third", NULL);
    cr_expect_eq(s->total, 100);
    cr_expect_not(s->ended);
    cr_expect_not(s->passed);
    cr_expect_null(s->ending);
    score_free(s);
}

Test(score, gives_full_points_for_empty_lists)
{
    Scenario *sc = t_load_clean(DATA_FILE("empty-lists.json"));
    Run *r = run_new(sc);
    t_play(r, "end");
    Score *s = score_compute(r);
    cr_expect_eq(s->indicator_points, 40);
    cr_expect_eq(s->step_points, 50);
    cr_expect_eq(s->time_points, 10);
    cr_expect_eq(s->total, 100);
    cr_expect(s->passed, "pass mark 100");
    score_free(s);
    run_free(r);

    r = run_new(sc);
    t_play(r, "dawdle,end"); /* 15 minutes of a 10-minute budget: 10 x 5/10 = 5 */
    s = score_compute(r);
    cr_expect_eq(s->time_points, 5);
    cr_expect_eq(s->total, 95);
    cr_expect_not(s->passed);
    score_free(s);
    run_free(r);
    scenario_free(sc);
}

Test(score, names_statuses_for_the_debrief)
{
    cr_expect_str_eq(score_status_name(ITEM_INDICATOR, STATUS_ACTED), "acted");
    cr_expect_str_eq(score_status_name(ITEM_INDICATOR, STATUS_SEEN_ONLY), "seen_only");
    cr_expect_str_eq(score_status_name(ITEM_INDICATOR, STATUS_MISSED), "missed");
    cr_expect_str_eq(score_status_name(ITEM_STEP, STATUS_ACTED), "done");
    cr_expect_str_eq(score_status_name(ITEM_STEP, STATUS_SEEN_ONLY), "out_of_order");
    cr_expect_str_eq(score_status_name(ITEM_STEP, STATUS_MISSED), "missed");
    cr_expect_str_eq(score_status_name(ITEM_ERROR, STATUS_COMMITTED), "committed");
}

/* ---- score_to_json ------------------------------------------------------------ */

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert_not_null(v, "no \"%s\" in the result", key);
    return v;
}

static char *ids(const cJSON *arr)
{
    static char buf[256];
    buf[0] = '\0';
    cr_assert(cJSON_IsArray(arr));
    for (const cJSON *v = arr->child; v; v = v->next) {
        strcat(buf, v == arr->child ? "" : ",");
        strcat(buf, v->valuestring);
    }
    return buf;
}

Test(score, writes_every_field_of_the_result_as_json)
{
    Run *r;
    Score *s = play_and_score("second,first,see-big,act-small,minor,dq,wait-20,wait-5,end", &r);
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    cr_assert_not_null(o, "%s", json);
    cr_expect_str_eq(get(o, "scenario")->valuestring, "score-lab");
    cr_expect_str_eq(get(o, "version")->valuestring, "1");
    cr_expect_eq(get(o, "score")->valueint, 10 + 13 + 8 - 5);
    cr_expect(cJSON_IsFalse(get(o, "passed")));
    cr_expect_str_eq(get(o, "fail_reason")->valuestring, "disqualifying error");
    cr_expect_str_eq(get(o, "failed_by")->valuestring, "E-DQ");
    cr_expect_eq(get(o, "seed")->valueint, 0);
    cr_expect_eq(get(o, "time_budget")->valueint, 20);
    cr_expect(cJSON_IsNull(get(o, "cut_off_by")), "the trainee ended the call");
    cr_expect_eq(get(o, "pass_mark")->valueint, 50);
    cr_expect(cJSON_IsTrue(get(o, "ended")));
    cr_expect_str_eq(get(o, "ending")->valuestring, "the-end");
    cr_expect_str_eq(get(o, "outcome")->valuestring, "identified");
    cr_expect_eq(get(o, "minutes")->valueint, 25);
    const cJSON *parts = get(o, "parts");
    cr_expect_eq(get(parts, "indicators")->valueint, 10);
    cr_expect_eq(get(parts, "steps")->valueint, 13, "50 x (1 + 0)/4 = 12.5");
    cr_expect_eq(get(parts, "time")->valueint, 8);
    cr_expect_eq(get(parts, "errors")->valueint, -5);
    const cJSON *ind = get(o, "indicators");
    cr_expect_str_eq(ids(get(ind, "acted")), "");
    cr_expect_str_eq(ids(get(ind, "seen_only")), "I-BIG");
    cr_expect_str_eq(ids(get(ind, "missed")), "I-SMALL");
    cr_expect_str_eq(ids(get(ind, "acted_unseen")), "I-SMALL");
    const cJSON *st = get(o, "steps");
    cr_expect_str_eq(ids(get(st, "done")), "S-FIRST");
    cr_expect_str_eq(ids(get(st, "out_of_order")), "S-SECOND");
    cr_expect_str_eq(ids(get(st, "missed")), "S-THIRD");
    const cJSON *broken = get(o, "order_broken");
    cr_assert_eq(cJSON_GetArraySize(broken), 1, "only the S-FIRST -> S-SECOND rule");
    const cJSON *b0 = cJSON_GetArrayItem(broken, 0);
    cr_expect_str_eq(get(b0, "first")->valuestring, "S-FIRST");
    cr_expect_str_eq(get(b0, "then")->valuestring, "S-SECOND");
    cr_expect_str_eq(get(b0, "why")->valuestring, "First comes first.");
    cr_expect_eq(get(b0, "partial")->valueint, 0);
    cr_expect_str_eq(ids(get(o, "errors")), "E-MINOR,E-DQ");
    cr_expect(cJSON_IsTrue(get(o, "disqualified")));
    cr_expect_eq(get(o, "actions")->valueint, 9);
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);
}

Test(score, writes_null_ending_for_an_unfinished_attempt)
{
    Run *r;
    Score *s = play_and_score("", &r);
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    cr_assert_not_null(o);
    cr_expect(cJSON_IsNull(get(o, "ending")));
    cr_expect(cJSON_IsNull(get(o, "outcome")));
    cr_expect(cJSON_IsFalse(get(o, "ended")));
    cr_expect_str_eq(get(o, "fail_reason")->valuestring, "no ending reached");
    cr_expect(cJSON_IsNull(get(o, "failed_by")));
    cr_expect(cJSON_IsNull(get(o, "cut_off_by")));
    cr_expect_eq(cJSON_GetArraySize(get(o, "order_broken")), 0);
    cr_expect_eq(cJSON_GetArraySize(get(get(o, "indicators"), "acted_unseen")), 0);
    cr_expect_eq(get(o, "actions")->valueint, 0);
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);
}

/* ---- the formula, recomputed independently over random attempts ---------------- */

/* Rounds half up, as the README says; x is a multiple of 1/8 here, so exact. */
static int round_half_up(double x)
{
    return (int)floor(x + 0.5);
}

Test(score, matches_the_readme_formula_on_random_attempts)
{
    unsigned long long seed = 2024;
    for (int k = 0; k < 300; k++) {
        Run *r = run_new(lab);
        int n_actions = (int)(t_rand(&seed) % 15);
        /* the marks kept independently from the choices' ids: "see-big"
         * notices I-BIG; "act-big" counts only once it has been noticed */
        enum { NONE, SEEN, ACTED } mark[2] = {NONE, NONE};
        const char *names[2] = {"big", "small"};
        for (int i = 0; i < n_actions && run_status(r) == RUN_PLAYING; i++) {
            Option opts[32];
            size_t n = run_options(r, opts, 32);
            const Option *o = &opts[t_rand(&seed) % n];
            for (int j = 0; j < 2; j++) {
                if (strncmp(o->id, "see-", 4) == 0 && strcmp(o->id + 4, names[j]) == 0 &&
                    mark[j] == NONE) {
                    mark[j] = SEEN;
                }
                if (strncmp(o->id, "act-", 4) == 0 && strcmp(o->id + 4, names[j]) == 0 &&
                    mark[j] == SEEN) {
                    mark[j] = ACTED;
                }
            }
            run_apply(r, o);
        }
        double earned = 0, total = 0;
        for (int j = 0; j < 2; j++) {
            char id[16];
            snprintf(id, sizeof id, "I-%s", j == 0 ? "BIG" : "SMALL");
            int w = lab->items[ITEM_INDICATOR][t_item(lab, ITEM_INDICATOR, id)].weight;
            earned += mark[j] == ACTED ? w : mark[j] == SEEN ? w / 4.0 : 0;
            total += w;
        }
        int ind = round_half_up(40 * earned / total);
        earned = total = 0;
        for (size_t i = 0; i < lab->n_items[ITEM_STEP]; i++) {
            int w = lab->items[ITEM_STEP][i].weight;
            /* the lab's one order rule grants no partial credit */
            earned += !run_step_done(r, i) ? 0 : run_step_out_of_order(r, i) ? 0 : w;
            total += w;
        }
        int steps = round_half_up(50 * earned / total);
        int m = run_clock(r), b = lab->time_budget;
        int time = m <= b ? 10 : m >= 2 * b ? 0 : round_half_up(10.0 * (2 * b - m) / b);
        int penalty = 0;
        bool dq = false;
        for (size_t i = 0; i < lab->n_items[ITEM_ERROR]; i++) {
            if (run_error_count(r, i) > 0) {
                penalty += lab->items[ITEM_ERROR][i].weight;
                dq = dq || lab->items[ITEM_ERROR][i].disqualifying;
            }
        }
        int sum = ind + steps + time - penalty;
        int want = sum < 0 ? 0 : sum > 100 ? 100 : sum;
        bool ended = run_status(r) == RUN_ENDED;
        Score *s = score_compute(r);
        cr_assert_eq(s->indicator_points, ind, "attempt %d", k);
        cr_assert_eq(s->step_points, steps, "attempt %d", k);
        cr_assert_eq(s->time_points, time, "attempt %d", k);
        cr_assert_eq(s->error_penalty, penalty, "attempt %d", k);
        cr_assert_eq(s->total, want, "attempt %d", k);
        cr_assert_eq(s->disqualified, dq, "attempt %d", k);
        bool missed = ended && run_node(r)->ending.outcome == OUTCOME_MISSED;
        cr_assert_eq(s->passed, ended && !missed && !dq && want >= lab->pass_mark, "attempt %d", k);
        FailReason why = !ended                  ? FAIL_NOT_ENDED
                         : dq                    ? FAIL_DISQUALIFIED
                         : missed                ? FAIL_MISSED
                         : want < lab->pass_mark ? FAIL_BELOW_MARK
                                                 : FAIL_NONE;
        cr_assert_eq(s->fail, why, "attempt %d", k);
        cr_assert_eq(s->failed_by != NULL, dq, "attempt %d", k);
        score_free(s);
        run_free(r);
    }
}

Test(score, never_passes_an_ending_that_missed_it)
{
    Scenario *sc = t_load_clean(DATA_FILE("empty-lists.json"));
    Run *r = run_new(sc);
    t_play(r, "end");
    Score *s = score_compute(r);
    cr_assert(s->passed, "a partial ending with full points passes");
    score_free(s);
    /* the same run ending at a 'missed' outcome must not pass */
    ((Node *)run_node(r))->ending.outcome = OUTCOME_MISSED;
    s = score_compute(r);
    cr_expect_eq(s->total, 100);
    cr_expect_not(s->passed);
    score_free(s);
    run_free(r);
    scenario_free(sc);
}
