/* analyze_reach.c: an abstract reading of conditions over the declared
 * variables' possible values (intervals; sound, never too small), and the
 * scene graph read with it: which scenes can be reached from the start and
 * which can lead to an ending, before any state is explored. */
#include "analyze_internal.h"
#include "expr.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- abstract values: what a condition can be, given the declared ranges ---- */

static long long sat(long long v)
{
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v;
}

static void widen(Range *r, long long v)
{
    r->lo = v < r->lo ? v : r->lo;
    r->hi = v > r->hi ? v : r->hi;
}

static void absint_effects(Absint *A, const Scenario *sc, const Effects *fx)
{
    for (size_t i = 0; i < fx->n_observe; i++) {
        A->can_seen[fx->observe[i]] = true;
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        A->can_acted[fx->act[i]] = true; /* acting counts only after a sighting */
    }
    for (size_t i = 0; i < fx->n_steps; i++) {
        A->can_done[fx->steps[i]] = true;
    }
    for (size_t i = 0; i < fx->n_errors; i++) {
        A->can_erred[fx->errors[i]] = true;
    }
    for (size_t i = 0; i < fx->n_assign; i++) {
        const Assign *as = &fx->assign[i];
        const Variable *v = &sc->vars[as->var];
        Range *r = &A->var[as->var];
        if (as->op == ASSIGN_SET) {
            widen(r, as->value < v->min ? v->min : as->value > v->max ? v->max : as->value);
        } else if (as->value > 0) {
            widen(r, v->max);
        } else if (as->value < 0) {
            widen(r, v->min);
        }
    }
    if (fx->minutes > 0) {
        A->clock.hi = ANALYZE_CLOCK_MAX;
    }
}

void absint_init(Absint *A, const Scenario *sc)
{
    A->var = xcalloc(sc->n_vars + 1, sizeof(Range));
    for (size_t i = 0; i < sc->n_vars; i++) {
        A->var[i].lo = A->var[i].hi = sc->vars[i].initial;
    }
    A->clock.lo = A->clock.hi = 0;
    A->can_visit = NULL;
    A->can_seen = xcalloc(sc->n_items[ITEM_INDICATOR] + 1, 1);
    A->can_acted = xcalloc(sc->n_items[ITEM_INDICATOR] + 1, 1);
    A->can_done = xcalloc(sc->n_items[ITEM_STEP] + 1, 1);
    A->can_erred = xcalloc(sc->n_items[ITEM_ERROR] + 1, 1);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        for (size_t i = 0; i < nd->plain_sight.n; i++) {
            A->can_seen[nd->plain_sight.ids[i]] = true;
        }
        for (size_t v = 0; v < nd->n_variants; v++) {
            for (size_t i = 0; i < nd->variants[v].plain_sight.n; i++) {
                A->can_seen[nd->variants[v].plain_sight.ids[i]] = true;
            }
        }
        for (size_t i = 0; i < nd->n_choices; i++) {
            absint_effects(A, sc, &nd->choices[i].fx);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            absint_effects(A, sc, &nd->details[i].fx);
        }
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        absint_effects(A, sc, &sc->events[i].fx);
    }
}

void absint_fini(Absint *A)
{
    free(A->var);
    free(A->can_seen);
    free(A->can_acted);
    free(A->can_done);
    free(A->can_erred);
}

static Range rng(long long lo, long long hi)
{
    Range r = {lo, hi};
    return r;
}

static Range flag(bool can)
{
    return rng(0, can ? 1 : 0);
}

static Range compare(ExprOp op, Range a, Range b)
{
    switch (op) {
    case EXPR_LT:
        return a.hi < b.lo ? rng(1, 1) : a.lo >= b.hi ? rng(0, 0) : rng(0, 1);
    case EXPR_LE:
        return a.hi <= b.lo ? rng(1, 1) : a.lo > b.hi ? rng(0, 0) : rng(0, 1);
    case EXPR_GT:
        return compare(EXPR_LT, b, a);
    case EXPR_GE:
        return compare(EXPR_LE, b, a);
    case EXPR_EQ:
        if (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo) {
            return rng(1, 1);
        }
        return (a.hi < b.lo || b.hi < a.lo) ? rng(0, 0) : rng(0, 1);
    default: { /* EXPR_NE */
        Range r = compare(EXPR_EQ, a, b);
        return rng(1 - r.hi, 1 - r.lo);
    }
    }
}

static Range mul(Range a, Range b)
{
    long long c[4] = {sat(a.lo * b.lo), sat(a.lo * b.hi), sat(a.hi * b.lo), sat(a.hi * b.hi)};
    Range r = {c[0], c[0]};
    for (int i = 1; i < 4; i++) {
        widen(&r, c[i]);
    }
    return r;
}

static Range absint_eval(const Absint *A, const Expr *e)
{
    if (!e) {
        return rng(1, 1);
    }
    Range a, b;
    switch (e->op) {
    case EXPR_INT:
        return rng(e->value, e->value);
    case EXPR_VAR:
        return A->var[e->index];
    case EXPR_CLOCK:
        return A->clock;
    case EXPR_SEEN:
        return flag(A->can_seen[e->index]);
    case EXPR_ACTED:
        return flag(A->can_acted[e->index]);
    case EXPR_DONE:
        return flag(A->can_done[e->index]);
    case EXPR_ERRED:
        return flag(A->can_erred[e->index]);
    case EXPR_VISITED:
        return flag(!A->can_visit || A->can_visit[e->index]);
    case EXPR_FIRED:
        return rng(0, 1);
    case EXPR_NOT:
        a = absint_eval(A, e->a);
        return rng(1 - a.hi, 1 - a.lo);
    case EXPR_NEG:
        a = absint_eval(A, e->a);
        return rng(sat(-a.hi), sat(-a.lo));
    case EXPR_AND:
        a = absint_eval(A, e->a);
        b = absint_eval(A, e->b);
        return rng(a.lo && b.lo, a.hi && b.hi);
    case EXPR_OR:
        a = absint_eval(A, e->a);
        b = absint_eval(A, e->b);
        return rng(a.lo || b.lo, a.hi || b.hi);
    default:
        break;
    }
    a = absint_eval(A, e->a);
    b = absint_eval(A, e->b);
    switch (e->op) {
    case EXPR_ADD:
        return rng(sat(a.lo + b.lo), sat(a.hi + b.hi));
    case EXPR_SUB:
        return rng(sat(a.lo - b.hi), sat(a.hi - b.lo));
    case EXPR_MUL:
        return mul(a, b);
    default:
        return compare(e->op, a, b);
    }
}

bool absint_can_hold(const Absint *A, const Expr *e)
{
    return absint_eval(A, e).hi >= 1;
}

/* ---- the scene graph ------------------------------------------------------ */

static bool event_can_fire(const Absint *A, const Event *e)
{
    return e->at <= A->clock.hi && absint_can_hold(A, e->cond);
}

void analyze_static_reach(Analysis *a, const Absint *A)
{
    const Scenario *sc = a->sc;
    size_t *queue = xmalloc((sc->n_nodes + 1) * sizeof(size_t)), head = 0, tail = 0;
    bool events_done = false;
    a->static_reach[sc->start] = true;
    queue[tail++] = sc->start;
    while (head < tail) {
        const Node *nd = &sc->nodes[queue[head++]];
        for (size_t i = 0; i < nd->n_choices; i++) {
            size_t t = nd->choices[i].target;
            if (absint_can_hold(A, nd->choices[i].cond) && !a->static_reach[t]) {
                a->static_reach[t] = true;
                queue[tail++] = t;
            }
        }
        /* events fire after any action in a scene that is not an ending */
        if (!nd->is_ending && !events_done) {
            events_done = true;
            for (size_t i = 0; i < sc->n_events; i++) {
                size_t t = sc->events[i].target;
                if (t != SCENARIO_NONE && event_can_fire(A, &sc->events[i]) &&
                    !a->static_reach[t]) {
                    a->static_reach[t] = true;
                    queue[tail++] = t;
                }
            }
        }
    }
    free(queue);
}

size_t *analyze_hops_to(const Scenario *sc, const Absint *A, const bool *goal, bool events)
{
    size_t n = sc->n_nodes;
    /* predecessors through choices that can be taken, in CSR form */
    size_t *start = xcalloc(n + 2, sizeof *start);
    for (size_t v = 0; v < n; v++) {
        const Node *nd = &sc->nodes[v];
        for (size_t i = 0; i < nd->n_choices; i++) {
            if (!A || absint_can_hold(A, nd->choices[i].cond)) {
                start[nd->choices[i].target + 1]++;
            }
        }
    }
    for (size_t v = 0; v < n; v++) {
        start[v + 1] += start[v];
    }
    size_t *pred = xmalloc((start[n] + 1) * sizeof *pred);
    size_t *fill = xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, start, n * sizeof *fill);
    for (size_t v = 0; v < n; v++) {
        const Node *nd = &sc->nodes[v];
        for (size_t i = 0; i < nd->n_choices; i++) {
            if (!A || absint_can_hold(A, nd->choices[i].cond)) {
                pred[fill[nd->choices[i].target]++] = v;
            }
        }
    }
    size_t *hops = xmalloc((n + 1) * sizeof *hops);
    size_t *queue = fill, head = 0, tail = 0; /* fill is spent: reused */
    for (size_t v = 0; v < n; v++) {
        hops[v] = goal[v] ? 0 : SIZE_MAX;
        if (goal[v]) {
            queue[tail++] = v;
        }
    }
    while (head < tail) { /* breadth first, backwards along the choices */
        size_t t = queue[head++];
        for (size_t k = start[t]; k < start[t + 1]; k++) {
            if (hops[pred[k]] == SIZE_MAX) {
                hops[pred[k]] = hops[t] + 1;
                queue[tail++] = pred[k];
            }
        }
    }
    size_t jump = SIZE_MAX; /* the nearest an event that can fire moves the call */
    for (size_t i = 0; i < sc->n_events && events; i++) {
        const Event *e = &sc->events[i];
        if (e->target != SCENARIO_NONE && (!A || event_can_fire(A, e)) && hops[e->target] < jump) {
            jump = hops[e->target];
        }
    }
    for (size_t v = 0; v < n; v++) {
        hops[v] = !sc->nodes[v].is_ending && jump < hops[v] ? jump : hops[v];
    }
    free(fill);
    free(pred);
    free(start);
    return hops;
}

/* A scene can end the call if it is an ending, if a choice whose condition
 * can hold leads to one that can, or (a rescue) if an event that can fire
 * leads to one that can: then every scene can. So a scene without a way is
 * certainly a trap. Found backwards from the endings over the reversed
 * choice graph, each edge once, so a 100,000-scene chain costs what its
 * edges cost (a forward fixpoint took a pass per scene). */
void analyze_static_endings(Analysis *a, const Absint *A)
{
    const Scenario *sc = a->sc;
    bool *ending = xmalloc(sc->n_nodes + 1);
    for (size_t v = 0; v < sc->n_nodes; v++) {
        ending[v] = sc->nodes[v].is_ending;
    }
    size_t *hops = analyze_hops_to(sc, A, ending, true);
    for (size_t v = 0; v < sc->n_nodes; v++) {
        a->static_ending[v] = hops[v] != SIZE_MAX;
    }
    free(hops);
    free(ending);
}
