/* run.c: the attempt state machine. State is a handful of flat arrays
 * indexed by the scenario's resolved indexes; the history is the source of
 * truth for saves, rewinds and the debrief timeline. */
#include "run.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "expr.h"
#include "keyinfo.h"

#define CLOCK_MAX (24 * 60 * 7)

struct Run {
    const Scenario *sc;
    size_t node;
    int clock;
    RunStatus status;
    int *vars;
    unsigned char *marks;         /* IndicatorMark per indicator */
    unsigned char *done;          /* per step */
    int *errors;                  /* per error: times committed */
    unsigned char *visited;       /* per node, a bit each (bit_get) */
    unsigned char *examined_bits; /* per detail (global index), a bit each */
    unsigned char *examined_runs; /* per 64 details (8 bytes of examined_bits), a bit:
                                   * some detail among them is examined */
    size_t n_examined;            /* bits set in examined_bits */
    unsigned char *fired;         /* per event */
    unsigned char *announced;     /* per event: its countdown has been on screen */
    unsigned char *broken;        /* per order rule: its 'then' came first */
    unsigned char *blind;         /* per indicator: acted on before it was seen */
    /* where things happened, for the debrief (not part of state keys) */
    Source *seen_at, *acted_at, *blind_at; /* per indicator */
    Source *step_at;                       /* per step */
    Source *error_at;                      /* per error */
    unsigned char *block; /* every array above lives in this one allocation (run_layout) */
    size_t cut_off;       /* event that ended the call, or NONE */
    size_t variant;       /* text variant shown since the last action, or NONE for the text */
    uint32_t seed;
    Action *hist;
    size_t n_hist, cap_hist, n_actions;
    bool tampered;
};

/* ---- expression environment --------------------------------------------- */

static int env_var(const void *c, size_t i)
{
    return ((const Run *)c)->vars[i];
}
static int env_clock(const void *c)
{
    return ((const Run *)c)->clock;
}
static bool env_seen(const void *c, size_t i)
{
    return ((const Run *)c)->marks[i] != MARK_NONE;
}
static bool env_acted(const void *c, size_t i)
{
    return ((const Run *)c)->marks[i] == MARK_ACTED;
}
static bool env_done(const void *c, size_t i)
{
    return ((const Run *)c)->done[i];
}
static bool env_erred(const void *c, size_t i)
{
    return ((const Run *)c)->errors[i] > 0;
}
/* Bit 'i' of a packed set (low bit first, as state keys pack flags). */
static inline bool bit_get(const unsigned char *set, size_t i)
{
    return (set[i >> 3] >> (i & 7)) & 1;
}

static inline void bit_set(unsigned char *set, size_t i)
{
    set[i >> 3] |= (unsigned char)(1u << (i & 7));
}

static bool env_visited(const void *c, size_t i)
{
    return bit_get(((const Run *)c)->visited, i);
}

static bool env_fired(const void *c, size_t i)
{
    return ((const Run *)c)->fired[i];
}

ExprEnv run_env(const Run *r)
{
    ExprEnv e = {r,        env_var,   env_clock,   env_seen, env_acted,
                 env_done, env_erred, env_visited, env_fired};
    return e;
}

static bool holds(const Run *r, const Expr *cond)
{
    ExprEnv env = run_env(r);
    return expr_holds(cond, &env);
}

/* ---- lifecycle ---------------------------------------------------------- */

/* A lean copy (RUN_CLONE_LEAN) is the one without the debrief's sources. */
static bool run_is_lean(const Run *r)
{
    return !r->seen_at;
}

static void record(Run *r, ActionKind kind, size_t node, size_t index, int before)
{
    bool action = kind == ACTION_CHOICE || kind == ACTION_EXAMINE || kind == ACTION_JUMP;
    if (action && run_is_lean(r)) {
        r->n_actions++; /* a lean copy keeps only the events (RUN_CLONE_LEAN) */
        return;
    }
    if (r->n_hist == r->cap_hist) {
        r->cap_hist = r->cap_hist ? r->cap_hist * 2 : 8;
        r->hist = xrealloc(r->hist, r->cap_hist * sizeof(Action));
    }
    r->hist[r->n_hist++] = (Action){kind, node, index, before, r->clock};
    r->n_actions += action;
}

/* Where things happened, for the debrief: a lean copy (RUN_CLONE_LEAN) has
 * no sources, so it records none and reports each as SOURCE_NONE. */
static void at_put(Source *at, size_t i, Source src)
{
    if (at) {
        at[i] = src;
    }
}

static Source at_get(const Source *at, size_t i)
{
    return at ? at[i] : (Source){SOURCE_NONE, 0, 0, 0, 0};
}

/* Notes the indicators in plain sight in the scene's text as it reads now. */
static void notice_scene(Run *r)
{
    const Node *nd = &r->sc->nodes[r->node];
    const IndList *lists[2] = {&nd->plain_sight, NULL};
    /* the text is chosen once per action, before what it shows is noted, so
     * noticing cannot switch the text the trainee is reading */
    r->variant = SCENARIO_NONE;
    for (size_t i = 0; i < nd->n_variants; i++) {
        if (holds(r, nd->variants[i].cond)) {
            r->variant = i;
            lists[1] = &nd->variants[i].plain_sight;
            break;
        }
    }
    Source src = {SOURCE_SCENE, r->node, 0, r->clock, r->n_hist};
    for (int l = 0; l < 2 && lists[l]; l++) {
        for (size_t i = 0; i < lists[l]->n; i++) {
            size_t k = lists[l]->ids[i];
            if (r->marks[k] == MARK_NONE) {
                r->marks[k] = MARK_SEEN;
                at_put(r->seen_at, k, src);
            }
        }
    }
}

/* Puts on screen the countdown of every deadline whose time has come. An
 * event is announced only between actions, so one action cannot both show
 * a countdown and end the call. */
static void announce(Run *r)
{
    for (size_t i = 0; i < r->sc->n_events; i++) {
        const Event *e = &r->sc->events[i];
        if (e->announce && !r->fired[i] && !r->announced[i] && r->clock >= e->announce_at &&
            holds(r, e->cond)) {
            r->announced[i] = 1;
        }
    }
}

static bool has_choice(const Run *r)
{
    const Node *nd = &r->sc->nodes[r->node];
    for (size_t i = 0; i < nd->n_choices; i++) {
        if (holds(r, nd->choices[i].cond)) {
            return true;
        }
    }
    return false;
}

static void enter(Run *r, size_t node)
{
    r->node = node;
    bit_set(r->visited, node);
    const Node *nd = &r->sc->nodes[node];
    r->status = nd->is_ending ? RUN_ENDED : has_choice(r) ? RUN_PLAYING : RUN_STUCK;
}

Run *run_new(const Scenario *sc)
{
    return run_new_seeded(sc, 0);
}

/* Where each per-scenario array of a run lies in its one block: a search
 * copies a run with one memcpy and one allocation (or none, reusing a run:
 * run_copy_lean), not one per array. */
typedef struct RunLayout {
    size_t vars, marks, done, errors, visited, examined_bits, examined_runs, fired, announced,
        broken, blind, seen_at, acted_at, blind_at, step_at, error_at, size;
    size_t state_size; /* the arrays before the debrief's sources: a lean copy's block */
} RunLayout;

/* Reserves 'bytes' at the end of the layout, aligned for any type. */
static size_t layout_take(RunLayout *l, size_t bytes)
{
    size_t align = sizeof(max_align_t), at = l->size;
    l->size = (at + bytes + align - 1) / align * align;
    return at;
}

/* Each array one element longer than the scenario needs, as when they were
 * allocated one by one: no array is ever empty. */
static RunLayout run_layout(const Scenario *sc)
{
    size_t ni = sc->n_items[ITEM_INDICATOR] + 1, ns = sc->n_items[ITEM_STEP] + 1;
    size_t ne = sc->n_items[ITEM_ERROR] + 1;
    RunLayout l = {0};
    l.vars = layout_take(&l, (sc->n_vars + 1) * sizeof(int));
    l.errors = layout_take(&l, ne * sizeof(int));
    l.marks = layout_take(&l, ni);
    l.done = layout_take(&l, ns);
    l.blind = layout_take(&l, ni);
    l.fired = layout_take(&l, sc->n_events + 1);
    l.announced = layout_take(&l, sc->n_events + 1);
    l.broken = layout_take(&l, sc->n_order + 1);
    l.examined_bits = layout_take(&l, sc->n_details_total / 8 + 1);
    l.examined_runs = layout_take(&l, sc->n_details_total / 512 + 1);
    l.visited = layout_take(&l, sc->n_nodes / 8 + 1);
    l.state_size = l.size;
    l.seen_at = layout_take(&l, ni * sizeof(Source));
    l.acted_at = layout_take(&l, ni * sizeof(Source));
    l.blind_at = layout_take(&l, ni * sizeof(Source));
    l.step_at = layout_take(&l, ns * sizeof(Source));
    l.error_at = layout_take(&l, ne * sizeof(Source));
    return l;
}

/* Points the run's arrays into 'block' (laid out by 'l'); a 'lean' block
 * holds only the state (l->state_size bytes) and the sources stay NULL. */
static void run_point(Run *r, unsigned char *block, const RunLayout *l, bool lean)
{
    r->block = block;
    r->vars = (int *)(void *)(block + l->vars);
    r->errors = (int *)(void *)(block + l->errors);
    r->seen_at = lean ? NULL : (Source *)(void *)(block + l->seen_at);
    r->acted_at = lean ? NULL : (Source *)(void *)(block + l->acted_at);
    r->blind_at = lean ? NULL : (Source *)(void *)(block + l->blind_at);
    r->step_at = lean ? NULL : (Source *)(void *)(block + l->step_at);
    r->error_at = lean ? NULL : (Source *)(void *)(block + l->error_at);
    r->marks = block + l->marks;
    r->done = block + l->done;
    r->blind = block + l->blind;
    r->fired = block + l->fired;
    r->announced = block + l->announced;
    r->broken = block + l->broken;
    r->examined_bits = block + l->examined_bits;
    r->examined_runs = block + l->examined_runs;
    r->visited = block + l->visited;
}

Run *run_new_seeded(const Scenario *sc, uint32_t seed)
{
    Run *r = xcalloc(1, sizeof *r);
    r->sc = sc;
    r->seed = seed;
    r->cut_off = SCENARIO_NONE;
    RunLayout l = run_layout(sc);
    run_point(r, xcalloc(1, l.size), &l, false);
    for (size_t i = 0; i < sc->n_vars; i++) {
        r->vars[i] = sc->vars[i].initial;
    }
    enter(r, sc->start);
    notice_scene(r);
    announce(r);
    return r;
}

uint32_t run_seed(const Run *r)
{
    return r->seed;
}

uint32_t run_random_seed(void)
{
    uint32_t seed = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f) {
        if (fread(&seed, sizeof seed, 1, f) != 1) {
            seed = 0;
        }
        fclose(f);
    }
    if (seed == 0) {
        seed = (uint32_t)time(NULL) ^ (uint32_t)clock() ^ 0x9E3779B9u;
    }
    return seed ? seed : 1;
}

void run_free(Run *r)
{
    if (!r) {
        return;
    }
    free(r->block);
    free(r->hist);
    free(r);
}

/* ---- effects ------------------------------------------------------------ */

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void take_step(Run *r, size_t step, Source src)
{
    if (r->done[step]) {
        return;
    }
    r->done[step] = 1;
    at_put(r->step_at, step, src);
    for (size_t i = 0; i < r->sc->n_order; i++) {
        const OrderRule *o = &r->sc->order[i];
        if (o->then == step && !r->done[o->first]) {
            r->broken[i] = 1;
        }
    }
}

/* Does entry 'i' of list 'l' apply? 'on' holds each guard's condition,
 * evaluated before the action. */
static bool fx_on(const Effects *fx, FxList l, size_t i, const bool *on)
{
    size_t g = effects_guard_of(fx, l, i);
    return g == SCENARIO_NONE || on[g];
}

bool run_effect_applies(const Run *r, const Effects *fx, FxList l, size_t i)
{
    size_t g = effects_guard_of(fx, l, i);
    return g == SCENARIO_NONE || holds(r, fx->guards[g].cond);
}

/* Applies effects. Acting counts only on what was seen before this action:
 * the marks an action's own 'observe' sets do not make its 'act' count.
 * Conditional entries are decided on the state before anything changes. */
static void apply(Run *r, const Effects *fx, Source src)
{
    bool on[EFFECT_GUARDS_MAX];
    for (size_t g = 0; g < fx->n_guards; g++) {
        on[g] = holds(r, fx->guards[g].cond);
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        size_t k = fx->act[i];
        if (!fx_on(fx, FX_ACT, i, on)) {
            continue;
        }
        if (r->marks[k] == MARK_NONE) {
            if (!r->blind[k]) {
                at_put(r->blind_at, k, src);
            }
            r->blind[k] = 1;
        } else if (r->marks[k] == MARK_SEEN) {
            r->marks[k] = MARK_ACTED;
            at_put(r->acted_at, k, src);
            r->blind[k] = 0;
        }
    }
    for (size_t i = 0; i < fx->n_observe; i++) {
        if (fx_on(fx, FX_OBSERVE, i, on) && r->marks[fx->observe[i]] == MARK_NONE) {
            r->marks[fx->observe[i]] = MARK_SEEN;
            at_put(r->seen_at, fx->observe[i], src);
        }
    }
    for (size_t i = 0; i < fx->n_steps; i++) {
        if (fx_on(fx, FX_STEPS, i, on)) {
            take_step(r, fx->steps[i], src);
        }
    }
    for (size_t i = 0; i < fx->n_errors; i++) {
        size_t k = fx->errors[i];
        if (!fx_on(fx, FX_ERRORS, i, on)) {
            continue;
        }
        if (r->errors[k] == 0) {
            at_put(r->error_at, k, src);
        }
        if (r->errors[k] < INT_MAX) {
            r->errors[k]++;
        }
    }
    for (size_t i = 0; i < fx->n_assign; i++) {
        const Assign *a = &fx->assign[i];
        const Variable *v = &r->sc->vars[a->var];
        if (!fx_on(fx, FX_ASSIGN, i, on)) {
            continue;
        }
        long long x = a->op == ASSIGN_SET ? a->value : (long long)r->vars[a->var] + a->value;
        x = x < v->min ? v->min : x > v->max ? v->max : x;
        r->vars[a->var] = (int)x;
    }
    r->clock = clamp(r->clock + fx->minutes, 0, CLOCK_MAX);
}

/* Fires due events after an action; returns the node to go to. */
static size_t fire_events(Run *r, size_t target)
{
    if (r->sc->nodes[target].is_ending) {
        return target;
    }
    for (size_t i = 0; i < r->sc->n_events; i++) {
        const Event *e = &r->sc->events[i];
        /* a deadline never bites before its countdown was on screen */
        if (r->fired[i] || r->clock < e->at || (e->announce && !r->announced[i]) ||
            !holds(r, e->cond)) {
            continue;
        }
        r->fired[i] = 1;
        int before = r->clock;
        apply(r, &e->fx, (Source){SOURCE_EVENT, target, i, before, r->n_hist});
        record(r, ACTION_EVENT, target, i, before);
        if (e->target != SCENARIO_NONE) {
            target = e->target;
            if (r->sc->nodes[target].is_ending) {
                r->cut_off = i;
                break;
            }
        }
    }
    return target;
}

/* ---- actions ----------------------------------------------------------- */

bool run_choose(Run *r, size_t index)
{
    const Node *nd = &r->sc->nodes[r->node];
    if (r->status != RUN_PLAYING || index >= nd->n_choices) {
        return false;
    }
    const Choice *c = &nd->choices[index];
    if (!holds(r, c->cond)) {
        return false;
    }
    int before = r->clock;
    size_t from = r->node;
    apply(r, &c->fx, (Source){SOURCE_CHOICE, from, index, before, r->n_hist});
    record(r, ACTION_CHOICE, from, index, before);
    enter(r, fire_events(r, c->target));
    notice_scene(r);
    announce(r);
    return true;
}

bool run_examine(Run *r, size_t index)
{
    const Node *nd = &r->sc->nodes[r->node];
    if (r->status != RUN_PLAYING || index >= nd->n_details) {
        return false;
    }
    const Detail *d = &nd->details[index];
    if (bit_get(r->examined_bits, d->global) || !holds(r, d->cond)) {
        return false;
    }
    bit_set(r->examined_bits, d->global);
    bit_set(r->examined_runs, d->global / 64);
    r->n_examined++;
    int before = r->clock;
    size_t from = r->node;
    apply(r, &d->fx, (Source){SOURCE_DETAIL, from, index, before, r->n_hist});
    record(r, ACTION_EXAMINE, from, index, before);
    enter(r, fire_events(r, from));
    notice_scene(r);
    announce(r);
    return true;
}

bool run_jump(Run *r, size_t node)
{
    if (node >= r->sc->n_nodes) {
        return false;
    }
    r->tampered = true;
    record(r, ACTION_JUMP, r->node, node, r->clock);
    enter(r, node);
    notice_scene(r);
    announce(r);
    return true;
}

bool run_is_tampered(const Run *r)
{
    return r->tampered;
}

bool run_apply(Run *r, const Option *opt)
{
    return opt->kind == OPTION_CHOICE ? run_choose(r, opt->index) : run_examine(r, opt->index);
}

/* The place of choice 'i' of scene 'node' in this attempt's order: a hash
 * of the seed, the scene and the choice, so a choice that appears later
 * takes its own place without moving the others' relative order. */
static uint64_t order_key(uint32_t seed, size_t node, size_t i)
{
    uint64_t x = ((uint64_t)seed << 32) ^ ((uint64_t)node * 0x9E3779B97F4A7C15u) ^ (uint64_t)i;
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 31;
    return x;
}

size_t run_options(const Run *r, Option *out, size_t cap)
{
    if (r->status != RUN_PLAYING) {
        return 0;
    }
    const Node *nd = &r->sc->nodes[r->node];
    size_t n = 0;
    bool shuffle = r->seed != 0 && !nd->fixed_order;
    for (size_t i = 0; i < nd->n_choices; i++) {
        const Choice *c = &nd->choices[i];
        if (holds(r, c->cond)) {
            if (n < cap) {
                /* insertion into the attempt's order (scenes have few choices) */
                size_t at = n;
                if (shuffle) {
                    uint64_t k = order_key(r->seed, r->node, i);
                    while (at > 0 && order_key(r->seed, r->node, out[at - 1].index) > k) {
                        out[at] = out[at - 1];
                        at--;
                    }
                }
                out[at] = (Option){OPTION_CHOICE, i, c->id, c->label, c->fx.minutes};
            }
            n++;
        }
    }
    for (size_t i = 0; i < nd->n_details; i++) {
        const Detail *d = &nd->details[i];
        if (!bit_get(r->examined_bits, d->global) && holds(r, d->cond)) {
            if (n < cap) {
                out[n] = (Option){OPTION_DETAIL, i, d->id, d->label, d->fx.minutes};
            }
            n++;
        }
    }
    return n;
}

size_t run_options_into(const Run *r, Option **buf, size_t *cap)
{
    const Node *nd = &r->sc->nodes[r->node];
    size_t most = nd->n_choices + nd->n_details;
    if (most > *cap) {
        *cap = 2 * most;
        *buf = xrealloc(*buf, *cap * sizeof(Option));
    }
    return run_options(r, *buf, *cap);
}

bool run_next_choice(const char **list, char *tok, size_t cap)
{
    const char *p = *list;
    for (;;) {
        while (*p == ' ' || *p == ',') {
            p++;
        }
        if (!*p) {
            *list = p;
            return false;
        }
        size_t n = strcspn(p, ",");
        size_t len = n;
        while (len && p[len - 1] == ' ') {
            len--;
        }
        size_t k = len < cap - 1 ? len : cap - 1;
        memcpy(tok, p, k);
        tok[k] = '\0';
        *list = p + n;
        return true;
    }
}

bool run_find_option(const Run *r, const char *token, Option *out)
{
    size_t n = run_options(r, NULL, 0);
    if (n == 0 || !token || !*token) {
        return false;
    }
    Option *opts = xmalloc(n * sizeof(Option));
    run_options(r, opts, n);
    bool found = false;
    char *end;
    long pos = strtol(token, &end, 10);
    if (*end == '\0' && token[0] >= '0' && token[0] <= '9') {
        if (pos >= 1 && (size_t)pos <= n) {
            *out = opts[pos - 1];
            found = true;
        }
    } else {
        for (size_t i = 0; i < n && !found; i++) {
            if (strcmp(opts[i].id, token) == 0) {
                *out = opts[i];
                found = true;
            }
        }
    }
    free(opts);
    return found;
}

/* ---- queries ------------------------------------------------------------- */

const Scenario *run_scenario(const Run *r)
{
    return r->sc;
}
RunStatus run_status(const Run *r)
{
    return r->status;
}
const Node *run_node(const Run *r)
{
    return &r->sc->nodes[r->node];
}
size_t run_node_index(const Run *r)
{
    return r->node;
}
int run_clock(const Run *r)
{
    return r->clock;
}
int run_var(const Run *r, size_t var)
{
    return r->vars[var];
}

const char *run_text(const Run *r)
{
    const Node *nd = &r->sc->nodes[r->node];
    return r->variant == SCENARIO_NONE ? nd->text : nd->variants[r->variant].text;
}

const char *run_epilogue(const Run *r)
{
    const Node *nd = &r->sc->nodes[r->node];
    if (!nd->is_ending) {
        return NULL;
    }
    for (size_t i = 0; i < nd->ending.n_variants; i++) {
        if (holds(r, nd->ending.variants[i].cond)) {
            return nd->ending.variants[i].epilogue;
        }
    }
    return nd->ending.epilogue;
}

const Action *run_history(const Run *r, size_t *n)
{
    *n = r->n_hist;
    return r->hist;
}

size_t run_n_actions(const Run *r)
{
    return r->n_actions;
}

IndicatorMark run_indicator(const Run *r, size_t i)
{
    return (IndicatorMark)r->marks[i];
}
bool run_step_done(const Run *r, size_t i)
{
    return r->done[i];
}
bool run_step_out_of_order(const Run *r, size_t i)
{
    /* derived from the broken rules, the one record of order */
    for (size_t k = 0; k < r->sc->n_order; k++) {
        if (r->sc->order[k].then == i && r->broken[k]) {
            return true;
        }
    }
    return false;
}
int run_step_credit(const Run *r, size_t step)
{
    if (!r->done[step]) {
        return 0;
    }
    int credit = 100;
    for (size_t i = 0; i < r->sc->n_order; i++) {
        const OrderRule *o = &r->sc->order[i];
        if (o->then == step && r->broken[i] && o->partial < credit) {
            credit = o->partial;
        }
    }
    return credit;
}
bool run_rule_broken(const Run *r, size_t rule)
{
    return r->broken[rule];
}
int run_error_count(const Run *r, size_t i)
{
    return r->errors[i];
}
bool run_indicator_blind(const Run *r, size_t i)
{
    return r->blind[i];
}
Source run_indicator_seen_at(const Run *r, size_t i)
{
    return at_get(r->seen_at, i);
}
Source run_indicator_acted_at(const Run *r, size_t i)
{
    return at_get(r->acted_at, i);
}
Source run_indicator_blind_at(const Run *r, size_t i)
{
    return at_get(r->blind_at, i);
}
Source run_step_at(const Run *r, size_t i)
{
    return at_get(r->step_at, i);
}
Source run_error_at(const Run *r, size_t i)
{
    return at_get(r->error_at, i);
}
size_t run_cut_off_by(const Run *r)
{
    return r->cut_off;
}

size_t run_deadlines(const Run *r, Deadline *out, size_t cap)
{
    size_t n = 0;
    if (r->status != RUN_PLAYING) {
        return 0;
    }
    for (size_t i = 0; i < r->sc->n_events; i++) {
        const Event *e = &r->sc->events[i];
        if (!r->announced[i] || r->fired[i] || !holds(r, e->cond)) {
            continue;
        }
        Deadline d = {i, e->at - r->clock, e->announce};
        size_t at = n < cap ? n : cap;
        while (at > 0 && out[at - 1].minutes_left > d.minutes_left) {
            if (at < cap) {
                out[at] = out[at - 1];
            }
            at--;
        }
        if (at < cap) {
            out[at] = d;
        }
        n++;
    }
    return n;
}
bool run_visited(const Run *r, size_t node)
{
    return bit_get(r->visited, node);
}
bool run_examined(const Run *r, const Detail *d)
{
    return bit_get(r->examined_bits, d->global);
}

/* ---- cloning and state keys --------------------------------------------- */

size_t run_state_bytes(const Scenario *sc)
{
    size_t ni = sc->n_items[ITEM_INDICATOR], ns = sc->n_items[ITEM_STEP];
    size_t ne = sc->n_items[ITEM_ERROR];
    /* each array below, plus an allocation's overhead (about 16 bytes each) */
    return sizeof(Run) + 16 * 32 + (sc->n_vars + 1) * sizeof(int) + ni * 2 + ns + ne * sizeof(int) +
           sc->n_nodes + sc->n_details_total + sc->n_details_total / 8 + 2 * sc->n_events +
           sc->n_order + 16;
}

Run *run_clone(const Run *r, RunCloneFlags flags)
{
    RunLayout l = run_layout(r->sc);
    bool lean = (flags & RUN_CLONE_LEAN) || run_is_lean(r);
    size_t bytes = lean ? l.state_size : l.size;
    Run *c = xmalloc(sizeof *c);
    *c = *r;
    run_point(c, xmalloc(bytes), &l, lean);
    memcpy(c->block, r->block, bytes);
    if (flags & (RUN_CLONE_STATE_ONLY | RUN_CLONE_LEAN)) {
        c->hist = NULL;
        c->n_hist = c->cap_hist = 0;
    } else {
        c->hist = xmalloc((r->cap_hist + 1) * sizeof(Action));
        if (r->n_hist) {
            memcpy(c->hist, r->hist, r->n_hist * sizeof(Action));
        }
    }
    return c;
}

void run_copy_lean(Run *dst, const Run *src)
{
    RunLayout l = run_layout(src->sc);
    unsigned char *block = dst->block;
    Action *hist = dst->hist;
    size_t cap_hist = dst->cap_hist;
    *dst = *src;
    run_point(dst, block, &l, true);
    memcpy(block, src->block, l.state_size);
    dst->hist = hist;
    dst->cap_hist = cap_hist;
    dst->n_hist = 0;
}

/* What a snapshot holds besides the state block: the run's scalars. */
typedef struct RunSnapHead {
    size_t node, cut_off, variant, n_examined, n_actions;
    int clock;
    RunStatus status;
    uint32_t seed;
    bool tampered;
} RunSnapHead;

/* The head's size, rounded up so the block after it stays aligned. */
static size_t snap_head_bytes(void)
{
    size_t align = sizeof(max_align_t);
    return (sizeof(RunSnapHead) + align - 1) / align * align;
}

size_t run_snap_bytes(const Scenario *sc)
{
    return snap_head_bytes() + run_layout(sc).state_size;
}

void run_snap_save(const Run *r, void *buf)
{
    RunSnapHead h;
    memset(&h, 0, sizeof h); /* the padding too: equal runs, equal bytes */
    h.node = r->node;
    h.cut_off = r->cut_off;
    h.variant = r->variant;
    h.n_examined = r->n_examined;
    h.n_actions = r->n_actions;
    h.clock = r->clock;
    h.status = r->status;
    h.seed = r->seed;
    h.tampered = r->tampered;
    memset(buf, 0, snap_head_bytes());
    memcpy(buf, &h, sizeof h);
    memcpy((unsigned char *)buf + snap_head_bytes(), r->block, run_layout(r->sc).state_size);
}

void run_snap_load(Run *dst, const void *buf)
{
    RunSnapHead h;
    memcpy(&h, buf, sizeof h);
    dst->node = h.node;
    dst->cut_off = h.cut_off;
    dst->variant = h.variant;
    dst->n_examined = h.n_examined;
    dst->n_actions = h.n_actions;
    dst->clock = h.clock;
    dst->status = h.status;
    dst->seed = h.seed;
    dst->tampered = h.tampered;
    dst->n_hist = 0;
    memcpy(dst->block, (const unsigned char *)buf + snap_head_bytes(),
           run_layout(dst->sc).state_size);
}

typedef struct KeyBuf {
    unsigned char *buf;
    size_t cap, len;
    unsigned acc; /* bits put by key_put_bits, not yet written */
    int nbits;
} KeyBuf;

static void key_put_raw(KeyBuf *k, const void *p, size_t n)
{
    if (k->len + n <= k->cap) {
        memcpy(k->buf + k->len, p, n);
    }
    k->len += n;
}

/* Writes the bits put so far, padded to a byte. */
static void key_flush(KeyBuf *k)
{
    if (k->nbits) {
        unsigned char b = (unsigned char)k->acc;
        key_put_raw(k, &b, 1);
        k->acc = 0;
        k->nbits = 0;
    }
}

static void key_put(KeyBuf *k, const void *p, size_t n)
{
    key_flush(k);
    key_put_raw(k, p, n);
}

/* Puts a value of 'bits' bits (1 or 2): small fields share bytes, so keys
 * are shorter to store, hash and compare. */
static void key_put_bits(KeyBuf *k, unsigned v, int bits)
{
    k->acc |= v << k->nbits;
    k->nbits += bits;
    if (k->nbits >= 8) {
        unsigned char b = (unsigned char)(k->acc & 0xff);
        key_put_raw(k, &b, 1);
        k->acc >>= 8;
        k->nbits -= 8;
    }
}

/* Packs a byte-per-flag array into bits. */
static void key_bits(KeyBuf *k, const unsigned char *flags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        key_put_bits(k, flags[i] != 0, 1);
    }
}

size_t run_full_key(const Run *r, unsigned char *buf, size_t cap)
{
    const Scenario *sc = r->sc;
    KeyBuf k = {buf, cap, 0, 0, 0};
    uint32_t node = (uint32_t)r->node, cut = (uint32_t)r->cut_off;
    int32_t clock = r->clock;
    unsigned char status = (unsigned char)r->status;
    key_put(&k, &node, sizeof node);
    key_put(&k, &cut, sizeof cut);
    key_put(&k, &clock, sizeof clock);
    key_put(&k, &status, 1);
    key_put(&k, r->vars, sc->n_vars * sizeof(int));
    key_put(&k, r->marks, sc->n_items[ITEM_INDICATOR]);
    key_bits(&k, r->done, sc->n_items[ITEM_STEP]);
    key_bits(&k, r->broken, sc->n_order);
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        unsigned char e = r->errors[i] > 0;
        key_put(&k, &e, 1);
    }
    key_bits(&k, r->fired, sc->n_events);
    key_bits(&k, r->announced, sc->n_events);
    key_put(&k, r->examined_bits, sc->n_details_total / 8 + 1);
    key_put(&k, r->visited, (sc->n_nodes + 7) / 8); /* packed as key_bits packs */
    return k.len;
}

/* The frozen part of a key: what the values nothing can read or change any
 * more add to the final score, summed by weight (the score's inputs). */
typedef struct Frozen {
    int64_t ind_seen, ind_acted; /* weights of frozen indicators seen only, acted on */
    int64_t step_credit;         /* sum of credit x weight of frozen steps */
    int64_t penalty;             /* weights of frozen errors committed */
    unsigned char disqualified;  /* a frozen error committed disqualifies */
} Frozen;

/* Indicators: a live one keeps its mark; a frozen one (nothing can read it,
 * and its mark can no longer change) only adds its weight to a sum. */
static void key_marks(const Run *r, KeyBuf *k, const unsigned char *row, bool all, Frozen *f)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    for (size_t i = 0; i < sc->n_items[ITEM_INDICATOR]; i++) {
        unsigned char m = r->marks[i];
        bool live = !all && (keyinfo_has(ki, row, KEYINFO_IND_READ, i) ||
                             (m != MARK_ACTED && (keyinfo_has(ki, row, KEYINFO_IND_SEE, i) ||
                                                  keyinfo_has(ki, row, KEYINFO_IND_ACT, i))));
        key_put_bits(k, live ? m : 3, 2);
        if (!live) {
            int w = sc->items[ITEM_INDICATOR][i].weight;
            f->ind_seen += m == MARK_SEEN ? w : 0;
            f->ind_acted += m == MARK_ACTED ? w : 0;
        }
    }
}

/* Must step 'j' stay live because a step that can still be taken has an
 * order rule naming 'j' first (its credit depends on whether 'j' is done)? */
static bool step_first_live(const Run *r, const unsigned char *row, size_t j)
{
    const Scenario *sc = r->sc;
    for (size_t i = 0; i < sc->n_order; i++) {
        size_t t = sc->order[i].then;
        if (sc->order[i].first == j && !r->done[t] &&
            keyinfo_has(sc->keyinfo, row, KEYINFO_STEP_DO, t)) {
            return true;
        }
    }
    return false;
}

/* Steps: a live one keeps whether it is done and its credit (the broken
 * rules decide nothing else); a frozen one adds credit x weight. */
static void key_steps(const Run *r, KeyBuf *k, const unsigned char *row, bool all, Frozen *f)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    for (size_t j = 0; j < sc->n_items[ITEM_STEP]; j++) {
        int credit = run_step_credit(r, j);
        bool live = !all && (keyinfo_has(ki, row, KEYINFO_STEP_READ, j) ||
                             (!r->done[j] && keyinfo_has(ki, row, KEYINFO_STEP_DO, j)) ||
                             step_first_live(r, row, j));
        unsigned char b = !live ? 255 : r->done[j] ? (unsigned char)(1 + credit) : 0;
        key_put(k, &b, 1);
        if (!live) {
            f->step_credit += (int64_t)credit * sc->items[ITEM_STEP][j].weight;
        }
    }
}

/* Errors: only whether each was committed counts (penalty, disqualifying,
 * erred()); a frozen one adds its weight to the penalty. */
static void key_errors(const Run *r, KeyBuf *k, const unsigned char *row, bool all, Frozen *f)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    for (size_t i = 0; i < sc->n_items[ITEM_ERROR]; i++) {
        bool erred = r->errors[i] > 0;
        /* an ended run keeps which errors it committed, so that the shortest
         * way to an ended state shows the errors of every run merged into it */
        bool live = all || keyinfo_has(ki, row, KEYINFO_ERR_READ, i) ||
                    (!erred && keyinfo_has(ki, row, KEYINFO_ERR_DO, i));
        key_put_bits(k, live ? erred : 2, 2);
        if (!live && erred) {
            f->penalty += sc->items[ITEM_ERROR][i].weight;
            f->disqualified |= sc->items[ITEM_ERROR][i].disqualifying;
        }
    }
}

static void key_put_varint(KeyBuf *k, size_t v)
{
    do {
        unsigned char b = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        key_put(k, &b, 1);
        v >>= 7;
    } while (v);
}

/* The examined details of a component that holds a large share of all of
 * them (a scene graph that is one big loop): the whole bitset, or when few
 * are examined, as most states of a large graph have, their count and the
 * gaps between their numbers, which is far shorter. Which form is used
 * depends only on the set, so equal sets give equal keys. */
static void key_examined_whole(const Run *r, KeyBuf *k)
{
    size_t nbytes = r->sc->n_details_total / 8 + 1;
    const unsigned char *bits = r->examined_bits;
    unsigned char sparse = r->n_examined * 3 + 8 < nbytes;
    key_put(k, &sparse, 1);
    if (!sparse) {
        key_put(k, bits, nbytes);
        return;
    }
    key_put_varint(k, r->n_examined);
    size_t next = 0; /* gaps from the bit after the last one put */
    /* examined_runs says which eight-byte runs of the bits hold any */
    for (size_t run = 0; run * 8 < nbytes; run++) {
        if (!r->examined_runs[run / 8]) {
            run |= 7; /* 64 bytes with none: on to the next byte of runs */
            continue;
        }
        if (!bit_get(r->examined_runs, run)) {
            continue;
        }
        size_t end = run * 8 + 8 <= nbytes ? run * 8 + 8 : nbytes;
        for (size_t i = run * 64; i < end * 8; i++) {
            if (bit_get(bits, i)) {
                key_put_varint(k, i - next);
                next = i + 1;
            }
        }
    }
}

/* Examined details: only those of scenes in the current component. */
static void key_examined(const Run *r, KeyBuf *k)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    size_t c = ki->scc[r->node];
    if (ki->scc_whole[c]) {
        key_examined_whole(r, k);
        return;
    }
    for (size_t i = ki->scc_dstart[c]; i < ki->scc_dstart[c + 1]; i++) {
        key_put_bits(k, bit_get(r->examined_bits, ki->scc_details[i]), 1);
    }
}

/* The clock as far as anything can still tell minutes apart. Once ended,
 * only the time score reads it: every minute within the budget scores the
 * same, and a call cut off by an event scores none. */
static int16_t key_clock(const Run *r, const unsigned char *row)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    if (r->status == RUN_ENDED) {
        int c = r->clock < sc->time_budget ? sc->time_budget : r->clock;
        c = c > 2 * sc->time_budget ? 2 * sc->time_budget : c;
        return (int16_t)(r->cut_off != SCENARIO_NONE ? -1 : c);
    }
    if (keyinfo_has(ki, row, KEYINFO_CLOCK_READ, 0) || r->clock <= ki->time_cap) {
        return (int16_t)r->clock;
    }
    return (int16_t)(ki->time_cap + 1);
}

size_t run_state_key(const Run *r, unsigned char *buf, size_t cap)
{
    const Scenario *sc = r->sc;
    const KeyInfo *ki = sc->keyinfo;
    KeyBuf k = {buf, cap, 0, 0, 0};
    unsigned char status = (unsigned char)r->status;
    key_put_varint(&k, r->node);
    key_put(&k, &status, 1);
    if (r->status == RUN_STUCK) {
        return k.len; /* no way on, and no score */
    }
    /* once ended, nothing reads anything: every value is frozen */
    bool all = r->status == RUN_ENDED;
    const unsigned char *row = keyinfo_row(ki, r->node);
    int16_t clock16 = key_clock(r, row);
    key_put(&k, &clock16, sizeof clock16);
    for (size_t v = 0; v < sc->n_vars && !all; v++) {
        if (keyinfo_has(ki, row, KEYINFO_VAR_READ, v)) {
            uint32_t u = (uint32_t)r->vars[v]; /* zigzag: small either side of 0, short */
            key_put_varint(&k, (u << 1) ^ (0u - (u >> 31)));
        }
    }
    Frozen f = {0, 0, 0, 0, 0};
    key_marks(r, &k, row, all, &f);
    key_steps(r, &k, row, all, &f);
    key_errors(r, &k, row, all, &f);
    /* field by field, as varints: sums of weights (0..100 each), so mostly
     * one or two bytes where the int64s took eight (a third of a bundled
     * scenario's key) */
    key_put_varint(&k, (size_t)f.ind_seen);
    key_put_varint(&k, (size_t)f.ind_acted);
    key_put_varint(&k, (size_t)f.step_credit);
    key_put_varint(&k, (size_t)f.penalty);
    key_put(&k, &f.disqualified, 1);
    if (all) {
        return k.len;
    }
    key_bits(&k, r->fired, sc->n_events);
    key_bits(&k, r->announced, sc->n_events);
    key_examined(r, &k);
    for (size_t i = 0; i < ki->n_visited_keyed; i++) {
        if (keyinfo_has(ki, row, KEYINFO_VISIT_READ, i)) {
            key_put_bits(&k, bit_get(r->visited, ki->visited_keyed[i]), 1);
        }
    }
    key_flush(&k);
    return k.len;
}

/* ---- save, restore, rewind ---------------------------------------------- */

static const char *status_name(RunStatus s)
{
    return s == RUN_ENDED ? "ended" : s == RUN_STUCK ? "stuck" : "playing";
}

char *run_save(const Run *r, const char *trainee)
{
    const Scenario *sc = r->sc;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    cJSON_AddStringToObject(root, "version", sc->version);
    if (trainee) {
        cJSON_AddStringToObject(root, "trainee", trainee);
    }
    cJSON_AddNumberToObject(root, "seed", r->seed);
    cJSON *acts = cJSON_AddArrayToObject(root, "actions");
    for (size_t i = 0; i < r->n_hist; i++) {
        const Action *a = &r->hist[i];
        if (a->kind == ACTION_EVENT) {
            continue; /* events follow from the actions */
        }
        const Node *nd = &sc->nodes[a->node];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "node", nd->id);
        if (a->kind == ACTION_CHOICE) {
            cJSON_AddStringToObject(o, "choice", nd->choices[a->index].id);
        } else if (a->kind == ACTION_EXAMINE) {
            cJSON_AddStringToObject(o, "detail", nd->details[a->index].id);
        } else {
            cJSON_AddStringToObject(o, "jump", sc->nodes[a->index].id);
        }
        cJSON_AddItemToArray(acts, o);
    }
    cJSON *st = cJSON_AddObjectToObject(root, "state");
    cJSON_AddStringToObject(st, "node", sc->nodes[r->node].id);
    cJSON_AddNumberToObject(st, "minutes", r->clock);
    cJSON_AddStringToObject(st, "status", status_name(r->status));
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!out) {
        abort(); /* cJSON only fails here on out-of-memory */
    }
    return out;
}

/* Replays one saved action; returns false if it no longer applies. */
static bool replay_saved(Run *r, const cJSON *a)
{
    const char *node = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "node"));
    const char *choice = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "choice"));
    const char *detail = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "detail"));
    const char *jump = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "jump"));
    if (jump) {
        size_t to = scenario_find_node(r->sc, jump);
        return to != SCENARIO_NONE && run_jump(r, to);
    }
    if (!node || strcmp(node, r->sc->nodes[r->node].id) != 0) {
        return false;
    }
    const Node *nd = &r->sc->nodes[r->node];
    if (choice) {
        for (size_t i = 0; i < nd->n_choices; i++) {
            if (strcmp(nd->choices[i].id, choice) == 0) {
                return run_choose(r, i);
            }
        }
    } else if (detail) {
        for (size_t i = 0; i < nd->n_details; i++) {
            if (strcmp(nd->details[i].id, detail) == 0) {
                return run_examine(r, i);
            }
        }
    }
    return false;
}

Run *run_restore(const Scenario *sc, const char *json, size_t len, char **trainee_out, DiagList *dl)
{
    if (trainee_out) {
        *trainee_out = NULL;
    }
    cJSON *root = cJSON_ParseWithLength(json, len);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "scenario"));
    const cJSON *acts = cJSON_GetObjectItemCaseSensitive(root, "actions");
    if (!cJSON_IsObject(root) || !id || !cJSON_IsArray(acts)) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, NULL, 0, 0, NULL,
                 "not a saved attempt (expected an object with \"scenario\" and \"actions\")");
        cJSON_Delete(root);
        return NULL;
    }
    if (strcmp(id, sc->id) != 0) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, NULL, 0, 0, NULL,
                 "saved attempt is for scenario \"%s\", not \"%s\"", id, sc->id);
        cJSON_Delete(root);
        return NULL;
    }
    /* saves from before option shuffling have no seed: file order */
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(root, "seed");
    double sd = cJSON_IsNumber(seed) ? seed->valuedouble : 0;
    Run *r = run_new_seeded(sc, sd >= 0 && sd <= UINT32_MAX ? (uint32_t)sd : 0);
    size_t i = 0;
    for (const cJSON *a = acts->child; a; a = a->next, i++) {
        if (!replay_saved(r, a)) {
            diag_add(dl, DIAG_WARNING, DIAG_BAD_VALUE, NULL, 0, 0, NULL,
                     "the scenario has changed: resumed after %zu of %d saved actions", i,
                     cJSON_GetArraySize(acts));
            break;
        }
    }
    const char *who = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "trainee"));
    if (trainee_out && who) {
        *trainee_out = xstrdup(who);
    }
    cJSON_Delete(root);
    return r;
}

Run *run_rewind(const Run *r, size_t n)
{
    Run *out = run_new_seeded(r->sc, r->seed);
    size_t keep = n < r->n_actions ? r->n_actions - n : 0, done = 0;
    for (size_t i = 0; i < r->n_hist && done < keep; i++) {
        const Action *a = &r->hist[i];
        if (a->kind == ACTION_EVENT) {
            continue;
        }
        if (a->kind == ACTION_CHOICE) {
            run_choose(out, a->index);
        } else if (a->kind == ACTION_EXAMINE) {
            run_examine(out, a->index);
        } else {
            run_jump(out, a->index);
        }
        done++;
    }
    return out;
}
