/* keyinfo.c: strongly connected components of the scene graph (iterative
 * Tarjan, so a 100k-scene chain cannot overflow the stack) and the other
 * facts behind run_state_key(). Event gotos can fire from any scene, so they
 * are modelled as edges through one virtual node that every scene reaches. */
#include "keyinfo.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"

typedef struct Graph {
    size_t n;      /* scenes + 1 virtual event node */
    size_t *start; /* CSR edges: edges[start[v] .. start[v+1]) */
    size_t *edges;
} Graph;

static void graph_build(const Scenario *sc, Graph *g)
{
    size_t n = sc->n_nodes, virt = n, m = 0;
    g->n = n + 1;
    g->start = xcalloc(g->n + 1, sizeof(size_t));
    for (size_t v = 0; v < n; v++) {
        g->start[v] = m;
        m += sc->nodes[v].n_choices + (sc->nodes[v].is_ending ? 0 : 1);
    }
    g->start[virt] = m;
    for (size_t i = 0; i < sc->n_events; i++) {
        m += sc->events[i].target != SCENARIO_NONE;
    }
    g->start[g->n] = m;
    g->edges = xmalloc((m + 1) * sizeof(size_t));
    for (size_t v = 0, k = 0; v < n; v++) {
        const Node *nd = &sc->nodes[v];
        for (size_t c = 0; c < nd->n_choices; c++) {
            g->edges[k++] = nd->choices[c].target;
        }
        if (!nd->is_ending) {
            g->edges[k++] = virt;
        }
    }
    for (size_t i = 0, k = g->start[virt]; i < sc->n_events; i++) {
        if (sc->events[i].target != SCENARIO_NONE) {
            g->edges[k++] = sc->events[i].target;
        }
    }
}

/* Iterative Tarjan; writes a component id per vertex, returns the count. */
static size_t tarjan(const Graph *g, size_t *comp)
{
    const size_t none = (size_t)-1;
    size_t *index = xmalloc(g->n * sizeof(size_t)), *low = xmalloc(g->n * sizeof(size_t));
    size_t *stack = xmalloc(g->n * sizeof(size_t)), *call = xmalloc(g->n * sizeof(size_t));
    size_t *next_edge = xmalloc(g->n * sizeof(size_t));
    unsigned char *on = xcalloc(g->n, 1);
    size_t counter = 0, sp = 0, n_comp = 0;
    for (size_t v = 0; v < g->n; v++) {
        index[v] = none;
    }
    for (size_t root = 0; root < g->n; root++) {
        if (index[root] != none) {
            continue;
        }
        size_t cp = 0;
        call[cp++] = root;
        index[root] = low[root] = counter++;
        next_edge[root] = g->start[root];
        stack[sp++] = root;
        on[root] = 1;
        while (cp) {
            size_t v = call[cp - 1];
            if (next_edge[v] < g->start[v + 1]) {
                size_t w = g->edges[next_edge[v]++];
                if (index[w] == none) {
                    index[w] = low[w] = counter++;
                    next_edge[w] = g->start[w];
                    stack[sp++] = w;
                    on[w] = 1;
                    call[cp++] = w;
                } else if (on[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            if (low[v] == index[v]) {
                size_t w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    comp[w] = n_comp;
                } while (w != v);
                n_comp++;
            }
            cp--;
            if (cp && low[v] < low[call[cp - 1]]) {
                low[call[cp - 1]] = low[v];
            }
        }
    }
    free(index);
    free(low);
    free(stack);
    free(call);
    free(next_edge);
    free(on);
    return n_comp;
}

static void mark_reads(const Expr *e, unsigned char *visited_read, bool *reads_clock)
{
    for (; e; e = e->b) {
        if (e->op == EXPR_VISITED) {
            visited_read[e->index] = 1;
        } else if (e->op == EXPR_CLOCK) {
            *reads_clock = true;
        }
        mark_reads(e->a, visited_read, reads_clock);
    }
}

/* Conditional effect entries are decided by conditions too. */
static void mark_guard_reads(const Effects *fx, unsigned char *visited_read, bool *reads_clock)
{
    for (size_t g = 0; g < fx->n_guards; g++) {
        mark_reads(fx->guards[g].cond, visited_read, reads_clock);
    }
}

static void scan_conditions(const Scenario *sc, unsigned char *visited_read, bool *reads_clock)
{
    for (size_t i = 0; i < sc->n_events; i++) {
        mark_reads(sc->events[i].cond, visited_read, reads_clock);
        mark_guard_reads(&sc->events[i].fx, visited_read, reads_clock);
    }
    for (size_t v = 0; v < sc->n_nodes; v++) {
        const Node *nd = &sc->nodes[v];
        for (size_t i = 0; i < nd->n_variants; i++) {
            mark_reads(nd->variants[i].cond, visited_read, reads_clock);
        }
        for (size_t i = 0; i < nd->n_choices; i++) {
            mark_reads(nd->choices[i].cond, visited_read, reads_clock);
            mark_guard_reads(&nd->choices[i].fx, visited_read, reads_clock);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            mark_reads(nd->details[i].cond, visited_read, reads_clock);
            mark_guard_reads(&nd->details[i].fx, visited_read, reads_clock);
        }
    }
}

/* ---- live rows -------------------------------------------------------------- */

/* A row per component is kept only while all rows fit in this many bytes;
 * beyond it every component shares the union row (sound, just coarser). */
#define KEYINFO_MAX_ROW_BYTES ((size_t)32 << 20)

typedef struct Rows {
    const Scenario *sc;
    KeyInfo *ki;
    size_t *visit_slot; /* per node: index in visited_keyed, or (size_t)-1 */
} Rows;

static void row_set(const KeyInfo *ki, unsigned char *row, KeyInfoBits kind, size_t index)
{
    size_t b = ki->bit[kind] + index;
    row[b >> 3] |= (unsigned char)(1u << (b & 7));
}

static void row_or(const KeyInfo *ki, unsigned char *dst, const unsigned char *src)
{
    if (dst != src) {
        for (size_t i = 0; i < ki->row_bytes; i++) {
            dst[i] |= src[i];
        }
    }
}

static void row_reads(const Rows *R, unsigned char *row, const Expr *e)
{
    for (; e; e = e->b) {
        switch (e->op) {
        case EXPR_VAR:
            row_set(R->ki, row, KEYINFO_VAR_READ, e->index);
            break;
        case EXPR_CLOCK:
            row_set(R->ki, row, KEYINFO_CLOCK_READ, 0);
            break;
        case EXPR_SEEN:
        case EXPR_ACTED:
            row_set(R->ki, row, KEYINFO_IND_READ, e->index);
            break;
        case EXPR_DONE:
            row_set(R->ki, row, KEYINFO_STEP_READ, e->index);
            break;
        case EXPR_ERRED:
            row_set(R->ki, row, KEYINFO_ERR_READ, e->index);
            break;
        case EXPR_VISITED:
            if (R->visit_slot[e->index] != (size_t)-1) {
                row_set(R->ki, row, KEYINFO_VISIT_READ, R->visit_slot[e->index]);
            }
            break;
        default:
            break;
        }
        row_reads(R, row, e->a);
    }
}

static void row_sights(const Rows *R, unsigned char *row, const IndList *l)
{
    for (size_t i = 0; i < l->n; i++) {
        row_set(R->ki, row, KEYINFO_IND_SEE, l->ids[i]);
    }
}

static void row_effects(const Rows *R, unsigned char *row, const Effects *fx)
{
    /* conditional entries (format 2 "effects") read their conditions */
    for (size_t g = 0; g < fx->n_guards; g++) {
        row_reads(R, row, fx->guards[g].cond);
    }
    for (size_t i = 0; i < fx->n_observe; i++) {
        row_set(R->ki, row, KEYINFO_IND_SEE, fx->observe[i]);
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        row_set(R->ki, row, KEYINFO_IND_ACT, fx->act[i]);
    }
    for (size_t i = 0; i < fx->n_steps; i++) {
        row_set(R->ki, row, KEYINFO_STEP_DO, fx->steps[i]);
    }
    for (size_t i = 0; i < fx->n_errors; i++) {
        row_set(R->ki, row, KEYINFO_ERR_DO, fx->errors[i]);
    }
}

/* What scene 'v' itself can read and change (not its successors). */
static void row_scene(const Rows *R, unsigned char *row, size_t v)
{
    const Node *nd = &R->sc->nodes[v];
    row_sights(R, row, &nd->plain_sight);
    for (size_t i = 0; i < nd->n_variants; i++) {
        row_reads(R, row, nd->variants[i].cond);
        row_sights(R, row, &nd->variants[i].plain_sight);
    }
    for (size_t i = 0; i < nd->n_choices; i++) {
        row_reads(R, row, nd->choices[i].cond);
        row_effects(R, row, &nd->choices[i].fx);
    }
    for (size_t i = 0; i < nd->n_details; i++) {
        row_reads(R, row, nd->details[i].cond);
        row_effects(R, row, &nd->details[i].fx);
    }
}

/* The events, as the virtual scene every scene that is not an ending can
 * reach: their conditions, effects, and the rows of their targets. */
static void row_events(const Rows *R, unsigned char *row, const unsigned char *rows, size_t self,
                       bool per_comp)
{
    const Scenario *sc = R->sc;
    for (size_t i = 0; i < sc->n_events; i++) {
        row_reads(R, row, sc->events[i].cond);
        row_effects(R, row, &sc->events[i].fx);
        size_t t = sc->events[i].target;
        if (per_comp && t != SCENARIO_NONE && R->ki->scc[t] != self) {
            row_or(R->ki, row, rows + R->ki->scc[t] * R->ki->row_bytes);
        }
    }
}

/* Fills ki->rows. Tarjan numbers a component after every component it
 * reaches, so in increasing order each successor's row is already final. */
static void live_rows(const Scenario *sc, KeyInfo *ki, size_t comp_virt)
{
    size_t counts[KEYINFO_N_BITS] = {sc->n_items[ITEM_INDICATOR], sc->n_items[ITEM_INDICATOR],
                                     sc->n_items[ITEM_INDICATOR], sc->n_items[ITEM_STEP],
                                     sc->n_items[ITEM_STEP],      sc->n_items[ITEM_ERROR],
                                     sc->n_items[ITEM_ERROR],     sc->n_vars,
                                     ki->n_visited_keyed,         1};
    for (int k = 0; k < KEYINFO_N_BITS; k++) {
        ki->bit[k + 1] = ki->bit[k] + counts[k];
    }
    ki->row_bytes = ki->bit[KEYINFO_N_BITS] / 8 + 1;
    /* components number the scenes and the virtual event scene (comp_virt) */
    size_t n_comp = ki->n_scc;
    bool per_comp = n_comp * ki->row_bytes <= KEYINFO_MAX_ROW_BYTES;
    ki->n_rows = per_comp ? n_comp : 1;
    ki->rows = arena_array(sc->arena, ki->n_rows * ki->row_bytes + 1, 1);
    Rows R = {sc, ki, xmalloc((sc->n_nodes + 1) * sizeof(size_t))};
    for (size_t v = 0; v < sc->n_nodes; v++) {
        R.visit_slot[v] = (size_t)-1;
    }
    for (size_t i = 0; i < ki->n_visited_keyed; i++) {
        R.visit_slot[ki->visited_keyed[i]] = i;
    }
    for (size_t c = 0; c < n_comp; c++) {
        unsigned char *row = ki->rows + (per_comp ? c : 0) * ki->row_bytes;
        if (c == comp_virt) {
            row_events(&R, row, ki->rows, c, per_comp);
        }
        for (size_t k = ki->scc_start[c]; k < ki->scc_start[c + 1]; k++) {
            size_t v = ki->scc_nodes[k];
            const Node *nd = &sc->nodes[v];
            row_scene(&R, row, v);
            for (size_t i = 0; per_comp && i < nd->n_choices; i++) {
                row_or(ki, row, ki->rows + ki->scc[nd->choices[i].target] * ki->row_bytes);
            }
            if (!nd->is_ending && per_comp) {
                row_or(ki, row, ki->rows + comp_virt * ki->row_bytes);
            }
        }
    }
    free(R.visit_slot);
}

const unsigned char *keyinfo_row(const KeyInfo *ki, size_t node)
{
    return ki->rows + (ki->n_rows > 1 ? ki->scc[node] : 0) * ki->row_bytes;
}

void keyinfo_build(Scenario *sc)
{
    KeyInfo *ki = arena_alloc(sc->arena, sizeof *ki);
    size_t n = sc->n_nodes;
    Graph g;
    graph_build(sc, &g);
    size_t *comp = xmalloc(g.n * sizeof(size_t));
    ki->n_scc = tarjan(&g, comp);
    ki->scc = arena_array(sc->arena, n + 1, sizeof(size_t));
    memcpy(ki->scc, comp, n * sizeof(size_t));
    /* group nodes by component (counting sort) */
    ki->scc_start = arena_array(sc->arena, ki->n_scc + 2, sizeof(size_t));
    ki->scc_nodes = arena_array(sc->arena, n + 1, sizeof(size_t));
    for (size_t v = 0; v < n; v++) {
        ki->scc_start[comp[v] + 1]++;
    }
    for (size_t c = 0; c < ki->n_scc; c++) {
        ki->scc_start[c + 1] += ki->scc_start[c];
    }
    size_t *fill = xmalloc((ki->n_scc + 1) * sizeof(size_t));
    memcpy(fill, ki->scc_start, (ki->n_scc + 1) * sizeof(size_t));
    for (size_t v = 0; v < n; v++) {
        ki->scc_nodes[fill[comp[v]]++] = v;
    }
    free(fill);
    size_t comp_virt = comp[n];
    free(comp);
    free(g.start);
    free(g.edges);

    ki->scc_dstart = arena_array(sc->arena, ki->n_scc + 2, sizeof(size_t));
    ki->scc_details = arena_array(sc->arena, sc->n_details_total + 1, sizeof(size_t));
    ki->scc_whole = arena_array(sc->arena, ki->n_scc + 1, 1);
    size_t nd_total = 0;
    for (size_t c = 0; c < ki->n_scc; c++) {
        ki->scc_dstart[c] = nd_total;
        for (size_t k = ki->scc_start[c]; k < ki->scc_start[c + 1]; k++) {
            const Node *nd = &sc->nodes[ki->scc_nodes[k]];
            for (size_t d = 0; d < nd->n_details; d++) {
                ki->scc_details[nd_total++] = nd->details[d].global;
            }
        }
        ki->scc_whole[c] = (nd_total - ki->scc_dstart[c]) * 8 > sc->n_details_total;
    }
    ki->scc_dstart[ki->n_scc] = nd_total;
    unsigned char *visited_read = xcalloc(n + 1, 1);
    bool reads_clock = false;
    scan_conditions(sc, visited_read, &reads_clock);
    ki->visited_keyed = arena_array(sc->arena, n + 1, sizeof(size_t));
    for (size_t v = 0; v < n; v++) {
        if (visited_read[v]) {
            ki->visited_keyed[ki->n_visited_keyed++] = v;
        }
    }
    free(visited_read);
    int cap = 2 * sc->time_budget;
    for (size_t i = 0; i < sc->n_events; i++) {
        cap = sc->events[i].at > cap ? sc->events[i].at : cap;
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        cap = sc->events[i].announce_at > cap ? sc->events[i].announce_at : cap;
    }
    ki->time_cap = cap;
    ki->clock_cap = reads_clock ? -1 : cap;
    sc->keyinfo = ki;
    live_rows(sc, ki, comp_virt);
}
