/* analyze.c: the whole-scenario analyses in order (see analyze.h), and the
 * helpers the tools share to count and replay paths. Each analysis lives in
 * a file of its own:
 *   analyze_reach.c   what a condition can be; which scenes can be reached
 *   analyze_search.c  the memoised exploration of every reachable state
 *   analyze_sample.c  random play-throughs when the state bound is reached
 *   analyze_best.c    the searches aimed at a goal: best and worst scores
 *                     by branch and bound, the shortest play-through to a
 *                     goal (breadth first), a witness for what the state
 *                     search never saw
 *   analyze_beside.c  the play-throughs and the branch and bound run beside
 *                     the state search, on a second core
 *   lint*.c           the authoring findings drawn from all of them */
#include "analyze_internal.h"
#include "score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- path counts ---------------------------------------------------------- */

char *analyze_count_str(PathCount c, char *buf, size_t size)
{
    if (c.infinite) {
        snprintf(buf, size, "infinitely many");
    } else if (c.saturated) {
        snprintf(buf, size, "more than %llu", (unsigned long long)UINT64_MAX);
    } else {
        snprintf(buf, size, "%llu", (unsigned long long)c.n);
    }
    return buf;
}

void analyze_choices_add(StrBuf *s, const char *tok)
{
    strbuf_printf(s, "%s%s", s->len ? "," : "", tok);
}

const char *analyze_bound_text(const Analysis *a, char *buf, size_t size)
{
    if (a->work_bound) {
        snprintf(buf, size,
                 "work bound (%zu options considered: its states have many options or much to "
                 "copy)",
                 a->max_work);
    } else if (a->memory_bound) {
        snprintf(buf, size, "memory bound (%zu MB, for a scenario this large)",
                 ANALYZE_MAX_BYTES >> 20);
    } else {
        snprintf(buf, size, "bound of %zu states (raise it with --max-states)", a->max_states);
    }
    return buf;
}

bool analyze_spend(Analysis *a, size_t units)
{
    a->work += units;
    bool stopped =
        a->priv && a->priv->stop && atomic_load_explicit(a->priv->stop, memory_order_relaxed);
    if (a->work <= a->max_work && !stopped) {
        return true;
    }
    a->work_bound = true;
    return false;
}

char *analyze_codes_choices(const Scenario *sc, const uint32_t *codes, size_t n)
{
    Run *r = run_new(sc);
    StrBuf out = {0};
    for (size_t i = 0; i < n; i++) {
        char tok[64];
        Option o = analyze_option_of(codes[i]);
        analyze_choices_add(&out, analyze_option_token(r, &o, tok, sizeof tok));
        run_apply(r, &o);
    }
    run_free(r);
    return strbuf_take(&out);
}

bool analyze_spend_expand(Analysis *a, size_t n_opts)
{
    size_t copy = run_state_bytes(a->sc) / ANALYZE_COPY_BYTES_PER_UNIT;
    return analyze_spend(a, n_opts * (1 + copy) + 1);
}

Analysis *analyze_new(const Scenario *sc, const AnalyzeOptions *opt)
{
    Analysis *a = xcalloc(1, sizeof *a);
    a->sc = sc;
    a->max_states = opt && opt->max_states ? opt->max_states : ANALYZE_DEFAULT_MAX_STATES;
    if (a->max_states > UINT32_MAX - 1) {
        a->max_states = UINT32_MAX - 1;
    }
    a->max_work = opt && opt->max_work ? opt->max_work : ANALYZE_DEFAULT_MAX_WORK;
    a->complete = true;
    a->static_reach = xcalloc(sc->n_nodes + 1, 1);
    a->static_ending = xcalloc(sc->n_nodes + 1, 1);
    a->reached = xcalloc(sc->n_nodes + 1, 1);
    a->node_paths = xcalloc(sc->n_nodes + 1, sizeof(PathCount));
    Absint A;
    absint_init(&A, sc);
    analyze_static_reach(a, &A);
    analyze_static_endings(a, &A);
    absint_fini(&A);

    /* the walks and the branch and bound are needed only if the search stops
     * at a bound, and nothing it finds changes them: where there is a second
     * core they start now, beside it */
    size_t proof = opt && opt->proof_states > a->max_states ? opt->proof_states : a->max_states;
    Beside *beside =
        beside_start(a, opt && opt->walks ? opt->walks : ANALYZE_DEFAULT_WALKS,
                     proof < UINT32_MAX - 1 ? proof : UINT32_MAX - 1, !(opt && opt->one_thread));
    analyze_search_states(a);
    a->best_exact = a->worst_exact = a->best_pass_exact = a->complete;
    /* a search stopped by the work bound leaves no work for anything after
     * it, as when they followed it */
    beside_finish(beside, a, !a->complete && !a->work_bound);
    analyze_best(a, !(opt && opt->no_scoring_checks), opt && opt->shortest_plays);
    return a;
}

bool analyze_choice_taken(const Analysis *a, size_t node, size_t choice)
{
    return a->priv->choice_ever[a->priv->choice_base[node] + choice];
}

void analyze_free(Analysis *a)
{
    if (!a) {
        return;
    }
    states_free(a->priv);
    free(a->best.choices);
    free(a->best_pass.choices);
    free(a->worst.choices);
    free(a->stuck.choices);
    free(a->no_look.choices);
    for (size_t e = 0; a->err_pass && e < a->sc->n_items[ITEM_ERROR]; e++) {
        free(a->err_pass[e].choices);
    }
    free(a->err_pass);
    free(a->err_pass_exact);
    for (size_t i = 0; i < a->n_blind; i++) {
        free(a->blind[i].choices);
    }
    free(a->blind);
    free(a->static_reach);
    free(a->static_ending);
    free(a->reached);
    free(a->node_paths);
    free(a);
}

/* ---- replay helpers ---------------------------------------------------------- */

const char *analyze_option_token(const Run *r, const Option *o, char *buf, size_t size)
{
    const Node *nd = run_node(r);
    const char *id = o->kind == OPTION_CHOICE ? nd->choices[o->index].id : nd->details[o->index].id;
    bool digits = id[0] != '\0';
    for (const char *p = id; *p && digits; p++) {
        digits = *p >= '0' && *p <= '9';
    }
    if (!digits) {
        snprintf(buf, size, "%s", id);
        return buf;
    }
    size_t n = run_options(r, NULL, 0);
    Option *opts = xmalloc((n + 1) * sizeof(Option));
    run_options(r, opts, n);
    size_t pos = 0;
    for (size_t i = 0; i < n && !pos; i++) {
        if (opts[i].kind == o->kind && opts[i].index == o->index) {
            pos = i + 1;
        }
    }
    free(opts);
    snprintf(buf, size, "%zu", pos);
    return buf;
}

Run *analyze_replay(const Scenario *sc, const char *choices, size_t *failed_at)
{
    Run *r = run_new(sc);
    const char *list = choices ? choices : "";
    char tok[256];
    for (size_t i = 0; run_next_choice(&list, tok, sizeof tok); i++) {
        Option o;
        if (!run_find_option(r, tok, &o) || !run_apply(r, &o)) {
            if (failed_at) {
                *failed_at = i;
            }
            run_free(r);
            return NULL;
        }
    }
    return r;
}
