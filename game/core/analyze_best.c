/* analyze_best.c: the searches aimed at a goal, for when the full state
 * search is cut short. They share one depth-first search (Search): best and
 * worst scores by branch and bound; the scoring checks lint reports (can an
 * attempt pass without looking closer, or while committing an error?); the
 * shortest play-through that ends as a goal asks, breadth first
 * (analyze_shortest), which proves the best and worst ones the shortest;
 * and witness searches, aimed at a scene or a condition the state search
 * never saw (analyze_witness). */
#include "analyze_internal.h"
#include "keyinfo.h"
#include "score.h"

#include <limits.h>
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
    /* per node: some ending can be reached from it (Analysis.static_ending) */
    const bool *can_end;
    /* per indicator (step): the least share of the actions that acting on
     * it (taking it) can cost, in 1/COVER_UNIT actions (bounds_shares):
     * [0] counting the action alone, [1] with the moves after it too; 0 when
     * nothing does, or when a timed event can, which needs no action */
    unsigned long long *ind_share[2], *step_share[2];
    unsigned long long *see_share[2]; /* likewise for noticing an indicator;
                                       * 0 also when some scene shows it in
                                       * plain sight */
    unsigned long long last_slack;    /* what [1] may count too much for the
                                       * last piece of a play (bounds_shares) */
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

/* Shares of an action are counted in 1/COVER_UNIT actions. */
#define COVER_UNIT 720720ull /* divisible by 1..16: most shares are exact */

/* Lowers share[k] to 'units' for each item k in list[0..n) (0: none yet). */
static void share_lower(unsigned long long *share, const size_t *list, size_t n,
                        unsigned long long units)
{
    for (size_t i = 0; i < n; i++) {
        unsigned long long *sh = &share[list[i]];
        *sh = *sh == 0 || units < *sh ? units : *sh;
    }
}

static void share_clear(unsigned long long *share, const size_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        share[list[i]] = 0;
    }
}

/* Does an action with these effects record anything actions_needed counts? */
static size_t fx_units(const Effects *fx)
{
    return fx->n_observe + fx->n_act + fx->n_steps;
}

/* Per node: the fewest choices from it to a scene where some choice or
 * detail records something ('to_work'), or to an ending (analyze_hops_to,
 * every choice and event counted: never too many). The caller frees. */
static size_t *hops_to(const Scenario *sc, bool to_work)
{
    bool *goal = xmalloc(sc->n_nodes + 1);
    for (size_t v = 0; v < sc->n_nodes; v++) {
        const Node *nd = &sc->nodes[v];
        goal[v] = !to_work && nd->is_ending;
        for (size_t i = 0; i < nd->n_choices && to_work && !goal[v]; i++) {
            goal[v] = fx_units(&nd->choices[i].fx) > 0;
        }
        for (size_t i = 0; i < nd->n_details && to_work && !goal[v]; i++) {
            goal[v] = fx_units(&nd->details[i].fx) > 0;
        }
    }
    size_t *hops = analyze_hops_to(sc, NULL, goal, true);
    free(goal);
    return hops;
}

/* Fills the shares of Bounds. A play is a row of actions; cut it after each
 * action that records something actions_needed counts. A piece that starts
 * with a detail is that detail. One that starts with a choice is the choice
 * and the choices after it until the play is again in a scene where
 * something is recorded, at least 1 + hops_to(its target, to work); or, for
 * the last piece, until an ending, at least 1 + hops_to(its target, to an
 * ending), which a deadline event can make 1. Each piece is shared out among
 * the u items its first action lists, so an item's share is at least the
 * least piece / u of any action that records it, and the shares of what a
 * play records add up to at most its actions ([0]: pieces of one action),
 * or to at most its actions + last_slack, the most the last piece can be
 * below its 1 + hops to work ([1]): the pieces' shares add up to the
 * pieces, whatever their u. A choice into a spoke that must be left
 * again costs two actions, not one. */
static void bounds_shares(Bounds *B, const Scenario *sc)
{
    for (int k = 0; k < 2; k++) {
        B->ind_share[k] = xcalloc(B->n_ind, sizeof(unsigned long long));
        B->see_share[k] = xcalloc(B->n_ind, sizeof(unsigned long long));
        B->step_share[k] = xcalloc(B->n_step, sizeof(unsigned long long));
    }
    size_t *work = hops_to(sc, true), *end = hops_to(sc, false);
    B->last_slack = 0;
    for (size_t v = 0; v < sc->n_nodes; v++) {
        const Node *nd = &sc->nodes[v];
        for (size_t i = 0; i < nd->n_choices + nd->n_details; i++) {
            bool choice = i < nd->n_choices;
            const Effects *fx = choice ? &nd->choices[i].fx : &nd->details[i - nd->n_choices].fx;
            size_t units = fx_units(fx);
            if (units == 0) {
                continue;
            }
            unsigned long long piece[2] = {1, 1};
            if (choice) {
                size_t t = nd->choices[i].target, w = work[t], e = end[t];
                /* no more work after it: it can only be the last piece */
                size_t h = w != SIZE_MAX ? w : e != SIZE_MAX ? e : 0;
                piece[1] = 1 + h;
                if (w != SIZE_MAX && e < w && COVER_UNIT * (w - e) > B->last_slack) {
                    B->last_slack = COVER_UNIT * (w - e); /* whole: the piece's, not a share */
                }
            }
            for (int k = 0; k < 2; k++) {
                unsigned long long share = COVER_UNIT * piece[k] / units;
                share_lower(B->see_share[k], fx->observe, fx->n_observe, share);
                share_lower(B->ind_share[k], fx->act, fx->n_act, share);
                share_lower(B->step_share[k], fx->steps, fx->n_steps, share);
            }
        }
    }
    free(work);
    free(end);
    /* what needs no action of its own: a timed event's effects, and what a
     * scene shows in plain sight (entering it is part of another action) */
    for (int k = 0; k < 2; k++) {
        for (size_t e = 0; e < sc->n_events; e++) {
            const Effects *fx = &sc->events[e].fx;
            share_clear(B->see_share[k], fx->observe, fx->n_observe);
            share_clear(B->ind_share[k], fx->act, fx->n_act);
            share_clear(B->step_share[k], fx->steps, fx->n_steps);
        }
        for (size_t v = 0; v < sc->n_nodes; v++) {
            const Node *nd = &sc->nodes[v];
            share_clear(B->see_share[k], nd->plain_sight.ids, nd->plain_sight.n);
            for (size_t t = 0; t < nd->n_variants; t++) {
                share_clear(B->see_share[k], nd->variants[t].plain_sight.ids,
                            nd->variants[t].plain_sight.n);
            }
        }
    }
}

/* Fills the per-node future sets in linear time: one row per strongly
 * connected component of the scene graph (keyinfo.h), merged from successor
 * components first. Tarjan numbers a component after every component it
 * reaches, so increasing ids are a valid order. Events may fire in any scene
 * that is not an ending, so their effects and targets count for each one. */
static void bounds_init(Bounds *B, const Analysis *a, bool details)
{
    const Scenario *sc = a->sc;
    const KeyInfo *ki = sc->keyinfo;
    size_t n = sc->n_nodes, nc = ki->n_scc;
    B->sc = sc;
    B->can_end = a->static_ending;
    B->n_ind = sc->n_items[ITEM_INDICATOR] + 1;
    B->n_step = sc->n_items[ITEM_STEP] + 1;
    B->n_err = sc->n_items[ITEM_ERROR] + 1;
    Bounds C = *B; /* rows per component */
    for (int k = 0; k < 2; k++) {
        C.ind_share[k] = C.see_share[k] = C.step_share[k] = NULL;
    }
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
    bounds_shares(B, sc);
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
    for (int k = 0; k < 2; k++) {
        free(B->ind_share[k]);
        free(B->see_share[k]);
        free(B->step_share[k]);
    }
    free(B->seen);
    free(B->acted);
    free(B->done);
    free(B->erred);
}

/* The score's inputs in the best (optimistic) or worst (pessimistic) case
 * from a state, as score_total takes them. */
typedef struct BoundParts {
    long long ie, it, se, st;
    int time, penalty;
} BoundParts;

/* Optimistic: every indicator some reachable effect acts on is acted on
 * (acting needs a sighting first, which may also come later), every step
 * still to take is taken in order, and the clock stops now. Pessimistic:
 * nothing more is earned, every error still possible is committed and the
 * time part is lost. */
static BoundParts bound_parts(const Bounds *B, const Run *r, bool optimistic)
{
    const Scenario *sc = B->sc;
    size_t node = run_node_index(r);
    bool ended = run_status(r) != RUN_PLAYING;
    BoundParts p = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        long long w = sc->items[ITEM_INDICATOR][i].weight;
        IndicatorMark m = run_indicator(r, i);
        if (optimistic && m != MARK_ACTED && !ended) {
            bool can_see = m == MARK_SEEN || B->seen[node * B->n_ind + i];
            m = can_see && B->acted[node * B->n_ind + i] ? MARK_ACTED : can_see ? MARK_SEEN : m;
        }
        p.it += 100 * w;
        p.ie += score_indicator_credit(m) * w;
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP]; i++) {
        long long w = sc->items[ITEM_STEP][i].weight;
        p.st += 100 * w;
        if (run_step_done(r, i)) {
            p.se += score_step_credit(r, i) * w;
        } else if (optimistic && !ended && B->done[node * B->n_step + i]) {
            p.se += 100 * w;
        }
    }
    int future = 0;
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        int w = sc->items[ITEM_ERROR][i].weight;
        p.penalty += run_error_count(r, i) > 0 ? w : 0;
        future += run_error_count(r, i) == 0 && !ended && B->erred[node * B->n_err + i] ? w : 0;
    }
    if (optimistic) {
        p.time = ended && run_cut_off_by(r) != SCENARIO_NONE
                     ? 0
                     : score_time_points(run_clock(r), sc->time_budget);
    } else {
        p.penalty += future;
    }
    return p;
}

static int parts_total(const BoundParts *p)
{
    return score_total(p->ie, p->it, p->se, p->st, p->time, p->penalty);
}

/* Best (optimistic) or worst (pessimistic) final score from this state. */
static int score_bound(const Bounds *B, const Run *r, bool optimistic)
{
    BoundParts p = bound_parts(B, r, optimistic);
    return parts_total(&p);
}

/* A lower bound on the actions a playing run still needs to end with a
 * score of at least 'target' (at least one: only an action ends a call).
 * An indicator the target cannot do without acting on (even with every
 * other item at its best) needs an action that acts on it, unless it is
 * acted on already; a step the target cannot do without, one that takes
 * it; an indicator not yet noticed, an action that notices it before that.
 * Each such item costs its share (bounds_shares: the least part of an
 * action, and of the moves after it, that any action recording it costs),
 * and the shares of what a play records add up to at most its actions.
 * What needs no action of its own counts nothing. */
static size_t actions_needed(const Bounds *B, const Run *r, int target)
{
    const Scenario *sc = B->sc;
    size_t node = run_node_index(r);
    BoundParts p = bound_parts(B, r, true);
    /* in 1/COVER_UNIT actions, each share rounded down: a lower bound; by
     * pieces of one action [0], and with the moves after them [1] */
    unsigned long long need[2] = {0, 0};
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        long long w = sc->items[ITEM_INDICATOR][i].weight;
        IndicatorMark m = run_indicator(r, i);
        bool can_see = m == MARK_SEEN || B->seen[node * B->n_ind + i];
        if (m == MARK_ACTED || !can_see || !B->acted[node * B->n_ind + i]) {
            continue; /* acted on, or the optimistic bound does not count it acted on */
        }
        BoundParts q = p;
        q.ie -= (score_indicator_credit(MARK_ACTED) - score_indicator_credit(MARK_SEEN)) * w;
        if (parts_total(&q) >= target) {
            continue; /* the target does not need it acted on */
        }
        for (int k = 0; k < 2; k++) {
            need[k] += B->ind_share[k][i];
            /* acting counts only on what an earlier action noticed */
            need[k] += m == MARK_NONE ? B->see_share[k][i] : 0;
        }
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP]; i++) {
        long long w = sc->items[ITEM_STEP][i].weight;
        if (run_step_done(r, i) || !B->done[node * B->n_step + i] || B->step_share[0][i] == 0) {
            continue;
        }
        BoundParts q = p;
        q.se -= 100 * w;
        for (int k = 0; k < 2; k++) {
            need[k] += parts_total(&q) < target ? B->step_share[k][i] : 0;
        }
    }
    need[1] = need[1] > B->last_slack ? need[1] - B->last_slack : 0;
    unsigned long long most = need[1] > need[0] ? need[1] : need[0];
    size_t h = (size_t)((most + COVER_UNIT - 1) / COVER_UNIT);
    return h > 1 ? h : 1;
}

/* A state waiting to be expanded. Its run is a snapshot (run_snap_save) at
 * Search.snaps + slot * snap_bytes; between expansions, stack[i].slot == i. */
typedef struct Pending {
    int bound;      /* branch and bound: its score bound; breadth first: its depth */
    uint32_t trail; /* index into the trail of the action that led here */
    uint32_t slot;
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
    unsigned char *snaps; /* the pending states' runs, one snapshot each */
    size_t snap_bytes, snaps_cap;
    unsigned char *tmp; /* reordering room for the snapshots of one expansion */
    size_t tmp_cap;
    Run *parent, *child; /* the state being expanded, and one of its successors */
    Option *opts;        /* the options of the state being expanded */
    size_t opts_cap;
    int best;
    uint32_t best_trail;
    bool found;
    const struct Witness *w; /* a witness search orders states by it instead */
} Search;

static bool better(const Search *S, int a, int b)
{
    return S->maximize ? a > b : a < b;
}

/* Starts a search of 'a' with bounds 'B' (its goal is set by the caller). */
static void search_init(Search *S, Analysis *a, const Bounds *B)
{
    *S = (Search){0};
    S->a = a;
    S->B = B;
    S->best_trail = NO_STATE;
    S->T.limit = a->max_states;
    S->snap_bytes = run_snap_bytes(a->sc);
    Run *r = run_new(a->sc);
    S->parent = run_clone(r, RUN_CLONE_LEAN);
    S->child = run_clone(r, RUN_CLONE_LEAN);
    run_free(r);
}

/* Queues the state of run 'r' (copied: 'r' may be reused) with 'bound'. */
static void search_queue(Search *S, const Run *r, int bound, uint32_t trail)
{
    if (S->depth == S->cap) {
        S->cap = S->cap ? S->cap * 2 : 256;
        S->stack = xrealloc(S->stack, S->cap * sizeof(Pending));
    }
    if (S->depth == S->snaps_cap) {
        S->snaps_cap = S->snaps_cap ? S->snaps_cap * 2 : 256;
        S->snaps = xrealloc(S->snaps, S->snaps_cap * S->snap_bytes);
    }
    run_snap_save(r, S->snaps + S->depth * S->snap_bytes);
    S->stack[S->depth] = (Pending){bound, trail, (uint32_t)S->depth};
    S->depth++;
}

/* Makes S->parent the run of pending state 'p'. */
static void search_load(Search *S, const Pending *p)
{
    run_snap_load(S->parent, S->snaps + (size_t)p->slot * S->snap_bytes);
}

static int witness_priority(const struct Witness *w, const Run *r);

static void search_push(Search *S, const Run *r, uint32_t trail)
{
    int bound = S->w ? witness_priority(S->w, r) : score_bound(S->B, r, S->maximize);
    search_queue(S, r, bound, trail);
}

/* After sorting stack[first .. depth), moves their snapshots to match
 * (stack[i].slot == i again). */
static void search_reslot(Search *S, size_t first)
{
    size_t n = S->depth - first, sb = S->snap_bytes;
    bool in_place = true;
    for (size_t k = first; k < S->depth && in_place; k++) {
        in_place = S->stack[k].slot == k;
    }
    if (in_place) {
        return;
    }
    if (n > S->tmp_cap) {
        S->tmp_cap = 2 * n;
        S->tmp = xrealloc(S->tmp, S->tmp_cap * sb);
    }
    for (size_t k = first; k < S->depth; k++) {
        memcpy(S->tmp + (k - first) * sb, S->snaps + (size_t)S->stack[k].slot * sb, sb);
        S->stack[k].slot = (uint32_t)k;
    }
    memcpy(S->snaps + first * sb, S->tmp, n * sb);
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

/* Has 'r' committed an error other than 'e'? */
static bool other_error(const Run *r, size_t e)
{
    const Scenario *sc = run_scenario(r);
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        if (i != e && run_error_count(r, i) > 0) {
            return true;
        }
    }
    return false;
}

/* Writes into S->key the key of 'c' for a search whose goal asks for error
 * 'must_err' (SCENARIO_NONE: none), 'alone' if no other may be committed,
 * and returns its length: run_state_key, and whether that error (and
 * another) was committed. A state key sums by weight the
 * errors nothing can read or commit any more, so two runs that committed
 * different errors of one weight share a key; only one of them meets the
 * goal. */
static size_t search_key(Search *S, const Run *c, size_t must_err, bool alone)
{
    size_t len = analyze_state_key(c, &S->key, &S->key_cap, 2);
    if (must_err != SCENARIO_NONE) {
        S->key[len++] = run_error_count(c, must_err) > 0;
    }
    if (alone) { /* and whether another was (merged by weight as well) */
        S->key[len++] = other_error(c, must_err);
    }
    return len;
}

/* Pushes the unseen successors of 'p' (whose run is S->parent), most
 * promising last (on top). */
static void search_expand(Search *S, const Pending *p, size_t max_states, bool *stopped)
{
    const Run *parent = S->parent;
    size_t n = run_options_into(parent, &S->opts, &S->opts_cap);
    analyze_spend_expand(S->a, n);
    Option *opts = S->opts;
    size_t first = S->depth;
    states_note_options(S->a->priv, parent, opts, n);
    for (size_t i = 0; i < n; i++) {
        if (S->g.no_details && opts[i].kind == OPTION_DETAIL) {
            continue;
        }
        Run *c = S->child;
        run_copy_lean(c, parent);
        run_apply(c, &opts[i]);
        states_note_step(S->a, S->a->priv, c);
        size_t len = search_key(S, c, S->g.must_err, false);
        bool is_new = false;
        bool room = S->T.n < max_states && !S->a->work_bound &&
                    analyze_within_memory(
                        S->a, keytable_bytes(&S->T) + S->trail_cap * sizeof(TrailStep), S->depth);
        keytable_find(&S->T, S->key, len, room, &is_new);
        if (!is_new) {
            *stopped = *stopped || !room;
            continue;
        }
        if (S->n_trail == S->trail_cap) {
            S->trail_cap = analyze_grow(S->trail_cap, S->n_trail, 1024, S->T.limit);
            S->trail = xrealloc(S->trail, S->trail_cap * sizeof(TrailStep));
        }
        S->trail[S->n_trail] = (TrailStep){p->trail, analyze_option_code(&opts[i])};
        search_push(S, c, (uint32_t)S->n_trail++);
    }
    qsort(S->stack + first, S->depth - first, sizeof(Pending),
          S->maximize ? cmp_pending_max : cmp_pending_min);
    search_reslot(S, first);
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

/* Frees what a search holds. */
static void search_fini(Search *S)
{
    run_free(S->parent);
    run_free(S->child);
    free(S->snaps);
    free(S->tmp);
    free(S->opts);
    free(S->stack);
    free(S->trail);
    free(S->key);
    keytable_free(&S->T);
}

/* Makes 'out' the play-through 'choices' (taken: freed with 'out'), of
 * 'length' actions, with the score, pass and ending its replay gives. */
static void play_take(const Scenario *sc, AnalyzePlay *out, char *choices, size_t length)
{
    free(out->choices);
    *out = (AnalyzePlay){0};
    out->found = true;
    out->choices = choices;
    out->length = length;
    Run *r = analyze_replay(sc, choices, NULL);
    Score *s = score_compute(r);
    out->score = s->total;
    out->passed = s->passed;
    out->node = run_node_index(r);
    score_free(s);
    run_free(r);
}

/* Can this state still lead to what the goal requires? */
static bool goal_possible(const Search *S, const Run *r)
{
    if (run_status(r) == RUN_PLAYING && !S->B->can_end[run_node_index(r)]) {
        return false; /* no ending, so no score, can come of it */
    }
    size_t e = S->g.must_err;
    if (e == SCENARIO_NONE || run_error_count(r, e) > 0) {
        return true;
    }
    return run_status(r) == RUN_PLAYING && S->B->erred[run_node_index(r) * S->B->n_err + e];
}

/* Finds the best (maximize) or worst ending score among the play-throughs
 * the goal allows, into 'out' (which holds nothing yet; take_found weighs it
 * against what other searches found); returns true if the search finished
 * within the bound (the answer, or that there is none, is then exact). A
 * search that needs a pass stops at the first passing ending it finds. */
static bool search_score(Analysis *a, const Bounds *B, SearchGoal g, AnalyzePlay *out)
{
    Search S;
    search_init(&S, a, B);
    S.g = g;
    S.maximize = g.maximize;
    bool stopped = false;
    Run *start = run_new(a->sc);
    search_push(&S, start, NO_STATE);
    run_free(start);
    int goal = g.maximize ? 100 : 0;
    while (S.depth) {
        Pending p = S.stack[--S.depth];
        bool reached_goal = S.found && (S.best == goal || g.need_pass);
        if (reached_goal || (S.found && !better(&S, p.bound, S.best))) {
            continue;
        }
        search_load(&S, &p);
        const Run *r = S.parent;
        /* a pass needs the pass mark, and a required error costs its penalty */
        int need = g.need_pass ? a->sc->pass_mark : 0;
        if (g.must_err != SCENARIO_NONE && run_error_count(r, g.must_err) == 0) {
            need += a->sc->items[ITEM_ERROR][g.must_err].weight;
        }
        if ((g.need_pass && p.bound < need) || !goal_possible(&S, r)) {
            continue;
        }
        if (run_status(r) == RUN_ENDED) {
            Score *sc = score_compute(r);
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
    }
    if (S.found) {
        size_t length;
        char *choices = trail_choices(a->sc, &S, S.best_trail, &length);
        play_take(a->sc, out, choices, length);
    }
    search_fini(&S);
    return !stopped;
}

/* ---- the fewest actions: breadth first ----------------------------------- */

/* Breadth first, the first play-through found that ends as the goal asks
 * has the fewest actions of any that does: each state is entered once, at
 * its smallest depth (runs with equal keys have equal futures:
 * run_state_key), and states are entered layer by layer. States from which
 * the goal is out of reach (by the score bounds above) are not entered. */

static bool goal_met(const PlayGoal *g, const Run *r)
{
    if (run_status(r) != RUN_ENDED || (g->err_alone && other_error(r, g->must_err)) ||
        (g->must_err != SCENARIO_NONE && run_error_count(r, g->must_err) == 0) ||
        (g->missed && (run_node(r)->ending.outcome != OUTCOME_MISSED || run_n_actions(r) == 0))) {
        return false;
    }
    Score *s = score_compute(r);
    bool met = (g->bound == 0 || s->total == g->score) && (!g->need_pass || s->passed) &&
               (!g->need_fail || !s->passed);
    score_free(s);
    return met;
}

/* Can a play-through from this (playing) run still end as 'g' asks? */
static bool goal_in_reach(const Bounds *B, const PlayGoal *g, const Run *r)
{
    if (!B->can_end[run_node_index(r)]) {
        return false; /* every goal is an ending */
    }
    size_t e = g->must_err;
    if (e != SCENARIO_NONE && run_error_count(r, e) == 0 &&
        !B->erred[run_node_index(r) * B->n_err + e]) {
        return false;
    }
    if (g->err_alone && other_error(r, e)) {
        return false; /* an error once committed stays committed */
    }
    int hi = g->bound > 0 || g->need_pass ? score_bound(B, r, true) : 100;
    if ((g->bound > 0 && hi < g->score) || (g->need_pass && hi < B->sc->pass_mark)) {
        return false;
    }
    return g->bound >= 0 || score_bound(B, r, false) <= g->score;
}

/* Is the breadth-first search still within ANALYZE_MAX_BYTES, counting its
 * key table, its trail and 'runs' queued states, each as a whole run copy
 * (run_state_bytes: more than its snapshot takes, as the other searches
 * count their states)? */
static bool shortest_within_memory(const Search *S, size_t runs)
{
    size_t bytes = keytable_bytes(&S->T) + S->trail_cap * sizeof(TrailStep) +
                   S->cap * sizeof(Pending) + runs * run_state_bytes(S->a->sc);
    return bytes <= ANALYZE_MAX_BYTES;
}

/* Tries each option of 'p' breadth first: queues the new states from which
 * the goal is in reach in fewer than 'known' actions in all (a play-through
 * of that length is known; a state cannot end in fewer than its depth and
 * the actions it still needs). Returns the trail of a
 * successor that meets the goal, or NO_STATE; sets *stopped if a bound left
 * a new state out. */
static uint32_t shortest_expand(Search *S, const PlayGoal *g, const Pending *p, size_t head,
                                size_t known, bool *stopped, size_t *min_cut)
{
    Analysis *a = S->a;
    const Run *parent = S->parent;
    size_t n = run_options_into(parent, &S->opts, &S->opts_cap);
    if (!analyze_spend_expand(a, n)) {
        *stopped = true;
        return NO_STATE;
    }
    Option *opts = S->opts;
    states_note_options(a->priv, parent, opts, n);
    for (size_t i = 0; i < n; i++) {
        Run *c = S->child;
        run_copy_lean(c, parent);
        run_apply(c, &opts[i]);
        states_note_step(a, a->priv, c);
        size_t len = search_key(S, c, g->must_err, g->err_alone);
        bool is_new = false;
        bool room = S->T.n < a->max_states && shortest_within_memory(S, S->depth - head + 1);
        uint32_t id = keytable_find(&S->T, S->key, len, room, &is_new);
        if (!is_new) {
            if (id == NO_STATE) {
                *stopped = true; /* a state left out: nothing after it is proven */
                return NO_STATE;
            }
            continue;
        }
        if (S->n_trail == S->trail_cap) {
            S->trail_cap = analyze_grow(S->trail_cap, S->n_trail, 1024, S->T.limit);
            S->trail = xrealloc(S->trail, S->trail_cap * sizeof(TrailStep));
        }
        uint32_t t = (uint32_t)S->n_trail++;
        S->trail[t] = (TrailStep){p->trail, analyze_option_code(&opts[i])};
        if (goal_met(g, c)) {
            return t;
        }
        size_t depth = (size_t)p->bound + 1; /* a queued state's 'bound' is its depth */
        if (run_status(c) != RUN_PLAYING || !goal_in_reach(S->B, g, c)) {
            continue;
        }
        size_t need = g->bound > 0 ? actions_needed(S->B, c, g->score) : 1;
        if (depth + need >= known) {
            *min_cut = depth + need < *min_cut ? depth + need : *min_cut;
            continue;
        }
        search_queue(S, c, (int)depth, t);
    }
    return NO_STATE;
}

/* One breadth-first search for a play-through of fewer than 'limit'
 * actions that ends as 'g' asks. Returns its --choices (caller frees) and
 * sets *length, or NULL: then *stopped says whether a bound left a state
 * out, and *min_cut is the fewest actions in all that a state left out for
 * the limit would need (SIZE_MAX if none was). */
static char *shortest_probe(Analysis *a, const Bounds *B, const PlayGoal *g, size_t limit,
                            size_t *length, bool *stopped, size_t *min_cut)
{
    Search S;
    search_init(&S, a, B);
    uint32_t found = NO_STATE;
    *stopped = false;
    *min_cut = SIZE_MAX;
    /* the queue is S.stack[head .. S.depth): first in, first out; a queued
     * state's 'bound' is its depth */
    size_t head = 0;
    Run *start = run_new(a->sc);
    if (run_status(start) == RUN_PLAYING && goal_in_reach(B, g, start)) {
        search_queue(&S, start, 0, NO_STATE);
    } /* else no action, no play-through */
    run_free(start);
    while (head < S.depth && found == NO_STATE && !*stopped) {
        Pending p = S.stack[head++];
        search_load(&S, &p);
        found = shortest_expand(&S, g, &p, head, limit, stopped, min_cut);
        if (head >= 4096 && 2 * head >= S.depth) { /* reclaim the queue's consumed front */
            size_t left = S.depth - head;
            memmove(S.stack, S.stack + head, left * sizeof(Pending));
            memmove(S.snaps, S.snaps + head * S.snap_bytes, left * S.snap_bytes);
            for (size_t i = 0; i < left; i++) {
                S.stack[i].slot = (uint32_t)i;
            }
            S.depth -= head;
            head = 0;
        }
    }
    char *choices = found != NO_STATE ? trail_choices(a->sc, &S, found, length) : NULL;
    search_fini(&S);
    return choices;
}

/* A search for the best (or worst) score's shortest play-through keeps
 * only states that can still end in fewer actions than a limit, counting
 * what each still needs (actions_needed); the tighter the limit, the fewer
 * states. So the limit starts at what the start state needs and grows,
 * past the fewest actions some state left out needed, until a search finds
 * a play-through (the shortest: every shorter one was within the limit) or
 * the limit reaches the play-through already known. */
bool analyze_shortest(Analysis *a, const PlayGoal *g, AnalyzePlay *out)
{
    /* 'out', if found, already ends as the goal asks: only shorter ones matter */
    size_t known = out->found ? out->length : SIZE_MAX;
    Bounds B;
    bounds_init(&B, a, true);
    size_t limit = known;
    if (g->bound > 0) {
        Run *start = run_new(a->sc);
        size_t need = run_status(start) == RUN_PLAYING ? actions_needed(&B, start, g->score) : 0;
        limit = need + 1 < known ? need + 1 : known;
        run_free(start);
    }
    bool stopped = false, proven = false;
    size_t step = 1;
    for (;;) {
        size_t length = 0, min_cut;
        char *choices = shortest_probe(a, &B, g, limit, &length, &stopped, &min_cut);
        if (choices) {
            play_take(a->sc, out, choices, length);
            out->shortest = true;
            proven = true;
            break;
        }
        if (stopped) {
            break;
        }
        if (limit >= known || min_cut == SIZE_MAX) {
            /* nothing shorter than the known play-through (or none at all) */
            out->shortest = out->found;
            proven = true;
            break;
        }
        /* a search costs little while the limit is tight and grows fast as
         * it loosens: step up by 1, 2, 4, ... actions */
        size_t next = limit + step > min_cut + 1 ? limit + step : min_cut + 1;
        limit = next < known ? next : known;
        step *= 2;
    }
    bounds_fini(&B);
    return proven;
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

/* When the best play-through passes, it is the best passing one too: makes
 * best_pass a copy of it and returns true. */
static bool best_passes(Analysis *a)
{
    if (!a->best.found || !a->best.passed) {
        return false;
    }
    free(a->best_pass.choices);
    a->best_pass = a->best;
    a->best_pass.choices = xstrdup(a->best.choices);
    a->best_pass_exact = a->best_exact;
    return true;
}

/* Replaces the best, worst and best passing play-throughs, once their
 * scores are proven, by the shortest with the same score (and pass), where
 * a breadth-first search finishes within the bounds. */
static void prove_shortest(Analysis *a)
{
    if (a->best.found && a->best_exact) {
        PlayGoal g = {1, a->best.score, false, false, false, SCENARIO_NONE, false};
        analyze_shortest(a, &g, &a->best);
    }
    if (a->worst.found && a->worst_exact) {
        PlayGoal g = {-1, a->worst.score, false, false, false, SCENARIO_NONE, false};
        analyze_shortest(a, &g, &a->worst);
    }
    if (!best_passes(a) && a->best_pass.found && a->best_pass_exact) {
        PlayGoal g = {1, a->best_pass.score, true, false, false, SCENARIO_NONE, false};
        analyze_shortest(a, &g, &a->best_pass);
    }
}

void analyze_extremes(Analysis *own, Extremes *x)
{
    *x = (Extremes){0};
    Bounds B;
    bounds_init(&B, own, true);
    SearchGoal best = {true, false, false, SCENARIO_NONE};
    SearchGoal worst = {false, false, false, SCENARIO_NONE};
    x->best_exact = search_score(own, &B, best, &x->best);
    x->worst_exact = search_score(own, &B, worst, &x->worst);
    bounds_fini(&B);
}

/* Takes the play-through 'found' by search_score ('exact' if it finished)
 * into 'out', which holds what the state search and the walks found: a
 * proven score replaces it; an unfinished search's only if it is better. */
static void take_found(AnalyzePlay *out, AnalyzePlay *found, bool exact, bool maximize)
{
    bool better = maximize ? found->score > out->score : found->score < out->score;
    if (found->found && (!out->found || exact || better)) {
        free(out->choices);
        *out = *found;
        found->choices = NULL;
    }
    free(found->choices);
    found->choices = NULL;
}

void analyze_extremes_take(Analysis *a, Extremes *x)
{
    take_found(&a->best, &x->best, x->best_exact, true);
    a->best_exact = x->best_exact;
    take_found(&a->worst, &x->worst, x->worst_exact, false);
    a->worst_exact = x->worst_exact;
}

/* ---- witnesses: searches aimed at what the others left unsettled ---------- */

/* When the state search stops at its bound, a condition it never saw true
 * may still hold on some play-through it did not get to. A witness search
 * dives depth first toward the place and the condition: states nearer the
 * scene (fewer choices away, or a timed event's minute with time in hand)
 * and nearer the condition (fewer of its parts still to change) first, each
 * state once, and none from which it can no longer get there
 * (witness_priority). What it finds is a real play-through, so it can only
 * settle "could not prove" the good way. */
typedef struct Witness {
    const Scenario *sc;
    size_t node;          /* the scene where ... */
    const Expr *cond;     /* ... this must hold (NULL: only being there) */
    const Detail *detail; /* ... and this detail be there to examine (or NULL) */
    const size_t *hops;   /* per scene: the fewest choices to 'node' (no events) */
    long long room0;      /* time_left at the start */
    size_t *queue;        /* time_left's room: a queue of scenes, */
    bool *mark;           /* and which are in it */
} Witness;

/* What cond_gap returns for a part that can never again take the value
 * wanted: what was seen, acted on, done, committed, visited or fired stays
 * so, and the clock never goes back. */
#define GAP_NEVER (1LL << 40)

/* Can the int expression 'e' still change? Only the clock moves, and only
 * up: +1 if it can only grow from here, 0 if it is constant, -1 otherwise
 * (a variable, or the clock under a minus or a product). */
static int grows(const Expr *e)
{
    switch (e->op) {
    case EXPR_INT:
        return 0;
    case EXPR_CLOCK:
        return 1;
    case EXPR_ADD: {
        int x = grows(e->a), y = grows(e->b);
        return x < 0 || y < 0 ? -1 : x > y ? x : y;
    }
    case EXPR_SUB:
        return grows(e->b) != 0 ? -1 : grows(e->a);
    default:
        return -1;
    }
}

/* For a comparison that does not hold: can it never hold again, since its
 * left side can only grow against a constant right side (or the reverse)
 * and the comparison needs it smaller? */
static bool compare_never(const Expr *e, bool want)
{
    int ga = grows(e->a), gb = grows(e->b);
    ExprOp op = e->op;
    if (!want) { /* wanting "a < b" false is wanting "a >= b" */
        static const ExprOp negated[] = {
            [EXPR_LT] = EXPR_GE, [EXPR_LE] = EXPR_GT, [EXPR_GT] = EXPR_LE,
            [EXPR_GE] = EXPR_LT, [EXPR_EQ] = EXPR_NE, [EXPR_NE] = EXPR_EQ};
        op = negated[op];
    }
    if (op == EXPR_EQ || op == EXPR_NE) {
        return false;
    }
    bool a_smaller = op == EXPR_LT || op == EXPR_LE; /* needs a to be the smaller */
    return (ga == 1 && gb == 0 && a_smaller) || (ga == 0 && gb == 1 && !a_smaller);
}

/* How far 'e' is from evaluating to 'want' in 'env': 0 when it does; else
 * the parts still to change (both sides of an "and" that must hold, the
 * nearer side of an "or"), and for a comparison the gap, up to 8; GAP_NEVER
 * when what it needs can no longer happen. */
static long long cond_gap(const Expr *e, const ExprEnv *env, bool want)
{
    switch (e->op) {
    case EXPR_NOT:
        return cond_gap(e->a, env, !want);
    case EXPR_AND:
    case EXPR_OR: {
        long long x = cond_gap(e->a, env, want), y = cond_gap(e->b, env, want);
        bool both = (e->op == EXPR_AND) == want;
        long long sum = x + y > GAP_NEVER ? GAP_NEVER : x + y;
        return both ? sum : x < y ? x : y;
    }
    case EXPR_LT:
    case EXPR_LE:
    case EXPR_GT:
    case EXPR_GE:
    case EXPR_EQ:
    case EXPR_NE: {
        if (expr_holds(e, env) == want) {
            return 0;
        }
        if (compare_never(e, want)) {
            return GAP_NEVER;
        }
        if ((e->op == EXPR_EQ) != want && (e->op == EXPR_NE) == want) {
            return 1; /* "not equal" is one change away */
        }
        long long d = llabs((long long)expr_eval(e->a, env) - expr_eval(e->b, env));
        return d < 1 ? 1 : d > 8 ? 8 : d;
    }
    case EXPR_SEEN:
    case EXPR_ACTED:
    case EXPR_DONE:
    case EXPR_ERRED:
    case EXPR_VISITED:
    case EXPR_FIRED: {
        bool holds = expr_holds(e, env);
        return holds == want ? 0 : holds ? GAP_NEVER : 1; /* once true, true for good */
    }
    default:
        return expr_holds(e, env) == want ? 0 : 1;
    }
}

/* The minutes the call could still last, roughly: the details not yet
 * examined and the ways on, in the scenes that can still be reached, each
 * counted once, leaving out what can never be offered again (its condition
 * needs a fact undone or the clock turned back) and the ways that end the
 * call. Along a play-through it does not grow (unless an event moves the
 * call somewhere those ways did not lead), and what it loses is time the
 * call can no longer spend: a scene left for good with details unread, a
 * one-time way given up. */
static long long time_left(const Witness *w, const Run *r, const ExprEnv *env)
{
    const Scenario *sc = w->sc;
    memset(w->mark, 0, sc->n_nodes);
    size_t head = 0, tail = 0, at = run_node_index(r);
    w->queue[tail++] = at;
    w->mark[at] = true;
    long long sum = 0;
    while (head < tail) {
        const Node *nd = &sc->nodes[w->queue[head++]];
        for (size_t i = 0; i < nd->n_details; i++) {
            const Detail *d = &nd->details[i];
            if (!run_examined(r, d) && (!d->cond || cond_gap(d->cond, env, true) < GAP_NEVER)) {
                sum += d->fx.minutes;
            }
        }
        for (size_t i = 0; i < nd->n_choices; i++) {
            const Choice *c = &nd->choices[i];
            if (sc->nodes[c->target].is_ending ||
                (c->cond && cond_gap(c->cond, env, true) >= GAP_NEVER)) {
                continue;
            }
            sum += c->fx.minutes;
            if (!w->mark[c->target]) {
                w->mark[c->target] = true;
                w->queue[tail++] = c->target;
            }
        }
    }
    return sum;
}

/* The most witness searches one analysis makes: each starts with a
 * breadth-first pass over the scene graph (analyze_hops_to), so a large
 * graph with many scenes left unreached must not run one per scene. */
#define WITNESS_MAX_GOALS 64

/* Higher is nearer (the searches keep the highest on top), in minutes, a
 * choice counted as five: fewer choices to the scene and fewer parts of the
 * condition to change. A part that can never change back rules the state
 * out. */
static int witness_priority(const Witness *w, const Run *r)
{
    const Scenario *sc = w->sc;
    ExprEnv env = run_env(r);
    size_t node = run_node_index(r);
    long long d = w->hops[node] == SIZE_MAX ? LLONG_MAX : 5 * (long long)w->hops[node];
    long long lost = -1; /* the time given up so far (below), once needed */
    /* or a timed event that has yet to fire moves the call nearer: after
     * its condition is met and its minute has come. Waiting for the minute
     * is no dead time: every minute the call can no longer spend (time_left)
     * makes the minute less likely to come before an ending, so it counts
     * twice against the state. */
    for (size_t i = 0; i < sc->n_events && !sc->nodes[node].is_ending; i++) {
        const Event *e = &sc->events[i];
        if (e->target == SCENARIO_NONE || w->hops[e->target] == SIZE_MAX || env.fired(env.ctx, i)) {
            continue;
        }
        long long gap = e->cond ? cond_gap(e->cond, &env, true) : 0;
        if (gap >= GAP_NEVER) {
            continue; /* it can no longer fire */
        }
        long long wait = e->at > run_clock(r) ? e->at - run_clock(r) : 0;
        if (wait > 0 && lost < 0) {
            lost = w->room0 - (run_clock(r) + time_left(w, r, &env));
            lost = lost < 0 ? 0 : lost;
        }
        long long via =
            5 * (1 + (long long)w->hops[e->target]) + wait + (wait > 0 ? 2 * lost : 0) + 10 * gap;
        d = via < d ? via : d;
    }
    if (d == LLONG_MAX) {
        return INT_MIN; /* the scene cannot be reached from here */
    }
    long long gap = w->cond ? cond_gap(w->cond, &env, true) : 0;
    if (gap >= GAP_NEVER) {
        return INT_MIN; /* nor the condition be met any more */
    }
    d = (d > 100000 ? 100000 : d) + 10 * gap;
    return (int)-d;
}

/* Sets up 'w' to aim at 'node' (and 'cond', 'detail' there) with 'hops'
 * (hops_to_node); witness_fini frees what it allocates. */
static void witness_init(Witness *w, const Scenario *sc, size_t node, const Expr *cond,
                         const Detail *detail, const size_t *hops)
{
    *w = (Witness){sc,
                   node,
                   cond,
                   detail,
                   hops,
                   0,
                   xmalloc((sc->n_nodes + 1) * sizeof(size_t)),
                   xmalloc(sc->n_nodes + 1)};
    Run *start = run_new(sc);
    ExprEnv env = run_env(start);
    w->room0 = run_clock(start) + time_left(w, start, &env);
    run_free(start);
}

static void witness_fini(Witness *w)
{
    free(w->queue);
    free(w->mark);
}

static bool witness_met(const Witness *w, const Run *r)
{
    if (run_node_index(r) != w->node) {
        return false;
    }
    ExprEnv env = run_env(r);
    return (!w->cond || expr_holds(w->cond, &env)) && (!w->detail || !run_examined(r, w->detail));
}

/* Searches for a play-through to 'w', entering at most 'budget' states;
 * returns how many it entered and sets *found. Every run it makes notes its
 * facts (search_expand), so a witness found is noted where lint reads it. */
static size_t search_witness(Analysis *a, const Witness *w, size_t budget, bool *found)
{
    Search S;
    search_init(&S, a, NULL);
    S.w = w;
    S.maximize = true;
    S.T.limit = budget;
    bool stopped = false;
    *found = false;
    Run *start = run_new(a->sc);
    search_push(&S, start, NO_STATE);
    run_free(start);
    while (S.depth && !*found && !a->work_bound) {
        Pending p = S.stack[--S.depth];
        search_load(&S, &p);
        const Run *r = S.parent;
        *found = witness_met(w, r);
        if (*found || (run_status(r) == RUN_PLAYING && p.bound != INT_MIN)) {
            /* expanding notes its options as offered (a choice's own
             * condition is met where the choice is listed) and what each
             * records, one action on: so where the witness is found, what
             * it offers counts as offered and taken */
            search_expand(&S, &p, budget, &stopped);
        }
    }
    size_t entered = S.T.n;
    search_fini(&S);
    return entered;
}

/* Per scene: the fewest choices to 'node' (events aside: a witness search
 * weighs them itself). The caller frees. */
static size_t *hops_to_node(const Scenario *sc, size_t node)
{
    bool *goal = xcalloc(sc->n_nodes + 1, 1);
    goal[node] = true;
    size_t *hops = analyze_hops_to(sc, NULL, goal, false);
    free(goal);
    return hops;
}

bool analyze_witness(Analysis *a, size_t node, const Expr *cond, const Detail *detail,
                     size_t budget, size_t *entered)
{
    size_t *hops = hops_to_node(a->sc, node);
    Witness w;
    witness_init(&w, a->sc, node, cond, detail, hops);
    bool found;
    size_t n = search_witness(a, &w, budget, &found);
    witness_fini(&w);
    free(hops);
    if (entered) {
        *entered = n;
    }
    return found;
}

/* What the witness searches of one analysis share: the states they may
 * still enter, and the hops to the scene they aim at (one pass over the
 * scene graph per scene, not per condition). */
typedef struct Aim {
    Analysis *a;
    size_t left, per, goals;
    size_t node; /* whose hops are in 'hops' (SIZE_MAX: none yet) */
    size_t *hops;
} Aim;

/* Can the witness searches go on? */
static bool aim_left(const Aim *m)
{
    return m->left > 0 && m->goals < WITNESS_MAX_GOALS && !m->a->work_bound;
}

/* A witness search for scene 'node' with 'cond' (and 'detail') there. */
static void aim_at(Aim *m, size_t node, const Expr *cond, const Detail *detail)
{
    if (!aim_left(m)) {
        return;
    }
    if (m->node != node) {
        free(m->hops);
        m->hops = hops_to_node(m->a->sc, node);
        m->node = node;
    }
    Witness w;
    witness_init(&w, m->a->sc, node, cond, detail, m->hops);
    bool found;
    size_t spent = search_witness(m->a, &w, m->per < m->left ? m->per : m->left, &found) + 1;
    witness_fini(&w);
    m->left = spent < m->left ? m->left - spent : 0; /* + 1: each search costs something */
    m->goals++;
}

/* A witness search for each ending the state search did not reach (that
 * the scene graph does not rule out); with 'conditions', for lint, for each
 * such scene too and each condition it never saw true at a scene reached
 * (what lint_conditions would report as not proven); as long as a budget
 * of 'max_states' states in all lasts. Each checks what the ones before it
 * may have settled. */
static void search_witnesses(Analysis *a, bool conditions)
{
    const Scenario *sc = a->sc;
    const AnalyzeStates *S = a->priv;
    Aim m = {a, a->max_states, a->max_states / 4 + 1, 0, SIZE_MAX, NULL};
    for (size_t n = 0; n < sc->n_nodes && aim_left(&m); n++) {
        const Node *nd = &sc->nodes[n];
        if (!a->reached[n] && a->static_reach[n] && (conditions || nd->is_ending)) {
            aim_at(&m, n, NULL, NULL);
        }
        if (!conditions || !a->reached[n]) {
            continue; /* not asked for, or never evaluated: the scene was not reached */
        }
        for (size_t i = 0; i < nd->n_choices; i++) {
            if (nd->choices[i].cond && !S->choice_ever[S->choice_base[n] + i]) {
                aim_at(&m, n, nd->choices[i].cond, NULL);
            }
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            const Detail *d = &nd->details[i];
            if (d->cond && !S->detail_ever[d->global]) {
                aim_at(&m, n, d->cond, d);
            }
        }
        for (size_t i = 0; i < nd->n_variants; i++) {
            if (nd->variants[i].cond && !S->variant_ever[S->variant_base[n] + i]) {
                aim_at(&m, n, nd->variants[i].cond, NULL);
            }
        }
    }
    free(m.hops);
}

/* Can an attempt pass without looking closer, or while committing an error
 * that neither disqualifies nor has the author's reason to allow it? */
static void search_scoring_checks(Analysis *a, const Bounds *B)
{
    const Scenario *sc = a->sc;
    SearchGoal no_look = {true, true, true, SCENARIO_NONE};
    Bounds looking; /* what can still be recorded without examining a detail */
    bounds_init(&looking, a, false);
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

void analyze_best(Analysis *a, bool scoring_checks, bool shortest)
{
    Bounds B;
    bounds_init(&B, a, true);
    if (!a->complete) {
        if (!best_passes(a)) { /* after the extremes: it depends on them */
            SearchGoal g = {true, true, false, SCENARIO_NONE};
            AnalyzePlay pass = {0};
            a->best_pass_exact = search_score(a, &B, g, &pass);
            take_found(&a->best_pass, &pass, a->best_pass_exact, true);
        }
        search_witnesses(a, scoring_checks);
        shorten_play(a->sc, &a->best);
        shorten_play(a->sc, &a->worst);
        shorten_play(a->sc, &a->best_pass);
        if (shortest) {
            prove_shortest(a);
        }
    }
    if (scoring_checks) {
        search_scoring_checks(a, &B);
        a->scoring_checked = true;
    }
    bounds_fini(&B);
}
