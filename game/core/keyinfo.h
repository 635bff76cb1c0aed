/* keyinfo.h: which parts of a run's state can still matter, computed once per
 * scenario at load time, so run_state_key() leaves the rest out and state
 * searches (beneath-paths, beneath-lint) see fewer, equivalent states.
 *  - examined details: only those of scenes in the current scene's strongly
 *    connected component can ever be offered again (any other visited scene
 *    cannot be re-entered; unvisited ones have nothing examined);
 *  - visited scenes: only those some visited() condition names;
 *  - the clock: once past every event time and twice the time budget, and if
 *    no condition the future can evaluate reads 'minutes', later minutes
 *    change nothing;
 *  - marks, steps, errors, variables and visited scenes: per component, what
 *    any scene reachable from it (events included) can still read or change
 *    (the "live" row). A value nothing can read or change any more is frozen:
 *    it only adds a constant to the final score, so keys hold the sum of the
 *    frozen values' weights instead of the values (see run_state_key). */
#ifndef BENEATH_KEYINFO_H
#define BENEATH_KEYINFO_H

#include "scenario.h"

/* The facts a live row records: reads of conditions and changes by effects.
 * KEYINFO_VISIT_READ is indexed like visited_keyed. */
typedef enum KeyInfoBits {
    KEYINFO_IND_READ,  /* seen() or acted() names the indicator */
    KEYINFO_IND_SEE,   /* an observe or plain sight can notice it */
    KEYINFO_IND_ACT,   /* an act names it */
    KEYINFO_STEP_READ, /* done() names the step */
    KEYINFO_STEP_DO,   /* an effect takes it */
    KEYINFO_ERR_READ,  /* erred() names the error */
    KEYINFO_ERR_DO,    /* an effect commits it */
    KEYINFO_VAR_READ,  /* a condition reads the variable */
    KEYINFO_VISIT_READ,
    KEYINFO_CLOCK_READ, /* a condition reads 'minutes' (one bit) */
    KEYINFO_N_BITS      /* how many kinds */
} KeyInfoBits;

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
    int clock_cap; /* clock values above this are equivalent; -1 = none */
    int time_cap;  /* the clock past every event time and 2 x time_budget */
    /* Live rows: per component, one bit per fact some scene reachable from
     * it (itself included; events from any scene that is not an ending) can
     * read in a condition or change with an effect. Bit numbers are
     * bit[kind] + index; rows are row_bytes long. When a row per
     * component would be too large, every component shares row 0, the
     * union of all (n_rows == 1). */
    unsigned char *rows;
    size_t row_bytes, n_rows;
    size_t bit[KEYINFO_N_BITS + 1]; /* first bit of each kind; bit[KEYINFO_N_BITS] = total */
} KeyInfo;

/* The live row of the component holding 'node'. */
const unsigned char *keyinfo_row(const KeyInfo *ki, size_t node);
/* Is fact 'index' of 'kind' set in 'row'? (Inline: state keys ask it for
 * every item of every state.) */
static inline bool keyinfo_has(const KeyInfo *ki, const unsigned char *row, KeyInfoBits kind,
                               size_t index)
{
    size_t b = ki->bit[kind] + index;
    return (row[b >> 3] >> (b & 7)) & 1;
}

/* Computes sc->keyinfo (allocated in the scenario's arena). Call once on a
 * loaded scenario with no errors. */
void keyinfo_build(Scenario *sc);

#endif
