/* lint_scenes.c: scenes and endings that cannot be reached, dead ends,
 * and states where the trainee is stuck or can never reach an ending, each
 * with a replayable way there. */
#include "lint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
                L->sc->nodes[n].id, lint_short_choices(choices, shown, sizeof shown));
    } else {
        lint_at(L, DIAG_ERROR, DIAG_DEAD_END, path,
                "the trainee can be stuck in scene \"%s\": no choice is available (each one's "
                "condition is false); reach it with --choices \"%s\"",
                L->sc->nodes[n].id, lint_short_choices(choices, shown, sizeof shown));
    }
    free(choices);
}

void lint_scenes(Lint *L)
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
        if (a->static_reach[n] && !a->complete && !a->reached[n]) {
            char question[160];
            snprintf(question, sizeof question, "whether %s \"%s\" can be reached", kind, nd->id);
            lint_unsettled(L, code, path, question, "got here");
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
