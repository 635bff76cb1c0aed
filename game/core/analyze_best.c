/* analyze_best.c: best and worst scores by branch and bound, for when the
 * full state search is cut short, and the scoring checks lint reports (can
 * an attempt pass without looking closer, or while committing an error?). */
#include "analyze_internal.h"
#include "keyinfo.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>

/* ---- best and worst by branch and bound ---------------------------------- */

/* When the full state space is too large, the best (worst) score is still
 * found exactly by a depth-first search that skips any state whose optimistic
 * (pessimistic) bound cannot beat the best (worst) ending found so far. The
 * bounds follow score.c: marks, steps and errors only accumulate and the
 * clock only grows, so each part's best and worst future value is known. */

typedef struct Bounds {
    const Scenario *sc;
    size_t n_ind, n_step, n_err;
    /* per node, what some scene reachable from it (itself included, events
     * too) can still record: [node * n + item] */
    bool *seen, *acted, *done, *erred;
} Bounds;

static void bounds_effects(Bounds *B, size_t from, const Effects *fx)
{
    for (size_t i = 0; i < fx->n_observe; i++) {
        B->seen[from * B->n_ind + fx->observe[i]] = true;
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        B->acted[from * B->n_ind + fx->act[i]] = true;
    }
    for (size_t i = 0; i < fx->n_steps; i++) {
        B->done[from * B->n_step + fx->steps[i]] = true;
    }
    for (size_t i = 0; i < fx->n_errors; i++) {
        B->erred[from * B->n_err + fx->errors[i]] = true;
    }
}

/* ORs row 'src' into row 'dst' of each future set. */
static void bounds_merge(Bounds *B, size_t dst, size_t src)
{
    for (size_t k = 0; k < B->n_ind; k++) {
        B->seen[dst * B->n_ind + k] |= B->seen[src * B->n_ind + k];
        B->acted[dst * B->n_ind + k] |= B->acted[src * B->n_ind + k];
    }
    for (size_t k = 0; k < B->n_step; k++) {
        B->done[dst * B->n_step + k] |= B->done[src * B->n_step + k];
    }
    for (size_t k = 0; k < B->n_err; k++) {
        B->erred[dst * B->n_err + k] |= B->erred[src * B->n_err + k];
    }
}

static void bounds_alloc(Bounds *B, size_t rows)
{
    B->seen = xcalloc(rows * B->n_ind + 1, 1);
    B->acted = xcalloc(rows * B->n_ind + 1, 1);
    B->done = xcalloc(rows * B->n_step + 1, 1);
    B->erred = xcalloc(rows * B->n_err + 1, 1);
}

static void bounds_fini(Bounds *B);

/* Fills the per-node future sets in linear time: one row per strongly
 * connected component of the scene graph (keyinfo.h), merged from successor
 * components first. Tarjan numbers a component after every component it
 * reaches, so increasing ids are a valid order. Events may fire in any scene
 * that is not an ending, so their effects and targets count for each one. */
static void bounds_init(Bounds *B, const Scenario *sc, bool details)
{
    const KeyInfo *ki = sc->keyinfo;
    size_t n = sc->n_nodes, nc = ki->n_scc;
    B->sc = sc;
    B->n_ind = sc->n_items[ITEM_INDICATOR] + 1;
    B->n_step = sc->n_items[ITEM_STEP] + 1;
    B->n_err = sc->n_items[ITEM_ERROR] + 1;
    Bounds C = *B; /* rows per component */
    bounds_alloc(&C, nc);
    for (size_t c = 0; c < nc; c++) {
        for (size_t k = ki->scc_start[c]; k < ki->scc_start[c + 1]; k++) {
            const Node *nd = &sc->nodes[ki->scc_nodes[k]];
            for (size_t i = 0; i < nd->plain_sight.n; i++) {
                C.seen[c * C.n_ind + nd->plain_sight.ids[i]] = true;
            }
            for (size_t v = 0; v < nd->n_variants; v++) {
                for (size_t i = 0; i < nd->variants[v].plain_sight.n; i++) {
                    C.seen[c * C.n_ind + nd->variants[v].plain_sight.ids[i]] = true;
                }
            }
            for (size_t i = 0; details && i < nd->n_details; i++) {
                bounds_effects(&C, c, &nd->details[i].fx);
            }
            for (size_t i = 0; i < nd->n_choices; i++) {
                bounds_effects(&C, c, &nd->choices[i].fx);
                if (ki->scc[nd->choices[i].target] != c) {
                    bounds_merge(&C, c, ki->scc[nd->choices[i].target]);
                }
            }
            for (size_t i = 0; i < sc->n_events && !nd->is_ending; i++) {
                bounds_effects(&C, c, &sc->events[i].fx);
                size_t t = sc->events[i].target;
                if (t != SCENARIO_NONE && ki->scc[t] != c) {
                    bounds_merge(&C, c, ki->scc[t]);
                }
            }
        }
    }
    bounds_alloc(B, n);
    for (size_t v = 0; v < n; v++) {
        size_t c = ki->scc[v];
        memcpy(B->seen + v * B->n_ind, C.seen + c * B->n_ind, B->n_ind);
        memcpy(B->acted + v * B->n_ind, C.acted + c * B->n_ind, B->n_ind);
        memcpy(B->done + v * B->n_step, C.done + c * B->n_step, B->n_step);
        memcpy(B->erred + v * B->n_err, C.erred + c * B->n_err, B->n_err);
    }
    bounds_fini(&C);
}

static void bounds_fini(Bounds *B)
{
    free(B->seen);
    free(B->acted);
    free(B->done);
    free(B->erred);
}

/* Best (optimistic) or worst (pessimistic) final score from this state.
 * Optimistic: every indicator some reachable effect acts on is acted on
 * (acting needs a sighting first, which may also come later), every step
 * still to take is taken in order, and the clock stops now. Pessimistic:
 * nothing more is earned, every error still possible is committed and the
 * time part is lost. */
static int score_bound(const Bounds *B, const Run *r, bool optimistic)
{
    const Scenario *sc = B->sc;
    size_t node = run_node_index(r);
    bool ended = run_status(r) != RUN_PLAYING;
    long long ie = 0, it = 0, se = 0, st = 0;
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        long long w = sc->items[ITEM_INDICATOR][i].weight;
        IndicatorMark m = run_indicator(r, i);
        if (optimistic && m != MARK_ACTED && !ended) {
            bool can_see = m == MARK_SEEN || B->seen[node * B->n_ind + i];
            m = can_see && B->acted[node * B->n_ind + i] ? MARK_ACTED : can_see ? MARK_SEEN : m;
        }
        it += 100 * w;
        ie += score_indicator_credit(m) * w;
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP]; i++) {
        long long w = sc->items[ITEM_STEP][i].weight;
        st += 100 * w;
        if (run_step_done(r, i)) {
            se += score_step_credit(r, i) * w;
        } else if (optimistic && !ended && B->done[node * B->n_step + i]) {
            se += 100 * w;
        }
    }
    int pen = 0, future = 0;
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        int w = sc->items[ITEM_ERROR][i].weight;
        pen += run_error_count(r, i) > 0 ? w : 0;
        future += run_error_count(r, i) == 0 && !ended && B->erred[node * B->n_err + i] ? w : 0;
    }
    int time = 0;
    if (optimistic) {
        time = ended && run_cut_off_by(r) != SCENARIO_NONE
                   ? 0
                   : score_time_points(run_clock(r), sc->time_budget);
    }
    return score_total(ie, it, se, st, time, optimistic ? pen : pen + future);
}

typedef struct Pending {
    Run *run;
    int bound;
    uint32_t trail; /* index into the trail of the action that led here */
} Pending;

typedef struct TrailStep {
    uint32_t parent;
    uint32_t opt; /* analyze_option_code */
} TrailStep;

/* What a search looks for: the best (maximize) or worst ending score, and
 * optionally only among play-throughs that pass, that examine no detail,
 * or that commit error 'must_err'. */
typedef struct SearchGoal {
    bool maximize;
    bool need_pass;
    bool no_details;
    size_t must_err; /* SCENARIO_NONE: any */
} SearchGoal;

typedef struct Search {
    Analysis *a;
    const Bounds *B;
    SearchGoal g;
    bool maximize;
    KeyTable T; /* seen keys */
    Pending *stack;
    size_t depth, cap;
    TrailStep *trail;
    size_t n_trail, trail_cap;
    unsigned char *key;
    size_t key_cap;
    RunPool spare; /* runs already expanded or leading to seen states */
    Option *opts;  /* the options of the state being expanded */
    size_t opts_cap;
    int best;
    uint32_t best_trail;
    bool found;
} Search;

static bool better(const Search *S, int a, int b)
{
    return S->maximize ? a > b : a < b;
}

static void search_push(Search *S, Run *r, uint32_t trail)
{
    if (S->depth == S->cap) {
        S->cap = S->cap ? S->cap * 2 : 256;
        S->stack = xrealloc(S->stack, S->cap * sizeof(Pending));
    }
    S->stack[S->depth++] = (Pending){r, score_bound(S->B, r, S->maximize), trail};
}

static int cmp_pending_max(const void *pa, const void *pb)
{
    const Pending *a = pa, *b = pb;
    return (a->bound > b->bound) - (a->bound < b->bound); /* ascending: best on top */
}

static int cmp_pending_min(const void *pa, const void *pb)
{
    return cmp_pending_max(pb, pa);
}

/* Pushes the unseen successors of 'p', most promising last (on top). */
static void search_expand(Search *S, const Pending *p, size_t max_states, bool *stopped)
{
    size_t n = run_options(p->run, NULL, 0);
    analyze_spend_expand(S->a, n);
    if (n + 1 > S->opts_cap) {
        S->opts_cap = 2 * (n + 1);
        S->opts = xrealloc(S->opts, S->opts_cap * sizeof(Option));
    }
    Option *opts = S->opts;
    run_options(p->run, opts, n);
    size_t first = S->depth;
    for (size_t i = 0; i < n; i++) {
        if (S->g.no_details && opts[i].kind == OPTION_DETAIL) {
            continue;
        }
        Run *c = run_pool_copy(&S->spare, p->run);
        run_apply(c, &opts[i]);
        size_t len = run_state_key(c, S->key, S->key_cap); /* once, unless it did not fit */
        if (len > S->key_cap) {
            S->key_cap = 2 * len;
            S->key = xrealloc(S->key, S->key_cap);
            run_state_key(c, S->key, len);
        }
        bool is_new = false;
        bool room = S->T.n < max_states && !S->a->work_bound &&
                    analyze_within_memory(
                        S->a, keytable_bytes(&S->T) + S->trail_cap * sizeof(TrailStep), S->depth);
        keytable_find(&S->T, S->key, len, room, &is_new);
        if (!is_new) {
            *stopped = *stopped || !room;
            run_pool_drop(&S->spare, c);
            continue;
        }
        if (S->n_trail == S->trail_cap) {
            S->trail_cap = S->trail_cap ? S->trail_cap * 2 : 1024;
            S->trail = xrealloc(S->trail, S->trail_cap * sizeof(TrailStep));
        }
        S->trail[S->n_trail] = (TrailStep){p->trail, analyze_option_code(&opts[i])};
        search_push(S, c, (uint32_t)S->n_trail++);
    }
    qsort(S->stack + first, S->depth - first, sizeof(Pending),
          S->maximize ? cmp_pending_max : cmp_pending_min);
}

static char *trail_choices(const Scenario *sc, const Search *S, uint32_t t, size_t *length)
{
    size_t n = 0;
    for (uint32_t k = t; k != NO_STATE; k = S->trail[k].parent) {
        n++;
    }
    uint32_t *codes = xmalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t k = t, i = (uint32_t)n; k != NO_STATE; k = S->trail[k].parent) {
        codes[--i] = S->trail[k].opt;
    }
    char *out = analyze_codes_choices(sc, codes, n);
    free(codes);
    *length = n;
    return out;
}

/* Can this state still lead to what the goal requires? */
static bool goal_possible(const Search *S, const Run *r)
{
    size_t e = S->g.must_err;
    if (e == SCENARIO_NONE || run_error_count(r, e) > 0) {
        return true;
    }
    return run_status(r) == RUN_PLAYING && S->B->erred[run_node_index(r) * S->B->n_err + e];
}

/* Finds the best (maximize) or worst ending score among the play-throughs
 * the goal allows; returns true if the search finished within the bound
 * (the answer, or that there is none, is then exact). A search that needs
 * a pass stops at the first passing ending it finds. */
static bool search_score(Analysis *a, const Bounds *B, SearchGoal g, AnalyzePlay *out)
{
    Search S = {0};
    S.a = a;
    S.B = B;
    S.g = g;
    S.maximize = g.maximize;
    S.best_trail = NO_STATE;
    bool stopped = false;
    search_push(&S, run_new(a->sc), NO_STATE);
    int goal = g.maximize ? 100 : 0;
    while (S.depth) {
        Pending p = S.stack[--S.depth];
        bool reached_goal = S.found && (S.best == goal || g.need_pass);
        /* a pass needs the pass mark, and a required error costs its penalty */
        int need = g.need_pass ? a->sc->pass_mark : 0;
        if (g.must_err != SCENARIO_NONE && run_error_count(p.run, g.must_err) == 0) {
            need += a->sc->items[ITEM_ERROR][g.must_err].weight;
        }
        if (reached_goal || (S.found && !better(&S, p.bound, S.best)) ||
            (g.need_pass && p.bound < need) || !goal_possible(&S, p.run)) {
            run_pool_drop(&S.spare, p.run);
            continue;
        }
        if (run_status(p.run) == RUN_ENDED) {
            Score *sc = score_compute(p.run);
            bool counts = !g.need_pass || sc->passed;
            if (counts && (!S.found || better(&S, sc->total, S.best))) {
                S.found = true;
                S.best = sc->total;
                S.best_trail = p.trail;
            }
            score_free(sc);
        } else {
            search_expand(&S, &p, a->max_states, &stopped);
        }
        run_pool_drop(&S.spare, p.run);
    }
    /* an unfinished search keeps the sampled play-through if it was better */
    bool improves = !out->found || !stopped || better(&S, S.best, out->score);
    if (S.found && improves) {
        free(out->choices);
        out->found = true;
        out->choices = trail_choices(a->sc, &S, S.best_trail, &out->length);
        Run *r = analyze_replay(a->sc, out->choices, NULL);
        Score *sc = score_compute(r);
        out->score = sc->total;
        out->passed = sc->passed;
        out->node = run_node_index(r);
        score_free(sc);
        run_free(r);
    }
    run_pool_fini(&S.spare);
    free(S.opts);
    free(S.stack);
    free(S.trail);
    free(S.key);
    keytable_free(&S.T);
    return !stopped;
}

/* ---- shorter play-throughs when the search could not prove the shortest ---- */

/* The play-through 'toks[0..n)' without the tokens [skip, skip + w), as a
 * --choices list (caller frees). */
static char *without(char **toks, size_t n, size_t skip, size_t w)
{
    StrBuf out = {0};
    for (size_t i = 0; i < n; i++) {
        if (i < skip || i >= skip + w) {
            analyze_choices_add(&out, toks[i]);
        }
    }
    return strbuf_take(&out);
}

/* Applies tokens toks[from..to) to 'r'; false if one is not available. */
static bool play_tokens(Run *r, char **toks, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        Option o;
        if (!run_find_option(r, toks[i], &o) || !run_apply(r, &o)) {
            return false;
        }
    }
    return true;
}

/* Does 'prefix' followed by toks[from..n) reach an ending with the same
 * score and pass as 'p'? ('prefix' is left as it was.) */
static bool same_result(const Run *prefix, char **toks, size_t from, size_t n, const AnalyzePlay *p)
{
    Run *r = run_clone(prefix, RUN_CLONE_LEAN);
    bool same = false;
    if (play_tokens(r, toks, from, n) && run_status(r) == RUN_ENDED) {
        Score *s = score_compute(r);
        same = s->total == p->score && s->passed == p->passed;
        score_free(s);
    }
    run_free(r);
    return same;
}

/* Replays shorten_play may spend on one play-through, and actions replayed
 * in all (a 25,000-action play-through through a chain of scenes would
 * otherwise cost 4,000 replays of 25,000 actions). */
#define SHORTEN_REPLAYS 4000
#define SHORTEN_ACTIONS 4000000u

/* Removes pointless actions from a play-through the bounded search found:
 * drops any run of up to four consecutive actions (a detour, a loop, a
 * look that changes nothing) as long as the rest still replays to the same
 * score and pass, scanning once per run length, longest first. Greedy, so
 * the result is shorter but not proven the shortest; only a finished search
 * proves that. */
static void shorten_play(const Scenario *sc, AnalyzePlay *p)
{
    if (!p->found) {
        return;
    }
    size_t n = 0, replays = 0;
    char **toks = xmalloc((p->length + 1) * sizeof(char *));
    char tok[256];
    for (const char *list = p->choices;
         run_next_choice(&list, tok, sizeof tok) && n <= p->length;) {
        toks[n++] = xstrdup(tok);
    }
    for (size_t w = 4; w >= 1; w--) {
        /* the actions before the ones left out are the same for every try
         * of this length: 'prefix' has played toks[0..at) */
        Run *prefix = run_new(sc);
        size_t at = 0;
        for (size_t i = 0; i + w <= n && replays < SHORTEN_REPLAYS && replays * n < SHORTEN_ACTIONS;
             replays++) {
            if (!play_tokens(prefix, toks, at, i)) {
                break; /* cannot happen: toks[0..n) replays */
            }
            at = i;
            if (!same_result(prefix, toks, i + w, n, p)) {
                i++;
                continue;
            }
            free(p->choices);
            p->choices = without(toks, n, i, w);
            for (size_t k = i; k < i + w; k++) {
                free(toks[k]);
            }
            memmove(toks + i, toks + i + w, (n - i - w) * sizeof(char *));
            n -= w;
            p->length = n;
        }
        run_free(prefix);
    }
    for (size_t i = 0; i < n; i++) {
        free(toks[i]);
    }
    free(toks);
}

static void search_extremes(Analysis *a, const Bounds *B)
{
    SearchGoal best = {true, false, false, SCENARIO_NONE};
    SearchGoal worst = {false, false, false, SCENARIO_NONE};
    a->best_exact = search_score(a, B, best, &a->best);
    a->worst_exact = search_score(a, B, worst, &a->worst);
    if (a->best.found && a->best.passed) {
        free(a->best_pass.choices);
        a->best_pass = a->best;
        a->best_pass.choices = xstrdup(a->best.choices);
        a->best_pass_exact = a->best_exact;
    } else {
        SearchGoal pass = {true, true, false, SCENARIO_NONE};
        a->best_pass_exact = search_score(a, B, pass, &a->best_pass);
    }
    shorten_play(a->sc, &a->best);
    shorten_play(a->sc, &a->worst);
    shorten_play(a->sc, &a->best_pass);
}

/* Can an attempt pass without looking closer, or while committing an error
 * that neither disqualifies nor has the author's reason to allow it? */
static void search_scoring_checks(Analysis *a, const Bounds *B)
{
    const Scenario *sc = a->sc;
    SearchGoal no_look = {true, true, true, SCENARIO_NONE};
    Bounds looking; /* what can still be recorded without examining a detail */
    bounds_init(&looking, sc, false);
    a->no_look_exact = search_score(a, &looking, no_look, &a->no_look);
    bounds_fini(&looking);
    size_t n = sc->n_items[ITEM_ERROR];
    a->err_pass = xcalloc(n + 1, sizeof(AnalyzePlay));
    a->err_pass_exact = xcalloc(n + 1, sizeof(bool));
    for (size_t e = 0; e < n; e++) {
        const Item *it = &sc->items[ITEM_ERROR][e];
        a->err_pass_exact[e] = true;
        if (!it->disqualifying && !it->why_not_disqualifying &&
            B->erred[sc->start * B->n_err + e]) {
            SearchGoal g = {true, true, false, e};
            a->err_pass_exact[e] = search_score(a, B, g, &a->err_pass[e]);
        }
    }
}

void analyze_best(Analysis *a, bool scoring_checks)
{
    Bounds B;
    bounds_init(&B, a->sc, true);
    if (!a->complete) {
        search_extremes(a, &B);
    }
    if (scoring_checks) {
        search_scoring_checks(a, &B);
        a->scoring_checked = true;
    }
    bounds_fini(&B);
}
