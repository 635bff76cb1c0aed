/* fuzz_common.c: the scenario the save and condition targets run against. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>

Scenario *fuzz_scenario_load(const char *who)
{
    const char *path = getenv("BENEATH_FUZZ_SCENARIO");
    path = path && *path ? path : FUZZ_SCENARIO;
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    diag_list_free(dl);
    if (!sc) {
        fprintf(stderr, "%s: cannot load the scenario %s\n", who, path);
        abort();
    }
    return sc;
}
