/* lint_conditions.c: conditions that can never be true, proven either
 * abstractly (the declared ranges rule them out, with the reasons) or by the
 * complete state search (false every time a play-through gets there). */
#include "lint_internal.h"
#include "expr.h"

#include <stdio.h>
#include <string.h>

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
    lint_source_string(L, path, src, sizeof src);
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
        char question[256];
        snprintf(question, sizeof question, "whether condition \"%s\" of %s can be true", src,
                 what);
        lint_unsettled(L, DIAG_NEVER_TRUE, path, question, "found it true");
    }
}

void lint_conditions(Lint *L)
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
