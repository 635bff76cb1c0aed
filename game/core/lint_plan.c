/* lint_plan.c: scene plans (plan.h) the game would draw wrong: a shape
 * outside the plan's box, hotspots so close together that a click could
 * take the wrong one, a shared plan no scene uses. Hotspots that name no
 * detail are the loader's (plan-ref): such a file does not load. */
#include "lint_internal.h"

#include <stdio.h>
#include <string.h>

/* Hotspots and people closer than this (in plan units, center to center)
 * overlap when the plan is drawn about 300 pixels wide. */
#define PLAN_CROWDED_UNITS 6

static const char *const geom_key[] = {"rect", "line", "at"};
static const char *const kind_noun[PLAN_KIND_COUNT] = {
    "room", "piece of furniture", "wall", "window", "door", "lock", "mark", "person", "hotspot"};

static void check_inside(Lint *L, const PlanShape *s, int w, int h)
{
    int x1 = s->x1 < s->x2 ? s->x1 : s->x2, x2 = s->x1 < s->x2 ? s->x2 : s->x1;
    int y1 = s->y1 < s->y2 ? s->y1 : s->y2, y2 = s->y1 < s->y2 ? s->y2 : s->y1;
    if (x1 >= 0 && y1 >= 0 && x2 <= w && y2 <= h) {
        return;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/%s", s->src, geom_key[plan_kind_geom(s->kind)]);
    const char *what = kind_noun[s->kind];
    if (plan_kind_geom(s->kind) == PLAN_POINT) {
        lint_at(L, DIAG_ERROR, DIAG_PLAN_OUTSIDE, path,
                "this %s at (%d, %d) is outside the plan's box, (0, 0) to (%d, %d)", what, s->x1,
                s->y1, w, h);
    } else {
        lint_at(L, DIAG_ERROR, DIAG_PLAN_OUTSIDE, path,
                "this %s runs from (%d, %d) to (%d, %d), outside the plan's box, (0, 0) to "
                "(%d, %d)",
                what, x1, y1, x2, y2, w, h);
    }
}

/* Hotspots against hotspots and people of one scene's plan. */
static void check_crowded(Lint *L, const ScenePlan *p)
{
    size_t n = plan_n_shapes(p);
    for (size_t i = 0; i < n; i++) {
        const PlanShape *a = plan_shape(p, i);
        if (a->kind != PLAN_HOTSPOT) {
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            const PlanShape *b = plan_shape(p, j);
            bool other = b->kind == PLAN_PERSON || (b->kind == PLAN_HOTSPOT && j < i);
            long dx = a->x1 - b->x1, dy = a->y1 - b->y1;
            long d2 = dx * dx + dy * dy;
            if (!other || d2 >= PLAN_CROWDED_UNITS * PLAN_CROWDED_UNITS) {
                continue;
            }
            char path[600];
            snprintf(path, sizeof path, "%s/at", a->src);
            lint_at(L, DIAG_WARNING, DIAG_PLAN_CROWDED, path,
                    "this hotspot at (%d, %d) is under %d units from %s at (%d, %d): on a small "
                    "screen they overlap",
                    a->x1, a->y1, PLAN_CROWDED_UNITS,
                    b->kind == PLAN_PERSON ? "a person" : "another hotspot", b->x1, b->y1);
            break;
        }
    }
}

void lint_plans(Lint *L)
{
    const Scenario *sc = L->sc;
    for (size_t k = 0; k < sc->n_plans; k++) {
        const Plan *pl = &sc->plans[k];
        bool used = false;
        for (size_t i = 0; i < sc->n_nodes && !used; i++) {
            used = sc->nodes[i].plan && sc->nodes[i].plan->base == pl;
        }
        if (!used) {
            lint_at(L, DIAG_WARNING, DIAG_PLAN_UNUSED, pl->src,
                    "no scene uses the plan \"%s\" (a scene's \"plan\": {\"use\": \"%s\", ...})",
                    pl->name, pl->name);
        }
        for (size_t s = 0; s < pl->n_shapes; s++) {
            check_inside(L, &pl->shapes[s], pl->width, pl->height);
        }
    }
    for (size_t i = 0; i < sc->n_nodes; i++) {
        const ScenePlan *p = sc->nodes[i].plan;
        if (!p) {
            continue;
        }
        for (size_t s = 0; s < p->own.n_shapes; s++) {
            check_inside(L, &p->own.shapes[s], p->own.width, p->own.height);
        }
        check_crowded(L, p);
    }
}
