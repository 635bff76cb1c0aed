/* analyze_search.c: the memoised exploration of the state space. States
 * are keyed on run_state_key() in an open-addressing table; the graph is
 * explored depth first with an explicit stack (no recursion, whatever the
 * scenario); each state is expanded once, and path counts are summed over the
 * graph in topological order, so a scenario with billions of paths costs
 * what its distinct states cost. */
#include "analyze_internal.h"
#include "score.h"
#include "expr.h"

#include <stdlib.h>
#include <string.h>

/* ---- path counts ---- */

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

/* ---- the state table: key bytes -> state id (open addressing) -------------- */

/* Keys run to thousands of bytes on large scenarios (the examined details
 * of a scene graph that is one big loop), so they are hashed eight bytes at
 * a time: a multiply and a rotate per word, and a final mix. */
static uint32_t hash_bytes(const unsigned char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = 0xcbf29ce484222325ull ^ (n * k);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * k;
        h = (h << 29) | (h >> 35);
    }
    uint64_t w = 0;
    memcpy(&w, p + i, n - i);
    h = (h ^ w) * k;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* An empty slot; a used one holds its key's hash above its entry's number,
 * so a probe compares hashes without reading the entry. */
#define SLOT_EMPTY UINT64_MAX

static void table_grow(KeyTable *t)
{
    size_t n = t->n_slots ? t->n_slots * 2 : 1024;
    uint64_t *slots = xmalloc(n * sizeof(uint64_t));
    memset(slots, 0xff, n * sizeof(uint64_t));
    for (size_t k = 0; k < t->n_slots; k++) {
        uint64_t v = t->slots[k];
        if (v != SLOT_EMPTY) {
            size_t i = (size_t)(v >> 32) & (n - 1);
            while (slots[i] != SLOT_EMPTY) {
                i = (i + 1) & (n - 1);
            }
            slots[i] = v;
        }
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n;
}

/* Key bytes are kept in chunks of this size (or one key's size, if larger):
 * growing the store never moves the keys already stored. */
#define KEY_CHUNK ((size_t)1 << 20)

static const unsigned char *keytable_store(KeyTable *t, const unsigned char *key, size_t len)
{
    if (len > t->tail_left) {
        size_t size = len > KEY_CHUNK ? len : KEY_CHUNK;
        t->chunks = xrealloc(t->chunks, (t->n_chunks + 1) * sizeof *t->chunks);
        t->tail = t->chunks[t->n_chunks++] = xmalloc(size);
        t->tail_left = size;
        t->chunk_bytes += size;
    }
    unsigned char *at = t->tail;
    memcpy(at, key, len);
    t->tail += len;
    t->tail_left -= len;
    return at;
}

uint32_t keytable_find(KeyTable *t, const unsigned char *key, size_t len, bool add, bool *is_new)
{
    *is_new = false;
    if (2 * (t->n + 1) > t->n_slots) {
        table_grow(t);
    }
    uint32_t h = hash_bytes(key, len);
    size_t i = h & (t->n_slots - 1);
    for (; t->slots[i] != SLOT_EMPTY; i = (i + 1) & (t->n_slots - 1)) {
        uint64_t v = t->slots[i];
        if ((uint32_t)(v >> 32) != h) {
            continue;
        }
        const KeyEntry *e = &t->ent[(uint32_t)v];
        if (e->len == len && memcmp(e->bytes, key, len) == 0) {
            return (uint32_t)v;
        }
    }
    if (!add) {
        return NO_STATE;
    }
    if (t->n == t->cap) {
        t->cap = analyze_grow(t->cap, t->n, 1024, t->limit);
        t->ent = xrealloc(t->ent, t->cap * sizeof(KeyEntry));
    }
    t->ent[t->n] = (KeyEntry){keytable_store(t, key, len), (uint32_t)len, h};
    t->slots[i] = (uint64_t)h << 32 | t->n;
    *is_new = true;
    return (uint32_t)t->n++;
}

size_t keytable_bytes(const KeyTable *t)
{
    return t->chunk_bytes + t->n_chunks * sizeof *t->chunks + t->cap * sizeof(KeyEntry) +
           t->n_slots * sizeof(uint64_t);
}

void keytable_free(KeyTable *t)
{
    for (size_t i = 0; i < t->n_chunks; i++) {
        free(t->chunks[i]);
    }
    free(t->chunks);
    free(t->ent);
    free(t->slots);
    *t = (KeyTable){0};
}

/* Finds the state with this key, or adds it (if 'add' and there is room).
 * Sets *is_new. Returns NO_STATE if absent and not added. */
uint32_t states_find(AnalyzeStates *S, const unsigned char *key, size_t len, bool add, bool *is_new)
{
    uint32_t id = keytable_find(&S->keys, key, len, add, is_new);
    if (!*is_new) {
        return id;
    }
    if (S->n == S->cap) {
        S->cap = analyze_grow(S->cap, S->n, 1024, S->keys.limit);
        S->st = xrealloc(S->st, S->cap * sizeof(StateRec));
        S->post = xrealloc(S->post, S->cap * sizeof(uint32_t));
    }
    StateRec *r = &S->st[S->n];
    memset(r, 0, sizeof *r);
    r->score = -1;
    r->parent = r->parent_edge = NO_STATE;
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
    size_t opts; /* its options: Explorer.opts[opts .. opts + n_opts) */
    size_t n_opts, next;
    size_t delta; /* its words in Explorer.delta: [delta .. the next frame's) */
} Frame;

/* A word of a frame's snapshot that differs from its parent frame's: which
 * one, and the two XORed. */
typedef struct DeltaWord {
    uint64_t x;
    uint32_t at;
} DeltaWord;

/* The depth-first search keeps the run of the top frame as a snapshot
 * (run_snap_save) in 'top', and for each frame only the words of its
 * snapshot that differ from its parent's, XORed (an action changes a few
 * words: the scene, the clock, a mark, a bit of the scenes visited), on one
 * stack, 'delta': a frame costs tens of bytes where a snapshot costs
 * hundreds, and when the search returns to a frame its parent's snapshot is
 * the top's with the frame's words XORed back. Options are tried on two
 * lean runs: 'parent', the run of frame 'loaded' (loaded from 'top' when the
 * search comes back to it), and 'child', a copy with the option applied. */
typedef struct Explorer {
    Analysis *a;
    AnalyzeStates *S;
    Frame *stack;
    size_t depth, stack_cap;
    unsigned char *key;
    size_t key_cap;
    uint64_t *top, *next; /* the top frame's snapshot, and room for the next */
    size_t snap_words;
    DeltaWord *delta;
    size_t n_delta, delta_cap;
    Run *parent, *child;
    size_t loaded;  /* the frame whose run 'parent' is, or SIZE_MAX */
    uint32_t *opts; /* the frames' options (analyze_option_code), a stack as
                     * the frames are: 4 bytes an option */
    size_t n_opts, opts_cap;
    Option *listed; /* the options of the state being pushed */
    size_t listed_cap;
} Explorer;

/* Records what this state shows: scenes, marks, available options. */
void states_note_facts(Analysis *a, AnalyzeStates *S, const Run *r)
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

void states_note_step(Analysis *a, AnalyzeStates *S, const Run *c)
{
    size_t n_hist;
    const Action *h = run_history(c, &n_hist);
    for (size_t i = 0; i < n_hist; i++) {
        if (h[i].kind == ACTION_EVENT) {
            S->event_fired[h[i].index] = true;
        }
    }
    states_note_facts(a, S, c);
}

size_t states_bytes(const AnalyzeStates *S)
{
    return keytable_bytes(&S->keys) + S->cap * (sizeof(StateRec) + sizeof(uint32_t)) +
           S->edge_cap * sizeof(Edge);
}

bool analyze_within_memory(Analysis *a, size_t bytes, size_t depth)
{
    if (bytes + depth * run_state_bytes(a->sc) <= ANALYZE_MAX_BYTES) {
        return true;
    }
    a->memory_bound = true;
    return false;
}

void states_note_options(AnalyzeStates *S, const Run *r, const Option *opts, size_t n)
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

/* Pushes a frame for new state 'id', whose run is 'r'. */
static void push(Explorer *X, uint32_t id, const Run *r)
{
    note_state(X, id, r);
    AnalyzeStates *S = X->S;
    /* the new frame's words that differ from the top's (its parent's) */
    run_snap_save(r, X->next);
    Frame f = {id, X->n_opts, 0, 0, X->n_delta};
    for (size_t w = 0; w < X->snap_words && X->depth; w++) {
        uint64_t x = X->next[w] ^ X->top[w];
        if (x) {
            if (X->n_delta == X->delta_cap) {
                X->delta_cap = X->delta_cap ? 2 * X->delta_cap : 1024;
                X->delta = xrealloc(X->delta, X->delta_cap * sizeof(DeltaWord));
            }
            X->delta[X->n_delta++] = (DeltaWord){x, (uint32_t)w};
        }
    }
    uint64_t *swap = X->top;
    X->top = X->next;
    X->next = swap;
    /* room for every option of the scene, so one call lists them */
    const Node *nd = run_node(r);
    size_t most = nd->n_choices + nd->n_details;
    if (X->n_opts + most > X->opts_cap) {
        X->opts_cap = 2 * (X->n_opts + most) + 64;
        X->opts = xrealloc(X->opts, X->opts_cap * sizeof(uint32_t));
    }
    f.n_opts = run_options_into(r, &X->listed, &X->listed_cap);
    states_note_options(S, r, X->listed, f.n_opts);
    for (size_t i = 0; i < f.n_opts; i++) { /* the frames' options are one stack */
        X->opts[X->n_opts++] = analyze_option_code(&X->listed[i]);
    }
    analyze_spend_expand(X->a, f.n_opts);
    S->st[id].edge_start = (uint32_t)reserve_edges(S, f.n_opts);
    S->st[id].n_out = (uint32_t)f.n_opts;
    S->st[id].color = 1; /* on the stack */
    if (X->depth == X->stack_cap) {
        X->stack_cap = X->stack_cap ? X->stack_cap * 2 : 256;
        X->stack = xrealloc(X->stack, X->stack_cap * sizeof(Frame));
    }
    X->stack[X->depth++] = f;
}

size_t analyze_state_key(const Run *r, unsigned char **buf, size_t *cap, size_t extra)
{
    size_t len = run_state_key(r, *buf, *cap); /* once, unless it did not fit */
    if (len + extra > *cap) {
        *cap = 2 * (len + extra);
        *buf = xrealloc(*buf, *cap);
        run_state_key(r, *buf, len);
    }
    return len;
}

static uint32_t state_of(Explorer *X, const Run *r, bool add, bool *is_new)
{
    size_t len = analyze_state_key(r, &X->key, &X->key_cap, 0);
    return states_find(X->S, X->key, len, add, is_new);
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
        if (run_indicator(r, k) != MARK_NONE || !run_effect_applies(r, fx, FX_ACT, i)) {
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
    Option opt = analyze_option_of(X->opts[f->opts + f->next++]);
    const Option *o = &opt;
    if (X->loaded != X->depth - 1) {
        run_snap_load(X->parent, X->top);
        X->loaded = X->depth - 1;
    }
    note_blind(X->a, f->state, X->parent, o);
    S->edges[e].opt = analyze_option_code(o);
    Run *c = X->child;
    run_copy_lean(c, X->parent);
    run_apply(c, o);
    /* facts are noted on every edge, not once per state: a state key sums
     * what can no longer matter (run_state_key), so a run merged into an
     * earlier state may show marks or steps the earlier one did not */
    states_note_step(X->a, S, c);
    bool is_new;
    bool room = S->n < X->a->max_states && !X->a->work_bound &&
                analyze_within_memory(X->a, states_bytes(S), X->depth);
    uint32_t id = state_of(X, c, room, &is_new);
    S->edges[e].to = id;
    if (id == NO_STATE) {
        X->a->complete = false;
        return;
    }
    if (!is_new) {
        if (S->st[id].color == 1) {
            S->st[id].loop = 1; /* a back edge: 'id' lies on a cycle */
            X->a->cyclic = true;
        }
        return;
    }
    push(X, id, c);
    /* the new frame's run is 'c': it becomes the parent of the next step */
    X->child = X->parent;
    X->parent = c;
    X->loaded = X->depth - 1;
}

static void explore(Explorer *X)
{
    bool is_new;
    Run *r = run_new(X->a->sc);
    size_t bytes = run_snap_bytes(X->a->sc); /* a multiple of the word */
    X->snap_words = bytes / sizeof(uint64_t);
    X->top = xcalloc(X->snap_words + 1, sizeof(uint64_t));
    X->next = xcalloc(X->snap_words + 1, sizeof(uint64_t));
    X->parent = run_clone(r, RUN_CLONE_LEAN);
    X->child = run_clone(r, RUN_CLONE_LEAN);
    X->loaded = SIZE_MAX;
    states_note_facts(X->a, X->S, r);
    uint32_t id = state_of(X, r, true, &is_new);
    push(X, id, r);
    run_free(r);
    while (X->depth) {
        Frame *f = &X->stack[X->depth - 1];
        if (f->next < f->n_opts) {
            step(X);
            continue;
        }
        X->S->st[f->state].color = 2;
        X->S->post[X->S->n_post++] = f->state;
        X->n_opts = f->opts;
        /* back to the parent's snapshot */
        for (size_t k = f->delta; k < X->n_delta; k++) {
            X->top[X->delta[k].at] ^= X->delta[k].x;
        }
        X->n_delta = f->delta;
        X->depth--;
        X->loaded = X->loaded == X->depth ? SIZE_MAX : X->loaded;
    }
    run_free(X->parent);
    run_free(X->child);
    free(X->top);
    free(X->next);
    free(X->delta);
    free(X->stack);
    free(X->key);
    free(X->opts);
    free(X->listed);
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
char *analyze_state_choices(const Analysis *a, uint32_t s, size_t *length)
{
    AnalyzeStates *S = a->priv;
    size_t n = 0;
    for (uint32_t t = s; S->st[t].parent != NO_STATE; t = S->st[t].parent) {
        n++;
    }
    uint32_t *codes = xmalloc((n + 1) * sizeof(uint32_t));
    size_t k = n;
    for (uint32_t t = s; S->st[t].parent != NO_STATE; t = S->st[t].parent) {
        codes[--k] = S->edges[S->st[t].parent_edge].opt;
    }
    char *out = analyze_codes_choices(a->sc, codes, n);
    free(codes);
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
    p->shortest = a->complete; /* the distances are breadth first over every state */
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

void states_facts_init(AnalyzeStates *S, const Scenario *sc)
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
    S->n_choices_all = nc;
    S->n_variants_all = nv;
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
            analyze_choices_add(&out, analyze_option_token(r, &o, tok, sizeof tok));
            run_free(r);
        }
        free(path);
        b->choices = strbuf_take(&out);
    }
}

void analyze_search_states(Analysis *a)
{
    AnalyzeStates *S = a->priv = xcalloc(1, sizeof *S);
    states_facts_init(S, a->sc);
    S->keys.limit = a->max_states;
    Explorer X = {0};
    X.a = a;
    X.S = S;
    X.loaded = SIZE_MAX;
    explore(&X);
    /* the keys only served to find states while exploring: the passes below
     * read the graph, and the branch and bound that may follow builds a
     * table of its own */
    keytable_free(&S->keys);
    a->n_states = S->n;
    a->n_edges = S->n_edges;
    count_paths(a, S);
    shortest_paths(S);
    if (a->cyclic) {
        mark_can_end(S);
    }
    pick_plays(a, S);
    blind_paths(a);
}

void states_free(AnalyzeStates *S)
{
    if (!S) {
        return;
    }
    keytable_free(&S->keys);
    free(S->st);
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

/* ---- plays for a tests file ------------------------------------------------- */

/* Explored ended (or stuck) states, nearest first (counting sort on the
 * distance from the start). Caller frees; *n receives the count. */
static uint32_t *ended_by_distance(const AnalyzeStates *S, size_t *n)
{
    uint32_t max = 0;
    size_t k = 0;
    for (size_t s = 0; s < S->n; s++) {
        if (S->st[s].status == RUN_ENDED && S->st[s].dist != UINT32_MAX) {
            max = S->st[s].dist > max ? S->st[s].dist : max;
            k++;
        }
    }
    size_t *start = xcalloc((size_t)max + 2, sizeof(size_t));
    for (size_t s = 0; s < S->n; s++) {
        if (S->st[s].status == RUN_ENDED && S->st[s].dist != UINT32_MAX) {
            start[S->st[s].dist + 1]++;
        }
    }
    for (size_t d = 0; d <= max; d++) {
        start[d + 1] += start[d];
    }
    uint32_t *out = xmalloc((k + 1) * sizeof(uint32_t));
    for (size_t s = 0; s < S->n; s++) {
        if (S->st[s].status == RUN_ENDED && S->st[s].dist != UINT32_MAX) {
            out[start[S->st[s].dist]++] = (uint32_t)s;
        }
    }
    free(start);
    *n = k;
    return out;
}

/* Replays the shortest way to ended state 's' and keeps it in 'out' if
 * 'want' holds for the run it reaches. */
static bool try_play(const Analysis *a, uint32_t s, bool (*want)(const Run *, size_t), size_t arg,
                     AnalyzePlay *out)
{
    size_t len;
    char *choices = analyze_state_choices(a, s, &len);
    Run *r = analyze_replay(a->sc, choices, NULL);
    bool ok = r && run_status(r) == RUN_ENDED && want(r, arg);
    if (ok) {
        Score *sc = score_compute(r);
        free(out->choices);
        *out = (AnalyzePlay){true, sc->total, sc->passed, run_node_index(r), len, choices, false};
        score_free(sc);
    } else {
        free(choices);
    }
    run_free(r);
    return ok;
}

static bool ends_missed(const Run *r, size_t unused)
{
    (void)unused;
    return run_node(r)->ending.outcome == OUTCOME_MISSED && run_n_actions(r) > 0;
}

static bool commits(const Run *r, size_t e)
{
    return run_error_count(r, e) > 0;
}

/* How many candidate play-throughs analyze_test_plays replays per goal. */
#define TEST_PLAY_TRIES 20000

void analyze_test_plays(Analysis *a, AnalyzePlay *surface, AnalyzePlay *per_error)
{
    /* breadth first where the search finishes within the bounds: the
     * shortest there is */
    PlayGoal missed = {0, 0, false, false, true, SCENARIO_NONE, false};
    bool proven = analyze_shortest(a, &missed, surface);
    const AnalyzeStates *S = a->priv;
    size_t n;
    uint32_t *order = ended_by_distance(S, &n);
    size_t tries = 0;
    for (size_t i = 0; i < n && !proven && !surface->found && tries < TEST_PLAY_TRIES; i++) {
        if (a->sc->nodes[S->st[order[i]].node].ending.outcome == OUTCOME_MISSED) {
            tries++;
            try_play(a, order[i], ends_missed, 0, surface);
        }
    }
    for (size_t e = 0; e < a->sc->n_items[ITEM_ERROR]; e++) {
        /* the shortest that commits it and no other, so that the test shows
         * it fails on its own; else the shortest that commits it */
        PlayGoal alone = {0, 0, false, true, false, e, true};
        analyze_shortest(a, &alone, &per_error[e]);
        if (per_error[e].found) {
            continue;
        }
        PlayGoal fails = {0, 0, false, true, false, e, false};
        proven = analyze_shortest(a, &fails, &per_error[e]);
        tries = 0;
        for (size_t i = 0; i < n && !proven && !per_error[e].found && tries < TEST_PLAY_TRIES;
             i++) {
            if (S->err_done[e] && !S->st[order[i]].passed) {
                tries++;
                try_play(a, order[i], commits, e, &per_error[e]);
            }
        }
    }
    free(order);
}
