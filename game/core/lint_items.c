/* lint_items.c: indicators, protocol steps and critical errors that are
 * never scored, protocol order rules that cannot be kept, and variables no
 * condition reads. */
#include "lint_internal.h"
#include "expr.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- indicators, steps, errors ---- */

/* lint_unsettled: whether KIND "ID" CAN (be seen, be taken ...). */
static void unsettled(Lint *L, const char *path, const char *kind, const char *id, const char *can,
                      const char *what)
{
    char q[160];
    snprintf(q, sizeof q, "whether %s \"%s\" %s", kind, id, can);
    lint_unsettled(L, DIAG_NEVER_SCORED, path, q, what);
}

void lint_items(Lint *L)
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
        } else if (!S->ind_seen[i]) {
            unsettled(L, path, "indicator", id, "can be seen", "saw it");
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
        } else if (!S->ind_acted[i]) {
            unsettled(L, path, "indicator", id, "can be acted on", "acted on it");
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
        } else if (!S->step_done[i]) {
            unsettled(L, path, "protocol step", id, "can be taken", "took it");
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
        } else if (!S->err_done[i]) {
            unsettled(L, path, "critical error", id, "can be committed", "committed it");
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
        if (!lint_is_json_elem(L, "/order", pj)) {
            return;
        }
        snprintf(then, sizeof then, "%s/then", pj);
        for (size_t t = 0;; t++, k++) {
            snprintf(pk, sizeof pk, "%s/%zu", then, t);
            if (!lint_is_json_elem(L, then, pk)) {
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

void lint_order(Lint *L)
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
        } else if (!L->a->complete && L->S->step_done[o->then] && !L->S->step_in_order[o->then] &&
                   !then_told[o->then] && !in_cycle[o->then]) {
            then_told[o->then] = true;
            unsettled(L, path, "protocol step", t, "can be taken in order",
                      "took it after the steps that must come first");
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

/* The conditions of an effect list's conditional entries read variables too. */
static void mark_guard_reads(const Effects *fx, bool *read)
{
    for (size_t g = 0; g < fx->n_guards; g++) {
        mark_reads(fx->guards[g].cond, read, 0);
    }
}

void lint_variables(Lint *L)
{
    const Scenario *sc = L->sc;
    bool *read = xcalloc(sc->n_vars + 1, 1);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        for (size_t i = 0; i < nd->n_choices; i++) {
            mark_reads(nd->choices[i].cond, read, 0);
            mark_guard_reads(&nd->choices[i].fx, read);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            mark_reads(nd->details[i].cond, read, 0);
            mark_guard_reads(&nd->details[i].fx, read);
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
        mark_guard_reads(&sc->events[i].fx, read);
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
