/* plan_load.h: reading "plans" and a scene's "plan" from the parse tree.
 * Private to the core: only load.c includes it (the only reader of scenario
 * JSON); plan.c reports every problem as a Diag with file, line, column,
 * JSON path and what was expected, and keeps reading. */
#ifndef BENEATH_PLAN_LOAD_H
#define BENEATH_PLAN_LOAD_H

#include "diag.h"
#include "jsonpos.h"
#include "plan.h"
#include "scenario.h"

struct cJSON;
struct Arena;

/* What plan.c needs from the loader; 'pos' may be NULL. */
typedef struct PlanLoad {
    const char *file, *text;
    size_t len;
    DiagList *dl;
    struct Arena *arena;
    JsonPosCache *pos;
    size_t n_errors; /* errors added so far (the loader adds them to its own) */
} PlanLoad;

/* Reads the scenario's "plans" object ('plans' may be NULL) into sc->plans. */
void plan_read_shared(PlanLoad *P, const struct cJSON *plans, Scenario *sc);

/* Reads scene 'nd''s "plan" object 'v' (at JSON pointer 'path'); its
 * details must be read already (hotspots name them). Returns the plan in
 * P->arena, or NULL if v is NULL or no plan could be made of it. */
const ScenePlan *plan_read_scene(PlanLoad *P, const char *path, const struct cJSON *v,
                                 const Scenario *sc, const Node *nd);

#endif
