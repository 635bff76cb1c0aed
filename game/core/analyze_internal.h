/* analyze_internal.h: what the analysis files share and nothing outside
 * them sees: the abstract values (analyze_reach.c), the explored state graph
 * (analyze_search.c), sampling (analyze_sample.c), the searches aimed at a
 * goal: branch and bound, the shortest play-through, witnesses
 * (analyze_best.c). The lint findings (lint_*.c) read these through
 * lint_internal.h. Not installed, not for tools. */
#ifndef BENEATH_ANALYZE_INTERNAL_H
#define BENEATH_ANALYZE_INTERNAL_H

#include <stdatomic.h>

#include "analyze.h"
#include "arena.h"
#include "expr.h"
#include "strbuf.h"

#define NO_STATE UINT32_MAX
/* The engine's clock ceiling (run.c clamps the clock to one week). */
#define ANALYZE_CLOCK_MAX (24 * 60 * 7)

/* A set of possible values, as an interval; for true/false, within 0..1. */
typedef struct Range {
    long long lo, hi;
} Range;

/* What can ever happen, read from the whole file (sound: never too small). */
typedef struct Absint {
    Range *var; /* per variable */
    Range clock;
    bool *can_seen, *can_acted, *can_done, *can_erred;
    const bool *can_visit; /* per node, or NULL = any */
} Absint;

/* An option as searches store it: index << 1 | 1 for a detail. */
static inline uint32_t analyze_option_code(const Option *o)
{
    return (uint32_t)(o->index << 1 | (o->kind == OPTION_DETAIL));
}

/* The option a code stands for (its id and label are not filled in). */
static inline Option analyze_option_of(uint32_t code)
{
    return (Option){(code & 1) ? OPTION_DETAIL : OPTION_CHOICE, code >> 1, NULL, NULL, 0};
}

typedef struct Edge {
    uint32_t to;  /* state, or NO_STATE when the bound stopped exploration */
    uint32_t opt; /* analyze_option_code */
} Edge;

/* The next capacity of an array of 'n' entries that is full at 'cap':
 * doubled (from 'first'), but not past 'limit' (0: no limit) while 'limit'
 * still has room, so a search bounded at 200,000 states does not hold room
 * for 262,144. */
static inline size_t analyze_grow(size_t cap, size_t n, size_t first, size_t limit)
{
    size_t want = cap ? cap * 2 : first;
    return limit > n && want > limit ? limit : want;
}

/* A set of state keys: the bytes of each key once, found by hash (open
 * addressing). The exploration numbers its states by their key's entry; the
 * branch and bound only asks whether a key was seen. */
typedef struct KeyEntry {
    const unsigned char *bytes;
    uint32_t len, hash;
} KeyEntry;

typedef struct KeyTable {
    unsigned char **chunks; /* key bytes, in chunks that never move */
    size_t n_chunks, chunk_bytes;
    unsigned char *tail; /* the free end of the last chunk */
    size_t tail_left;
    KeyEntry *ent;
    size_t n, cap;
    size_t limit;    /* the most entries its owner adds (0: not known) */
    uint64_t *slots; /* hash << 32 | entry, or all ones when empty */
    size_t n_slots;
} KeyTable;

/* Finds 'key' in 't', or adds it if 'add'. Returns its entry's number
 * (numbered in the order added) and sets *is_new; NO_STATE if absent and
 * not added. */
uint32_t keytable_find(KeyTable *t, const unsigned char *key, size_t len, bool add, bool *is_new);
/* The bytes 't' holds. */
size_t keytable_bytes(const KeyTable *t);
/* Frees what 't' holds and empties it. */
void keytable_free(KeyTable *t);

typedef struct StateRec {
    uint32_t node, edge_start, n_out;
    uint32_t parent, parent_edge, dist; /* shortest path from the start */
    PathCount fwd;                      /* paths from the start */
    int8_t score;                       /* ended states: final score */
    uint8_t status, passed;
    uint8_t color;   /* 0 new, 1 on the stack, 2 done */
    uint8_t loop;    /* target of a back edge: lies on a cycle */
    uint8_t can_end; /* some ending is reachable (computed with cycles only) */
} StateRec;

struct AnalyzeStates {
    KeyTable keys; /* entry s is state s's key; freed once the search is done */
    StateRec *st;
    size_t n, cap;
    Edge *edges;
    size_t n_edges, edge_cap;
    uint32_t *post; /* states in postorder */
    size_t n_post;
    /* what was ever true in some explored state */
    size_t *choice_base, *variant_base;   /* per node: offset into the flat arrays */
    size_t n_choices_all, n_variants_all; /* their lengths */
    /* set: every search of this analysis stops (analyze_spend fails), as the
     * searches beside the state search do once it has finished
     * (beside_finish); NULL: never */
    atomic_bool *stop;
    bool *choice_ever, *variant_ever, *detail_ever, *event_fired;
    bool *ind_seen, *ind_acted, *step_done, *step_in_order, *err_done;
};

/* ---- analyze_reach.c: abstract values and the scene graph ---- */

/* Fills 'A' with what can ever happen, read from the whole file (sound:
 * never too small). Free with absint_fini. */
void absint_init(Absint *A, const Scenario *sc);
void absint_fini(Absint *A);
/* Can 'e' hold for some values within the ranges of 'A'? (NULL holds.) */
bool absint_can_hold(const Absint *A, const Expr *e);
/* Fills a->static_reach: scenes reachable from the start ignoring
 * conditions that 'A' cannot tell are false. */
void analyze_static_reach(Analysis *a, const Absint *A);
/* Fills a->static_ending: scenes from which some ending can be reached. */
void analyze_static_endings(Analysis *a, const Absint *A);
/* Per scene: the fewest choices from it to a scene where goal[] is true,
 * breadth first backwards over the choices whose condition 'A' can hold
 * (every choice if A is NULL: never too many). With 'events', an event that
 * can fire (any, if A is NULL) and moves the call may do so after any
 * action in a scene that is not an ending, so each such scene is as near
 * as its target. SIZE_MAX: no goal is reachable. The caller frees. */
size_t *analyze_hops_to(const Scenario *sc, const Absint *A, const bool *goal, bool events);

/* ---- analyze_search.c: the memoised state search ---- */

/* Explores every reachable state within the bound into a->priv (allocated
 * here), counts paths, finds shortest plays and the blind actions' paths. */
void analyze_search_states(Analysis *a);
/* Allocates, all false, the arrays of 'S' that record what was ever true
 * (choice_ever .. err_done, with choice_base and variant_base). */
void states_facts_init(AnalyzeStates *S, const Scenario *sc);
/* Frees what analyze_search_states allocated in 'S' and 'S' itself. */
void states_free(AnalyzeStates *S);
/* Writes run_state_key(r) into *buf, growing it (*cap bytes) so that it
 * also has room for 'extra' bytes after the key; returns the key's length.
 * The key is computed once unless the buffer was too small. */
size_t analyze_state_key(const Run *r, unsigned char **buf, size_t *cap, size_t extra);
/* Finds the state with this key, or adds it (if 'add' and there is room).
 * Sets *is_new. Returns NO_STATE if absent and not added. */
uint32_t states_find(AnalyzeStates *S, const unsigned char *key, size_t len, bool add,
                     bool *is_new);
/* Is a search still within ANALYZE_MAX_BYTES, counting 'bytes' (its
 * tables) and the Run copies held by 'depth' stack frames? Sets
 * memory_bound if not. */
bool analyze_within_memory(Analysis *a, size_t bytes, size_t depth);
/* The bytes the exploration's tables hold. */
size_t states_bytes(const AnalyzeStates *S);
/* Records what this state shows: scenes, marks, variants. */
void states_note_facts(Analysis *a, AnalyzeStates *S, const Run *r);
/* Records what run 'c', one action after a state, shows: states_note_facts,
 * and the events that action fired ('c' is a lean copy: its history holds
 * that action's). Every run a search makes is a witness, whichever search
 * made it: what it shows is possible. */
void states_note_step(Analysis *a, AnalyzeStates *S, const Run *c);
/* Records which options were available. */
void states_note_options(AnalyzeStates *S, const Run *r, const Option *opts, size_t n);
/* The replayable --choices string for the shortest path to state 's'; the
 * caller frees it. */
char *analyze_state_choices(const Analysis *a, uint32_t s, size_t *length);

/* Charges 'units' options considered to the work bound; false (and
 * work_bound set) once it is spent. */
bool analyze_spend(Analysis *a, size_t units);
/* Charges expanding a state with 'n_opts' options, each tried on a copy of
 * the run (ANALYZE_COPY_BYTES_PER_UNIT); as analyze_spend. */
bool analyze_spend_expand(Analysis *a, size_t n_opts);

/* ---- analyze_sample.c: random play-throughs when the bound is reached ---- */

void analyze_sample_walks(Analysis *a, size_t n_walks);
/* Does a walk's play-through that scores 'score' in 'length' actions beat
 * 'p': 'p' holds none, or it scores better ('dir' +1: higher, -1: lower),
 * or as well in fewer actions? */
bool analyze_walk_beats(const AnalyzePlay *p, int score, size_t length, int dir);

/* ---- analyze_beside.c: what runs beside the state search ---- */

/* The random play-throughs and the branch and bound for the best and worst
 * scores, which are needed only if the state search stops at a bound, run
 * on an analysis of their own that nothing the search finds can change: so
 * they can run while it does (on a second core, if there is one) and the
 * result is the same either way. */
typedef struct Beside Beside;

/* Starts what runs beside the search of 'a' ('n_walks' play-throughs, then
 * the branch and bound, entering up to 'proof_states' states, at least
 * a->max_states): on a thread of its own if 'alongside'
 * and the process may use a second core, else not until beside_finish. 'a'
 * must have its scene graph analysed (static_ending). */
Beside *beside_start(const Analysis *a, size_t n_walks, size_t proof_states, bool alongside);
/* If 'use', finishes it (waiting for the thread, or running it now) and
 * adds to 'a' what it found, as if it had followed the search; else stops
 * it and drops it. Frees 'b'. */
void beside_finish(Beside *b, Analysis *a, bool use);

/* ---- analyze_best.c: the searches aimed at a goal ---- */

/* The best and worst scores by branch and bound, found on an analysis of
 * their own (beside the state search) and then taken into the analysis
 * whose search was cut short. */
typedef struct Extremes {
    AnalyzePlay best, worst;
    bool best_exact, worst_exact;
} Extremes;

/* Searches 'own' (an analysis with no state search of its own) for the
 * extremes. */
void analyze_extremes(Analysis *own, Extremes *x);
/* Takes 'x' into 'a' as if the searches had run on 'a' after its state
 * search and random play-throughs: a proven score replaces what they found,
 * an unproven one only if it is better. Frees what 'x' holds. */
void analyze_extremes_take(Analysis *a, Extremes *x);

/* When the state search was cut short: the best passing play-through if
 * the best does not pass (by branch and bound, here: which one is needed
 * depends on the extremes taken in), and the extremes' play-throughs cut
 * down and, with 'shortest', proven the shortest where a breadth-first
 * search finishes (analyze_shortest), and a witness search for each scene
 * it did not reach and each condition it never saw true where it was
 * evaluated (analyze_witness); with 'scoring_checks', the searches only
 * lint reports (no_look, err_pass). */
void analyze_best(Analysis *a, bool scoring_checks, bool shortest);
/* Searches, depth first and nearest first, for a play-through that gets to
 * scene 'node' with 'cond' true there (NULL: only getting there) and, if
 * 'detail' is not NULL, that detail not yet examined, entering at most
 * 'budget' states; every run it makes, and the options where it ends,
 * note their facts in a->priv, so what it finds counts as seen. Returns
 * whether it found one; sets *entered (if not NULL) to the states it
 * entered. */
bool analyze_witness(Analysis *a, size_t node, const Expr *cond, const Detail *detail,
                     size_t budget, size_t *entered);

/* What analyze_shortest looks for: an ending, with these conditions. */
typedef struct PlayGoal {
    int bound; /* +1: an ending scoring exactly 'score', which must be the best
                * there is (states whose optimistic bound is below it are
                * skipped); -1: likewise for the worst (pessimistic bound);
                * 0: any score */
    int score;
    bool need_pass, need_fail;
    bool missed;     /* a "missed" ending, after at least one action */
    size_t must_err; /* commits this error; SCENARIO_NONE: any */
    bool err_alone;  /* ... and no other */
} PlayGoal;

/* Finds a play-through with the fewest actions that ends as 'g' asks,
 * breadth first, within a->max_states states, the memory bound and the work
 * bound. Returns true if the search finished: then 'out' holds the shortest
 * (out->shortest set), or nothing was found and there is none. 'out' is
 * replaced only when a play-through is found. */
bool analyze_shortest(Analysis *a, const PlayGoal *g, AnalyzePlay *out);

/* ---- analyze.c ---- */

/* Appends one token to a --choices list. */
void analyze_choices_add(StrBuf *s, const char *tok);
/* The --choices list that plays codes[0..n) (analyze_option_code) from the
 * start; the caller frees it. */
char *analyze_codes_choices(const Scenario *sc, const uint32_t *codes, size_t n);

#endif
