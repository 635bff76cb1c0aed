/* keyinfo.h: which parts of a run's state can still matter, computed once per
 * scenario at load time, so run_state_key() leaves the rest out and state
 * searches (beneath-paths, beneath-lint) see fewer, equivalent states.
 *  - examined details: only those of scenes in the current scene's strongly
 *    connected component can ever be offered again (any other visited scene
 *    cannot be re-entered; unvisited ones have nothing examined);
 *  - visited scenes: only those some visited() condition names;
 *  - the clock: once past every event time and twice the time budget, and if
 *    no condition reads 'minutes', later minutes change nothing. */
#ifndef BENEATH_KEYINFO_H
#define BENEATH_KEYINFO_H

#include "scenario.h"

typedef struct KeyInfo {
    size_t *scc;       /* per node: component id */
    size_t *scc_nodes; /* nodes grouped by component */
    size_t *scc_start; /* component c's nodes: scc_nodes[scc_start[c] .. scc_start[c+1]) */
    size_t n_scc;
    /* details of each component's scenes: scc_details[scc_dstart[c] ..
     * scc_dstart[c+1]); a component holding a large share of all details is
     * keyed by the whole packed bitset instead (scc_whole[c]), a memcpy */
    size_t *scc_details;
    size_t *scc_dstart;
    unsigned char *scc_whole;
    size_t *visited_keyed; /* nodes some visited() names: their bits go in keys */
    size_t n_visited_keyed;
    int clock_cap;               /* clock values above this are equivalent; -1 = none */
} KeyInfo;

/* Computes sc->keyinfo (allocated in the scenario's arena). Call once on a
 * loaded scenario with no errors. */
void keyinfo_build(Scenario *sc);

#endif
