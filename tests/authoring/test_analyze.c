/* test_analyze.c: the authoring analyses. One small bad scenario per lint
 * finding (data/lint/<case>.json), and the state-space counts checked
 * against an independent brute-force enumeration of every path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "files.h"
#include "run.h"
#include "scenario.h"
#include "score.h"

static char *data_path(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", AUTHORING_DATA_DIR, name);
    return buf;
}

/* Loads and lints a case; the caller frees the list. Fails the test if the
 * file does not load. */
static DiagList *lint_case(const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "lint/%s.json", name);
    const char *path = data_path(file);
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    if (sc) {
        size_t len = 0;
        char *text = file_read_all(path, &len, NULL);
        Analysis *a = analyze_new(sc, NULL);
        analyze_lint(a, text, len, dl);
        analyze_free(a);
        free(text);
        scenario_free(sc);
    }
    return dl;
}

static size_t count_code(const DiagList *dl, DiagCode code, DiagLevel level)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        n += d->code == code && d->level == level && d->line > 0;
    }
    return n;
}

static void expect_finding(const char *name, DiagCode code, DiagLevel level)
{
    DiagList *dl = lint_case(name);
    cr_expect_geq(count_code(dl, code, level), 1, "%s: expected a %s %s with a position", name,
                  diag_level_name(level), diag_code_name(code));
    diag_list_free(dl);
}

Test(lint, clean_template_has_no_findings)
{
    DiagList *dl = lint_case("clean");
    cr_expect_eq(diag_count(dl), 0);
    diag_list_free(dl);
    dl = lint_case("asset-ok");
    cr_expect_eq(diag_count(dl), 0, "an image inside the folder is fine");
    diag_list_free(dl);
}

Test(lint, reports_unreachable_scene)
{
    expect_finding("unreachable", DIAG_UNREACHABLE, DIAG_WARNING);
}
Test(lint, reports_unreachable_ending)
{
    expect_finding("ending-unreachable", DIAG_ENDING_UNREACHABLE, DIAG_WARNING);
}
Test(lint, reports_scene_with_no_way_to_an_ending)
{
    expect_finding("dead-end-trap", DIAG_DEAD_END, DIAG_ERROR);
}
Test(lint, reports_state_where_trainee_is_stuck)
{
    expect_finding("dead-end-stuck", DIAG_DEAD_END, DIAG_ERROR);
}
Test(lint, reports_loop_that_never_ends)
{
    expect_finding("dead-end-loop", DIAG_DEAD_END, DIAG_ERROR);
}
Test(lint, reports_indicator_never_seen)
{
    expect_finding("never-scored-indicator", DIAG_NEVER_SCORED, DIAG_WARNING);
}
Test(lint, reports_indicator_never_acted_on)
{
    expect_finding("never-scored-not-acted", DIAG_NEVER_SCORED, DIAG_WARNING);
}
Test(lint, reports_step_never_taken)
{
    expect_finding("never-scored-step", DIAG_NEVER_SCORED, DIAG_WARNING);
}
Test(lint, reports_error_never_committed)
{
    expect_finding("never-scored-error", DIAG_NEVER_SCORED, DIAG_WARNING);
}
Test(lint, reports_order_cycle)
{
    expect_finding("order-cycle", DIAG_ORDER_CYCLE, DIAG_ERROR);
}
Test(lint, reports_order_never_satisfied)
{
    expect_finding("order-unsatisfiable", DIAG_NEVER_SCORED, DIAG_WARNING);
}
Test(lint, reports_condition_impossible_for_declared_range)
{
    expect_finding("never-true-range", DIAG_NEVER_TRUE, DIAG_WARNING);
}
Test(lint, reports_condition_false_on_every_path)
{
    expect_finding("never-true-exact", DIAG_NEVER_TRUE, DIAG_WARNING);
}
Test(lint, reports_event_that_never_fires)
{
    expect_finding("never-true-event", DIAG_NEVER_TRUE, DIAG_WARNING);
}
Test(lint, reports_unused_variable)
{
    expect_finding("unused-variable", DIAG_UNUSED_VARIABLE, DIAG_WARNING);
}
Test(lint, reports_undeclared_variable_at_load)
{
    DiagList *dl = lint_case("undeclared-variable");
    cr_expect_geq(count_code(dl, DIAG_BAD_EXPR, DIAG_ERROR), 1);
    cr_expect(strstr(diag_at(dl, 0)->msg, "unknown variable \"undeclared\"") != NULL);
    diag_list_free(dl);
}
Test(lint, reports_best_score_below_100)
{
    expect_finding("best-below-100", DIAG_BEST_BELOW_100, DIAG_WARNING);
}
Test(lint, reports_scenario_nobody_can_pass_as_error)
{
    expect_finding("cannot-pass", DIAG_BEST_BELOW_100, DIAG_ERROR);
}
Test(lint, reports_missing_escaping_and_absolute_assets)
{
    expect_finding("bad-asset-missing", DIAG_BAD_ASSET, DIAG_ERROR);
    expect_finding("bad-asset-escape", DIAG_BAD_ASSET, DIAG_ERROR);
    expect_finding("bad-asset-absolute", DIAG_BAD_ASSET, DIAG_ERROR);
}
Test(lint, reports_text_too_long_for_the_screen)
{
    DiagList *dl = lint_case("text-too-long");
    cr_expect_eq(count_code(dl, DIAG_TEXT_TOO_LONG, DIAG_WARNING), 2, "scene text and label");
    diag_list_free(dl);
}
Test(lint, a_loop_alone_is_not_a_finding)
{
    DiagList *dl = lint_case("cyclic");
    cr_expect_eq(diag_count(dl), 0);
    diag_list_free(dl);
}

/* ---- state space ----------------------------------------------------------- */

typedef struct Oracle {
    uint64_t paths, per_node[64];
    int best, worst;
} Oracle;

/* Every action sequence, one by one (the thing beneath-paths must not do):
 * small scenarios only. */
static void enumerate(const Run *r, Oracle *o, int depth)
{
    cr_assert_lt(depth, 200, "the oracle needs an acyclic scenario");
    if (run_status(r) == RUN_ENDED) {
        Score *s = score_compute(r);
        o->paths++;
        o->per_node[run_node_index(r)]++;
        o->best = s->total > o->best ? s->total : o->best;
        o->worst = s->total < o->worst ? s->total : o->worst;
        score_free(s);
        return;
    }
    size_t n = run_options(r, NULL, 0);
    Option opts[32];
    cr_assert_leq(n, 32);
    run_options(r, opts, n);
    for (size_t i = 0; i < n; i++) {
        Run *c = run_clone(r, RUN_CLONE_STATE_ONLY);
        run_apply(c, &opts[i]);
        enumerate(c, o, depth + 1);
        run_free(c);
    }
}

static void check_against_oracle(const char *file)
{
    Scenario *sc = scenario_load(file, NULL);
    cr_assert_not_null(sc, "%s loads", file);
    cr_assert_leq(sc->n_nodes, 64);
    Oracle o = {0, {0}, -1, 101};
    Run *r = run_new(sc);
    enumerate(r, &o, 0);
    run_free(r);
    Analysis *a = analyze_new(sc, NULL);
    cr_expect(a->complete);
    cr_expect(!a->cyclic);
    cr_expect_eq(a->paths.n, o.paths, "%s: %llu paths, oracle %llu", file,
                 (unsigned long long)a->paths.n, (unsigned long long)o.paths);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        cr_expect_eq(a->node_paths[n].n, o.per_node[n], "%s: ending %s", file, sc->nodes[n].id);
    }
    cr_expect_eq(a->best.score, o.best);
    cr_expect_eq(a->worst.score, o.worst);
    uint64_t sum = 0;
    for (int s = 0; s <= 100; s++) {
        sum += a->by_score[s].n;
    }
    cr_expect_eq(sum, o.paths, "the distribution covers every path");
    /* the printed choices replay to exactly the reported scores */
    const AnalyzePlay *plays[] = {&a->best, &a->worst};
    for (int k = 0; k < 2; k++) {
        Run *rr = analyze_replay(sc, plays[k]->choices, NULL);
        cr_assert_not_null(rr, "choices \"%s\" replay", plays[k]->choices);
        Score *s = score_compute(rr);
        cr_expect_eq(s->total, plays[k]->score);
        cr_expect_eq(run_node_index(rr), plays[k]->node);
        score_free(s);
        run_free(rr);
    }
    analyze_free(a);
    scenario_free(sc);
}

Test(paths, counts_match_brute_force_on_mini)
{
    check_against_oracle(MINI_SCENARIO);
}

Test(paths, counts_match_brute_force_on_small_cases)
{
    check_against_oracle(data_path("lint/clean.json"));
    check_against_oracle(data_path("lint/order-unsatisfiable.json"));
    check_against_oracle(data_path("lint/never-true-exact.json"));
}

Test(paths, a_loop_means_infinitely_many_paths)
{
    Scenario *sc = scenario_load(data_path("lint/cyclic.json"), NULL);
    cr_assert_not_null(sc);
    Analysis *a = analyze_new(sc, NULL);
    cr_expect(a->complete);
    cr_expect(a->cyclic);
    cr_expect(a->paths.infinite);
    cr_expect_eq(a->best.score, 100);
    char buf[64];
    cr_expect_str_eq(analyze_count_str(a->paths, buf, sizeof buf), "infinitely many");
    analyze_free(a);
    scenario_free(sc);
}

Test(paths, state_bound_gives_partial_result_with_exact_best)
{
    Scenario *sc = scenario_load(MINI_SCENARIO, NULL);
    cr_assert_not_null(sc);
    AnalyzeOptions opt = {20, 50}; /* mini has 142 states */
    Analysis *a = analyze_new(sc, &opt);
    cr_expect(!a->complete);
    cr_expect_leq(a->n_states, 20);
    cr_expect_eq(a->best.score, 100, "branch and bound finds the best anyway");
    cr_expect_eq(a->worst.score, 0);
    Run *r = analyze_replay(sc, a->best.choices, NULL);
    cr_assert_not_null(r);
    Score *s = score_compute(r);
    cr_expect_eq(s->total, 100);
    score_free(s);
    run_free(r);
    analyze_free(a);
    scenario_free(sc);
}

Test(paths, replay_reports_the_failing_item)
{
    Scenario *sc = scenario_load(MINI_SCENARIO, NULL);
    cr_assert_not_null(sc);
    size_t at = 99;
    cr_expect_null(analyze_replay(sc, "one,nope", &at));
    cr_expect_eq(at, 1);
    scenario_free(sc);
}
