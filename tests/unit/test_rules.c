/* test_rules.c: the scoring rules of scenarios/README.md ("Scoring",
 * "Protocol order", "Timed events", "Endings"), one rule at a time, on two
 * labs built for them:
 *   tests/data/rules.json ("rules-lab"), scene "door":
 *     I-DOOR in plain sight; detail "arm" (1 min) shows I-ARM; "ask-papers"
 *     observes and acts on I-PAPERS in one choice; act-door, act-arm,
 *     act-papers act without observing; a, b, c take S-A (1), S-B (1),
 *     S-C (2); S-A before S-C grants 50 %, S-B before S-C 25 %; one, two
 *     (disqualifying, 10 each), soft (-5); wait (5 min); inside -> "room",
 *     whose variant after done(S-A) shows I-CALM; menu -> "menu", fixed
 *     order; end -> identified ending with epilogue variants; walk -> missed.
 *   tests/data/deadline.json ("deadline-lab"): events "shift" at 40
 *     (countdown from 0), "sergeant" at 30 (countdown from minute 10), both
 *     ending the call at end-cut; "radio" at 3, no countdown, ends nothing.
 * Expected numbers are worked out by hand from the README formula. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "score.h"

/* the scoring labs t_rules_lab and t_deadline_lab come from helpers.h */

TestSuite(rules, .init = t_labs_load, .fini = t_labs_free);

static Run *play(const Scenario *sc, uint32_t seed, const char *path)
{
    Run *r = run_new_seeded(sc, seed);
    t_play(r, path);
    return r;
}

static size_t ind(const char *id)
{
    return t_item(t_rules_lab, ITEM_INDICATOR, id);
}

static void expect_source(Source s, SourceKind kind, const char *node, size_t index, int minute)
{
    cr_expect_eq(s.kind, kind, "source kind %d, expected %d", s.kind, kind);
    if (kind != SOURCE_NONE) {
        cr_expect_str_eq(t_rules_lab->nodes[s.node].id, node);
        cr_expect_eq(s.index, index);
        cr_expect_eq(s.minute, minute);
    }
}

/* ---- acting counts only on what was noticed ------------------------------------- */

Test(rules, acting_before_observing_earns_nothing_and_is_reported_blind)
{
    size_t arm = ind("I-ARM");
    Run *r = play(t_rules_lab, 0, "act-arm");
    cr_expect_eq(run_indicator(r, arm), MARK_NONE);
    cr_expect(run_indicator_blind(r, arm));
    expect_source(run_indicator_blind_at(r, arm), SOURCE_CHOICE, "door", t_choice(r, "act-arm"), 0);
    expect_source(run_indicator_seen_at(r, arm), SOURCE_NONE, NULL, 0, 0);
    expect_source(run_indicator_acted_at(r, arm), SOURCE_NONE, NULL, 0, 0);
    t_play(r, "end");
    Score *s = score_compute(r);
    cr_expect_eq(s->items[ITEM_INDICATOR][arm].status, STATUS_MISSED);
    cr_expect_eq(s->items[ITEM_INDICATOR][arm].credit, 0);
    cr_expect(s->items[ITEM_INDICATOR][arm].blind);
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    const cJSON *unseen = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "indicators"), "acted_unseen");
    cr_assert_eq(cJSON_GetArraySize(unseen), 1);
    cr_expect_str_eq(cJSON_GetArrayItem(unseen, 0)->valuestring, "I-ARM");
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);

    /* the same choice after looking closer: full credit, and where */
    r = play(t_rules_lab, 0, "arm,act-arm");
    cr_expect_eq(run_indicator(r, arm), MARK_ACTED);
    cr_expect_not(run_indicator_blind(r, arm));
    expect_source(run_indicator_seen_at(r, arm), SOURCE_DETAIL, "door", 0, 0);
    expect_source(run_indicator_acted_at(r, arm), SOURCE_CHOICE, "door", t_choice(r, "act-arm"), 1);
    run_free(r);
}

Test(rules, an_observe_on_the_same_choice_does_not_make_its_act_count)
{
    size_t papers = ind("I-PAPERS");
    Run *r = play(t_rules_lab, 0, "ask-papers");
    cr_expect_eq(run_indicator(r, papers), MARK_SEEN, "noticed, but not acted on");
    cr_expect(run_indicator_blind(r, papers), "its act came before its own observe");
    size_t ask = t_choice(r, "ask-papers");
    expect_source(run_indicator_seen_at(r, papers), SOURCE_CHOICE, "door", ask, 0);
    expect_source(run_indicator_blind_at(r, papers), SOURCE_CHOICE, "door", ask, 0);
    Score *s = score_compute(r);
    cr_expect_eq(s->items[ITEM_INDICATOR][papers].credit, 25);
    score_free(s);
    /* asking again, now that it is known, is acting on it */
    t_play(r, "ask-papers");
    cr_expect_eq(run_indicator(r, papers), MARK_ACTED);
    cr_expect_not(run_indicator_blind(r, papers));
    run_free(r);
}

Test(rules, what_a_scene_states_plainly_is_noticed_on_entering_it)
{
    size_t door = ind("I-DOOR");
    Run *r = run_new(t_rules_lab);
    cr_expect_eq(run_indicator(r, door), MARK_SEEN, "the start scene's plain sight");
    expect_source(run_indicator_seen_at(r, door), SOURCE_SCENE, "door", 0, 0);
    t_play(r, "act-door");
    cr_expect_eq(run_indicator(r, door), MARK_ACTED, "so acting on it right away counts");
    cr_expect_not(run_indicator_blind(r, door));
    run_free(r);
}

Test(rules, a_text_variant_shows_its_plain_sight_only_while_it_is_the_text)
{
    size_t calm = ind("I-CALM");
    Run *r = play(t_rules_lab, 0, "inside");
    cr_expect_str_eq(run_text(r), "An empty room.");
    cr_expect_eq(run_indicator(r, calm), MARK_NONE, "the plain text does not show her");
    t_play(r, "act-calm");
    cr_expect(run_indicator_blind(r, calm));
    cr_expect_eq(run_indicator(r, calm), MARK_NONE);
    t_play(r, "a"); /* done(S-A): the variant is the text now */
    cr_expect_str_eq(run_text(r), "A woman sits on a mattress, smiling too much.");
    cr_expect_eq(run_indicator(r, calm), MARK_SEEN, "the text changed in front of the trainee");
    expect_source(run_indicator_seen_at(r, calm), SOURCE_SCENE, "room", 0, 0);
    t_play(r, "act-calm");
    cr_expect_eq(run_indicator(r, calm), MARK_ACTED);
    run_free(r);

    r = play(t_rules_lab, 0, "a,inside");
    cr_expect_eq(run_indicator(r, calm), MARK_SEEN, "seen on entering the scene");
    run_free(r);
}

/* ---- order: partial credit ------------------------------------------------------- */

typedef struct StepCase {
    const char *path;
    int credit_c; /* percent S-C earns */
    int points;   /* step part */
    bool broke_a, broke_b;
} StepCase;

Test(rules, an_out_of_order_step_earns_the_rules_partial_or_the_lowest_of_several)
{
    /* weights S-A 1, S-B 1, S-C 2: part = 50 x (1 + 1 + 2 x credit) / 4 */
    static const StepCase cases[] = {
        {"a,b,c,end", 100, 50, false, false},
        {"b,c,a,end", 50, 38, true, false}, /* 50 x 3/4 = 37.5 -> 38 */
        {"a,c,b,end", 25, 31, false, true}, /* 50 x 2.5/4 = 31.25 -> 31 */
        {"c,a,b,end", 25, 31, true, true},  /* both broken: the lower, 25 % */
        {"c,end", 25, 6, true, true},       /* 50 x 0.5/4 = 6.25 -> 6 */
    };
    size_t c = t_item(t_rules_lab, ITEM_STEP, "S-C");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const StepCase *k = &cases[i];
        Run *r = play(t_rules_lab, 0, k->path);
        cr_expect_eq(score_step_credit(r, c), k->credit_c, "%s", k->path);
        cr_expect_eq(run_rule_broken(r, 0), k->broke_a, "%s", k->path);
        cr_expect_eq(run_rule_broken(r, 1), k->broke_b, "%s", k->path);
        Score *s = score_compute(r);
        cr_expect_eq(s->step_points, k->points, "%s: %d", k->path, s->step_points);
        cr_expect_eq(s->items[ITEM_STEP][c].credit, k->credit_c, "%s", k->path);
        cr_expect_eq(s->items[ITEM_STEP][c].status,
                     k->credit_c == 100 ? STATUS_ACTED : STATUS_SEEN_ONLY, "%s", k->path);
        score_free(s);
        run_free(r);
    }
}

Test(rules, lists_each_broken_rule_with_its_why_and_partial_in_json)
{
    Run *r = play(t_rules_lab, 0, "c,a,end");
    Score *s = score_compute(r);
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    const cJSON *broken = cJSON_GetObjectItem(o, "order_broken");
    cr_assert_eq(cJSON_GetArraySize(broken), 2);
    const cJSON *b0 = cJSON_GetArrayItem(broken, 0), *b1 = cJSON_GetArrayItem(broken, 1);
    cr_expect_str_eq(cJSON_GetObjectItem(b0, "first")->valuestring, "S-A");
    cr_expect_str_eq(cJSON_GetObjectItem(b0, "then")->valuestring, "S-C");
    cr_expect_str_eq(cJSON_GetObjectItem(b0, "why")->valuestring, "A makes C safe.");
    cr_expect_eq(cJSON_GetObjectItem(b0, "partial")->valueint, 50);
    cr_expect_str_eq(cJSON_GetObjectItem(b1, "first")->valuestring, "S-B");
    cr_expect_eq(cJSON_GetObjectItem(b1, "partial")->valueint, 25);
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);
}

/* ---- why an attempt failed ----------------------------------------------------- */

static void expect_fail(const char *path, FailReason why, const char *failed_by)
{
    Run *r = play(t_rules_lab, 0, path);
    Score *s = score_compute(r);
    cr_expect_eq(s->fail, why, "\"%s\": reason %d (%s), expected %d", path, s->fail,
                 score_fail_name(s->fail), why);
    cr_expect_eq(s->passed, why == FAIL_NONE, "\"%s\"", path);
    if (failed_by) {
        cr_expect(s->failed_by && strcmp(s->failed_by->id, failed_by) == 0,
                  "\"%s\": failed by %s, expected %s", path,
                  s->failed_by ? s->failed_by->id : "nothing", failed_by);
    } else {
        cr_expect_null(s->failed_by, "\"%s\"", path);
    }
    score_free(s);
    run_free(r);
}

#define FULL "arm,act-door,act-arm,ask-papers,ask-papers,a,b,c"

Test(rules, says_why_an_attempt_failed)
{
    expect_fail(FULL ",end", FAIL_NONE, NULL);
    expect_fail(FULL, FAIL_NOT_ENDED, NULL);
    expect_fail(FULL ",one,end", FAIL_DISQUALIFIED, "E-ONE");
    expect_fail(FULL ",walk", FAIL_MISSED, NULL);
    expect_fail("end", FAIL_BELOW_MARK, NULL);
    expect_fail(FULL ",soft,end", FAIL_NONE, NULL);
    /* several apply: the first in the README's order */
    expect_fail("one,walk", FAIL_DISQUALIFIED, "E-ONE");
    expect_fail("walk", FAIL_MISSED, NULL);
    expect_fail("one", FAIL_NOT_ENDED, "E-ONE");
    cr_expect_str_eq(score_fail_name(FAIL_NONE), "passed");
    cr_expect_str_eq(score_fail_name(FAIL_NOT_ENDED), "no ending reached");
    cr_expect_str_eq(score_fail_name(FAIL_DISQUALIFIED), "disqualifying error");
    cr_expect_str_eq(score_fail_name(FAIL_MISSED), "the ending missed what was happening");
    cr_expect_str_eq(score_fail_name(FAIL_BELOW_MARK), "below the pass mark");
}

Test(rules, names_the_first_disqualifying_error_in_time_order)
{
    /* minutes apart */
    expect_fail(FULL ",two,wait,one,end", FAIL_DISQUALIFIED, "E-TWO");
    expect_fail(FULL ",one,wait,two,end", FAIL_DISQUALIFIED, "E-ONE");
    /* in the same minute: the action taken first, not the catalogue's order */
    expect_fail(FULL ",two,one,end", FAIL_DISQUALIFIED, "E-TWO");
    expect_fail(FULL ",one,two,end", FAIL_DISQUALIFIED, "E-ONE");
    /* a non-disqualifying error before it does not fail the attempt by itself */
    expect_fail(FULL ",soft,two,end", FAIL_DISQUALIFIED, "E-TWO");
    Run *r = play(t_rules_lab, 0, FULL ",soft,two,one,end");
    Score *s = score_compute(r);
    cr_assert_eq(s->n_items[ITEM_ERROR], 3);
    cr_expect_str_eq(s->items[ITEM_ERROR][0].item->id, "E-SOFT", "errors listed as committed");
    cr_expect_str_eq(s->items[ITEM_ERROR][1].item->id, "E-TWO");
    cr_expect_str_eq(s->items[ITEM_ERROR][2].item->id, "E-ONE");
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    cr_expect_str_eq(cJSON_GetObjectItem(o, "fail_reason")->valuestring, "disqualifying error");
    cr_expect_str_eq(cJSON_GetObjectItem(o, "failed_by")->valuestring, "E-TWO");
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);
}

/* ---- epilogue variants ------------------------------------------------------------ */

Test(rules, an_epilogue_says_only_what_the_trainee_did)
{
    static const struct {
        const char *path, *epilogue;
    } cases[] = {
        {"end", "Nothing was done."},
        {"a,end", "You did A."},
        {"b,end", "You did B."},
        {"a,b,end", "You did B."}, /* the first variant that holds */
        {"walk", "She stayed behind the bolt."},
    };
    Run *r = run_new(t_rules_lab);
    cr_expect_null(run_epilogue(r), "no epilogue before an ending");
    run_free(r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = play(t_rules_lab, 0, cases[i].path);
        cr_assert_not_null(run_epilogue(r), "%s", cases[i].path);
        cr_expect_str_eq(run_epilogue(r), cases[i].epilogue, "%s", cases[i].path);
        run_free(r);
    }
}

/* ---- option order from a seed -------------------------------------------------- */

#define FILE_ORDER                                                                                 \
    "ask-papers,act-door,act-arm,act-papers,a,b,c,one,two,soft,wait,inside,menu,end,walk,arm"

Test(rules, seed_0_keeps_file_order_and_run_new_is_seed_0)
{
    Run *r = run_new(t_rules_lab);
    cr_expect_eq(run_seed(r), 0);
    cr_expect_str_eq(t_option_ids(r), FILE_ORDER);
    run_free(r);
    r = run_new_seeded(t_rules_lab, 0);
    cr_expect_str_eq(t_option_ids(r), FILE_ORDER);
    run_free(r);
}

/* Sorted copy of a comma-separated list, to compare as sets. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static char *sorted(const char *list)
{
    static char out[1024];
    char buf[1024], *parts[64];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *t = strtok(buf, ","); t && n < 64; t = strtok(NULL, ",")) {
        parts[n++] = t;
    }
    qsort(parts, n, sizeof parts[0], cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? "," : "");
        strcat(out, parts[i]);
    }
    return out;
}

Test(rules, same_seed_same_order_other_seeds_other_orders)
{
    char first[1024];
    Run *r = run_new_seeded(t_rules_lab, 7);
    cr_expect_eq(run_seed(r), 7);
    snprintf(first, sizeof first, "%s", t_option_ids(r));
    run_free(r);
    r = run_new_seeded(t_rules_lab, 7);
    cr_expect_str_eq(t_option_ids(r), first, "the same seed gives the same order");
    /* a permutation of the choices, details still after them */
    char want[1024];
    snprintf(want, sizeof want, "%s", sorted(FILE_ORDER));
    cr_expect_str_eq(sorted(t_option_ids(r)), want);
    size_t len = strlen(first);
    cr_expect(len > 4 && strcmp(first + len - 4, ",arm") == 0, "the detail comes last: %s", first);
    run_free(r);
    cr_expect_str_neq(first, FILE_ORDER, "seed 7 shuffles");
    int differ = 0, best_first = 0;
    for (uint32_t seed = 1; seed <= 40; seed++) {
        r = run_new_seeded(t_rules_lab, seed);
        differ += strcmp(t_option_ids(r), first) != 0;
        best_first += strncmp(t_option_ids(r), "ask-papers,", 11) == 0;
        run_free(r);
    }
    cr_expect_geq(differ, 38, "other seeds give other orders (%d of 40 differ)", differ);
    cr_expect_leq(best_first, 10, "no choice keeps its place: first in %d of 40", best_first);
}

Test(rules, a_scene_with_fixed_order_is_never_shuffled)
{
    for (uint32_t seed = 1; seed <= 50; seed++) {
        Run *r = play(t_rules_lab, seed, "menu");
        cr_expect_str_eq(t_option_ids(r), "m1,m2,m3,m4,m5,m6", "seed %u", seed);
        run_free(r);
    }
}

/* The comma-separated list without the item 'id'. */
static char *without(const char *list, const char *id)
{
    static char out[1024];
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", list);
    out[0] = '\0';
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        if (strcmp(t, id) != 0) {
            strcat(out, out[0] ? "," : "");
            strcat(out, t);
        }
    }
    return out;
}

Test(rules, a_choice_that_appears_later_does_not_move_the_others)
{
    Scenario *sc = t_load_clean(DATA_FILE("run.json"));
    for (uint32_t seed = 1; seed <= 20; seed++) {
        Run *r = play(sc, seed, "soothe");
        char before[512];
        snprintf(before, sizeof before, "%s", t_option_ids(r));
        cr_assert_null(strstr(before, "secret"));
        t_play(r, "warm"); /* trust 3 and calm: "secret" appears */
        cr_assert_not_null(strstr(t_option_ids(r), "secret"));
        cr_expect_str_eq(without(t_option_ids(r), "secret"), before, "seed %u", seed);
        run_free(r);
    }
    scenario_free(sc);
}

Test(rules, the_order_survives_save_restore_and_rewind)
{
    Run *r = play(t_rules_lab, 12345, "arm,a,inside,back");
    char now[1024];
    snprintf(now, sizeof now, "%s", t_option_ids(r));
    char *save = run_save(r, NULL);
    cJSON *o = cJSON_Parse(save);
    cr_expect_eq(cJSON_GetObjectItem(o, "seed")->valuedouble, 12345);
    cJSON_Delete(o);
    Run *back = run_restore(t_rules_lab, save, strlen(save), NULL, NULL);
    cr_assert_not_null(back);
    cr_expect_eq(run_seed(back), 12345);
    cr_expect_str_eq(t_option_ids(back), now);
    cr_expect(t_same_state(r, back));
    free(save);
    run_free(back);

    /* rewinding one action: the options of the scene before, in this seed's order */
    Run *fresh = play(t_rules_lab, 12345, "arm,a,inside");
    char inside[1024];
    snprintf(inside, sizeof inside, "%s", t_option_ids(fresh));
    Run *rw = run_rewind(r, 1);
    cr_assert_not_null(rw);
    cr_expect_eq(run_seed(rw), 12345);
    cr_expect_str_eq(t_option_ids(rw), inside);
    run_free(rw);
    run_free(fresh);
    run_free(r);

    /* a save from before shuffling has no seed: file order */
    const char *old =
        "{\"format\":1,\"scenario\":\"rules-lab\",\"version\":\"1\",\"actions\":[],"
        "\"state\":{\"node\":\"door\",\"minutes\":0,\"status\":\"playing\"}}";
    back = run_restore(t_rules_lab, old, strlen(old), NULL, NULL);
    cr_assert_not_null(back, "an old save still loads");
    cr_expect_eq(run_seed(back), 0);
    cr_expect_str_eq(t_option_ids(back), FILE_ORDER);
    run_free(back);
}

Test(rules, choices_by_id_give_the_same_attempt_whatever_the_seed)
{
    const char *path = FULL ",inside,act-calm,back,soft,end";
    Run *ref = play(t_rules_lab, 0, path);
    Score *s0 = score_compute(ref);
    for (uint32_t seed = 1; seed <= 30; seed++) {
        Run *r = play(t_rules_lab, seed * 2654435761u, path);
        cr_expect(t_same_state(r, ref), "seed %u", seed);
        Score *s = score_compute(r);
        cr_expect_eq(s->total, s0->total, "seed %u", seed);
        cr_expect_eq(s->fail, s0->fail);
        score_free(s);
        run_free(r);
    }
    score_free(s0);
    run_free(ref);
}

Test(rules, random_seeds_are_never_0)
{
    for (int i = 0; i < 100; i++) {
        cr_expect_neq(run_random_seed(), 0);
    }
}

/* ---- deadlines ----------------------------------------------------------------- */

static size_t event(const char *id)
{
    for (size_t i = 0; i < t_deadline_lab->n_events; i++) {
        if (strcmp(t_deadline_lab->events[i].id, id) == 0) {
            return i;
        }
    }
    cr_assert_fail("no event %s", id);
    return 0;
}

static bool fired(const Run *r, const char *id, size_t *at_action)
{
    size_t n;
    const Action *h = run_history(r, &n);
    size_t actions = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i].kind == ACTION_EVENT && h[i].index == event(id)) {
            if (at_action) {
                *at_action = actions;
            }
            return true;
        }
        actions += h[i].kind != ACTION_EVENT;
    }
    return false;
}

Test(rules, run_deadlines_lists_the_countdowns_on_screen_soonest_first)
{
    Run *r = run_new(t_deadline_lab);
    Deadline d[4];
    cr_assert_eq(run_deadlines(r, d, 4), 1, "only the shift's countdown shows from minute 0");
    cr_expect_eq(d[0].event, event("shift"));
    cr_expect_eq(d[0].minutes_left, 40);
    cr_expect_str_eq(d[0].label, "Your shift ends");
    t_play(r, "wait-9");
    cr_expect_eq(run_deadlines(r, d, 4), 1, "minute 9: the sergeant's is not up yet");
    t_play(r, "wait-1");
    cr_assert_eq(run_deadlines(r, d, 4), 2);
    cr_expect_eq(d[0].event, event("sergeant"), "soonest first, not file order");
    cr_expect_eq(d[0].minutes_left, 20);
    cr_expect_eq(d[1].event, event("shift"));
    cr_expect_eq(d[1].minutes_left, 30);
    Deadline one;
    cr_expect_eq(run_deadlines(r, &one, 1), 2, "counts beyond the buffer");
    cr_expect_eq(one.event, event("sergeant"), "and keeps the soonest");
    cr_expect_eq(run_deadlines(r, NULL, 0), 2);
    t_play(r, "done");
    cr_expect_eq(run_deadlines(r, d, 4), 0, "none after the call ended");
    run_free(r);
}

Test(rules, a_deadline_never_fires_before_its_countdown_was_shown)
{
    /* one action from minute 0 to 35 jumps past announce_at (10) and at (30) */
    Run *r = play(t_deadline_lab, 0, "wait-35");
    cr_expect_eq(run_status(r), RUN_PLAYING, "not cut off by a countdown never shown");
    cr_expect_not(fired(r, "sergeant", NULL));
    cr_expect_eq(run_cut_off_by(r), SCENARIO_NONE);
    Deadline d[4];
    cr_assert_eq(run_deadlines(r, d, 4), 2, "now it is on screen");
    cr_expect_eq(d[0].event, event("sergeant"));
    cr_expect_eq(d[0].minutes_left, -5, "overdue: it happens after the next action");
    cr_expect_eq(d[1].minutes_left, 5);
    /* the event is deferred by exactly one action, even one taking no time */
    t_play(r, "now");
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_str_eq(run_node(r)->id, "end-cut");
    size_t at = 0;
    cr_expect(fired(r, "sergeant", &at));
    cr_expect_eq(at, 2, "after the second action");
    cr_expect_eq(run_cut_off_by(r), event("sergeant"));
    run_free(r);

    /* shown in time: it fires after the action that reaches minute 30 */
    r = play(t_deadline_lab, 0, "wait-9,wait-9,wait-9");
    cr_expect_eq(run_status(r), RUN_PLAYING);
    t_play(r, "wait-9");
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_eq(run_cut_off_by(r), event("sergeant"));
    run_free(r);
}

Test(rules, an_event_without_a_countdown_fires_as_before)
{
    Run *r = play(t_deadline_lab, 0, "wait-9");
    cr_expect(fired(r, "radio", NULL), "no countdown needed for what ends nothing");
    cr_expect_eq(run_status(r), RUN_PLAYING);
    run_free(r);
}

Test(rules, being_cut_off_by_a_deadline_zeroes_the_time_part)
{
    Run *r = play(t_deadline_lab, 0, "wait-35,now");
    Score *s = score_compute(r);
    cr_expect(s->cut_off);
    cr_expect_eq(s->minutes, 35, "35 of a 60-minute budget would earn all 10");
    cr_expect_eq(s->time_budget, 60);
    cr_expect_eq(s->time_points, 0);
    char *json = score_to_json(s, r);
    cJSON *o = cJSON_Parse(json);
    cr_expect_str_eq(cJSON_GetObjectItem(o, "cut_off_by")->valuestring, "sergeant");
    cr_expect_eq(cJSON_GetObjectItem(o, "time_budget")->valueint, 60);
    cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "parts"), "time")->valueint, 0);
    cJSON_Delete(o);
    free(json);
    score_free(s);
    run_free(r);

    /* ending the call oneself at the same minute keeps them */
    r = play(t_deadline_lab, 0, "wait-35,done");
    s = score_compute(r);
    cr_expect_not(s->cut_off);
    cr_expect_eq(run_cut_off_by(r), SCENARIO_NONE);
    cr_expect_eq(s->time_points, 10);
    score_free(s);
    run_free(r);
}

Test(rules, a_deferred_deadline_survives_save_and_restore)
{
    Run *r = play(t_deadline_lab, 0, "wait-35");
    char *save = run_save(r, NULL);
    Run *back = run_restore(t_deadline_lab, save, strlen(save), NULL, NULL);
    cr_assert_not_null(back);
    cr_expect(t_same_state(r, back));
    t_play(back, "now");
    cr_expect_eq(run_cut_off_by(back), event("sergeant"));
    free(save);
    run_free(back);
    run_free(r);
}
