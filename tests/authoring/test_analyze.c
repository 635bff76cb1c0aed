/* test_analyze.c: the authoring analyses. One small bad scenario per lint
 * finding (data/lint/<case>.json), and the state-space counts checked
 * against an independent brute-force enumeration of every path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "analyze_internal.h" /* analyze_shortest, checked against the oracle */
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

/* Loads and lints the scenario at 'path' with 'opt' (NULL: the defaults);
 * the caller frees the list. */
static DiagList *lint_case_opt(const char *path, const AnalyzeOptions *opt)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    if (sc) {
        size_t len = 0;
        char *text = file_read_all(path, &len, NULL);
        Analysis *a = analyze_new(sc, opt);
        analyze_lint(a, text, len, dl);
        analyze_free(a);
        free(text);
        scenario_free(sc);
    }
    return dl;
}

static DiagList *lint_case_path(const char *path)
{
    return lint_case_opt(path, NULL);
}

/* Loads and lints a case of data/lint; the caller frees the list. */
static DiagList *lint_case(const char *name)
{
    char file[256];
    snprintf(file, sizeof file, "lint/%s.json", name);
    return lint_case_path(data_path(file));
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

/* The case has exactly 'n' findings, all of them 'code' at 'level' with a
 * position: each case file shows only what it is about. */
static void expect_only(const char *name, DiagCode code, DiagLevel level, size_t n)
{
    DiagList *dl = lint_case(name);
    cr_expect_eq(count_code(dl, code, level), n, "%s: expected %zu %s %s", name, n,
                 diag_level_name(level), diag_code_name(code));
    cr_expect_eq(diag_count(dl), n, "%s: other findings than %s", name, diag_code_name(code));
    for (size_t i = 0; i < diag_count(dl); i++) {
        cr_log_info("%s: %s [%s]", name, diag_at(dl, i)->msg, diag_code_name(diag_at(dl, i)->code));
    }
    diag_list_free(dl);
}

/* Loads a case and analyses it; the caller frees both. */
static Analysis *analyse_case(const char *name, Scenario **sc_out)
{
    char file[256];
    snprintf(file, sizeof file, "lint/%s.json", name);
    Scenario *sc = scenario_load(data_path(file), NULL);
    cr_assert_not_null(sc, "%s loads", file);
    *sc_out = sc;
    return analyze_new(sc, NULL);
}

Test(lint, clean_template_has_no_findings)
{
    static const char *const clean[] = {
        "clean", "asset-ok",           /* an image inside the folder is fine */
        "error-still-passes-silenced", /* the author gave why_not_disqualifying */
        "deadline-announced",          /* both deadlines show a countdown */
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        DiagList *dl = lint_case(clean[i]);
        cr_expect_eq(diag_count(dl), 0, "%s: %s", clean[i],
                     diag_count(dl) ? diag_at(dl, 0)->msg : "");
        diag_list_free(dl);
    }
}

Test(lint, reports_unreachable_scene)
{
    expect_finding("unreachable", DIAG_UNREACHABLE, DIAG_WARNING);
}
Test(lint, reports_unreachable_ending)
{
    expect_finding("ending-unreachable", DIAG_ENDING_UNREACHABLE, DIAG_WARNING);
}
Test(lint, reports_ending_behind_a_condition_false_on_every_way_there)
{
    expect_finding("ending-never-reached", DIAG_ENDING_UNREACHABLE, DIAG_WARNING);
    expect_finding("ending-never-reached", DIAG_NEVER_SCORED, DIAG_WARNING); /* IND-B, on the way */
}
/* Cut short, the same analysis proves nothing: each finding it cannot
 * settle, the ending and the indicator seen only on the way there among
 * them, is a note, and nothing fails --werror. */
Test(lint, an_ending_not_reached_within_the_bound_is_a_note)
{
    AnalyzeOptions opt = {.max_states = 2, .one_thread = true};
    DiagList *dl = lint_case_opt(data_path("lint/ending-never-reached.json"), &opt);
    cr_expect_eq(count_code(dl, DIAG_ENDING_UNREACHABLE, DIAG_NOTE), 1);
    cr_expect_eq(count_code(dl, DIAG_NEVER_SCORED, DIAG_NOTE), 1);
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        cr_expect_eq(d->level, DIAG_NOTE, "%s [%s]", d->msg, diag_code_name(d->code));
    }
    diag_list_free(dl);
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
    /* at what the best play-through cannot do: step ST-2, the second step */
    DiagList *dl = lint_case("best-below-100");
    cr_assert_eq(diag_count(dl), 1);
    cr_expect_str_eq(diag_at(dl, 0)->path, "/steps/1");
    cr_expect_eq(diag_at(dl, 0)->line, 29);
    diag_list_free(dl);
}
Test(lint, a_best_score_that_does_not_pass_does_not_mean_nobody_can_pass)
{
    /* "walk" scores 100 but ends "missed"; "look,go" passes with 50 */
    expect_only("best-fails", DIAG_BEST_BELOW_100, DIAG_WARNING, 1);
    Scenario *sc;
    Analysis *a = analyse_case("best-fails", &sc);
    cr_expect_eq(a->best.score, 100);
    cr_expect_not(a->best.passed);
    cr_assert(a->best_pass.found);
    cr_expect(a->best_pass.passed);
    cr_expect_eq(a->best_pass.score, 50);
    cr_expect_str_eq(a->best_pass.choices, "look,go");
    analyze_free(a);
    scenario_free(sc);
    /* the same when the bound stops the exploration: the search finds one */
    sc = scenario_load(data_path("lint/best-fails.json"), NULL);
    cr_assert_not_null(sc);
    AnalyzeOptions opt = {.max_states = 3, .walks = 10};
    a = analyze_new(sc, &opt);
    cr_expect_not(a->complete);
    cr_assert(a->best_pass.found, "a passing play-through is found anyway");
    cr_expect(a->best_pass.passed);
    analyze_free(a);
    scenario_free(sc);
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
Test(lint, reports_characters_no_font_can_draw)
{
    /* the summary's Arabic, Chinese, Korean and emoji pass; its private-use
     * character and the scene's Tifinagh do not: one finding per text */
    DiagList *dl = lint_case("unshowable-char");
    cr_expect_eq(count_code(dl, DIAG_UNSHOWABLE_CHAR, DIAG_WARNING), 2);
    diag_list_free(dl);
    dl = lint_case("clean");
    cr_expect_eq(count_code(dl, DIAG_UNSHOWABLE_CHAR, DIAG_WARNING), 0);
    diag_list_free(dl);
}
Test(lint, reports_passing_without_looking_closer)
{
    expect_only("passes-without-looking", DIAG_PASSES_WITHOUT_LOOKING, DIAG_ERROR, 1);
    Scenario *sc;
    Analysis *a = analyse_case("passes-without-looking", &sc);
    cr_expect(a->no_look.found);
    cr_expect(a->no_look.passed);
    cr_expect_str_eq(a->no_look.choices, "go");
    analyze_free(a);
    scenario_free(sc);
    /* the template gates "go" on seen(IND-A): proven impossible */
    a = analyse_case("clean", &sc);
    cr_expect_not(a->no_look.found);
    cr_expect(a->no_look_exact);
    analyze_free(a);
    scenario_free(sc);
}

Test(lint, reports_acting_before_observing)
{
    expect_only("act-before-observe", DIAG_ACT_BEFORE_OBSERVE, DIAG_WARNING, 1);
    Scenario *sc;
    Analysis *a = analyse_case("act-before-observe", &sc);
    cr_assert_eq(a->n_blind, 1);
    cr_expect_str_eq(sc->nodes[a->blind[0].node].id, "a");
    cr_expect_eq(a->blind[0].kind, OPTION_CHOICE);
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a->blind[0].indicator].id, "IND-A");
    cr_expect_str_eq(a->blind[0].choices, "go");
    /* the printed choices do act blind */
    Run *r = analyze_replay(sc, a->blind[0].choices, NULL);
    cr_assert_not_null(r);
    cr_expect(run_indicator_blind(r, a->blind[0].indicator));
    run_free(r);
    analyze_free(a);
    scenario_free(sc);
}

Test(lint, reports_error_that_still_passes_unless_the_author_says_why)
{
    expect_only("error-still-passes", DIAG_ERROR_STILL_PASSES, DIAG_WARNING, 1);
    Scenario *sc;
    Analysis *a = analyse_case("error-still-passes", &sc);
    cr_assert(a->err_pass[0].found);
    Run *r = analyze_replay(sc, a->err_pass[0].choices, NULL);
    cr_assert_not_null(r);
    Score *s = score_compute(r);
    cr_expect(s->passed, "the printed play-through passes");
    cr_expect_gt(run_error_count(r, 0), 0, "and commits the error");
    score_free(s);
    run_free(r);
    analyze_free(a);
    scenario_free(sc);
    expect_only("error-still-passes-silenced", DIAG_ERROR_STILL_PASSES, DIAG_WARNING, 0);
}

Test(lint, reports_deadline_without_a_countdown)
{
    /* one event goes to an ending, one to a scene that only leads to one */
    expect_only("deadline-unannounced", DIAG_DEADLINE_UNANNOUNCED, DIAG_ERROR, 2);
    expect_only("deadline-announced", DIAG_DEADLINE_UNANNOUNCED, DIAG_ERROR, 0);
}

/* checks.c: what needs no play-through */
Test(checks, reports_scaffold_text_once)
{
    expect_only("todo-left", DIAG_TODO_LEFT, DIAG_WARNING, 1); /* two TODO texts, one finding */
}

Test(checks, reports_blank_labels)
{
    expect_only("blank-label", DIAG_BLANK_LABEL, DIAG_ERROR, 1);
}

Test(checks, reports_same_label_twice_unless_conditions_are_opposite)
{
    /* "Go" and "go" can show together; "Wait" if seen / if !seen cannot */
    expect_only("duplicate-label", DIAG_DUPLICATE_LABEL, DIAG_WARNING, 1);
}

Test(checks, reports_variants_hidden_behind_an_earlier_one)
{
    /* the scene text behind an always-true variant, a variant after it, and
     * an epilogue variant with the same condition as the one before */
    expect_only("shadowed-variant", DIAG_SHADOWED_VARIANT, DIAG_WARNING, 3);
}

Test(checks, reports_missing_or_blank_objectives)
{
    expect_only("empty-objectives", DIAG_EMPTY_OBJECTIVES, DIAG_WARNING, 1);
    expect_only("blank-objective", DIAG_EMPTY_OBJECTIVES, DIAG_WARNING, 1);
}

Test(checks, clean_case_has_no_check_findings)
{
    expect_only("clean", DIAG_TODO_LEFT, DIAG_WARNING, 0);
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
    uint64_t by_score[101];
    int best, worst;
    size_t best_len;          /* fewest actions among the best-score paths */
    size_t worst_len;         /* ... among the worst-score paths */
    size_t surface_len;       /* ... ending "missed" (SIZE_MAX: none does) */
    size_t err_len[64];       /* ... committing error e and failing (SIZE_MAX: none) */
    size_t err_alone_len[64]; /* ... committing error e, no other, and failing */
    bool seen[64], acted[64], done[64], erred[64]; /* ever, on some path */
    bool no_look_pass;                             /* a path that examines no detail passes */
    bool blind; /* some reachable choice acts on an indicator not yet seen */
} Oracle;

/* Every action sequence, one by one (the thing beneath-paths must not do):
 * small scenarios only. */
static void oracle_facts(const Run *r, Oracle *o)
{
    const Scenario *sc = run_scenario(r);
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR] && i < 64; i++) {
        o->seen[i] = o->seen[i] || run_indicator(r, i) != MARK_NONE;
        o->acted[i] = o->acted[i] || run_indicator(r, i) == MARK_ACTED;
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP] && i < 64; i++) {
        o->done[i] = o->done[i] || run_step_done(r, i);
    }
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR] && i < 64; i++) {
        o->erred[i] = o->erred[i] || run_error_count(r, i) > 0;
    }
}

static void enumerate(const Run *r, Oracle *o, int depth, bool looked)
{
    cr_assert_lt(depth, 200, "the oracle needs an acyclic scenario");
    oracle_facts(r, o);
    if (run_status(r) == RUN_ENDED) {
        const Scenario *sc = run_scenario(r);
        Score *s = score_compute(r);
        o->no_look_pass = o->no_look_pass || (s->passed && !looked);
        o->paths++;
        o->per_node[run_node_index(r)]++;
        o->by_score[s->total]++;
        if (s->total > o->best || (s->total == o->best && (size_t)depth < o->best_len)) {
            o->best_len = (size_t)depth;
        }
        if (s->total < o->worst || (s->total == o->worst && (size_t)depth < o->worst_len)) {
            o->worst_len = (size_t)depth;
        }
        if (run_node(r)->ending.outcome == OUTCOME_MISSED && depth > 0 &&
            (size_t)depth < o->surface_len) {
            o->surface_len = (size_t)depth;
        }
        for (size_t e = 0; e < sc->n_items[ITEM_ERROR] && e < 64; e++) {
            if (run_error_count(r, e) > 0 && !s->passed && (size_t)depth < o->err_len[e]) {
                o->err_len[e] = (size_t)depth;
            }
            if (run_error_count(r, e) > 0 && !s->passed && (size_t)depth < o->err_alone_len[e] &&
                s->n_items[ITEM_ERROR] == 1) {
                o->err_alone_len[e] = (size_t)depth;
            }
        }
        o->best = s->total > o->best ? s->total : o->best;
        o->worst = s->total < o->worst ? s->total : o->worst;
        score_free(s);
        return;
    }
    size_t n = run_options(r, NULL, 0);
    Option opts[64];
    cr_assert_leq(n, 64);
    run_options(r, opts, n);
    for (size_t i = 0; i < n; i++) {
        if (opts[i].kind == OPTION_CHOICE) {
            const Effects *fx = &run_node(r)->choices[opts[i].index].fx;
            for (size_t k = 0; k < fx->n_act; k++) {
                o->blind = o->blind || run_indicator(r, fx->act[k]) == MARK_NONE;
            }
        }
        Run *c = run_clone(r, RUN_CLONE_STATE_ONLY);
        run_apply(c, &opts[i]);
        enumerate(c, o, depth + 1, looked || opts[i].kind == OPTION_DETAIL);
        run_free(c);
    }
}

/* Nothing some play-through shows, takes or commits (per the oracle) is
 * reported by lint as never happening. */
static void expect_lint_agrees(const char *file, const Scenario *sc, const Analysis *a,
                               const Oracle *op)
{
    Oracle o = *op;
    DiagList *dl = diag_list_new();
    analyze_lint(a, NULL, 0, dl);
    const bool *ever[] = {o.seen, o.done, o.erred};
    const ItemKind kinds[] = {ITEM_INDICATOR, ITEM_STEP, ITEM_ERROR};
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        for (int k = 0; k < 3 && d->code == DIAG_NEVER_SCORED; k++) {
            for (size_t j = 0; j < sc->n_items[kinds[k]] && j < 64; j++) {
                char claim[160];
                snprintf(claim, sizeof claim, "\"%s\" is never", sc->items[kinds[k]][j].id);
                bool never_acted = k == 0 && strstr(d->msg, "never acted on in any");
                bool wrong = strstr(d->msg, claim) && !strstr(d->msg, "in order") &&
                             (never_acted ? o.acted[j] : ever[k][j]);
                cr_expect(!wrong, "%s: %s", file, d->msg);
            }
        }
    }
    diag_list_free(dl);
}

static void oracle_run(const Scenario *sc, Oracle *o)
{
    *o = (Oracle){0};
    o->best = -1;
    o->worst = 101;
    o->surface_len = SIZE_MAX;
    for (size_t e = 0; e < 64; e++) {
        o->err_len[e] = SIZE_MAX;
        o->err_alone_len[e] = SIZE_MAX;
    }
    Run *r = run_new(sc);
    enumerate(r, o, 0, false);
    run_free(r);
}

static void check_against_oracle(const char *file)
{
    Scenario *sc = scenario_load(file, NULL);
    cr_assert_not_null(sc, "%s loads", file);
    cr_assert_leq(sc->n_nodes, 64);
    Oracle o;
    oracle_run(sc, &o);
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
    cr_expect_eq(a->no_look.found, o.no_look_pass, "%s: passes without looking", file);
    cr_expect(a->no_look_exact);
    cr_expect_eq(a->n_blind > 0, o.blind, "%s: acting before observing", file);
    for (int s = 0; s <= 100; s++) {
        cr_expect_eq(a->by_score[s].n, o.by_score[s], "%s: paths scoring %d: %llu, oracle %llu",
                     file, s, (unsigned long long)a->by_score[s].n,
                     (unsigned long long)o.by_score[s]);
    }
    cr_expect_eq(a->best.length, o.best_len, "%s: the best path is a shortest one", file);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        if (sc->nodes[n].is_ending) {
            cr_expect_eq(a->reached[n], o.per_node[n] > 0, "%s: ending %s reached", file,
                         sc->nodes[n].id);
        }
    }
    expect_lint_agrees(file, sc, a, &o);
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
    check_against_oracle(data_path("lint/passes-without-looking.json"));
    check_against_oracle(data_path("lint/act-before-observe.json"));
    check_against_oracle(data_path("lint/error-still-passes.json"));
    check_against_oracle(data_path("lint/never-scored-not-acted.json"));
    check_against_oracle(data_path("lint/deadline-announced.json"));
    check_against_oracle(data_path("lint/never-true-event.json"));
    check_against_oracle(data_path("lint/best-below-100.json"));
    check_against_oracle(data_path("reduce.json"));
}

/* ---- the fewest actions, breadth first, against the oracle ------------------ */

/* Searches 'g' breadth first, from nothing known and from a known longer
 * play-through, and expects the oracle's fewest actions (or none). */
static void expect_shortest(const char *file, Analysis *a, const PlayGoal *g, size_t want,
                            const char *what)
{
    AnalyzePlay p = {0};
    cr_expect(analyze_shortest(a, g, &p), "%s: the %s search finishes", file, what);
    cr_expect_eq(p.found, want != SIZE_MAX, "%s: a %s play-through exists", file, what);
    if (p.found) {
        cr_expect_eq(p.length, want, "%s: the %s play-through: %zu actions, oracle %zu", file, what,
                     p.length, want);
        cr_expect(p.shortest);
        Run *r = analyze_replay(a->sc, p.choices, NULL);
        cr_assert_not_null(r, "%s: \"%s\" replays", file, p.choices);
        cr_expect_eq(run_status(r), RUN_ENDED);
        Score *s = score_compute(r);
        cr_expect(g->bound == 0 || s->total == g->score, "%s: %s scores %d", file, what, s->total);
        cr_expect(!g->need_fail || !s->passed);
        cr_expect(g->must_err == SCENARIO_NONE || run_error_count(r, g->must_err) > 0);
        cr_expect(!g->err_alone || s->n_items[ITEM_ERROR] == 1, "%s: %s commits no other error",
                  file, what);
        score_free(s);
        run_free(r);
        /* knowing a play-through that long already, the search proves it the
         * shortest (nothing shorter); knowing a longer one, finds the shortest */
        p.shortest = false;
        cr_expect(analyze_shortest(a, g, &p));
        cr_expect(p.shortest && p.length == want, "%s: %s from a known one", file, what);
        for (size_t longer = 1; longer <= 4; longer += 3) {
            p.length = want + longer;
            cr_expect(analyze_shortest(a, g, &p));
            cr_expect(p.shortest && p.length == want, "%s: %s from one %zu longer: %zu", file, what,
                      longer, p.length);
        }
    }
    free(p.choices);
}

static void check_shortest_against_oracle(const char *file)
{
    Scenario *sc = scenario_load(file, NULL);
    cr_assert_not_null(sc, "%s loads", file);
    Oracle o;
    oracle_run(sc, &o);
    Analysis *a = analyze_new(sc, NULL);
    PlayGoal best = {1, o.best, false, false, false, SCENARIO_NONE, false};
    expect_shortest(file, a, &best, o.best_len, "best");
    PlayGoal worst = {-1, o.worst, false, false, false, SCENARIO_NONE, false};
    expect_shortest(file, a, &worst, o.worst_len, "worst");
    PlayGoal surface = {0, 0, false, false, true, SCENARIO_NONE, false};
    expect_shortest(file, a, &surface, o.surface_len, "surface");
    for (size_t e = 0; e < sc->n_items[ITEM_ERROR] && e < 64; e++) {
        PlayGoal fails = {0, 0, false, true, false, e, false};
        expect_shortest(file, a, &fails, o.err_len[e], sc->items[ITEM_ERROR][e].id);
        PlayGoal alone = {0, 0, false, true, false, e, true};
        char what[96];
        snprintf(what, sizeof what, "%s alone", sc->items[ITEM_ERROR][e].id);
        expect_shortest(file, a, &alone, o.err_alone_len[e], what);
    }
    analyze_free(a);
    scenario_free(sc);
}

Test(paths, shortest_plays_match_brute_force)
{
    check_shortest_against_oracle(MINI_SCENARIO);
    check_shortest_against_oracle(data_path("lint/clean.json"));
    check_shortest_against_oracle(data_path("lint/order-unsatisfiable.json"));
    check_shortest_against_oracle(data_path("lint/passes-without-looking.json"));
    check_shortest_against_oracle(data_path("lint/act-before-observe.json"));
    check_shortest_against_oracle(data_path("lint/error-still-passes.json"));
    check_shortest_against_oracle(data_path("lint/deadline-announced.json"));
    check_shortest_against_oracle(data_path("lint/never-true-event.json"));
    check_shortest_against_oracle(data_path("lint/best-below-100.json"));
    check_shortest_against_oracle(data_path("reduce.json"));
    check_shortest_against_oracle(data_path("merged-errors.json"));
    check_shortest_against_oracle(data_path("last-piece.json"));
}

/* Two first moves commit different errors of one weight and lead to states
 * whose keys are equal (nothing reads either error afterwards): the
 * searches for a play-through that commits a given error keep them apart,
 * so each error is found to still pass, and each has its failing play. */
Test(paths, searches_for_an_error_tell_apart_states_merged_by_weight)
{
    DiagList *dl = lint_case_path(data_path("merged-errors.json"));
    size_t still_passes = 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        still_passes += diag_at(dl, i)->code == DIAG_ERROR_STILL_PASSES;
    }
    cr_expect_eq(still_passes, 2, "both errors still pass: %zu findings", still_passes);
    diag_list_free(dl);
}

/* A search cut short by the state bound still proves the best and worst
 * play-throughs the shortest when its breadth-first search finishes: the
 * score bounds leave it far fewer states than the whole space. */
Test(paths, cut_short_search_still_proves_the_shortest_best)
{
    Scenario *sc = scenario_load(MINI_SCENARIO, NULL);
    cr_assert_not_null(sc);
    Oracle o;
    oracle_run(sc, &o);
    AnalyzeOptions opt = {.max_states = 100, .walks = 50, .shortest_plays = true};
    Analysis *a = analyze_new(sc, &opt); /* mini has 142 states */
    cr_expect(!a->complete);
    cr_expect(a->best_exact);
    cr_expect(a->best.shortest, "proven within 100 states");
    cr_expect_eq(a->best.length, o.best_len);
    cr_expect(a->worst.shortest);
    cr_expect_eq(a->worst.length, o.worst_len);
    analyze_free(a);
    scenario_free(sc);
}

/* ---- the reduced search against the unreduced state space ------------------- */

/* Every state with nothing left out of its key (run_full_key), breadth
 * first: the state space the reduced keys of run_state_key must agree with
 * on everything beneath-paths and beneath-lint report. Works on scenarios
 * with loops too, where paths cannot be enumerated one by one. */
typedef struct Full {
    unsigned char **keys;
    size_t *klen;
    Run **runs; /* kept until expanded */
    uint32_t *dist;
    int *score; /* -1 unless ended */
    size_t n, cap;
    uint32_t *slots;
    size_t n_slots;
    uint32_t *from, *to; /* edges */
    size_t n_edges, edge_cap;
} Full;

static uint64_t full_hash(const unsigned char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ k[i]) * 1099511628211ull;
    }
    return h;
}

static uint32_t full_find(Full *F, Run *r, uint32_t dist)
{
    unsigned char buf[4096];
    size_t len = run_full_key(r, buf, sizeof buf);
    cr_assert_leq(len, sizeof buf);
    if (2 * (F->n + 1) > F->n_slots) {
        size_t ns = F->n_slots ? 2 * F->n_slots : 1024;
        uint32_t *s = malloc(ns * sizeof(uint32_t));
        memset(s, 0xff, ns * sizeof(uint32_t));
        for (size_t k = 0; k < F->n; k++) {
            size_t i = full_hash(F->keys[k], F->klen[k]) & (ns - 1);
            while (s[i] != UINT32_MAX) {
                i = (i + 1) & (ns - 1);
            }
            s[i] = (uint32_t)k;
        }
        free(F->slots);
        F->slots = s;
        F->n_slots = ns;
    }
    size_t i = full_hash(buf, len) & (F->n_slots - 1);
    for (; F->slots[i] != UINT32_MAX; i = (i + 1) & (F->n_slots - 1)) {
        uint32_t k = F->slots[i];
        if (F->klen[k] == len && memcmp(F->keys[k], buf, len) == 0) {
            run_free(r);
            return k;
        }
    }
    if (F->n == F->cap) {
        F->cap = F->cap ? 2 * F->cap : 1024;
        F->keys = realloc(F->keys, F->cap * sizeof *F->keys);
        F->klen = realloc(F->klen, F->cap * sizeof *F->klen);
        F->runs = realloc(F->runs, F->cap * sizeof *F->runs);
        F->dist = realloc(F->dist, F->cap * sizeof *F->dist);
        F->score = realloc(F->score, F->cap * sizeof *F->score);
    }
    F->keys[F->n] = malloc(len);
    memcpy(F->keys[F->n], buf, len);
    F->klen[F->n] = len;
    F->runs[F->n] = r;
    F->dist[F->n] = dist;
    F->score[F->n] = -1;
    if (run_status(r) == RUN_ENDED) {
        Score *s = score_compute(r);
        F->score[F->n] = s->total;
        score_free(s);
    }
    F->slots[i] = (uint32_t)F->n;
    return (uint32_t)F->n++;
}

static void full_edge(Full *F, uint32_t a, uint32_t b)
{
    if (F->n_edges == F->edge_cap) {
        F->edge_cap = F->edge_cap ? 2 * F->edge_cap : 4096;
        F->from = realloc(F->from, F->edge_cap * sizeof(uint32_t));
        F->to = realloc(F->to, F->edge_cap * sizeof(uint32_t));
    }
    F->from[F->n_edges] = a;
    F->to[F->n_edges++] = b;
}

/* Explores every full state; fills the oracle's facts, best, worst, the
 * shortest best path's length and, with no loop, the path counts. Returns
 * whether the full state graph has a loop. */
static bool full_explore(const Scenario *sc, Oracle *o, Full *F)
{
    full_find(F, run_new(sc), 0);
    for (size_t s = 0; s < F->n; s++) { /* breadth first: F grows as we go */
        Run *r = F->runs[s];
        cr_assert_lt(F->n, 2000000, "the full state space is too large for a test");
        oracle_facts(r, o);
        size_t n = run_options(r, NULL, 0);
        Option opts[64];
        cr_assert_leq(n, 64);
        run_options(r, opts, n);
        for (size_t i = 0; i < n; i++) {
            Run *c = run_clone(r, RUN_CLONE_STATE_ONLY);
            run_apply(c, &opts[i]);
            full_edge(F, (uint32_t)s, full_find(F, c, F->dist[s] + 1));
        }
        run_free(r);
        F->runs[s] = NULL;
    }
    for (size_t s = 0; s < F->n; s++) {
        int sc_ = F->score[s];
        if (sc_ < 0) {
            continue;
        }
        if (sc_ > o->best || (sc_ == o->best && F->dist[s] < o->best_len)) {
            o->best_len = F->dist[s];
        }
        o->best = sc_ > o->best ? sc_ : o->best;
        o->worst = sc_ < o->worst ? sc_ : o->worst;
    }
    /* Kahn's order: paths from the start, if there is no loop */
    uint32_t *indeg = calloc(F->n + 1, sizeof(uint32_t)), *queue = malloc((F->n + 1) * 4);
    uint64_t *paths = calloc(F->n + 1, sizeof(uint64_t));
    size_t *first = calloc(F->n + 2, sizeof(size_t)), *adj = malloc((F->n_edges + 1) * 8);
    for (size_t e = 0; e < F->n_edges; e++) {
        indeg[F->to[e]]++;
        first[F->from[e] + 1]++;
    }
    for (size_t s = 0; s < F->n; s++) {
        first[s + 1] += first[s];
    }
    size_t *fill = calloc(F->n + 1, sizeof(size_t));
    for (size_t e = 0; e < F->n_edges; e++) {
        adj[first[F->from[e]] + fill[F->from[e]]++] = F->to[e];
    }
    size_t head = 0, tail = 0;
    paths[0] = 1;
    for (size_t s = 0; s < F->n; s++) {
        if (!indeg[s]) {
            queue[tail++] = (uint32_t)s;
        }
    }
    while (head < tail) {
        uint32_t s = queue[head++];
        for (size_t k = first[s]; k < first[s + 1]; k++) {
            paths[adj[k]] += paths[s];
            if (--indeg[adj[k]] == 0) {
                queue[tail++] = (uint32_t)adj[k];
            }
        }
    }
    bool loop = tail < F->n;
    for (size_t s = 0; s < F->n && !loop; s++) {
        if (F->score[s] >= 0) {
            o->paths += paths[s];
            o->by_score[F->score[s]] += paths[s];
            size_t node = 0;
            for (size_t k = 0; k < 4; k++) {
                node |= (size_t)F->keys[s][k] << (8 * k);
            }
            o->per_node[node] += paths[s];
        }
    }
    free(indeg);
    free(queue);
    free(paths);
    free(first);
    free(adj);
    free(fill);
    return loop;
}

static void full_free(Full *F)
{
    for (size_t s = 0; s < F->n; s++) {
        free(F->keys[s]);
        run_free(F->runs[s]);
    }
    free(F->keys);
    free(F->klen);
    free(F->runs);
    free(F->dist);
    free(F->score);
    free(F->slots);
    free(F->from);
    free(F->to);
}

static void check_against_full(const char *file)
{
    Scenario *sc = scenario_load(file, NULL);
    cr_assert_not_null(sc, "%s loads", file);
    cr_assert_leq(sc->n_nodes, 64);
    Oracle o = {0};
    o.best = -1;
    o.worst = 101;
    Full F = {0};
    bool loop = full_explore(sc, &o, &F);
    Analysis *a = analyze_new(sc, NULL);
    cr_expect(a->complete, "%s: complete", file);
    cr_expect_leq(a->n_states, F.n, "%s: the reduction never adds states", file);
    cr_expect_eq(a->cyclic, loop, "%s: loops", file);
    cr_expect_eq(a->best.score, o.best, "%s: best %d, full %d", file, a->best.score, o.best);
    cr_expect_eq(a->worst.score, o.worst, "%s: worst", file);
    cr_expect_eq(a->best.length, o.best_len, "%s: shortest best path %zu, full %zu", file,
                 a->best.length, o.best_len);
    expect_lint_agrees(file, sc, a, &o);
    if (!loop) {
        cr_expect_eq(a->paths.n, o.paths, "%s: paths", file);
        for (int s = 0; s <= 100; s++) {
            cr_expect_eq(a->by_score[s].n, o.by_score[s], "%s: paths scoring %d", file, s);
        }
    } else {
        /* counts are infinite, but which scores occur must agree */
        bool seen_score[101] = {false};
        for (size_t s = 0; s < F.n; s++) {
            if (F.score[s] >= 0) {
                seen_score[F.score[s]] = true;
            }
        }
        for (int s = 0; s <= 100; s++) {
            bool any = a->by_score[s].n > 0 || a->by_score[s].infinite;
            cr_expect_eq(any, seen_score[s], "%s: some path scores %d", file, s);
        }
    }
    analyze_free(a);
    full_free(&F);
    scenario_free(sc);
}

/* The reduced state search against the unreduced one where the reduction
 * has the most to merge: the data files of the engine's own tests (order
 * rules with partial credit, deadlines, clock conditions, visited scenes,
 * variables, loops) and the acyclic reduction case. */
Test(paths, reduced_search_matches_the_full_state_space)
{
    static const char *const files[] = {"deadline.json", "mini.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", ENGINE_DATA_DIR, files[i]);
        check_against_full(path);
    }
    check_against_full(data_path("reduce.json"));
    static const char *const cases[] = {
        "cyclic",        "deadline-announced", "deadline-unannounced", "never-true-event",
        "dead-end-trap", "dead-end-loop",      "order-unsatisfiable"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "lint/%s.json", cases[i]);
        check_against_full(data_path(name));
    }
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
    AnalyzeOptions opt = {.max_states = 20, .walks = 50}; /* mini has 142 states */
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

static void expect_same_play(const AnalyzePlay *x, const AnalyzePlay *y, const char *what)
{
    cr_expect_eq(x->found, y->found, "%s found", what);
    cr_expect_eq(x->score, y->score, "%s score", what);
    cr_expect_eq(x->length, y->length, "%s length", what);
    cr_expect_str_eq(x->choices ? x->choices : "", y->choices ? y->choices : "", "%s play", what);
}

/* 'a' and 'b' reached the same scenes and took the same choices. */
static void expect_same_reach(const Scenario *sc, const Analysis *a, const Analysis *b)
{
    cr_expect_arr_eq(a->reached, b->reached, sc->n_nodes);
    for (size_t c = 0; c < sc->n_nodes; c++) {
        for (size_t i = 0; i < sc->nodes[c].n_choices; i++) {
            cr_expect_eq(analyze_choice_taken(a, c, i), analyze_choice_taken(b, c, i));
        }
    }
}

/* Lints 'sc' as beneath-lint does, with these options; the caller frees. */
static DiagList *lint_with(const Scenario *sc, const char *text, size_t len,
                           const AnalyzeOptions *opt, Analysis **out)
{
    DiagList *dl = diag_list_new();
    *out = analyze_new(sc, opt);
    analyze_lint(*out, text, len, dl);
    return dl;
}

/* The random play-throughs and the branch and bound run beside the state
 * search on a second core: nothing the search finds changes them, so every
 * result is what it is when they follow the search on one thread. */
Test(paths, searches_beside_the_state_search_give_the_same_result)
{
    const char *path = SCENARIOS_DIR "/youth-bus-station.json";
    Scenario *sc = scenario_load(path, NULL);
    cr_assert_not_null(sc);
    size_t len = 0;
    char *text = file_read_all(path, &len, NULL);
    AnalyzeOptions one = {.max_states = 3000, .walks = 400, .one_thread = true};
    AnalyzeOptions two = one;
    two.one_thread = false;
    Analysis *a, *b;
    DiagList *da = lint_with(sc, text, len, &one, &a);
    DiagList *db = lint_with(sc, text, len, &two, &b);
    cr_expect(!a->complete && !b->complete);
    cr_expect_eq(a->n_walks, 400, "the walks ran");
    cr_expect_eq(a->n_walks, b->n_walks);
    cr_expect_eq(a->work, b->work, "the same work counted");
    expect_same_play(&a->best, &b->best, "best");
    expect_same_play(&a->worst, &b->worst, "worst");
    expect_same_play(&a->best_pass, &b->best_pass, "best passing");
    expect_same_play(&a->stuck, &b->stuck, "stuck");
    cr_expect(a->best_exact && a->worst_exact, "branch and bound proved both");
    cr_expect_eq(b->best_exact, a->best_exact);
    cr_expect_eq(b->worst_exact, a->worst_exact);
    cr_expect_eq(b->best_pass_exact, a->best_pass_exact);
    cr_expect_eq(a->max_clock, b->max_clock);
    cr_expect_arr_eq(a->walk_scores, b->walk_scores, sizeof a->walk_scores, "walks' scores");
    cr_expect_eq(a->walks_passed, b->walks_passed);
    expect_same_reach(sc, a, b);
    cr_expect_eq(diag_count(da), diag_count(db));
    for (size_t i = 0; i < diag_count(da) && i < diag_count(db); i++) {
        cr_expect_str_eq(diag_at(da, i)->msg, diag_at(db, i)->msg);
    }
    diag_list_free(da);
    diag_list_free(db);
    analyze_free(a);
    analyze_free(b);
    free(text);
    scenario_free(sc);
}

/* What the walks find counts as found: cut mini's search short at three
 * states, and 200 walks (on either thread) still reach every scene and take
 * every choice the full search does. */
Test(paths, what_the_walks_find_is_kept)
{
    Scenario *sc = scenario_load(MINI_SCENARIO, NULL);
    cr_assert_not_null(sc);
    Analysis *full = analyze_new(sc, NULL);
    cr_assert(full->complete);
    for (int t = 0; t < 2; t++) {
        AnalyzeOptions opt = {.max_states = 3, .walks = 200, .one_thread = t == 0};
        Analysis *a = analyze_new(sc, &opt);
        cr_expect(!a->complete);
        cr_expect_eq(a->n_walks, 200);
        size_t ended = 0;
        for (int s = 0; s <= 100; s++) {
            ended += a->walk_scores[s];
            cr_expect(!a->walk_scores[s] || full->by_score[s].n, "a walk scored %d: so can a path",
                      s);
        }
        cr_expect_eq(ended, 200, "every walk of mini ends");
        cr_expect_leq(a->walks_passed, ended);
        expect_same_reach(sc, a, full);
        cr_expect(a->worst.found && a->worst.score == full->worst.score);
        analyze_free(a);
    }
    analyze_free(full);
    scenario_free(sc);
}

/* A condition no state of the cut-short state search makes true is still
 * settled: in deep-condition.json the choice "secret" needs the counter not
 * looked at, and the state search looks at it first. What the other
 * searches run (branch and bound, witnesses) are real play-throughs, so
 * the choice counts as taken, the ending it leads to as reached, and lint
 * reports nothing about the condition. */
Test(paths, a_search_aimed_at_a_condition_settles_it)
{
    const char *path = data_path("deep-condition.json");
    Scenario *sc = scenario_load(path, NULL);
    cr_assert_not_null(sc);
    size_t hall = scenario_find_node(sc, "hall"), secret = scenario_find_node(sc, "end-secret");
    cr_assert(hall != SCENARIO_NONE && secret != SCENARIO_NONE);
    size_t len = 0;
    char *text = file_read_all(path, &len, NULL);
    for (int t = 0; t < 2; t++) {
        AnalyzeOptions opt = {.max_states = 300, .walks = 1, .one_thread = t == 0};
        Analysis *a;
        DiagList *dl = lint_with(sc, text, len, &opt, &a);
        cr_expect(!a->complete);
        cr_expect(analyze_choice_taken(a, hall, 0), "the witness took \"secret\" (thread %d)", t);
        cr_expect(a->reached[secret], "and reached its ending");
        cr_expect_eq(diag_count(dl), 0, "nothing left unproven to note");
        diag_list_free(dl);
        analyze_free(a);
    }
    free(text);
    scenario_free(sc);
}

/* The witness search itself, from nothing: "secret" needs the door looked
 * at, the counter not, and exactly five of ten shelves (4,096 states in the
 * room); aimed at its condition, the search gets there within 100 states
 * (70: seven actions, each trying the dozen options of its state).
 * A condition that cannot hold is not found, and the budget holds. */
Test(paths, a_witness_search_finds_a_deep_condition_nearest_first)
{
    Scenario *sc = scenario_load(data_path("deep-condition.json"), NULL);
    cr_assert_not_null(sc);
    size_t hall = scenario_find_node(sc, "hall");
    AnalyzeOptions opt = {.max_states = 1, .walks = 1, .one_thread = true};
    Analysis *a = analyze_new(sc, &opt);
    const Expr *secret = sc->nodes[hall].choices[0].cond;
    const Expr *report = sc->nodes[hall].choices[1].cond; /* seen(A) && seen(B) */
    cr_assert_not_null(secret);
    size_t entered = 0, end = scenario_find_node(sc, "end-secret");
    cr_assert(!a->reached[end], "not reached before the witness");
    cr_expect(analyze_witness(a, hall, secret, NULL, 1000, &entered), "found in %zu states",
              entered);
    cr_expect_leq(entered, 100, "nearest first: %zu states", entered);
    cr_expect(analyze_choice_taken(a, hall, 0), "and noted as taken");
    cr_expect(a->reached[end], "and where taking it leads as reached");
    Expr never = {EXPR_AND, true, 0, 0, (Expr *)secret, (Expr *)report}; /* !seen(A) && seen(A) */
    cr_expect(!analyze_witness(a, hall, &never, NULL, 500, &entered));
    cr_expect_leq(entered, 500);
    analyze_free(a);
    scenario_free(sc);
}

/* family-restaurant's dispatch pull comes at minute 85, only to a trainee
 * who looks at nearly everything and never writes it up: about 60 actions,
 * where the random play-throughs last 59 minutes at most. A witness search
 * gets there by keeping the time the call can still spend: nearest by the
 * clock alone, it did not in 1,000,000 states. */
Test(paths, a_witness_search_draws_the_call_out_to_a_late_deadline)
{
    Scenario *sc = scenario_load(SCENARIOS_DIR "/family-restaurant.json", NULL);
    cr_assert_not_null(sc);
    size_t pulled = scenario_find_node(sc, "end-pulled");
    cr_assert_neq(pulled, SCENARIO_NONE);
    AnalyzeOptions opt = {.max_states = 1, .walks = 1, .one_thread = true};
    Analysis *a = analyze_new(sc, &opt);
    size_t entered = 0;
    cr_expect(analyze_witness(a, pulled, NULL, NULL, 50000, &entered), "found in %zu states",
              entered);
    analyze_free(a);
    scenario_free(sc);
}

/* What was visited stays visited, and the clock never goes back: a witness
 * search for a condition that needs either undone drops the state at once,
 * instead of searching every state there is (4,144 here) for it. */
Test(paths, a_witness_search_drops_states_that_can_never_get_there)
{
    Scenario *sc = scenario_load(data_path("deep-condition.json"), NULL);
    cr_assert_not_null(sc);
    size_t room = scenario_find_node(sc, "room"), hall = scenario_find_node(sc, "hall");
    AnalyzeOptions opt = {.max_states = 1, .walks = 1, .one_thread = true};
    Analysis *a = analyze_new(sc, &opt);
    Expr visited = {EXPR_VISITED, true, 0, room, NULL, NULL};
    Expr unvisited = {EXPR_NOT, true, 0, 0, &visited, NULL}; /* !visited(room) */
    Expr clock = {EXPR_CLOCK, false, 0, 0, NULL, NULL}, zero = {EXPR_INT, false, 0, 0, NULL, NULL};
    Expr before = {EXPR_LT, true, 0, 0, &clock, &zero}; /* minutes < 0 */
    Expr after = {EXPR_GT, true, 0, 0, &zero, &clock};  /* 0 > minutes */
    const Expr *never[] = {&unvisited, &before, &after};
    for (size_t i = 0; i < 3; i++) {
        size_t entered = 0;
        cr_expect(!analyze_witness(a, hall, never[i], NULL, 1000000, &entered));
        cr_expect_leq(entered, 1, "condition %zu: stopped after %zu states", i, entered);
    }
    analyze_free(a);
    scenario_free(sc);
}

/* A state search stopped by the work bound leaves no work for the searches
 * beside it: nothing of theirs is kept, on either thread. */
Test(paths, a_search_out_of_work_keeps_nothing_from_beside_it)
{
    Scenario *sc = scenario_load(SCENARIOS_DIR "/youth-bus-station.json", NULL);
    cr_assert_not_null(sc);
    for (int t = 0; t < 2; t++) {
        AnalyzeOptions opt = {.max_work = 20000, .walks = 100, .one_thread = t == 0};
        Analysis *a = analyze_new(sc, &opt);
        cr_expect(!a->complete && a->work_bound);
        cr_expect_eq(a->n_walks, 0, "thread %d", t);
        cr_expect(!a->best_exact && !a->worst_exact);
        analyze_free(a);
    }
    scenario_free(sc);
}

/* A search that finishes stops the walks it started beside it and keeps
 * nothing of them. */
Test(paths, a_finished_search_keeps_no_walks)
{
    Scenario *sc = scenario_load(MINI_SCENARIO, NULL);
    cr_assert_not_null(sc);
    Analysis *a = analyze_new(sc, NULL);
    cr_expect(a->complete);
    cr_expect_eq(a->n_walks, 0);
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
