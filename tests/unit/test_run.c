/* test_run.c: the attempt state machine, driven through run_* calls only.
 * Most tests use tests/data/run.json ("run-lab"), built for this:
 *   hub: choices warm(+2 trust, 1 min) cold(-5 trust, 1 min) soothe(calm)
 *        secret(if trust>=3 && calm) wait(4 min) hall(STEP-2) slip(ERR-Y);
 *        details clock(3 min, IND-A) drawer(if calm, 2 min, IND-B) rug(0 min)
 *   trust 0..3 starting at 2; events ping@5, settle@10 if calm,
 *   recall@40 if !done(STEP-2) -> end-recalled. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "score.h"

static Scenario *lab;
static Scenario *mini;

static void load_all(void)
{
    lab = t_load_clean(DATA_FILE("run.json"));
    mini = t_load_clean(DATA_FILE("mini.json"));
}

static void free_all(void)
{
    scenario_free(lab);
    scenario_free(mini);
}

TestSuite(run, .init = load_all, .fini = free_all);

static int var(const Run *r, const char *id)
{
    return run_var(r, t_var(run_scenario(r), id));
}

/* Score JSON of a run (caller frees). */
static char *score_json(const Run *r)
{
    Score *s = score_compute(r);
    char *json = score_to_json(s, r);
    score_free(s);
    return json;
}

/* ---- starting and options ------------------------------------------------------ */

Test(run, starts_at_the_start_scene_with_initial_values)
{
    Run *r = run_new(lab);
    cr_expect_eq(run_scenario(r), lab);
    cr_expect_eq(run_status(r), RUN_PLAYING);
    cr_expect_str_eq(run_node(r)->id, "hub");
    cr_expect_eq(run_node_index(r), lab->start);
    cr_expect_eq(run_clock(r), 0);
    cr_expect_eq(var(r, "trust"), 2);
    cr_expect_eq(var(r, "calm"), 0);
    cr_expect_eq(var(r, "pings"), 0);
    cr_expect(run_visited(r, t_node(lab, "hub")));
    cr_expect_not(run_visited(r, t_node(lab, "hall")));
    cr_expect_eq(run_n_actions(r), 0);
    size_t n;
    run_history(r, &n);
    cr_expect_eq(n, 0);
    cr_expect_not(run_is_tampered(r));
    run_free(r);
    run_free(NULL);
}

Test(run, lists_choices_then_details_in_file_order)
{
    Run *r = run_new(lab);
    cr_expect_str_eq(t_option_ids(r), "warm,cold,soothe,wait,hall,slip,clock,rug");
    Option opts[16];
    size_t n = run_options(r, opts, 16);
    cr_assert_eq(n, 8);
    cr_expect_eq(opts[0].kind, OPTION_CHOICE);
    cr_expect_eq(opts[0].index, 0);
    cr_expect_str_eq(opts[0].label, "Be warm");
    cr_expect_eq(opts[0].minutes, 1);
    cr_expect_eq(opts[3].index, 4, "'wait' is choice 4: hidden 'secret' is 3");
    cr_expect_eq(opts[6].kind, OPTION_DETAIL);
    cr_expect_eq(opts[6].index, 0);
    cr_expect_eq(opts[6].minutes, 3);
    cr_expect_eq(opts[7].index, 2, "'rug' is detail 2: hidden 'drawer' is 1");
    run_free(r);
}

Test(run, counts_options_beyond_the_buffer)
{
    Run *r = run_new(lab);
    Option opts[2];
    cr_expect_eq(run_options(r, NULL, 0), 8);
    cr_expect_eq(run_options(r, opts, 2), 8);
    cr_expect_str_eq(opts[1].id, "cold");
    run_free(r);
}

Test(run, conditions_hide_choices_and_details_until_they_hold)
{
    Run *r = run_new(lab);
    t_play(r, "soothe");
    cr_expect_str_eq(t_option_ids(r), "warm,cold,soothe,wait,hall,slip,clock,drawer,rug",
                     "calm shows the drawer, but trust 2 still hides the secret");
    t_play(r, "warm");
    cr_expect_str_eq(t_option_ids(r), "warm,cold,soothe,secret,wait,hall,slip,clock,drawer,rug");
    run_free(r);
}

Test(run, refuses_hidden_or_missing_options_and_changes_nothing)
{
    Run *r = run_new(lab);
    Run *before = run_new(lab);
    cr_expect_not(run_choose(r, t_choice(r, "secret")), "hidden choice");
    cr_expect_not(run_examine(r, t_detail(r, "drawer")), "hidden detail");
    cr_expect_not(run_choose(r, 99));
    cr_expect_not(run_examine(r, 99));
    cr_expect(t_same_state(r, before));
    size_t n;
    run_history(r, &n);
    cr_expect_eq(n, 0);
    cr_expect_eq(run_n_actions(r), 0);
    run_free(before);
    run_free(r);
}

Test(run, finds_options_by_id_and_by_1_based_number)
{
    Run *r = run_new(lab);
    Option o;
    cr_assert(run_find_option(r, "wait", &o));
    cr_expect_eq(o.kind, OPTION_CHOICE);
    cr_expect_eq(o.index, 4);
    cr_assert(run_find_option(r, "clock", &o));
    cr_expect_eq(o.kind, OPTION_DETAIL);
    cr_expect_eq(o.index, 0);
    cr_assert(run_find_option(r, "1", &o));
    cr_expect_str_eq(o.id, "warm");
    cr_assert(run_find_option(r, "7", &o));
    cr_expect_str_eq(o.id, "clock");
    cr_assert(run_find_option(r, "8", &o));
    cr_expect_str_eq(o.id, "rug");
    run_free(r);
}

Test(run, finds_no_option_for_bad_tokens)
{
    static const char *const bad[] = {
        "0",      "9",      "-1",    "",     "1x",   "99999999999999999999",
        "secret", "drawer", "porch", "WAIT", " wait"};
    Run *r = run_new(lab);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Option o;
        cr_expect_not(run_find_option(r, bad[i], &o), "\"%s\" found an option", bad[i]);
    }
    Option o;
    cr_expect_not(run_find_option(r, NULL, &o));
    run_free(r);
}

Test(run, renumbers_options_once_a_detail_is_examined)
{
    Run *r = run_new(lab);
    t_play(r, "7"); /* clock */
    Option o;
    cr_assert(run_find_option(r, "7", &o));
    cr_expect_str_eq(o.id, "rug");
    cr_expect_not(run_find_option(r, "8", &o));
    cr_expect_not(run_find_option(r, "clock", &o), "examined details are no longer offered");
    run_free(r);
}

/* ---- effects and the clock ------------------------------------------------------- */

Test(run, examines_a_detail_once_and_charges_its_minutes)
{
    Run *r = run_new(lab);
    size_t clock = t_detail(r, "clock");
    cr_assert(run_examine(r, clock));
    cr_expect_eq(run_clock(r), 3);
    cr_expect_eq(run_indicator(r, t_item(lab, ITEM_INDICATOR, "IND-A")), MARK_SEEN);
    cr_expect(run_examined(r, &run_node(r)->details[clock]));
    cr_expect_not(run_examine(r, clock), "a detail can be examined only once");
    cr_expect_eq(run_clock(r), 3);
    cr_expect_eq(run_n_actions(r), 1);
    cr_expect_str_eq(run_node(r)->id, "hub", "examining stays in the scene");
    t_play(r, "rug");
    cr_expect_eq(run_clock(r), 3, "the rug costs no time");
    t_play(r, "soothe,drawer");
    cr_expect_eq(run_clock(r), 5);
    run_free(r);
}

Test(run, advances_the_clock_by_each_choice)
{
    Run *r = run_new(lab);
    t_play(r, "warm");
    cr_expect_eq(run_clock(r), 1);
    t_play(r, "soothe");
    cr_expect_eq(run_clock(r), 1, "soothe takes no time");
    t_play(r, "wait");
    cr_expect_eq(run_clock(r), 5);
    run_free(r);
}

Test(run, clamps_variables_to_their_bounds)
{
    Run *r = run_new(lab);
    t_play(r, "warm");
    cr_expect_eq(var(r, "trust"), 3, "2 + 2 is clamped to max 3");
    t_play(r, "warm");
    cr_expect_eq(var(r, "trust"), 3);
    t_play(r, "cold");
    cr_expect_eq(var(r, "trust"), 0, "3 - 5 is clamped to min 0");
    t_play(r, "warm");
    cr_expect_eq(var(r, "trust"), 2, "clamping keeps no debt");
    run_free(r);
}

Test(run, sets_bool_variables)
{
    Run *r = run_new(lab);
    t_play(r, "soothe");
    cr_expect_eq(var(r, "calm"), 1);
    t_play(r, "soothe");
    cr_expect_eq(var(r, "calm"), 1);
    run_free(r);
}

Test(run, applies_the_first_text_variant_that_holds)
{
    Run *r = run_new(lab);
    cr_expect_str_eq(run_text(r), "The hub.");
    t_play(r, "soothe");
    cr_expect_str_eq(run_text(r), "The hub, calm.");
    t_play(r, "warm");
    cr_expect_str_eq(run_text(r), "The hub, trusted.", "the first variant wins");
    run_free(r);
}

Test(run, marks_indicators_seen_then_acted_never_downgraded)
{
    size_t b = t_item(lab, ITEM_INDICATOR, "IND-B");
    Run *r = run_new(lab);
    t_play(r, "soothe,warm");
    cr_expect_eq(run_indicator(r, b), MARK_NONE);
    t_play(r, "secret");
    cr_expect_eq(run_indicator(r, b), MARK_NONE, "acting blind is not noticing");
    cr_expect(run_indicator_blind(r, b));
    t_play(r, "back,drawer");
    cr_expect_eq(run_indicator(r, b), MARK_SEEN, "the drawer shows it");
    cr_expect(run_indicator_blind(r, b), "still: not acted on since");
    t_play(r, "secret");
    cr_expect_eq(run_indicator(r, b), MARK_ACTED, "acting after noticing counts");
    cr_expect_not(run_indicator_blind(r, b));
    t_play(r, "back,secret");
    cr_expect_eq(run_indicator(r, b), MARK_ACTED, "acting again keeps 'acted'");
    run_free(r);

    size_t a = t_item(mini, ITEM_INDICATOR, "IND-A");
    r = run_new(mini);
    t_play(r, "look");
    cr_expect_eq(run_indicator(r, a), MARK_SEEN);
    t_play(r, "one,act");
    cr_expect_eq(run_indicator(r, a), MARK_ACTED);
    run_free(r);
}

Test(run, marks_a_step_out_of_order_when_taken_before_its_rule_s_first)
{
    size_t s1 = t_item(lab, ITEM_STEP, "STEP-1"), s2 = t_item(lab, ITEM_STEP, "STEP-2");
    Run *r = run_new(lab);
    t_play(r, "hall");
    cr_expect(run_step_done(r, s2));
    cr_expect(run_step_out_of_order(r, s2));
    t_play(r, "porch");
    cr_expect(run_step_done(r, s1));
    cr_expect_not(run_step_out_of_order(r, s1));
    cr_expect(run_step_out_of_order(r, s2), "taking the first step later does not repair it");
    run_free(r);

    r = run_new(mini);
    t_play(r, "one,skip,two");
    cr_expect(run_step_done(r, t_item(mini, ITEM_STEP, "STEP-2")));
    cr_expect_not(run_step_out_of_order(r, t_item(mini, ITEM_STEP, "STEP-2")));
    run_free(r);
}

Test(run, counts_every_time_an_error_is_committed)
{
    size_t y = t_item(lab, ITEM_ERROR, "ERR-Y");
    Run *r = run_new(lab);
    cr_expect_eq(run_error_count(r, y), 0);
    t_play(r, "slip,slip");
    cr_expect_eq(run_error_count(r, y), 2);
    cr_expect_eq(run_error_count(r, t_item(lab, ITEM_ERROR, "ERR-X")), 0);
    run_free(r);
}

Test(run, tracks_visited_scenes_for_conditions)
{
    Run *r = run_new(lab);
    t_play(r, "hall");
    cr_expect(run_visited(r, t_node(lab, "hall")));
    cr_expect_str_eq(t_option_ids(r), "back,porch");
    t_play(r, "porch,hall");
    cr_expect_str_eq(t_option_ids(r), "porch", "'back' needs !visited(porch)");
    run_free(r);
}

Test(run, hides_choices_whose_condition_never_holds)
{
    Run *r = run_new(lab);
    t_play(r, "hall,porch");
    cr_expect_str_eq(t_option_ids(r), "finish,hall", "'linger' needs minutes < 0");
    run_free(r);
}

Test(run, exposes_its_state_to_conditions_through_run_env)
{
    Run *r = run_new(lab);
    const Expr *secret = run_node(r)->choices[t_choice(r, "secret")].cond;
    ExprEnv env = run_env(r);
    cr_expect_not(expr_holds(secret, &env));
    t_play(r, "soothe,warm");
    env = run_env(r);
    cr_expect(expr_holds(secret, &env));
    cr_expect(expr_holds(NULL, &env), "no condition always holds");
    run_free(r);
}

/* ---- timed events -------------------------------------------------------------- */

Test(run, fires_an_event_once_after_the_action_that_reaches_its_minute)
{
    Run *r = run_new(lab);
    t_play(r, "wait");
    cr_expect_eq(var(r, "pings"), 0, "minute 4: not yet");
    t_play(r, "wait");
    cr_expect_eq(var(r, "pings"), 1, "minute 8: past 5, fired");
    t_play(r, "wait,wait");
    cr_expect_eq(var(r, "pings"), 1, "fires once");
    size_t n;
    const Action *h = run_history(r, &n);
    cr_assert_eq(n, 5, "four choices and one event");
    cr_expect_eq(h[2].kind, ACTION_EVENT);
    cr_expect_eq(h[2].index, 0);
    cr_expect_eq(h[2].minute, 8);
    cr_expect_eq(h[2].minute_after, 8);
    cr_expect_eq(h[2].node, t_node(lab, "hub"));
    cr_expect_eq(run_n_actions(r), 4, "events are not trainee actions");
    run_free(r);
}

Test(run, fires_an_event_exactly_at_its_minute)
{
    Run *r = run_new(lab);
    t_play(r, "warm,wait");
    cr_expect_eq(run_clock(r), 5);
    cr_expect_eq(var(r, "pings"), 1, "the clock reached 5 exactly");
    run_free(r);
}

Test(run, fires_a_conditional_event_once_its_condition_holds_later)
{
    Run *r = run_new(lab);
    t_play(r, "wait,wait,wait");
    cr_expect_eq(run_clock(r), 12);
    cr_expect_eq(var(r, "trust"), 2, "settle@10 needs calm");
    t_play(r, "soothe");
    cr_expect_eq(var(r, "trust"), 3, "settle fired after soothe, at minute 12");
    size_t n;
    const Action *h = run_history(r, &n);
    cr_expect_eq(h[n - 1].kind, ACTION_EVENT);
    cr_expect_eq(h[n - 1].index, 1);
    t_play(r, "cold,wait");
    cr_expect_eq(var(r, "trust"), 0, "and only once");
    run_free(r);
}

Test(run, fires_an_event_after_examining_too)
{
    Run *r = run_new(lab);
    t_play(r, "warm,warm,clock");
    cr_expect_eq(run_clock(r), 5);
    cr_expect_eq(var(r, "pings"), 1);
    run_free(r);
}

Test(run, moves_to_the_event_s_goto_and_ends_the_run_there)
{
    Run *r = run_new(lab);
    for (int i = 0; i < 10; i++) {
        t_play(r, "wait");
    }
    cr_expect_eq(run_clock(r), 40);
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_str_eq(run_node(r)->id, "end-recalled");
    cr_expect_eq(run_options(r, NULL, 0), 0);
    cr_expect_not(run_choose(r, 0), "nothing can be chosen after the end");
    cr_expect_not(run_examine(r, 0));
    Option o;
    cr_expect_not(run_find_option(r, "1", &o));
    run_free(r);
}

Test(run, skips_an_event_whose_condition_is_false)
{
    Run *r = run_new(lab);
    t_play(r, "hall,back");
    for (int i = 0; i < 10; i++) {
        t_play(r, "wait");
    }
    cr_expect_eq(run_clock(r), 40);
    cr_expect_eq(run_status(r), RUN_PLAYING, "recall needs !done(STEP-2)");
    cr_expect_str_eq(run_node(r)->id, "hub");
    run_free(r);
}

/* Events with a goto to a scene (not an ending), and the rule that no event
 * fires after the action that reaches an ending. */
static const char events_text[] =
    "{\"format\": 1, \"id\": \"events\", \"title\": \"T\", \"version\": \"1\", \"language\": "
    "\"en\", \"summary\": \"S\", \"estimated_minutes\": 5, \"objectives\": [\"O\"],"
    " \"pass_mark\": 50, \"indicators\": [], \"steps\": [], \"errors\": [],"
    " \"variables\": [{\"id\": \"n\", \"type\": \"int\"}],"
    " \"events\": [{\"id\": \"move\", \"at\": 5, \"goto\": \"c\"},"
    "             {\"id\": \"count\", \"at\": 5, \"add\": {\"n\": 1}}],"
    " \"start\": \"a\", \"nodes\": ["
    " {\"id\": \"a\", \"text\": \"A.\", \"choices\": ["
    "   {\"id\": \"go\", \"label\": \"Go\", \"minutes\": 5, \"goto\": \"b\"},"
    "   {\"id\": \"end\", \"label\": \"End\", \"minutes\": 10, \"goto\": \"end\"}]},"
    " {\"id\": \"b\", \"text\": \"B.\", \"choices\": [{\"id\": \"end\", \"label\": \"End\", "
    "\"goto\": \"end\"}]},"
    " {\"id\": \"c\", \"text\": \"C.\", \"choices\": [{\"id\": \"end\", \"label\": \"End\", "
    "\"goto\": \"end\"}]},"
    " {\"id\": \"end\", \"text\": \"E.\", \"ending\": {\"outcome\": \"missed\", \"title\": "
    "\"T\", \"epilogue\": \"E\"}}]}";

Test(run, moves_to_an_event_s_scene_and_still_fires_the_events_after_it)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(events_text, dl);
    cr_assert_not_null(sc);
    Run *r = run_new(sc);
    t_play(r, "go");
    cr_expect_str_eq(run_node(r)->id, "c", "the event's goto wins over the choice's");
    cr_expect_eq(run_status(r), RUN_PLAYING);
    cr_expect_eq(run_var(r, 0), 1, "the next event due fired too");
    size_t n;
    const Action *h = run_history(r, &n);
    cr_assert_eq(n, 3);
    cr_expect_eq(h[1].kind, ACTION_EVENT);
    cr_expect_eq(h[1].index, 0);
    cr_expect_eq(h[2].kind, ACTION_EVENT);
    cr_expect_eq(h[2].index, 1);
    run_free(r);
    scenario_free(sc);
    diag_list_free(dl);
}

Test(run, fires_no_event_after_the_action_that_reaches_an_ending)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(events_text, dl);
    cr_assert_not_null(sc);
    Run *r = run_new(sc);
    t_play(r, "end");
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_eq(run_clock(r), 10);
    cr_expect_eq(run_var(r, 0), 0);
    size_t n;
    run_history(r, &n);
    cr_expect_eq(n, 1);
    run_free(r);
    scenario_free(sc);
    diag_list_free(dl);
}

Test(run, reaches_an_ending_through_choices)
{
    Run *r = run_new(lab);
    t_play(r, "hall,porch,finish");
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_str_eq(run_node(r)->id, "end-done");
    cr_expect(run_node(r)->is_ending);
    run_free(r);
}

Test(run, records_every_action_in_the_history)
{
    Run *r = run_new(lab);
    t_play(r, "clock,warm,hall");
    size_t n;
    const Action *h = run_history(r, &n);
    cr_assert_eq(n, 3);
    cr_expect_eq(h[0].kind, ACTION_EXAMINE);
    cr_expect_eq(h[0].node, t_node(lab, "hub"));
    cr_expect_eq(h[0].index, 0);
    cr_expect_eq(h[0].minute, 0);
    cr_expect_eq(h[0].minute_after, 3);
    cr_expect_eq(h[1].kind, ACTION_CHOICE);
    cr_expect_eq(h[1].index, 0);
    cr_expect_eq(h[1].minute, 3);
    cr_expect_eq(h[1].minute_after, 4);
    cr_expect_eq(h[2].node, t_node(lab, "hub"), "the node where it happened, not the target");
    cr_expect_eq(h[2].index, 5);
    cr_expect_eq(run_n_actions(r), 3);
    run_free(r);
}

Test(run, gets_stuck_when_every_choice_is_hidden)
{
    const char *text =
        "{\"format\": 1, \"id\": \"stuck\", \"title\": \"T\", \"version\": \"1\", \"language\": "
        "\"en\", \"summary\": \"S\", \"estimated_minutes\": 5, \"objectives\": [\"O\"],"
        " \"pass_mark\": 50, \"indicators\": [], \"steps\": [], \"errors\": [],"
        " \"variables\": [{\"id\": \"open\", \"type\": \"bool\"}], \"start\": \"a\", \"nodes\": ["
        " {\"id\": \"a\", \"text\": \"A.\", \"choices\": [{\"id\": \"go\", \"label\": \"Go\", "
        "\"goto\": \"b\"}]},"
        " {\"id\": \"b\", \"text\": \"B.\", \"choices\": [{\"id\": \"out\", \"label\": \"Out\", "
        "\"if\": \"open\", \"goto\": \"end\"}]},"
        " {\"id\": \"end\", \"text\": \"E.\", \"ending\": {\"outcome\": \"missed\", \"title\": "
        "\"T\", \"epilogue\": \"E\"}}]}";
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(text, dl);
    cr_assert_not_null(sc);
    Run *r = run_new(sc);
    t_play(r, "go");
    cr_expect_eq(run_status(r), RUN_STUCK);
    cr_expect_eq(run_options(r, NULL, 0), 0);
    cr_expect_not(run_choose(r, 0));
    Score *s = score_compute(r);
    cr_expect_not(s->ended);
    cr_expect_not(s->passed);
    score_free(s);
    run_free(r);
    scenario_free(sc);
    diag_list_free(dl);
}

/* ---- save and restore ----------------------------------------------------------- */

static const char *const lab_path = "clock,soothe,warm,secret,back,drawer,wait,slip,rug";

Test(run, restores_a_save_to_the_same_state_and_score)
{
    Run *r = run_new(lab);
    t_play(r, lab_path);
    char *save = run_save(r, "Ana");
    DiagList *dl = diag_list_new();
    char *who = NULL;
    Run *back = run_restore(lab, save, strlen(save), &who, dl);
    cr_assert_not_null(back);
    cr_expect_eq(diag_count(dl), 0);
    cr_expect_str_eq(who, "Ana");
    cr_expect(t_same_state(r, back));
    cr_expect_eq(run_n_actions(back), run_n_actions(r));
    size_t n1, n2;
    run_history(r, &n1);
    run_history(back, &n2);
    cr_expect_eq(n1, n2, "events fire again on replay");
    char *s1 = score_json(r), *s2 = score_json(back);
    cr_expect_str_eq(s1, s2);
    char *save2 = run_save(back, "Ana");
    cr_expect_str_eq(save, save2, "saving the restored run gives the same save");
    free(s1);
    free(s2);
    free(save);
    free(save2);
    free(who);
    run_free(back);
    run_free(r);
    diag_list_free(dl);
}

Test(run, restores_a_finished_attempt_as_finished)
{
    Run *r = run_new(lab);
    t_play(r, "wait,wait,wait,wait,wait,wait,wait,wait,wait,wait");
    cr_assert_eq(run_status(r), RUN_ENDED);
    char *save = run_save(r, NULL);
    DiagList *dl = diag_list_new();
    char *who = (char *)"unset";
    Run *back = run_restore(lab, save, strlen(save), &who, dl);
    cr_assert_not_null(back);
    cr_expect_null(who, "no trainee in the save");
    cr_expect_eq(run_status(back), RUN_ENDED);
    cr_expect_str_eq(run_node(back)->id, "end-recalled");
    cr_expect(t_same_state(r, back));
    free(save);
    run_free(back);
    run_free(r);
    diag_list_free(dl);
}

Test(run, saves_actions_by_id_and_the_current_state)
{
    Run *r = run_new(lab);
    t_play(r, "clock,wait,wait");
    char *save = run_save(r, "Bo");
    cJSON *root = cJSON_Parse(save);
    cr_assert_not_null(root, "save is JSON: %s", save);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(root, "format")->valuedouble, 1);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "scenario")),
                     "run-lab");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "version")), "2");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "trainee")), "Bo");
    const cJSON *acts = cJSON_GetObjectItemCaseSensitive(root, "actions");
    cr_assert_eq(cJSON_GetArraySize(acts), 3, "the event is not saved: it follows from actions");
    const cJSON *a0 = cJSON_GetArrayItem(acts, 0);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a0, "node")), "hub");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a0, "detail")), "clock");
    const cJSON *a1 = cJSON_GetArrayItem(acts, 1);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a1, "choice")), "wait");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "state");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "node")), "hub");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(st, "minutes")->valuedouble, 11);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "status")),
                     "playing");
    cJSON_Delete(root);
    free(save);
    run_free(r);
}

Test(run, refuses_a_save_of_another_scenario)
{
    Run *r = run_new(mini);
    t_play(r, "look,one");
    char *save = run_save(r, "Ana");
    DiagList *dl = diag_list_new();
    char *who = (char *)"unset";
    cr_expect_null(run_restore(lab, save, strlen(save), &who, dl));
    cr_expect_null(who);
    cr_assert_eq(diag_count(dl), 1);
    cr_expect_eq(diag_at(dl, 0)->level, DIAG_ERROR);
    cr_expect_eq(diag_at(dl, 0)->code, DIAG_BAD_VALUE);
    free(save);
    run_free(r);
    diag_list_free(dl);
}

Test(run, refuses_garbage_and_truncated_saves)
{
    Run *r = run_new(lab);
    t_play(r, lab_path);
    char *save = run_save(r, NULL);
    const char *const bad[] = {"",
                               "not json",
                               "[]",
                               "{}",
                               "null",
                               "{\"scenario\": \"run-lab\"}",
                               "{\"scenario\": 5, \"actions\": []}",
                               "{\"scenario\": \"run-lab\", \"actions\": {}}",
                               "\xff\xfe\x00",
                               save /* cut in half below */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = bad[i] == save ? strlen(save) / 2 : strlen(bad[i]);
        DiagList *dl = diag_list_new();
        cr_expect_null(run_restore(lab, bad[i], len, NULL, dl), "case %zu restored", i);
        cr_expect_eq(diag_error_count(dl), 1, "case %zu: one error", i);
        diag_list_free(dl);
    }
    free(save);
    run_free(r);
}

Test(run, replays_a_save_as_far_as_it_still_applies)
{
    Run *r = run_new(lab);
    t_play(r, "clock,wait,warm,wait");
    char *save = run_save(r, NULL);
    /* the scenario "changed": the third action's choice is gone */
    char *p = strstr(save, "\"choice\":\"warm\"");
    cr_assert_not_null(p, "%s", save);
    memcpy(p, "\"choice\":\"gone\"", 15);
    DiagList *dl = diag_list_new();
    Run *back = run_restore(lab, save, strlen(save), NULL, dl);
    cr_assert_not_null(back);
    cr_assert_eq(diag_count(dl), 1);
    cr_expect_eq(diag_at(dl, 0)->level, DIAG_WARNING);
    cr_expect_eq(diag_error_count(dl), 0);
    Run *want = run_new(lab);
    t_play(want, "clock,wait");
    cr_expect(t_same_state(back, want), "stopped after the two actions that still apply");
    run_free(want);
    run_free(back);
    free(save);
    run_free(r);
    diag_list_free(dl);
}

Test(run, replays_nothing_from_actions_that_are_not_objects)
{
    const char *save = "{\"scenario\": \"run-lab\", \"actions\": [1, \"x\", null]}";
    DiagList *dl = diag_list_new();
    Run *back = run_restore(lab, save, strlen(save), NULL, dl);
    cr_assert_not_null(back);
    cr_expect_eq(diag_count(dl), 1);
    cr_expect_eq(diag_at(dl, 0)->level, DIAG_WARNING);
    cr_expect_eq(run_n_actions(back), 0);
    run_free(back);
    diag_list_free(dl);
}

/* ---- rewind, jump, clone -------------------------------------------------------- */

Test(run, rewinds_the_last_action)
{
    Run *r = run_new(lab);
    t_play(r, lab_path);
    Run *back = run_rewind(r, 1);
    Run *want = run_new(lab);
    t_play(want, "clock,soothe,warm,secret,back,drawer,wait,slip");
    cr_expect(t_same_state(back, want));
    cr_expect_eq(run_n_actions(back), run_n_actions(r) - 1);
    cr_expect_eq(run_n_actions(r), 9, "the original is untouched");
    run_free(want);
    run_free(back);
    run_free(r);
}

Test(run, rewinding_undoes_the_events_the_action_fired)
{
    Run *r = run_new(lab);
    t_play(r, "wait,wait");
    cr_assert_eq(var(r, "pings"), 1);
    Run *back = run_rewind(r, 1);
    cr_expect_eq(var(back, "pings"), 0);
    cr_expect_eq(run_clock(back), 4);
    size_t n;
    run_history(back, &n);
    cr_expect_eq(n, 1);
    run_free(back);
    run_free(r);
}

Test(run, rewinds_zero_to_the_same_state_and_too_far_to_the_start)
{
    Run *r = run_new(lab);
    t_play(r, "clock,warm,hall");
    Run *same = run_rewind(r, 0);
    cr_expect(t_same_state(same, r));
    Run *start = run_rewind(r, 100);
    Run *fresh = run_new(lab);
    cr_expect(t_same_state(start, fresh));
    cr_expect_eq(run_n_actions(start), 0);
    run_free(fresh);
    run_free(start);
    run_free(same);
    run_free(r);
}

Test(run, jumps_to_any_scene_and_marks_the_run_tampered)
{
    Run *r = run_new(lab);
    cr_expect_not(run_jump(r, lab->n_nodes), "out of range");
    cr_expect_not(run_is_tampered(r));
    cr_assert(run_jump(r, t_node(lab, "porch")));
    cr_expect(run_is_tampered(r));
    cr_expect_str_eq(run_node(r)->id, "porch");
    cr_expect(run_visited(r, t_node(lab, "porch")));
    size_t n;
    const Action *h = run_history(r, &n);
    cr_assert_eq(n, 1);
    cr_expect_eq(h[0].kind, ACTION_JUMP);
    cr_expect_eq(h[0].node, t_node(lab, "hub"));
    cr_expect_eq(h[0].index, t_node(lab, "porch"));
    cr_expect_eq(run_n_actions(r), 1);
    cr_assert(run_jump(r, t_node(lab, "end-done")));
    cr_expect_eq(run_status(r), RUN_ENDED);
    run_free(r);
}

Test(run, saves_and_rewinds_jumps)
{
    Run *r = run_new(lab);
    t_play(r, "warm");
    run_jump(r, t_node(lab, "porch"));
    t_play(r, "hall");
    char *save = run_save(r, NULL);
    cr_expect_not_null(strstr(save, "\"jump\":\"porch\""), "%s", save);
    DiagList *dl = diag_list_new();
    Run *back = run_restore(lab, save, strlen(save), NULL, dl);
    cr_assert_not_null(back);
    cr_expect_eq(diag_count(dl), 0);
    cr_expect(run_is_tampered(back));
    cr_expect(t_same_state(back, r));
    Run *rew = run_rewind(r, 1);
    cr_expect_str_eq(run_node(rew)->id, "porch");
    cr_expect(run_is_tampered(rew));
    run_free(rew);
    run_free(back);
    free(save);
    run_free(r);
    diag_list_free(dl);
}

Test(run, clones_are_equal_and_independent)
{
    Run *r = run_new(lab);
    t_play(r, "clock,soothe,wait,wait");
    Run *c = run_clone(r, RUN_CLONE_FULL);
    cr_expect(t_same_state(r, c));
    size_t n1, n2;
    run_history(r, &n1);
    run_history(c, &n2);
    cr_expect_eq(n1, n2);
    char *s1 = run_save(r, NULL), *s2 = run_save(c, NULL);
    cr_expect_str_eq(s1, s2);
    t_play(c, "warm,slip");
    cr_expect_not(t_same_state(r, c));
    cr_expect_eq(var(r, "trust"), 3, "the original is untouched (2, settle +1)");
    cr_expect_eq(run_error_count(r, t_item(lab, ITEM_ERROR, "ERR-Y")), 0);
    free(s1);
    free(s2);
    run_free(c);
    run_free(r);
}

/* Regression (fixed; run.c run_clone): with RUN_CLONE_FULL, a run with no history yet has
 * hist == NULL and run_clone calls memcpy(c->hist, NULL, 0), which is
 * undefined behavior: the sanitizer build (BENEATH_SANITIZE) aborts with
 * "null pointer passed as argument 2". Cloning the start state is exactly
 * what a state-space search does first. (It passes in a normal build.) */
Test(run, clones_a_run_that_has_no_history_yet)
{
    Run *r = run_new(lab);
    Run *c = run_clone(r, RUN_CLONE_FULL);
    cr_expect(t_same_state(r, c));
    run_free(c);
    run_free(r);
}

Test(run, clones_state_only_without_history)
{
    Run *r = run_new(lab);
    t_play(r, "clock,soothe,wait");
    Run *c = run_clone(r, RUN_CLONE_STATE_ONLY);
    cr_expect(t_same_state(r, c));
    size_t n;
    run_history(c, &n);
    cr_expect_eq(n, 0);
    t_play(c, "wait");
    t_play(r, "wait");
    cr_expect(t_same_state(r, c), "the same action leads to the same state");
    run_free(c);
    run_free(r);
}

/* A lean copy (what searches hold) plays and scores like the run it copies
 * but keeps no debrief sources, and a lean copy reused for another run
 * (run_copy_lean) is that run's state exactly. */
Test(run, lean_copies_play_and_score_alike_without_sources)
{
    Run *r = run_new(lab);
    t_play(r, "clock,soothe");
    Run *c = run_clone(r, RUN_CLONE_LEAN);
    cr_expect(t_same_state(r, c));
    t_play(r, "wait,warm");
    t_play(c, "wait,warm");
    cr_expect(t_same_state(r, c), "the same actions lead to the same state");
    Score *sr = score_compute(r), *sc = score_compute(c);
    cr_expect_eq(sr->total, sc->total);
    cr_expect_eq(sr->passed, sc->passed);
    score_free(sr);
    score_free(sc);
    size_t seen = SIZE_MAX;
    for (size_t i = 0; i < run_scenario(r)->n_items[ITEM_INDICATOR] && seen == SIZE_MAX; i++) {
        seen = run_indicator(r, i) != MARK_NONE ? i : SIZE_MAX;
    }
    cr_assert_neq(seen, SIZE_MAX, "the play notices an indicator");
    cr_expect_neq(run_indicator_seen_at(r, seen).kind, SOURCE_NONE);
    cr_expect_eq(run_indicator_seen_at(c, seen).kind, SOURCE_NONE, "a lean copy has no sources");
    Run *other = run_new(lab);
    run_copy_lean(c, other);
    cr_expect(t_same_state(c, other));
    Run *cc = run_clone(c, RUN_CLONE_FULL);
    cr_expect_eq(run_indicator_seen_at(cc, seen).kind, SOURCE_NONE, "a copy of a lean run is lean");
    run_free(cc);
    run_free(other);
    run_free(c);
    run_free(r);
}

/* Two scenes that lead to each other (one component) with 60 details each:
 * keys hold the examined details of the whole component, as a count and
 * gaps while few are examined, as a bitset once many are. */
static Scenario *many_details(DiagList *dl)
{
    static char text[40000];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "{\"format\": 1, \"id\": \"many\", \"title\": \"T\", \"version\": "
                          "\"1\", \"language\": \"en\", \"summary\": \"S\", "
                          "\"estimated_minutes\": 5, \"objectives\": [\"O\"], \"pass_mark\": 50, "
                          "\"indicators\": [], \"steps\": [], \"errors\": [], \"start\": \"a\", "
                          "\"nodes\": [");
    for (int scene = 0; scene < 2; scene++) {
        char id = scene ? 'b' : 'a', other = scene ? 'a' : 'b';
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "{\"id\": \"%c\", \"text\": \"X.\", \"details\": [", id);
        for (int d = 0; d < 60; d++) {
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "%s{\"id\": \"%c%d\", \"label\": \"Look %c%d\", \"text\": \"x\", "
                                  "\"minutes\": 0}",
                                  d ? ", " : "", id, d, id, d);
        }
        n += (size_t)snprintf(
            text + n, sizeof text - n,
            "], \"choices\": [{\"id\": \"to-%c\", \"label\": \"Go\", \"minutes\": 0, "
            "\"goto\": \"%c\"}, {\"id\": \"end\", \"label\": \"End\", \"goto\": "
            "\"end\"}]}, ",
            other, other);
    }
    snprintf(text + n, sizeof text - n,
             "{\"id\": \"end\", \"text\": \"E.\", \"ending\": {\"outcome\": \"missed\", "
             "\"title\": \"T\", \"epilogue\": \"E\"}}]}");
    return t_parse(text, dl);
}

static bool same_after(const Scenario *sc, const char *p1, const char *p2)
{
    Run *a = run_new(sc), *b = run_new(sc);
    t_play(a, p1);
    t_play(b, p2);
    bool same = t_same_state(a, b);
    run_free(a);
    run_free(b);
    return same;
}

Test(run, keys_of_a_large_component_hold_exactly_its_examined_details)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = many_details(dl);
    cr_assert_not_null(sc);
    /* few examined: count and gaps */
    cr_expect(same_after(sc, "a3,a40", "a40,a3"));
    cr_expect_not(same_after(sc, "a3,a40", "a3,a41"));
    cr_expect_not(same_after(sc, "a3", "a3,a40"));
    cr_expect(same_after(sc, "a3,to-b,b50", "to-b,b50,to-a,a3,to-b"),
              "details past the first word");
    cr_expect_not(same_after(sc, "a3,to-b,b50", "a3,to-b,b49"));
    /* many examined: the bitset */
    cr_expect(same_after(sc, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9", "a9,a8,a7,a6,a5,a4,a3,a2,a1,a0"));
    cr_expect_not(
        same_after(sc, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9", "a0,a1,a2,a3,a4,a5,a6,a7,a8,a11"));
    cr_expect_not(same_after(sc, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9", "a0,a1,a2,a3,a4,a5,a6,a7,a8"));
    scenario_free(sc);
    diag_list_free(dl);
}

Test(run, state_keys_ignore_the_order_that_led_to_a_state)
{
    Run *a = run_new(lab);
    Run *b = run_new(lab);
    t_play(a, "clock,rug");
    t_play(b, "rug,clock");
    cr_expect(t_same_state(a, b));
    t_play(b, "soothe");
    cr_expect_not(t_same_state(a, b));
    run_free(a);
    run_free(b);
}

Test(run, state_keys_tell_apart_every_kind_of_state)
{
    /* each of these differs from the start in one way */
    static const char *const paths[] = {"rug", "warm", "soothe", "slip", "hall", "wait,wait"};
    Run *start = run_new(lab);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        Run *r = run_new(lab);
        t_play(r, paths[i]);
        cr_expect_not(t_same_state(start, r), "\"%s\" left the key unchanged", paths[i]);
        run_free(r);
    }
    run_free(start);
}

Test(run, state_key_writes_no_more_than_its_capacity)
{
    Run *r = run_new(lab);
    size_t need = run_state_key(r, NULL, 0);
    cr_assert_gt(need, 4);
    unsigned char buf[256];
    cr_assert_lt(need, sizeof buf);
    memset(buf, 0xAB, sizeof buf);
    cr_expect_eq(run_state_key(r, buf, 3), need, "returns the full length");
    for (size_t i = 3; i < sizeof buf; i++) {
        cr_assert_eq(buf[i], 0xAB, "byte %zu written past the capacity", i);
    }
    run_free(r);
}

/* ---- determinism ---------------------------------------------------------------- */

Test(run, same_actions_give_the_same_result)
{
    Run *a = run_new(lab);
    Run *b = run_new(lab);
    t_play(a, lab_path);
    t_play(b, lab_path);
    char *sa = score_json(a), *sb = score_json(b);
    char *va = run_save(a, "x"), *vb = run_save(b, "x");
    cr_expect_str_eq(sa, sb);
    cr_expect_str_eq(va, vb);
    cr_expect(t_same_state(a, b));
    free(sa);
    free(sb);
    free(va);
    free(vb);
    run_free(a);
    run_free(b);
}

Test(run, same_random_seed_gives_the_same_playthrough)
{
    char *results[2];
    for (int k = 0; k < 2; k++) {
        unsigned long long seed = 42;
        Run *r = run_new(lab);
        for (int i = 0; i < 500 && run_status(r) == RUN_PLAYING; i++) {
            Option opts[32];
            size_t n = run_options(r, opts, 32);
            cr_assert(run_apply(r, &opts[t_rand(&seed) % n]));
        }
        results[k] = run_save(r, NULL);
        run_free(r);
    }
    cr_expect_str_eq(results[0], results[1]);
    free(results[0]);
    free(results[1]);
}

Test(run, splits_choice_lists_on_commas_and_trims_spaces)
{
    const char *list = " look, 2 ,,separate ,";
    char tok[8];
    cr_assert(run_next_choice(&list, tok, sizeof tok));
    cr_expect_str_eq(tok, "look");
    cr_assert(run_next_choice(&list, tok, sizeof tok));
    cr_expect_str_eq(tok, "2");
    cr_assert(run_next_choice(&list, tok, sizeof tok));
    cr_expect_str_eq(tok, "separat", "cut to the buffer");
    cr_expect_not(run_next_choice(&list, tok, sizeof tok));
    cr_expect_not(run_next_choice(&list, tok, sizeof tok), "stays at the end");
}

/* Every field of the full key (nothing left out), the actions taken and the
 * options offered are the same in 'a' and 'b'. */
static bool same_full_state(const Run *a, const Run *b)
{
    unsigned char ka[4096], kb[4096];
    size_t na = run_full_key(a, ka, sizeof ka), nb = run_full_key(b, kb, sizeof kb);
    cr_assert_leq(na, sizeof ka);
    char opts_a[2048];
    snprintf(opts_a, sizeof opts_a, "%s", t_option_ids(a));
    return na == nb && memcmp(ka, kb, na) == 0 && t_same_state(a, b) &&
           run_n_actions(a) == run_n_actions(b) && run_clock(a) == run_clock(b) &&
           run_status(a) == run_status(b) && run_cut_off_by(a) == run_cut_off_by(b) &&
           (run_status(a) == RUN_ENDED || strcmp(run_text(a), run_text(b)) == 0) &&
           strcmp(opts_a, t_option_ids(b)) == 0;
}

/* A snapshot (what the depth-first search keeps per frame) loads back into
 * a lean run that is the saved run's state exactly, and plays on as it
 * does, at every point of random play-throughs of three scenarios (one a
 * large component, whose keys count its examined details). */
Test(run, snapshots_load_back_the_saved_state)
{
    DiagList *dl = diag_list_new();
    Scenario *big = many_details(dl);
    cr_assert_not_null(big);
    const Scenario *scs[] = {lab, mini, big};
    unsigned long long seed = 7;
    for (int k = 0; k < 3; k++) {
        unsigned char *buf = malloc(run_snap_bytes(scs[k]));
        cr_assert_not_null(buf);
        for (int walk = 0; walk < 20; walk++) {
            Run *r = run_new(scs[k]);
            Run *c = run_clone(r, RUN_CLONE_LEAN);
            /* before each load 'c' holds another run: the start, or an ended one */
            Run *decoy = run_new(scs[k]);
            while (walk % 2 && run_status(decoy) == RUN_PLAYING) {
                Option d[64];
                cr_assert(run_apply(decoy, &d[t_rand(&seed) % run_options(decoy, d, 64)]));
            }
            for (bool more = true; more;) {
                run_snap_save(r, buf);
                run_copy_lean(c, decoy);
                run_snap_load(c, buf);
                cr_assert(same_full_state(r, c), "loaded from a snapshot after %zu actions",
                          run_n_actions(r));
                more = run_status(r) == RUN_PLAYING && run_n_actions(r) < 300;
                if (more) {
                    Option opts[64];
                    size_t n = run_options(r, opts, 64);
                    Option o = opts[t_rand(&seed) % n];
                    cr_assert(run_apply(r, &o));
                    cr_assert(run_apply(c, &o));
                    cr_assert(same_full_state(r, c), "and plays on alike");
                }
            }
            Score *sr = score_compute(r), *sc = score_compute(c);
            cr_expect_eq(sr->total, sc->total);
            score_free(sr);
            score_free(sc);
            run_free(decoy);
            run_free(c);
            run_free(r);
        }
        free(buf);
    }
    scenario_free(big);
    diag_list_free(dl);
}
