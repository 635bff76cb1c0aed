/* analyze.c: the scene graph, an abstract reading of conditions over the
 * declared variables' possible values, and the memoised exploration of the
 * state space (see analyze.h). Lint findings are in analyze_lint.c.
 * The state graph is explored depth first with an explicit stack (no
 * recursion, whatever the scenario); each state is expanded once, and path
 * counts are summed over the graph in topological order, so a scenario with
 * billions of paths costs what its distinct states cost. */
#include "analyze.h"
#include "keyinfo.h"
#include "strbuf.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "jsonpos.h"
#include "picture.h"
#include "scripts.h"
#include "score.h"

#define NO_STATE UINT32_MAX
/* The engine's clock ceiling (run.c clamps the clock to one week). */
#define ANALYZE_CLOCK_MAX (24 * 60 * 7)

/* A set of possible values, as an interval; for true/false, within 0..1. */
typedef struct Range {
    long long lo, hi;
} Range;

/* What can ever happen, read from the whole file (sound: never too small). */
typedef struct Absint {
    Range *var; /* per variable */
    Range clock;
    bool *can_seen, *can_acted, *can_done, *can_erred;
    const bool *can_visit; /* per node, or NULL = any */
} Absint;

typedef struct Edge {
    uint32_t to;  /* state, or NO_STATE when the bound stopped exploration */
    uint32_t opt; /* option index << 1 | 1 for a detail */
} Edge;

typedef struct StateRec {
    uint64_t key_off;
    uint32_t key_len, hash;
    uint32_t node, edge_start, n_out;
    uint32_t parent, parent_edge, dist; /* shortest path from the start */
    PathCount fwd;                      /* paths from the start */
    int8_t score;                       /* ended states: final score */
    uint8_t status, passed;
    uint8_t color;   /* 0 new, 1 on the stack, 2 done */
    uint8_t loop;    /* target of a back edge: lies on a cycle */
    uint8_t can_end; /* some ending is reachable (computed with cycles only) */
} StateRec;

struct AnalyzeStates {
    unsigned char *keys;
    size_t keys_len, keys_cap;
    StateRec *st;
    size_t n, cap;
    uint32_t *slots;
    size_t n_slots;
    Edge *edges;
    size_t n_edges, edge_cap;
    uint32_t *post; /* states in postorder */
    size_t n_post;
    /* what was ever true in some explored state */
    size_t *choice_base, *variant_base; /* per node: offset into the flat arrays */
    bool *choice_ever, *variant_ever, *detail_ever, *event_fired;
    bool *ind_seen, *ind_acted, *step_done, *step_in_order, *err_done;
};

/* ---- path counts ---------------------------------------------------------- */

static void count_add(PathCount *a, PathCount b)
{
    a->infinite = a->infinite || b.infinite;
    a->saturated = a->saturated || b.saturated;
    if (a->n > UINT64_MAX - b.n) {
        a->n = UINT64_MAX;
        a->saturated = true;
    } else {
        a->n += b.n;
    }
}

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

static void absint_init(Absint *A, const Scenario *sc)
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

static void absint_fini(Absint *A)
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

static bool absint_can_hold(const Absint *A, const Expr *e)
{
    return absint_eval(A, e).hi >= 1;
}

/* ---- the scene graph ------------------------------------------------------ */

static bool event_can_fire(const Absint *A, const Event *e)
{
    return e->at <= A->clock.hi && absint_can_hold(A, e->cond);
}

static void static_reach(Analysis *a, const Absint *A)
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

/* Which scenes can lead to an ending. An event that can fire and leads to an
 * ending counts as a way out of every scene: conservative, so a scene
 * without one is certainly a trap. */
static void static_endings(Analysis *a, const Absint *A)
{
    const Scenario *sc = a->sc;
    bool rescue = false;
    for (size_t n = 0; n < sc->n_nodes; n++) {
        a->static_ending[n] = sc->nodes[n].is_ending;
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < sc->n_events && !rescue; i++) {
            const Event *e = &sc->events[i];
            rescue =
                e->target != SCENARIO_NONE && a->static_ending[e->target] && event_can_fire(A, e);
        }
        for (size_t n = 0; n < sc->n_nodes; n++) {
            const Node *nd = &sc->nodes[n];
            bool ok = a->static_ending[n] || (rescue && !nd->is_ending);
            for (size_t i = 0; i < nd->n_choices && !ok; i++) {
                ok = a->static_ending[nd->choices[i].target] &&
                     absint_can_hold(A, nd->choices[i].cond);
            }
            if (ok && !a->static_ending[n]) {
                a->static_ending[n] = changed = true;
            }
        }
    }
}

/* ---- the state table: key bytes -> state id (open addressing) -------------- */

static uint32_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static void table_grow(AnalyzeStates *S)
{
    size_t n = S->n_slots ? S->n_slots * 2 : 1024;
    uint32_t *slots = xmalloc(n * sizeof(uint32_t));
    memset(slots, 0xff, n * sizeof(uint32_t));
    for (size_t s = 0; s < S->n; s++) {
        size_t i = S->st[s].hash & (n - 1);
        while (slots[i] != NO_STATE) {
            i = (i + 1) & (n - 1);
        }
        slots[i] = (uint32_t)s;
    }
    free(S->slots);
    S->slots = slots;
    S->n_slots = n;
}

/* Finds the state with this key, or adds it (if 'add' and there is room).
 * Sets *is_new. Returns NO_STATE if absent and not added. */
static uint32_t table_find(AnalyzeStates *S, const unsigned char *key, size_t len, bool add,
                           bool *is_new)
{
    *is_new = false;
    if (2 * (S->n + 1) > S->n_slots) {
        table_grow(S);
    }
    uint32_t h = hash_bytes(key, len);
    size_t i = h & (S->n_slots - 1);
    for (; S->slots[i] != NO_STATE; i = (i + 1) & (S->n_slots - 1)) {
        const StateRec *r = &S->st[S->slots[i]];
        if (r->hash == h && r->key_len == len && memcmp(S->keys + r->key_off, key, len) == 0) {
            return S->slots[i];
        }
    }
    if (!add) {
        return NO_STATE;
    }
    if (S->n == S->cap) {
        S->cap = S->cap ? S->cap * 2 : 1024;
        S->st = xrealloc(S->st, S->cap * sizeof(StateRec));
        S->post = xrealloc(S->post, S->cap * sizeof(uint32_t));
    }
    while (S->keys_len + len > S->keys_cap) {
        S->keys_cap = S->keys_cap ? S->keys_cap * 2 : 65536;
        S->keys = xrealloc(S->keys, S->keys_cap);
    }
    memcpy(S->keys + S->keys_len, key, len);
    StateRec *r = &S->st[S->n];
    memset(r, 0, sizeof *r);
    r->key_off = S->keys_len;
    r->key_len = (uint32_t)len;
    r->hash = h;
    r->score = -1;
    r->parent = r->parent_edge = NO_STATE;
    S->keys_len += len;
    S->slots[i] = (uint32_t)S->n;
    *is_new = true;
    return (uint32_t)S->n++;
}

static size_t reserve_edges(AnalyzeStates *S, size_t n)
{
    while (S->n_edges + n > S->edge_cap) {
        S->edge_cap = S->edge_cap ? S->edge_cap * 2 : 4096;
        S->edges = xrealloc(S->edges, S->edge_cap * sizeof(Edge));
    }
    size_t start = S->n_edges;
    for (size_t i = 0; i < n; i++) {
        S->edges[start + i].to = NO_STATE;
    }
    S->n_edges += n;
    return start;
}

/* ---- exploration ------------------------------------------------------------ */

typedef struct Frame {
    uint32_t state;
    Run *run;
    Option *opts;
    size_t n_opts, next;
} Frame;

typedef struct Explorer {
    Analysis *a;
    AnalyzeStates *S;
    Frame *stack;
    size_t depth, stack_cap;
    unsigned char *key;
    size_t key_cap;
} Explorer;

/* Records what this state shows: scenes, marks, available options. */
static void note_facts(Analysis *a, AnalyzeStates *S, const Run *r)
{
    const Scenario *sc = a->sc;
    size_t node = run_node_index(r);
    a->reached[node] = true;
    a->max_clock = run_clock(r) > a->max_clock ? run_clock(r) : a->max_clock;
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        IndicatorMark m = run_indicator(r, i);
        S->ind_seen[i] = S->ind_seen[i] || m != MARK_NONE;
        S->ind_acted[i] = S->ind_acted[i] || m == MARK_ACTED;
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP]; i++) {
        bool done = run_step_done(r, i);
        S->step_done[i] = S->step_done[i] || done;
        S->step_in_order[i] = S->step_in_order[i] || (done && !run_step_out_of_order(r, i));
    }
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        S->err_done[i] = S->err_done[i] || run_error_count(r, i) > 0;
    }
    const Node *nd = &sc->nodes[node];
    ExprEnv env = run_env(r);
    for (size_t i = 0; i < nd->n_variants; i++) {
        bool *ever = &S->variant_ever[S->variant_base[node] + i];
        *ever = *ever || expr_holds(nd->variants[i].cond, &env);
    }
}


/* Is the search still within ANALYZE_MAX_BYTES, counting the state table and
 * the Run copies held by 'depth' stack frames? Sets memory_bound if not. */
static bool within_memory(Analysis *a, const AnalyzeStates *S, size_t depth)
{
    size_t bytes = S->keys_cap + S->cap * (sizeof(StateRec) + sizeof(uint32_t)) +
                   S->n_slots * sizeof(uint32_t) + S->edge_cap * sizeof(Edge) +
                   depth * run_state_bytes(a->sc);
    if (bytes <= ANALYZE_MAX_BYTES) {
        return true;
    }
    a->memory_bound = true;
    return false;
}

static void note_options(AnalyzeStates *S, const Run *r, const Option *opts, size_t n)
{
    const Node *nd = run_node(r);
    for (size_t i = 0; i < n; i++) {
        if (opts[i].kind == OPTION_CHOICE) {
            S->choice_ever[S->choice_base[run_node_index(r)] + opts[i].index] = true;
        } else {
            S->detail_ever[nd->details[opts[i].index].global] = true;
        }
    }
}

static void note_state(Explorer *X, uint32_t id, const Run *r)
{
    note_facts(X->a, X->S, r);
    size_t node = run_node_index(r);
    StateRec *rec = &X->S->st[id];
    rec->node = (uint32_t)node;
    rec->status = (uint8_t)run_status(r);
    if (run_status(r) == RUN_ENDED) {
        Score *s = score_compute(r);
        rec->score = (int8_t)s->total;
        rec->passed = s->passed;
        score_free(s);
    }
}

static void push(Explorer *X, uint32_t id, Run *r)
{
    note_state(X, id, r);
    AnalyzeStates *S = X->S;
    Frame f = {id, r, NULL, 0, 0};
    f.n_opts = run_options(r, NULL, 0);
    if (f.n_opts) {
        f.opts = xmalloc(f.n_opts * sizeof(Option));
        run_options(r, f.opts, f.n_opts);
    }
    note_options(S, r, f.opts, f.n_opts);
    S->st[id].edge_start = (uint32_t)reserve_edges(S, f.n_opts);
    S->st[id].n_out = (uint32_t)f.n_opts;
    S->st[id].color = 1; /* on the stack */
    if (X->depth == X->stack_cap) {
        X->stack_cap = X->stack_cap ? X->stack_cap * 2 : 256;
        X->stack = xrealloc(X->stack, X->stack_cap * sizeof(Frame));
    }
    X->stack[X->depth++] = f;
}

static uint32_t state_of(Explorer *X, const Run *r, bool add, bool *is_new)
{
    size_t len = run_state_key(r, NULL, 0);
    if (len > X->key_cap) {
        X->key_cap = len * 2;
        X->key = xrealloc(X->key, X->key_cap);
    }
    run_state_key(r, X->key, len);
    return table_find(X->S, X->key, len, add, is_new);
}

/* Keeps a finding if option 'o' acts on an indicator not noticed in 'r'
 * (the path to it is filled in after the exploration). */
static void note_blind(Analysis *a, uint32_t state, const Run *r, const Option *o)
{
    const Node *nd = run_node(r);
    const Effects *fx =
        o->kind == OPTION_CHOICE ? &nd->choices[o->index].fx : &nd->details[o->index].fx;
    for (size_t i = 0; i < fx->n_act && a->n_blind < ANALYZE_MAX_BLIND; i++) {
        size_t k = fx->act[i];
        if (run_indicator(r, k) != MARK_NONE) {
            continue;
        }
        bool known = false;
        for (size_t j = 0; j < a->n_blind && !known; j++) {
            const AnalyzeBlind *b = &a->blind[j];
            known = b->node == run_node_index(r) && b->kind == o->kind && b->index == o->index &&
                    b->indicator == k;
        }
        if (!known) {
            if (!a->blind) {
                a->blind = xcalloc(ANALYZE_MAX_BLIND, sizeof(AnalyzeBlind));
            }
            a->blind[a->n_blind++] =
                (AnalyzeBlind){run_node_index(r), o->kind, o->index, k, NULL, state};
        }
    }
}

/* Takes the next option of the top frame. */
static void step(Explorer *X)
{
    Frame *f = &X->stack[X->depth - 1];
    AnalyzeStates *S = X->S;
    size_t e = S->st[f->state].edge_start + f->next;
    const Option *o = &f->opts[f->next++];
    note_blind(X->a, f->state, f->run, o);
    S->edges[e].opt = (uint32_t)(o->index << 1 | (o->kind == OPTION_DETAIL));
    Run *c = run_clone(f->run, RUN_CLONE_STATE_ONLY);
    run_apply(c, o);
    size_t n_hist;
    const Action *h = run_history(c, &n_hist);
    for (size_t i = 0; i < n_hist; i++) {
        if (h[i].kind == ACTION_EVENT) {
            S->event_fired[h[i].index] = true;
        }
    }
    bool is_new;
    bool room = S->n < X->a->max_states && within_memory(X->a, S, X->depth);
    uint32_t id = state_of(X, c, room, &is_new);
    S->edges[e].to = id;
    if (id == NO_STATE) {
        X->a->complete = false;
        run_free(c);
        return;
    }
    if (!is_new) {
        if (S->st[id].color == 1) {
            S->st[id].loop = 1; /* a back edge: 'id' lies on a cycle */
            X->a->cyclic = true;
        }
        run_free(c);
        return;
    }
    push(X, id, c);
}

static void explore(Explorer *X)
{
    bool is_new;
    Run *r = run_new(X->a->sc);
    uint32_t id = state_of(X, r, true, &is_new);
    push(X, id, r);
    while (X->depth) {
        Frame *f = &X->stack[X->depth - 1];
        if (f->next < f->n_opts) {
            step(X);
            continue;
        }
        X->S->st[f->state].color = 2;
        X->S->post[X->S->n_post++] = f->state;
        run_free(f->run);
        free(f->opts);
        X->depth--;
    }
    free(X->stack);
    free(X->key);
}

/* ---- passes over the explored graph -------------------------------------- */

/* Paths from the start to every state, in reverse postorder (a topological
 * order once back edges are left out). A state after a cycle has infinitely
 * many paths: every cycle holds a back edge whose target lies on it. */
static void count_paths(Analysis *a, AnalyzeStates *S)
{
    uint32_t *order_of = xmalloc((S->n + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < S->n_post; i++) {
        order_of[S->post[i]] = (uint32_t)i;
    }
    for (size_t s = 0; s < S->n; s++) {
        S->st[s].fwd = (PathCount){0, false, S->st[s].loop != 0};
    }
    S->st[0].fwd.n = 1;
    for (size_t k = S->n_post; k-- > 0;) {
        StateRec *r = &S->st[S->post[k]];
        for (uint32_t j = 0; j < r->n_out; j++) {
            uint32_t t = S->edges[r->edge_start + j].to;
            if (t != NO_STATE && order_of[t] < k) { /* not a back edge */
                count_add(&S->st[t].fwd, r->fwd);
            }
        }
    }
    free(order_of);
    for (size_t s = 0; s < S->n; s++) {
        const StateRec *r = &S->st[s];
        if (r->status == RUN_ENDED) {
            a->n_ending_states++;
            count_add(&a->node_paths[r->node], r->fwd);
            count_add(&a->paths, r->fwd);
            count_add(&a->by_score[r->score], r->fwd);
        } else if (r->status == RUN_STUCK) {
            count_add(&a->stuck_paths, r->fwd);
        }
    }
}

/* Shortest action counts from the start (breadth first), for short replays. */
static void shortest_paths(AnalyzeStates *S)
{
    uint32_t *queue = xmalloc((S->n + 1) * sizeof(uint32_t));
    size_t head = 0, tail = 0;
    for (size_t s = 0; s < S->n; s++) {
        S->st[s].dist = UINT32_MAX;
    }
    S->st[0].dist = 0;
    queue[tail++] = 0;
    while (head < tail) {
        uint32_t s = queue[head++];
        const StateRec *r = &S->st[s];
        for (uint32_t j = 0; j < r->n_out; j++) {
            uint32_t t = S->edges[r->edge_start + j].to;
            if (t != NO_STATE && S->st[t].dist == UINT32_MAX) {
                S->st[t].dist = r->dist + 1;
                S->st[t].parent = s;
                S->st[t].parent_edge = r->edge_start + j;
                queue[tail++] = t;
            }
        }
    }
    free(queue);
}

/* States from which an ending can be reached (only needed with cycles:
 * without them every path ends in an ending or a stuck scene). */
static void mark_can_end(AnalyzeStates *S)
{
    uint32_t *indeg = xcalloc(S->n + 1, sizeof(uint32_t));
    for (size_t e = 0; e < S->n_edges; e++) {
        if (S->edges[e].to != NO_STATE) {
            indeg[S->edges[e].to]++;
        }
    }
    uint32_t *start = xmalloc((S->n + 1) * sizeof(uint32_t)), sum = 0;
    for (size_t s = 0; s < S->n; s++) {
        start[s] = sum;
        sum += indeg[s];
        indeg[s] = 0;
    }
    start[S->n] = sum;
    uint32_t *from = xmalloc((sum + 1) * sizeof(uint32_t));
    for (size_t s = 0; s < S->n; s++) {
        for (uint32_t j = 0; j < S->st[s].n_out; j++) {
            uint32_t t = S->edges[S->st[s].edge_start + j].to;
            if (t != NO_STATE) {
                from[start[t] + indeg[t]++] = (uint32_t)s;
            }
        }
    }
    uint32_t *queue = xmalloc((S->n + 1) * sizeof(uint32_t));
    size_t head = 0, tail = 0;
    for (size_t s = 0; s < S->n; s++) {
        if (S->st[s].status == RUN_ENDED) {
            S->st[s].can_end = 1;
            queue[tail++] = (uint32_t)s;
        }
    }
    while (head < tail) {
        uint32_t t = queue[head++];
        for (uint32_t k = start[t]; k < start[t + 1]; k++) {
            if (!S->st[from[k]].can_end) {
                S->st[from[k]].can_end = 1;
                queue[tail++] = from[k];
            }
        }
    }
    free(queue);
    free(from);
    free(start);
    free(indeg);
}

/* The replayable --choices string for the shortest path to state 's'. */
static char *analyze_state_choices(const Analysis *a, uint32_t s, size_t *length)
{
    AnalyzeStates *S = a->priv;
    size_t n = 0;
    for (uint32_t t = s; S->st[t].parent != NO_STATE; t = S->st[t].parent) {
        n++;
    }
    uint32_t *edges = xmalloc((n + 1) * sizeof(uint32_t));
    size_t k = n;
    for (uint32_t t = s; S->st[t].parent != NO_STATE; t = S->st[t].parent) {
        edges[--k] = S->st[t].parent_edge;
    }
    Run *r = run_new(a->sc);
    size_t len = 0, cap = 64;
    char *out = xmalloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        uint32_t opt = S->edges[edges[i]].opt;
        Option o = {(opt & 1) ? OPTION_DETAIL : OPTION_CHOICE, opt >> 1, NULL, NULL, 0};
        char tok[64];
        analyze_option_token(r, &o, tok, sizeof tok);
        size_t tl = strlen(tok);
        while (len + tl + 2 > cap) {
            cap *= 2;
            out = xrealloc(out, cap);
        }
        if (i) {
            out[len++] = ',';
        }
        memcpy(out + len, tok, tl + 1);
        len += tl;
        run_apply(r, &o);
    }
    run_free(r);
    free(edges);
    if (length) {
        *length = n;
    }
    return out;
}

static void set_play(Analysis *a, AnalyzePlay *p, uint32_t s)
{
    const StateRec *r = &a->priv->st[s];
    p->found = true;
    p->score = r->score;
    p->passed = r->passed;
    p->node = r->node;
    p->choices = analyze_state_choices(a, s, &p->length);
}

static void pick_plays(Analysis *a, AnalyzeStates *S)
{
    uint32_t best = NO_STATE, worst = NO_STATE, stuck = NO_STATE, pass = NO_STATE;
    for (uint32_t s = 0; s < S->n; s++) {
        const StateRec *r = &S->st[s];
        if (r->status == RUN_STUCK && (stuck == NO_STATE || r->dist < S->st[stuck].dist)) {
            stuck = s;
        }
        if (r->status != RUN_ENDED) {
            continue;
        }
        if (best == NO_STATE || r->score > S->st[best].score ||
            (r->score == S->st[best].score && r->dist < S->st[best].dist)) {
            best = s;
        }
        /* the best score may not pass (a "missed" ending, a disqualifying
         * error): whether anyone can pass is a question of its own */
        if (r->passed && (pass == NO_STATE || r->score > S->st[pass].score ||
                          (r->score == S->st[pass].score && r->dist < S->st[pass].dist))) {
            pass = s;
        }
        if (worst == NO_STATE || r->score < S->st[worst].score ||
            (r->score == S->st[worst].score && r->dist < S->st[worst].dist)) {
            worst = s;
        }
    }
    if (best != NO_STATE) {
        set_play(a, &a->best, best);
        set_play(a, &a->worst, worst);
    }
    if (pass != NO_STATE) {
        set_play(a, &a->best_pass, pass);
    }
    if (stuck != NO_STATE) {
        set_play(a, &a->stuck, stuck);
        a->stuck.score = -1;
    }
}

static void states_init(AnalyzeStates *S, const Scenario *sc)
{
    size_t nc = 0, nv = 0;
    S->choice_base = xmalloc((sc->n_nodes + 1) * sizeof(size_t));
    S->variant_base = xmalloc((sc->n_nodes + 1) * sizeof(size_t));
    for (size_t n = 0; n < sc->n_nodes; n++) {
        S->choice_base[n] = nc;
        S->variant_base[n] = nv;
        nc += sc->nodes[n].n_choices;
        nv += sc->nodes[n].n_variants;
    }
    S->choice_ever = xcalloc(nc + 1, 1);
    S->variant_ever = xcalloc(nv + 1, 1);
    S->detail_ever = xcalloc(sc->n_details_total + 1, 1);
    S->event_fired = xcalloc(sc->n_events + 1, 1);
    S->ind_seen = xcalloc(sc->n_items[ITEM_INDICATOR] + 1, 1);
    S->ind_acted = xcalloc(sc->n_items[ITEM_INDICATOR] + 1, 1);
    S->step_done = xcalloc(sc->n_items[ITEM_STEP] + 1, 1);
    S->step_in_order = xcalloc(sc->n_items[ITEM_STEP] + 1, 1);
    S->err_done = xcalloc(sc->n_items[ITEM_ERROR] + 1, 1);
}

/* ---- sampling: random play-throughs when the bound stops the search ---- */

/* Witnesses found by sampling are real (a replayable play-through), so they
 * can only remove "never" findings, never add wrong ones. */
#define WALK_MAX_ACTIONS 5000

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Appends one token to a --choices list. */
static void choices_add(StrBuf *s, const char *tok)
{
    strbuf_printf(s, "%s%s", s->len ? "," : "", tok);
}

static void keep_play(AnalyzePlay *p, const Run *r, const StrBuf *path, size_t length, int score,
                      bool passed)
{
    free(p->choices);
    p->found = true;
    p->score = score;
    p->passed = passed;
    p->node = run_node_index(r);
    p->length = length;
    p->choices = xstrdup(strbuf_str(path));
}

static void walk_end(Analysis *a, const Run *r, const StrBuf *path, size_t length)
{
    size_t n_hist;
    const Action *h = run_history(r, &n_hist);
    for (size_t i = 0; i < n_hist; i++) {
        if (h[i].kind == ACTION_EVENT) {
            a->priv->event_fired[h[i].index] = true;
        }
    }
    if (run_status(r) == RUN_STUCK && !a->stuck.found) {
        keep_play(&a->stuck, r, path, length, -1, false);
    }
    if (run_status(r) != RUN_ENDED) {
        return;
    }
    Score *s = score_compute(r);
    AnalyzePlay *b = &a->best, *w = &a->worst;
    if (!b->found || s->total > b->score || (s->total == b->score && length < b->length)) {
        keep_play(b, r, path, length, s->total, s->passed);
    }
    if (!w->found || s->total < w->score || (s->total == w->score && length < w->length)) {
        keep_play(w, r, path, length, s->total, s->passed);
    }
    score_free(s);
}

static void walk_once(Analysis *a, uint64_t *seed, StrBuf *path, Option **opts, size_t *cap)
{
    Run *r = run_new(a->sc);
    size_t k = 0;
    strbuf_clear(path);
    note_facts(a, a->priv, r);
    for (; k < WALK_MAX_ACTIONS && run_status(r) == RUN_PLAYING; k++) {
        size_t n = run_options(r, NULL, 0);
        if (n > *cap) {
            *cap = n * 2;
            *opts = xrealloc(*opts, *cap * sizeof(Option));
        }
        run_options(r, *opts, n);
        note_options(a->priv, r, *opts, n);
        Option o = (*opts)[splitmix(seed) % n];
        char tok[64];
        choices_add(path, analyze_option_token(r, &o, tok, sizeof tok));
        run_apply(r, &o);
        note_facts(a, a->priv, r);
    }
    walk_end(a, r, path, k);
    run_free(r);
}

static void sample_walks(Analysis *a, size_t n_walks)
{
    uint64_t seed = 0x5eed;
    StrBuf path = {0};
    Option *opts = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < n_walks; i++) {
        walk_once(a, &seed, &path, &opts, &cap);
    }
    a->n_walks = n_walks;
    free(opts);
    strbuf_free(&path);
}

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
    Option opt;
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
    AnalyzeStates T; /* seen keys */
    Pending *stack;
    size_t depth, cap;
    TrailStep *trail;
    size_t n_trail, trail_cap;
    unsigned char *key;
    size_t key_cap;
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
    Option *opts = xmalloc((n + 1) * sizeof(Option));
    run_options(p->run, opts, n);
    size_t first = S->depth;
    for (size_t i = 0; i < n; i++) {
        if (S->g.no_details && opts[i].kind == OPTION_DETAIL) {
            continue;
        }
        Run *c = run_clone(p->run, RUN_CLONE_STATE_ONLY);
        run_apply(c, &opts[i]);
        size_t len = run_state_key(c, NULL, 0);
        if (len > S->key_cap) {
            S->key_cap = 2 * len;
            S->key = xrealloc(S->key, S->key_cap);
        }
        run_state_key(c, S->key, len);
        bool is_new = false;
        bool room = S->T.n < max_states && within_memory(S->a, &S->T, S->depth);
        table_find(&S->T, S->key, len, room, &is_new);
        if (!is_new) {
            *stopped = *stopped || !room;
            run_free(c);
            continue;
        }
        if (S->n_trail == S->trail_cap) {
            S->trail_cap = S->trail_cap ? S->trail_cap * 2 : 1024;
            S->trail = xrealloc(S->trail, S->trail_cap * sizeof(TrailStep));
        }
        S->trail[S->n_trail] = (TrailStep){p->trail, opts[i]};
        search_push(S, c, (uint32_t)S->n_trail++);
    }
    qsort(S->stack + first, S->depth - first, sizeof(Pending),
          S->maximize ? cmp_pending_max : cmp_pending_min);
    free(opts);
}

static char *trail_choices(const Scenario *sc, const Search *S, uint32_t t, size_t *length)
{
    size_t n = 0;
    for (uint32_t k = t; k != NO_STATE; k = S->trail[k].parent) {
        n++;
    }
    uint32_t *seq = xmalloc((n + 1) * sizeof(uint32_t));
    for (uint32_t k = t, i = (uint32_t)n; k != NO_STATE; k = S->trail[k].parent) {
        seq[--i] = k;
    }
    Run *r = run_new(sc);
    StrBuf out = {0};
    for (size_t i = 0; i < n; i++) {
        char tok[64];
        choices_add(&out, analyze_option_token(r, &S->trail[seq[i]].opt, tok, sizeof tok));
        run_apply(r, &S->trail[seq[i]].opt);
    }
    run_free(r);
    free(seq);
    *length = n;
    return strbuf_take(&out);
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
            run_free(p.run);
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
        run_free(p.run);
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
    free(S.stack);
    free(S.trail);
    free(S.key);
    free(S.T.keys);
    free(S.T.st);
    free(S.T.slots);
    free(S.T.post);
    return !stopped;
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

/* Fills in the way to each blind action found while exploring. */
static void blind_paths(Analysis *a)
{
    for (size_t i = 0; i < a->n_blind; i++) {
        AnalyzeBlind *b = &a->blind[i];
        size_t len;
        char *path = analyze_state_choices(a, b->via_state, &len);
        Run *r = analyze_replay(a->sc, path, NULL);
        StrBuf out = {0};
        strbuf_printf(&out, "%s", path);
        if (r) {
            const Node *nd = run_node(r);
            Option o = {b->kind, b->index, NULL, NULL, 0};
            o.id = b->kind == OPTION_CHOICE ? nd->choices[b->index].id : nd->details[b->index].id;
            char tok[64];
            choices_add(&out, analyze_option_token(r, &o, tok, sizeof tok));
            run_free(r);
        }
        free(path);
        b->choices = strbuf_take(&out);
    }
}

Analysis *analyze_new(const Scenario *sc, const AnalyzeOptions *opt)
{
    Analysis *a = xcalloc(1, sizeof *a);
    a->sc = sc;
    a->max_states = opt && opt->max_states ? opt->max_states : ANALYZE_DEFAULT_MAX_STATES;
    if (a->max_states > UINT32_MAX - 1) {
        a->max_states = UINT32_MAX - 1;
    }
    a->complete = true;
    a->static_reach = xcalloc(sc->n_nodes + 1, 1);
    a->static_ending = xcalloc(sc->n_nodes + 1, 1);
    a->reached = xcalloc(sc->n_nodes + 1, 1);
    a->node_paths = xcalloc(sc->n_nodes + 1, sizeof(PathCount));
    Absint A;
    absint_init(&A, sc);
    static_reach(a, &A);
    static_endings(a, &A);
    absint_fini(&A);

    AnalyzeStates *S = a->priv = xcalloc(1, sizeof *S);
    states_init(S, sc);
    Explorer X = {a, S, NULL, 0, 0, NULL, 0};
    explore(&X);
    a->n_states = S->n;
    a->n_edges = S->n_edges;
    count_paths(a, S);
    shortest_paths(S);
    if (a->cyclic) {
        mark_can_end(S);
    }
    pick_plays(a, S);
    blind_paths(a);
    a->best_exact = a->worst_exact = a->best_pass_exact = a->complete;
    Bounds B;
    bounds_init(&B, sc, true);
    if (!a->complete) {
        sample_walks(a, opt && opt->walks ? opt->walks : ANALYZE_DEFAULT_WALKS);
        search_extremes(a, &B);
    }
    if (!(opt && opt->no_scoring_checks)) {
        search_scoring_checks(a, &B);
        a->scoring_checked = true;
    }
    bounds_fini(&B);
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
    AnalyzeStates *S = a->priv;
    if (S) {
        free(S->keys);
        free(S->st);
        free(S->slots);
        free(S->edges);
        free(S->post);
        free(S->choice_base);
        free(S->variant_base);
        free(S->choice_ever);
        free(S->variant_ever);
        free(S->detail_ever);
        free(S->event_fired);
        free(S->ind_seen);
        free(S->ind_acted);
        free(S->step_done);
        free(S->step_in_order);
        free(S->err_done);
        free(S);
    }
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

/* ==== lint: authoring findings ============================================= */

typedef struct Lint {
    const Analysis *a;
    const Scenario *sc;
    const AnalyzeStates *S;
    const char *text;
    size_t len;
    DiagList *dl;
    Absint A;
    JsonPosCache *cache;
} Lint;

static void lint_at(Lint *L, DiagLevel level, DiagCode code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void lint_at(Lint *L, DiagLevel level, DiagCode code, const char *path, const char *fmt, ...)
{
    int line = 0, col = 0;
    if (L->text) {
        size_t off = jsonpos_find(L->text, L->len, path, L->cache);
        jsonpos_line_col(L->text, L->len, off, &line, &col, L->cache);
    }
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(L->dl, level, code, L->sc->file, line, col, path, "%s", msg);
}

/* The JSON string at 'path' as written (escapes kept), shortened to fit. */
static const char *source_string(const Lint *L, const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!L->text) {
        return buf;
    }
    size_t off = jsonpos_find(L->text, L->len, path, L->cache), n = 0;
    if (off >= L->len || L->text[off] != '"') {
        return buf;
    }
    for (size_t i = off + 1; i < L->len && L->text[i] != '"' && n + 4 < size; i++) {
        if (L->text[i] == '\\' && i + 1 < L->len) {
            buf[n++] = L->text[i++];
        }
        buf[n++] = L->text[i];
    }
    if (n + 4 >= size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/* "a,b,c" shortened for a message. */
static const char *short_choices(const char *choices, char *buf, size_t size)
{
    size_t n = strlen(choices);
    if (n < size) {
        memcpy(buf, choices, n + 1);
    } else {
        snprintf(buf, size, "%.*s...", (int)(size - 4), choices);
    }
    return buf;
}

static bool is_json_elem(const Lint *L, const char *parent, const char *path)
{
    return L->text && jsonpos_find(L->text, L->len, path, L->cache) !=
                          jsonpos_find(L->text, L->len, parent, L->cache);
}

/* ---- why a condition can never hold ---- */

typedef struct Reasons {
    char buf[200];
    size_t len;
    int n;
} Reasons;

static void reason_add(Reasons *R, const char *fmt, const char *a, long long x, long long y)
{
    char one[120];
    snprintf(one, sizeof one, fmt, a, x, y);
    if (R->n == 3 || strstr(R->buf, one)) {
        return;
    }
    int k = snprintf(R->buf + R->len, sizeof R->buf - R->len, "%s%s", R->n ? "; " : "", one);
    if (k > 0 && R->len + (size_t)k < sizeof R->buf) {
        R->len += (size_t)k;
        R->n++;
    }
}

static void collect_reasons(const Lint *L, const Expr *e, Reasons *R, int depth)
{
    if (!e || depth > EXPR_MAX_DEPTH * 2) {
        return;
    }
    const Scenario *sc = L->sc;
    const Absint *A = &L->A;
    switch (e->op) {
    case EXPR_VAR: {
        const Range *r = &A->var[e->index];
        const char *id = sc->vars[e->index].id;
        if (sc->vars[e->index].type == VAR_BOOL && r->lo == r->hi) {
            reason_add(R, r->lo ? "%s is always true" : "%s is always false", id, 0, 0);
        } else if (r->lo == r->hi) {
            reason_add(R, "%s is always %lld", id, r->lo, 0);
        } else {
            reason_add(R, "%s can only be %lld..%lld", id, r->lo, r->hi);
        }
        return;
    }
    case EXPR_CLOCK:
        if (A->clock.hi == 0) {
            reason_add(R, "%sno action takes any time, so minutes is always 0", "", 0, 0);
        }
        return;
    case EXPR_SEEN:
        if (!A->can_seen[e->index]) {
            reason_add(R, "nothing ever shows %s", sc->items[ITEM_INDICATOR][e->index].id, 0, 0);
        }
        return;
    case EXPR_ACTED:
        if (!A->can_acted[e->index]) {
            reason_add(R, "nothing ever acts on %s", sc->items[ITEM_INDICATOR][e->index].id, 0, 0);
        }
        return;
    case EXPR_DONE:
        if (!A->can_done[e->index]) {
            reason_add(R, "nothing ever takes step %s", sc->items[ITEM_STEP][e->index].id, 0, 0);
        }
        return;
    case EXPR_ERRED:
        if (!A->can_erred[e->index]) {
            reason_add(R, "nothing ever commits %s", sc->items[ITEM_ERROR][e->index].id, 0, 0);
        }
        return;
    case EXPR_VISITED:
        if (!L->a->static_reach[e->index]) {
            reason_add(R, "scene %s is never reached", sc->nodes[e->index].id, 0, 0);
        }
        return;
    default:
        collect_reasons(L, e->a, R, depth + 1);
        collect_reasons(L, e->b, R, depth + 1);
    }
}

/* Reports a condition that can never hold (abstractly: definite), or that
 * held in no explored state where it was evaluated. 'ever' is whether it
 * held in some explored state; 'place_reached' whether the exploration got
 * to where it is evaluated. 'what' names the thing, e.g. choice "ask". */
static void check_cond(Lint *L, const char *base, const Expr *cond, bool ever, bool place_reached,
                       const char *what)
{
    if (!cond) {
        return;
    }
    char path[192], src[100];
    snprintf(path, sizeof path, "%s/if", base);
    source_string(L, path, src, sizeof src);
    if (!absint_can_hold(&L->A, cond)) {
        Reasons R = {{0}, 0, 0};
        collect_reasons(L, cond, &R, 0);
        lint_at(L, DIAG_WARNING, DIAG_NEVER_TRUE, path,
                "condition \"%s\" of %s can never be true%s%s", src, what, R.n ? ": " : "", R.buf);
        return;
    }
    if (ever || !place_reached) {
        return;
    }
    if (L->a->complete) {
        lint_at(L, DIAG_WARNING, DIAG_NEVER_TRUE, path,
                "condition \"%s\" of %s is never true: it is false every time a play-through "
                "gets here",
                src, what);
    } else {
        /* not proven: a note, so that nothing unproven fails --werror */
        lint_at(L, DIAG_NOTE, DIAG_NEVER_TRUE, path,
                "could not prove whether condition \"%s\" of %s can be true: it was false in "
                "all %zu states explored before the bound (raise it with --max-states)",
                src, what, L->a->n_states);
    }
}

static void check_conditions(Lint *L)
{
    const Scenario *sc = L->sc;
    const AnalyzeStates *S = L->S;
    char base[128], what[160];
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        bool here = L->a->reached[n];
        for (size_t i = 0; i < nd->n_choices; i++) {
            snprintf(base, sizeof base, "/nodes/%zu/choices/%zu", n, i);
            snprintf(what, sizeof what, "choice \"%s\"", nd->choices[i].id);
            check_cond(L, base, nd->choices[i].cond, S->choice_ever[S->choice_base[n] + i], here,
                       what);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            snprintf(base, sizeof base, "/nodes/%zu/details/%zu", n, i);
            snprintf(what, sizeof what, "detail \"%s\"", nd->details[i].id);
            check_cond(L, base, nd->details[i].cond, S->detail_ever[nd->details[i].global], here,
                       what);
        }
        for (size_t i = 0; i < nd->n_variants; i++) {
            snprintf(base, sizeof base, "/nodes/%zu/variants/%zu", n, i);
            snprintf(what, sizeof what, "text variant %zu of scene \"%s\"", i + 1, nd->id);
            check_cond(L, base, nd->variants[i].cond, S->variant_ever[S->variant_base[n] + i], here,
                       what);
        }
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const Event *e = &sc->events[i];
        snprintf(base, sizeof base, "/events/%zu", i);
        snprintf(what, sizeof what, "event \"%s\"", e->id);
        if (e->cond && !absint_can_hold(&L->A, e->cond)) {
            check_cond(L, base, e->cond, false, true, what);
        } else if (L->A.clock.hi < e->at) {
            snprintf(base, sizeof base, "/events/%zu/at", i);
            lint_at(L, DIAG_WARNING, DIAG_NEVER_TRUE, base,
                    "event \"%s\" at minute %d can never fire: no action takes any time", e->id,
                    e->at);
        } else if (L->a->complete && !S->event_fired[i]) {
            bool late = L->a->max_clock < e->at;
            snprintf(base, sizeof base, late || !e->cond ? "/events/%zu/at" : "/events/%zu/if", i);
            if (late) {
                lint_at(L, DIAG_WARNING, DIAG_NEVER_TRUE, base,
                        "event \"%s\" never fires: no play-through lasts until minute %d (the "
                        "longest reaches minute %d)",
                        e->id, e->at, L->a->max_clock);
            } else {
                lint_at(L, DIAG_WARNING, DIAG_NEVER_TRUE, base,
                        "event \"%s\" never fires: its condition is false whenever it is due",
                        e->id);
            }
        }
    }
}

/* ---- scenes ---- */

/* Per node, the nearest state of a kind (stuck, or unable to end). */
static uint32_t *nearest_per_node(const Lint *L, bool want_trap)
{
    const AnalyzeStates *S = L->S;
    uint32_t *best = xmalloc((L->sc->n_nodes + 1) * sizeof(uint32_t));
    memset(best, 0xff, (L->sc->n_nodes + 1) * sizeof(uint32_t));
    for (uint32_t s = 0; s < S->n; s++) {
        const StateRec *r = &S->st[s];
        bool hit = want_trap ? (r->status == RUN_PLAYING && !r->can_end) : r->status == RUN_STUCK;
        if (hit && (best[r->node] == NO_STATE || r->dist < S->st[best[r->node]].dist)) {
            best[r->node] = s;
        }
    }
    return best;
}

static void report_state(Lint *L, uint32_t s, size_t n, bool trap)
{
    char path[64], shown[160];
    size_t len;
    char *choices = analyze_state_choices(L->a, s, &len);
    snprintf(path, sizeof path, "/nodes/%zu/id", n);
    if (trap) {
        lint_at(L, DIAG_ERROR, DIAG_DEAD_END, path,
                "from scene \"%s\" a play-through can never reach an ending: every way on loops "
                "back; reach it with --choices \"%s\"",
                L->sc->nodes[n].id, short_choices(choices, shown, sizeof shown));
    } else {
        lint_at(L, DIAG_ERROR, DIAG_DEAD_END, path,
                "the trainee can be stuck in scene \"%s\": no choice is available (each one's "
                "condition is false); reach it with --choices \"%s\"",
                L->sc->nodes[n].id, short_choices(choices, shown, sizeof shown));
    }
    free(choices);
}

static void check_scenes(Lint *L)
{
    const Scenario *sc = L->sc;
    const Analysis *a = L->a;
    char path[64];
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        DiagCode code = nd->is_ending ? DIAG_ENDING_UNREACHABLE : DIAG_UNREACHABLE;
        const char *kind = nd->is_ending ? "ending" : "scene";
        snprintf(path, sizeof path, "/nodes/%zu/id", n);
        if (!a->static_reach[n]) {
            lint_at(L, DIAG_WARNING, code, path,
                    "%s \"%s\" can never be reached: no choice or event leads here from the start",
                    kind, nd->id);
        } else if (a->complete && !a->reached[n]) {
            lint_at(L, DIAG_WARNING, code, path,
                    "%s \"%s\" is never reached: every way here is behind a condition that is "
                    "false on the way",
                    kind, nd->id);
        } else if (!nd->is_ending && !a->static_ending[n]) {
            lint_at(L, DIAG_ERROR, DIAG_DEAD_END, path,
                    "scene \"%s\" is a dead end: no chain of choices from here leads to an ending",
                    nd->id);
        }
    }
    if (a->complete && a->n_ending_states == 0) {
        lint_at(L, DIAG_ERROR, DIAG_ENDING_UNREACHABLE, "/start",
                "no play-through reaches an ending: every one gets stuck or loops forever");
    }
    uint32_t *stuck = nearest_per_node(L, false);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        if (stuck[n] != NO_STATE) {
            report_state(L, stuck[n], n, false);
        }
    }
    free(stuck);
    if (a->complete && a->cyclic) {
        uint32_t *trap = nearest_per_node(L, true);
        for (size_t n = 0; n < sc->n_nodes; n++) {
            if (trap[n] != NO_STATE && a->static_ending[n]) {
                report_state(L, trap[n], n, true);
            }
        }
        free(trap);
    }
}

/* ---- indicators, steps, errors ---- */

static void check_items(Lint *L)
{
    const Scenario *sc = L->sc;
    const AnalyzeStates *S = L->S;
    bool full = L->a->complete;
    char path[64];
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        const char *id = sc->items[ITEM_INDICATOR][i].id;
        snprintf(path, sizeof path, "/indicators/%zu", i);
        if (!L->A.can_seen[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "indicator \"%s\" can never be seen: no detail, choice or event lists it in "
                    "\"observe\" and no scene in \"plain_sight\" (acting on it does not count "
                    "as seeing it), so the debrief always marks it missed",
                    id);
        } else if (full && !S->ind_seen[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "indicator \"%s\" is never seen on any play-through: what shows it cannot be "
                    "reached",
                    id);
        } else if (!L->A.can_acted[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "indicator \"%s\" can be seen but never acted on: no choice lists it in "
                    "\"act\", so it earns at most a quarter of its weight",
                    id);
        } else if (full && !S->ind_acted[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "indicator \"%s\" is never acted on in any play-through: the choices that "
                    "act on it cannot be reached",
                    id);
        }
    }
    for (size_t i = 0; i < sc->n_items[ITEM_STEP]; i++) {
        const char *id = sc->items[ITEM_STEP][i].id;
        snprintf(path, sizeof path, "/steps/%zu", i);
        if (!L->A.can_done[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "protocol step \"%s\" can never be taken: no choice, detail or event lists it "
                    "in \"steps\"",
                    id);
        } else if (full && !S->step_done[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "protocol step \"%s\" is never taken on any play-through: what takes it "
                    "cannot be reached",
                    id);
        }
    }
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        const char *id = sc->items[ITEM_ERROR][i].id;
        snprintf(path, sizeof path, "/errors/%zu", i);
        if (!L->A.can_erred[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "critical error \"%s\" is listed but nothing commits it (no \"errors\" "
                    "effect names it)",
                    id);
        } else if (full && !S->err_done[i]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "critical error \"%s\" is never committed on any play-through: what commits "
                    "it cannot be reached",
                    id);
        }
    }
}

/* ---- protocol order ---- */

/* JSON path of order rule 'r' (rules are stored one per "then" entry). */
static void rule_path(const Lint *L, size_t r, char *path, size_t size)
{
    snprintf(path, size, "/order");
    size_t k = 0;
    for (size_t j = 0;; j++) {
        char pj[64], then[80], pk[96];
        snprintf(pj, sizeof pj, "/order/%zu", j);
        if (!is_json_elem(L, "/order", pj)) {
            return;
        }
        snprintf(then, sizeof then, "%s/then", pj);
        for (size_t t = 0;; t++, k++) {
            snprintf(pk, sizeof pk, "%s/%zu", then, t);
            if (!is_json_elem(L, then, pk)) {
                break;
            }
            if (k == r) {
                snprintf(path, size, "%s", pk);
                return;
            }
        }
    }
}

/* BFS over rules from step 'from'; returns true if 'to' is reachable and
 * writes the chain "A -> B -> C" into buf. */
static bool order_chain(const Scenario *sc, size_t from, size_t to, char *buf, size_t size)
{
    size_t n = sc->n_items[ITEM_STEP];
    size_t *prev = xmalloc((n + 1) * sizeof(size_t)), *queue = xmalloc((n + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        prev[i] = SCENARIO_NONE;
    }
    size_t head = 0, tail = 0;
    queue[tail++] = from;
    prev[from] = from;
    while (head < tail && prev[to] == SCENARIO_NONE) {
        size_t s = queue[head++];
        for (size_t r = 0; r < sc->n_order; r++) {
            size_t t = sc->order[r].then;
            if (sc->order[r].first == s && prev[t] == SCENARIO_NONE) {
                prev[t] = s;
                queue[tail++] = t;
            }
        }
    }
    bool found = prev[to] != SCENARIO_NONE;
    if (found) {
        size_t chain[64], m = 0;
        for (size_t s = to; m < 64; s = prev[s]) {
            chain[m++] = s;
            if (s == from) {
                break;
            }
        }
        size_t len = 0;
        buf[0] = '\0';
        for (size_t i = m; i-- > 0 && len + 1 < size;) {
            int k = snprintf(buf + len, size - len, "%s%s", i + 1 < m ? " -> " : "",
                             sc->items[ITEM_STEP][chain[i]].id);
            len += k > 0 ? (size_t)k : 0;
        }
    }
    free(prev);
    free(queue);
    return found;
}

static void check_order(Lint *L)
{
    const Scenario *sc = L->sc;
    bool *in_cycle = xcalloc(sc->n_items[ITEM_STEP] + 1, 1);
    bool *then_told = xcalloc(sc->n_items[ITEM_STEP] + 1, 1);
    char path[128], chain[200];
    for (size_t r = 0; r < sc->n_order; r++) {
        const OrderRule *o = &sc->order[r];
        const char *f = sc->items[ITEM_STEP][o->first].id, *t = sc->items[ITEM_STEP][o->then].id;
        rule_path(L, r, path, sizeof path);
        if (!in_cycle[o->first] && order_chain(sc, o->then, o->first, chain, sizeof chain)) {
            for (size_t k = 0; k < sc->n_items[ITEM_STEP]; k++) {
                char dummy[8];
                in_cycle[k] = in_cycle[k] || (order_chain(sc, o->then, k, dummy, sizeof dummy) &&
                                              order_chain(sc, k, o->then, dummy, sizeof dummy));
            }
            lint_at(L, DIAG_ERROR, DIAG_ORDER_CYCLE, path,
                    "\"%s\" must come before \"%s\", but other rules say %s: whichever is taken "
                    "first, another counts as out of order",
                    f, t, chain);
        } else if (!L->A.can_done[o->first] && L->A.can_done[o->then]) {
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "this rule can never be satisfied: \"%s\" is never taken, so \"%s\" always "
                    "counts as out of order (half its weight)",
                    f, t);
        } else if (L->a->complete && L->S->step_done[o->then] && !L->S->step_in_order[o->then] &&
                   !then_told[o->then] && !in_cycle[o->then]) {
            then_told[o->then] = true;
            lint_at(L, DIAG_WARNING, DIAG_NEVER_SCORED, path,
                    "\"%s\" is never taken in order: on every play-through that takes it, a step "
                    "that must come first (such as \"%s\") is still missing",
                    t, f);
        }
    }
    free(in_cycle);
    free(then_told);
}

/* ---- variables ---- */

static void mark_reads(const Expr *e, bool *read, int depth)
{
    if (!e || depth > EXPR_MAX_DEPTH * 2) {
        return;
    }
    if (e->op == EXPR_VAR) {
        read[e->index] = true;
    }
    mark_reads(e->a, read, depth + 1);
    mark_reads(e->b, read, depth + 1);
}

static void check_variables(Lint *L)
{
    const Scenario *sc = L->sc;
    bool *read = xcalloc(sc->n_vars + 1, 1);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        for (size_t i = 0; i < nd->n_choices; i++) {
            mark_reads(nd->choices[i].cond, read, 0);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            mark_reads(nd->details[i].cond, read, 0);
        }
        for (size_t i = 0; i < nd->n_variants; i++) {
            mark_reads(nd->variants[i].cond, read, 0);
        }
        for (size_t i = 0; nd->is_ending && i < nd->ending.n_variants; i++) {
            mark_reads(nd->ending.variants[i].cond, read, 0); /* epilogues read them too */
        }
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        mark_reads(sc->events[i].cond, read, 0);
    }
    char path[64];
    for (size_t v = 0; v < sc->n_vars; v++) {
        if (!read[v]) {
            snprintf(path, sizeof path, "/variables/%zu/id", v);
            lint_at(L, DIAG_WARNING, DIAG_UNUSED_VARIABLE, path,
                    "variable \"%s\" is declared but no condition reads it, so it changes nothing",
                    sc->vars[v].id);
        }
    }
    free(read);
}

/* ---- best score ---- */

static void list_ids(const Score *s, ItemKind k, ItemStatus st, const char *head, char *buf,
                     size_t size, size_t *len)
{
    int shown = 0;
    for (size_t i = 0; i < s->n_items[k]; i++) {
        if (s->items[k][i].status != st) {
            continue;
        }
        int n = snprintf(buf + *len, size - *len, "%s%s", shown ? ", " : (*len ? "; " : ""),
                         shown ? "" : head);
        *len += n > 0 && *len + (size_t)n < size ? (size_t)n : 0;
        n = snprintf(buf + *len, size - *len, "%s", s->items[k][i].item->id);
        *len += n > 0 && *len + (size_t)n < size ? (size_t)n : 0;
        shown++;
    }
}

static void check_best(Lint *L)
{
    const Analysis *a = L->a;
    if (!a->best.found) {
        return;
    }
    const Scenario *sc = L->sc;
    char why[240] = "", shown[120];
    size_t len = 0;
    /* what even the best passing play-through misses; if none passes, what
     * the best one does */
    const AnalyzePlay *p = a->best_pass.found ? &a->best_pass : &a->best;
    /* a passing play-through found by the search that stops at the first
     * pass is not proven the best */
    bool proven = a->complete || (a->best.passed && a->best_exact);
    Run *r = analyze_replay(sc, p->choices, NULL);
    if (r) {
        Score *s = score_compute(r);
        list_ids(s, ITEM_INDICATOR, STATUS_SEEN_ONLY, "only seen: ", why, sizeof why, &len);
        list_ids(s, ITEM_INDICATOR, STATUS_MISSED, "missed: ", why, sizeof why, &len);
        list_ids(s, ITEM_STEP, STATUS_MISSED, "steps missed: ", why, sizeof why, &len);
        list_ids(s, ITEM_STEP, STATUS_SEEN_ONLY, "out of order: ", why, sizeof why, &len);
        list_ids(s, ITEM_ERROR, STATUS_COMMITTED, "errors: ", why, sizeof why, &len);
        if (s->time_points < SCORE_PART_TIME && len + 40 < sizeof why) {
            snprintf(why + len, sizeof why - len, "%stime %d/%d", len ? "; " : "", s->time_points,
                     SCORE_PART_TIME);
        }
        score_free(s);
        run_free(r);
    }
    short_choices(p->choices, shown, sizeof shown);
    if (!a->best_pass.found && a->best_pass_exact) {
        lint_at(L, DIAG_ERROR, DIAG_BEST_BELOW_100, "/pass_mark",
                "no play-through can pass: the best score is %d/100 (pass mark %d)%s%s",
                a->best.score, sc->pass_mark, len ? ": " : "", why);
    } else if (!a->best_pass.found) {
        lint_at(L, DIAG_ERROR, DIAG_BEST_BELOW_100, "/pass_mark",
                "nobody may be able to pass: no play-through found within the bound of %zu "
                "states passes (the best found scores %d/100, pass mark %d)%s%s; raise "
                "--max-states to settle it",
                a->max_states, a->best.score, sc->pass_mark, len ? ": " : "", why);
    } else if (p->score < 100 && !proven) {
        lint_at(L, DIAG_NOTE, DIAG_BEST_BELOW_100, "/pass_mark",
                "could not prove the best score: the best found before the bound of %zu states "
                "is %d/100 (%s)",
                a->max_states, p->score, why);
    } else if (p->score < 100) {
        lint_at(L, DIAG_WARNING, DIAG_BEST_BELOW_100, "/pass_mark",
                "the best possible score is %d/100 (%s), via --choices \"%s\"", p->score, why,
                shown);
    }
}

/* ---- scoring: looking, acting, errors, deadlines ---- */

/* Does the event's goto end the call: an ending, or a scene whose every
 * choice leads straight to an ending (a "called away" scene)? */
static bool event_ends_call(const Scenario *sc, const Event *e)
{
    if (e->target == SCENARIO_NONE) {
        return false;
    }
    const Node *t = &sc->nodes[e->target];
    if (t->is_ending) {
        return true;
    }
    for (size_t i = 0; i < t->n_choices; i++) {
        if (!sc->nodes[t->choices[i].target].is_ending) {
            return false;
        }
    }
    return t->n_choices > 0;
}

static void check_scoring(Lint *L)
{
    const Analysis *a = L->a;
    const Scenario *sc = L->sc;
    char shown[120], path[96];
    if (!a->scoring_checked) {
        /* the analysis was made without these searches: nothing to claim */
    } else if (a->no_look.found) {
        lint_at(L, DIAG_ERROR, DIAG_PASSES_WITHOUT_LOOKING, "/pass_mark",
                "an attempt can pass without looking closer at anything: --choices \"%s\" "
                "scores %d/100 and passes; put what must be noticed behind details and give the "
                "choices that act on it \"if\": \"seen(...)\"",
                short_choices(a->no_look.choices, shown, sizeof shown), a->no_look.score);
    } else if (!a->no_look_exact) {
        lint_at(L, DIAG_WARNING, DIAG_PASSES_WITHOUT_LOOKING, "/pass_mark",
                "could not prove that an attempt without looking closer fails: the search "
                "stopped at its bound of %zu states",
                a->max_states);
    }
    for (size_t e = 0; a->scoring_checked && e < sc->n_items[ITEM_ERROR]; e++) {
        const Item *it = &sc->items[ITEM_ERROR][e];
        snprintf(path, sizeof path, "/errors/%zu", e);
        if (a->err_pass[e].found) {
            lint_at(L, DIAG_WARNING, DIAG_ERROR_STILL_PASSES, path,
                    "an attempt can commit %s and still pass: --choices \"%s\" scores %d/100; "
                    "make it \"disqualifying\", or give \"why_not_disqualifying\" if passing is "
                    "right",
                    it->id, short_choices(a->err_pass[e].choices, shown, sizeof shown),
                    a->err_pass[e].score);
        } else if (!a->err_pass_exact[e]) {
            lint_at(L, DIAG_NOTE, DIAG_ERROR_STILL_PASSES, path,
                    "could not prove that committing %s always fails: the search stopped at its "
                    "bound of %zu states",
                    it->id, a->max_states);
        }
    }
    for (size_t i = 0; i < a->n_blind; i++) {
        const AnalyzeBlind *b = &a->blind[i];
        const Node *nd = &sc->nodes[b->node];
        const char *ind = sc->items[ITEM_INDICATOR][b->indicator].id;
        snprintf(path, sizeof path, "/nodes/%zu/%s/%zu/act", b->node,
                 b->kind == OPTION_CHOICE ? "choices" : "details", b->index);
        lint_at(L, DIAG_WARNING, DIAG_ACT_BEFORE_OBSERVE, path,
                "\"%s\" can act on %s before the trainee has noticed it (--choices \"%s\"), and "
                "then earns nothing; reveal it first, or show this only \"if\": \"seen(%s)\"",
                b->kind == OPTION_CHOICE ? nd->choices[b->index].id : nd->details[b->index].id, ind,
                short_choices(b->choices, shown, sizeof shown), ind);
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const Event *e = &sc->events[i];
        if (!e->announce && event_ends_call(sc, e)) {
            snprintf(path, sizeof path, "/events/%zu/goto", i);
            lint_at(L, DIAG_ERROR, DIAG_DEADLINE_UNANNOUNCED, path,
                    "event \"%s\" can end the call at minute %d with no warning: give it "
                    "\"announce\", the countdown the trainee sees (and \"announce_at\", the minute "
                    "it appears)",
                    e->id, e->at);
        }
    }
}

/* ---- assets ---- */

/* A picture must resolve inside the scenario's folder, be a regular file
 * within the size limit and have a BMP header within PICTURE_MAX_SIDE:
 * exactly what the game will accept (picture_load). */
static void check_image(Lint *L, size_t n, const char *img)
{
    char path[64], why[300];
    snprintf(path, sizeof path, "/nodes/%zu/image", n);
    size_t len = 0;
    bool missing = false;
    PictureInfo info;
    unsigned char *head =
        picture_load(L->sc->file, img, PICTURE_HEADER_ONLY, &len, &info, &missing, why, sizeof why);
    if (!head) {
        lint_at(L, DIAG_ERROR, DIAG_BAD_ASSET, path, "image \"%s\" %s%s", img,
                missing ? "does not exist" : "cannot be shown: ", missing ? "" : why);
    }
    free(head);
}

/* ---- text length ---- */

static void check_len(Lint *L, const char *path, const char *text, size_t max, const char *what)
{
    if (!text) {
        return;
    }
    size_t chars = 0, word = 0, longest = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) == 0x80) {
            continue;
        }
        chars++;
        word = (*p == ' ' || *p == '\n' || *p == '\t' || *p == '-') ? 0 : word + 1;
        longest = word > longest ? word : longest;
    }
    uint32_t cp;
    size_t at = script_first_unshowable(text, &cp);
    if (at != (size_t)-1) {
        int n = cp < 0x20 ? 0 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        lint_at(L, DIAG_WARNING, DIAG_UNSHOWABLE_CHAR, path,
                "%s has \"%.*s\" (U+%04X), which no font of the game can draw: it would show as "
                "a box",
                what, n, text + at, (unsigned)cp);
    }
    if (chars > max) {
        lint_at(L, DIAG_WARNING, DIAG_TEXT_TOO_LONG, path,
                "%s is %zu characters; at most %zu fit on the smallest screen (800x600)", what,
                chars, max);
    } else if (longest > ANALYZE_MAX_WORD) {
        lint_at(L, DIAG_WARNING, DIAG_TEXT_TOO_LONG, path,
                "%s has a %zu-character word that cannot be wrapped (at most %d fit on a line)",
                what, longest, ANALYZE_MAX_WORD);
    }
}

static void check_node_text(Lint *L, size_t n)
{
    const Node *nd = &L->sc->nodes[n];
    char p[96];
    snprintf(p, sizeof p, "/nodes/%zu/text", n);
    check_len(L, p, nd->text, ANALYZE_MAX_SCENE_TEXT, "scene text");
    for (size_t i = 0; i < nd->n_variants; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/variants/%zu/text", n, i);
        check_len(L, p, nd->variants[i].text, ANALYZE_MAX_SCENE_TEXT, "variant text");
    }
    for (size_t i = 0; i < nd->n_choices; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/choices/%zu/label", n, i);
        check_len(L, p, nd->choices[i].label, ANALYZE_MAX_LABEL, "choice label");
        snprintf(p, sizeof p, "/nodes/%zu/choices/%zu/reply", n, i);
        check_len(L, p, nd->choices[i].reply, ANALYZE_MAX_SHORT_TEXT, "reply");
    }
    for (size_t i = 0; i < nd->n_details; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/details/%zu/label", n, i);
        check_len(L, p, nd->details[i].label, ANALYZE_MAX_LABEL, "detail label");
        snprintf(p, sizeof p, "/nodes/%zu/details/%zu/text", n, i);
        check_len(L, p, nd->details[i].text, ANALYZE_MAX_SHORT_TEXT, "detail text");
    }
    snprintf(p, sizeof p, "/nodes/%zu/prompt", n);
    check_len(L, p, nd->prompt, ANALYZE_MAX_SHORT_TEXT, "prompt");
    if (nd->is_ending) {
        snprintf(p, sizeof p, "/nodes/%zu/ending/title", n);
        check_len(L, p, nd->ending.title, ANALYZE_MAX_TITLE, "ending title");
        snprintf(p, sizeof p, "/nodes/%zu/ending/epilogue", n);
        check_len(L, p, nd->ending.epilogue, ANALYZE_MAX_EPILOGUE, "epilogue");
    }
    if (nd->image) {
        check_image(L, n, nd->image);
    }
}

static void check_text(Lint *L)
{
    check_len(L, "/title", L->sc->title, ANALYZE_MAX_TITLE, "title");
    check_len(L, "/summary", L->sc->summary, ANALYZE_MAX_SHORT_TEXT, "summary");
    for (size_t n = 0; n < L->sc->n_nodes; n++) {
        check_node_text(L, n);
    }
    char p[64];
    for (size_t i = 0; i < L->sc->n_events; i++) {
        snprintf(p, sizeof p, "/events/%zu/text", i);
        check_len(L, p, L->sc->events[i].text, ANALYZE_MAX_SHORT_TEXT, "event text");
    }
}

void analyze_lint(const Analysis *a, const char *text, size_t len, DiagList *dl)
{
    JsonPosCache *cache = xcalloc(1, sizeof *cache);
    Lint L = {a, a->sc, a->priv, text, len, dl, {0}, cache};
    absint_init(&L.A, a->sc);
    L.A.can_visit = a->static_reach;
    check_scenes(&L);
    check_items(&L);
    check_order(&L);
    check_conditions(&L);
    check_variables(&L);
    check_best(&L);
    check_scoring(&L);
    check_text(&L);
    absint_fini(&L.A);
    free(cache);
}
