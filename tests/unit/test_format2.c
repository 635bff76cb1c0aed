/* test_format2.c: the format 2 features on tests/data/v2.json (once choices,
 * conditional effects, choice templates, fired(EVENT), notes fields), that
 * format 1 files keep loading, and the loader's one-error-per-root-cause
 * rule for ids. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "helpers.h"

static Scenario *v2;

static void load_v2(void)
{
    v2 = t_load_clean(DATA_FILE("v2.json"));
}

static void free_v2(void)
{
    scenario_free(v2);
}

/* Is an option with this id offered now? */
static bool offered(const Run *r, const char *id)
{
    Option opts[32];
    size_t n = run_options(r, opts, 32);
    for (size_t i = 0; i < n && i < 32; i++) {
        if (strcmp(opts[i].id, id) == 0) {
            return true;
        }
    }
    return false;
}

/* Plays a --choices list; asserts every item applies. */
static void play(Run *r, const char *list)
{
    char tok[64];
    while (run_next_choice(&list, tok, sizeof tok)) {
        Option o;
        cr_assert(run_find_option(r, tok, &o), "no option \"%s\" now", tok);
        cr_assert(run_apply(r, &o), "option \"%s\" did not apply", tok);
    }
}

#define HEAD2(fmt)                                                                                 \
    "{\"format\": " fmt ", \"id\": \"t\", \"title\": \"T\", \"version\": \"1\", "                  \
    "\"language\": \"en\",\n"                                                                      \
    " \"summary\": \"S\", \"estimated_minutes\": 5, \"objectives\": [\"O\"], \"pass_mark\": 50,\n" \
    " \"indicators\": [\"IND-A\"], \"steps\": [\"STEP-1\"], \"errors\": [\"ERR-X\"],\n"
#define END_NODE                                                                                   \
    "  {\"id\": \"end\", \"text\": \"E.\", \"ending\": {\"outcome\": \"missed\", \"title\": "      \
    "\"T\", \"epilogue\": \"E\"}}\n"

TestSuite(format2, .init = load_v2, .fini = free_v2);

Test(format2, loads_with_notes_and_comments_ignored)
{
    cr_expect_eq(v2->format, 2);
    cr_expect_str_eq(v2->nodes[0].id, "a");
}

Test(format2, once_choice_is_offered_until_taken)
{
    Run *r = run_new(v2);
    cr_expect(offered(r, "ask"));
    play(r, "ask");
    cr_expect_eq(run_node_index(r), 0, "back in the same scene");
    cr_expect_not(offered(r, "ask"), "a once choice is not offered after it was taken");
    cr_expect(offered(r, "leave"));
    run_free(r);
}

Test(format2, once_variable_is_implicit_and_last)
{
    size_t n_implicit = 0;
    for (size_t i = 0; i < v2->n_vars; i++) {
        n_implicit += v2->vars[i].implicit;
        cr_expect(!v2->vars[i].implicit || i >= 1, "declared variables come first");
    }
    /* ask, sergeant (scene a), radio-back, sgt (scene b) */
    cr_expect_eq(n_implicit, 4);
    cr_expect_eq(scenario_find_var(v2, "asked"), 0);
}

Test(format2, template_is_copied_into_each_scene_that_uses_it)
{
    const Node *a = &v2->nodes[scenario_find_node(v2, "a")];
    const Node *b = &v2->nodes[scenario_find_node(v2, "b")];
    cr_assert_eq(a->n_choices, 5);
    cr_expect_str_eq(a->choices[1].id, "sergeant", "the template's name is the default id");
    cr_expect_str_eq(a->choices[1].label, "Call your sergeant");
    cr_expect_str_eq(a->choices[1].template, "sergeant");
    cr_expect_eq(a->choices[1].target, scenario_find_node(v2, "a"), "the use gives the goto");
    cr_expect_eq(a->choices[2].target, scenario_find_node(v2, "b"), "the template's goto");
    cr_expect_str_eq(b->choices[0].id, "sgt", "a use can rename it");
    cr_expect_str_eq(b->choices[0].label, "Call your sergeant from here");
    cr_expect_neq(a->choices[1].once_var, b->choices[0].once_var, "taken once per scene");
}

Test(format2, conditional_effect_applies_only_when_its_condition_holds)
{
    Run *r = run_new(v2);
    play(r, "sergeant"); /* IND-A not seen: the act does not apply (no blind act either) */
    cr_expect_eq(run_indicator(r, 0), MARK_NONE);
    cr_expect_not(run_indicator_blind(r, 0));
    cr_expect(run_step_done(r, 0));
    run_free(r);

    r = run_new(v2);
    play(r, "look,sergeant");
    cr_expect_eq(run_indicator(r, 0), MARK_ACTED);
    run_free(r);
}

Test(format2, conditional_effects_are_decided_before_the_action)
{
    /* finish: "if asked > 0" observes and acts on IND-B; "if !done(STEP-1)" commits ERR-Y */
    Run *r = run_new(v2);
    play(r, "language-line,finish");
    cr_expect_eq(run_error_count(r, 0), 1, "no sergeant called: the error applies");
    cr_expect_eq(run_indicator(r, 1), MARK_SEEN, "asked is 0: the act does not apply");
    run_free(r);

    r = run_new(v2);
    play(r, "ask,sergeant,language-line,finish");
    cr_expect_eq(run_error_count(r, 0), 0);
    cr_expect_eq(run_indicator(r, 1), MARK_ACTED);
    run_free(r);
}

Test(format2, fired_reads_whether_an_event_fired)
{
    Run *r = run_new(v2);
    cr_expect_not(offered(r, "radio-back"));
    play(r, "ask"); /* minute 1 */
    cr_expect_not(offered(r, "radio-back"));
    play(r, "look"); /* minute 2: radio fires */
    cr_expect(offered(r, "radio-back"));
    play(r, "radio-back");
    cr_expect_not(offered(r, "radio-back"), "radio-back is once");
    run_free(r);
}

Test(format2, effect_applies_reports_guards)
{
    Run *r = run_new(v2);
    const Choice *sgt = &v2->nodes[0].choices[1];
    cr_assert_eq(sgt->fx.n_act, 1);
    cr_expect_not(run_effect_applies(r, &sgt->fx, FX_ACT, 0));
    cr_expect(run_effect_applies(r, &sgt->fx, FX_STEPS, 0));
    play(r, "look");
    cr_expect(run_effect_applies(r, &sgt->fx, FX_ACT, 0));
    run_free(r);
}

Test(format2, conditions_print_back_as_text_that_parses_the_same)
{
    static const char *const conds[] = {
        "seen(IND-A) && !done(STEP-1)", "asked >= 2 || fired(radio)",
        "!(asked + 1 * 2 < minutes - 3) && true", "visited(b) != acted(IND-B)", "-asked == -1"};
    Arena *arena = arena_new();
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
        char err[200], text[200];
        int col;
        Expr *e = expr_parse(conds[i], v2, arena, &col, err, sizeof err);
        cr_assert_not_null(e, "%s: %s", conds[i], err);
        expr_format(e, v2, text, sizeof text);
        Expr *again = expr_parse(text, v2, arena, &col, err, sizeof err);
        cr_assert_not_null(again, "%s printed as %s: %s", conds[i], text, err);
        cr_expect(expr_equal(e, again), "%s printed as %s", conds[i], text);
    }
    char text[16];
    cr_expect_str_eq(expr_format(NULL, v2, text, sizeof text), "true");
    arena_free(arena);
}

Test(format2_load, format_1_files_still_load)
{
    Scenario *mini = t_load_clean(DATA_FILE("mini.json"));
    cr_expect_eq(mini->format, 1);
    scenario_free(mini);
}

Test(format2_load, format_2_features_in_a_format_1_file_say_what_to_do)
{
    const char *text =
        HEAD2("1") " \"start\": \"a\", \"nodes\": [\n"
                   "  {\"id\": \"a\", \"text\": \"A.\", \"choices\": [{\"id\": "
                   "\"go\", \"label\": \"Go\", \"once\": true, \"goto\": \"end\"}]},\n" END_NODE
                   " ]}\n";
    DiagList *dl = diag_list_new();
    cr_expect_null(t_parse(text, dl));
    int line, col;
    t_where(text, "\"once\"", 0, &line, &col);
    t_expect_only(dl, DIAG_BAD_VALUE, line, col);
    cr_expect(strstr(diag_at(dl, 0)->msg, "format 2") != NULL, "%s", diag_at(dl, 0)->msg);
    diag_list_free(dl);
}

Test(format2_load, unknown_template_is_reported_once)
{
    const char *text =
        HEAD2("2") " \"start\": \"a\", \"nodes\": [\n"
                   "  {\"id\": \"a\", \"text\": \"A.\", \"choices\": [{\"use\": \"sarge\", "
                   "\"goto\": \"end\"}, {\"id\": \"go\", \"label\": \"Go\", \"goto\": \"end\"}]},\n"
                   "  {\"id\": \"b\", \"text\": \"B.\", \"choices\": [{\"use\": \"sarge\", "
                   "\"goto\": \"end\"}]},\n" END_NODE " ]}\n";
    DiagList *dl = diag_list_new();
    cr_expect_null(t_parse(text, dl));
    int line, col;
    t_where(text, "\"sarge\"", 0, &line, &col);
    t_expect_only(dl, DIAG_UNKNOWN_FIELD, line, col);
    diag_list_free(dl);
}

Test(format2_load, conditional_effect_needs_if)
{
    const char *text = HEAD2(
        "2") " \"start\": \"a\", \"nodes\": [\n"
             "  {\"id\": \"a\", \"text\": \"A.\", \"choices\": [{\"id\": \"go\", \"label\": "
             "\"Go\", \"effects\": [{\"steps\": [\"STEP-1\"]}], \"goto\": \"end\"}]},\n" END_NODE
             " ]}\n";
    DiagList *dl = diag_list_new();
    cr_expect_null(t_parse(text, dl));
    cr_expect_eq(t_count_code(dl, DIAG_MISSING_FIELD), 1);
    diag_list_free(dl);
}

/* Ids are ASCII (the docs say so, and the message says exactly what is
 * allowed); an invalid id is one error, and what names it stays quiet. */
Test(format2_load, id_with_enye_is_one_error_naming_the_rule)
{
    const char *text =
        "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"version\": \"1\", \"language\": "
        "\"es\",\n"
        " \"summary\": \"S\", \"estimated_minutes\": 5, \"objectives\": [\"O\"], \"pass_mark\": "
        "50,\n"
        " \"indicators\": [{\"id\": \"IND-NIÑO\", \"label\": \"L\", \"category\": \"C\", "
        "\"explain\": \"E\"}], \"steps\": [\"STEP-1\"], \"errors\": [\"ERR-X\"],\n"
        " \"start\": \"a\", \"nodes\": [\n"
        "  {\"id\": \"a\", \"text\": \"A.\", \"plain_sight\": [\"IND-NIÑO\"], \"choices\": [\n"
        "   {\"id\": \"go\", \"label\": \"Go\", \"if\": \"seen(IND-NIÑO)\", \"act\": "
        "[\"IND-NIÑO\"], "
        "\"goto\": \"end\"},\n"
        "   {\"id\": \"no\", \"label\": \"No\", \"if\": \"!seen(IND-NIÑO)\", \"goto\": "
        "\"end\"}]},\n" END_NODE " ]}\n";
    DiagList *dl = diag_list_new();
    cr_expect_null(t_parse(text, dl));
    int line, col;
    t_where(text, "\"IND-NIÑO\"", 0, &line, &col);
    t_expect_only(dl, DIAG_BAD_VALUE, line, col);
    cr_expect(strstr(diag_at(dl, 0)->msg, "A-Z and a-z") != NULL, "%s", diag_at(dl, 0)->msg);
    cr_expect(strstr(diag_at(dl, 0)->msg, "Ñ") != NULL, "%s", diag_at(dl, 0)->msg);
    diag_list_free(dl);
}

Test(format2_load, unknown_indicator_used_many_times_is_one_error)
{
    const char *text = HEAD2(
        "1") " \"start\": \"a\", \"nodes\": [\n"
             "  {\"id\": \"a\", \"text\": \"A.\", \"plain_sight\": [\"IND-B\"], \"choices\": [\n"
             "   {\"id\": \"go\", \"label\": \"Go\", \"if\": \"seen(IND-B)\", \"act\": "
             "[\"IND-B\"], \"goto\": \"end\"},\n"
             "   {\"id\": \"no\", \"label\": \"No\", \"observe\": [\"IND-B\"], \"goto\": "
             "\"gone\"},\n"
             "   {\"id\": \"no2\", \"label\": \"No 2\", \"goto\": \"gone\"}]},\n" END_NODE " ]}\n";
    DiagList *dl = diag_list_new();
    cr_expect_null(t_parse(text, dl));
    cr_expect_eq(t_count_code(dl, DIAG_UNKNOWN_INDICATOR), 1);
    cr_expect_eq(t_count_code(dl, DIAG_UNKNOWN_NODE), 1, "a missing scene is reported once too");
    cr_expect_eq(t_count_code(dl, DIAG_BAD_EXPR), 0, "the condition follows from it");
    cr_expect_eq(diag_count(dl), 2);
    diag_list_free(dl);
}
