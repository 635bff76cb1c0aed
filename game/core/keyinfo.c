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
    ki->clock_cap = reads_clock ? -1 : cap;
    sc->keyinfo = ki;
}
