/* analyze.h: whole-scenario analyses shared by beneath-lint, beneath-graph
 * and beneath-paths, so the three tools agree on every answer.
 *  - the scene graph, ignoring conditions ("static" reachability);
 *  - the state space: every state a play-through can reach, explored once
 *    with memoisation on run_state_key(), never path by path. Each state is
 *    expanded once; path counts come from a pass over the state graph.
 * An analysis borrows its Scenario: free the Analysis first. */
#ifndef BENEATH_ANALYZE_H
#define BENEATH_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "run.h"
#include "scenario.h"

/* States explored before giving up with a partial result. */
#define ANALYZE_DEFAULT_MAX_STATES 1000000u

/* Memory the state search may use; on very large scenarios this lowers the
 * state bound below --max-states (Analysis.memory_bound says so). */
#define ANALYZE_MAX_BYTES ((size_t)512 << 20)

/* Text budgets for the smallest supported screen (800x600, 16 px text:
 * about 80 characters a line, 18 lines in the scene panel). Counted in
 * characters, not bytes. Over budget is a text-too-long warning. */
#define ANALYZE_MAX_SCENE_TEXT 1500 /* scene text and each variant */
#define ANALYZE_MAX_LABEL 90        /* a choice or detail label: one line */
#define ANALYZE_MAX_SHORT_TEXT 600  /* detail text, reply, event text, prompt */
#define ANALYZE_MAX_EPILOGUE 2000   /* ending epilogue (scrolls in the debrief) */
#define ANALYZE_MAX_TITLE 60        /* scenario and ending titles */
#define ANALYZE_MAX_WORD 60         /* an unbreakable run of characters */

/* Random play-throughs added when the bound is reached: each one that reaches
 * a scene, shows an indicator or makes a condition true proves it possible. */
#define ANALYZE_DEFAULT_WALKS 20000u

/* The work an analysis may do, counted in options considered (every option
 * of every state expanded, of every step of a random play-through): what a
 * state costs grows with its options, so a scene with a thousand details is
 * bounded by work where a bound on states alone would let it run for
 * minutes. Deterministic, unlike a clock: the same file gives the same
 * result on every machine. */
#define ANALYZE_DEFAULT_MAX_WORK 60000000u
/* Trying an option copies the run, and a copy costs what the scenario's
 * state holds (a 100,000-scene loop: a bitset of every detail and scene), so
 * each option tried also counts one unit per this many bytes of the copy:
 * a scenario whose every state is large is bounded by the work it takes, as
 * one with many options is. (About 3 units on a bundled scenario.) */
#define ANALYZE_COPY_BYTES_PER_UNIT 256u

typedef struct AnalyzeOptions {
    size_t max_states;      /* 0 = ANALYZE_DEFAULT_MAX_STATES */
    size_t max_work;        /* 0 = ANALYZE_DEFAULT_MAX_WORK */
    size_t walks;           /* 0 = ANALYZE_DEFAULT_WALKS (used only when incomplete) */
    size_t proof_states;    /* the states the branch and bound for the best and
                             * worst scores may enter when the state search is
                             * cut short (0, or fewer than max_states: max_states):
                             * it runs beside the search, so more of them cost
                             * little wall time on a small scenario */
    bool no_scoring_checks; /* skip the searches only lint reports (no_look,
                             * err_pass): beneath-paths and beneath-graph */
    bool one_thread;        /* run the random play-throughs and the branch and
                             * bound after the state search, not beside it on
                             * a second core (the results are the same; for
                             * tests) */
    bool shortest_plays;    /* when the state search is cut short, prove the
                             * best and worst play-throughs the shortest by a
                             * breadth-first search (beneath-paths) */
} AnalyzeOptions;

/* A number of paths: exact in 'n' unless 'saturated' (more than 2^64 - 1)
 * or 'infinite' (a loop in the state graph lies on the way). */
typedef struct PathCount {
    uint64_t n;
    bool saturated;
    bool infinite;
} PathCount;

/* One play-through: where it ends, its score and how to replay it. */
typedef struct AnalyzePlay {
    bool found;
    int score;
    bool passed;
    size_t node;   /* ending node (or stuck node) */
    size_t length; /* actions */
    char *choices; /* "id,id,..." for beneath-play --choices; owned by the Analysis */
    bool shortest; /* proven the fewest actions of any play-through with this
                    * result (by a finished search, breadth first) */
} AnalyzePlay;

/* A choice or detail that acts on an indicator in a state where it has not
 * been noticed (so acting earns nothing), with a way to get there. */
typedef struct AnalyzeBlind {
    size_t node;
    OptionKind kind;
    size_t index; /* choice or detail within the node */
    size_t indicator;
    char *choices;      /* --choices that take the blind action last; owned by the Analysis */
    uint32_t via_state; /* private: the explored state it was found in */
} AnalyzeBlind;

#define ANALYZE_MAX_BLIND 64 /* findings kept */

typedef struct AnalyzeStates AnalyzeStates; /* private: the explored state graph */

typedef struct Analysis {
    const Scenario *sc;
    /* scene graph, ignoring conditions (except those that can never hold) */
    bool *static_reach;  /* per node: reachable from the start */
    bool *static_ending; /* per node: some ending is reachable from it */
    /* state space */
    bool complete;         /* every reachable state was explored within the bound */
    size_t max_states;     /* the bound used */
    bool memory_bound;     /* max_states was lowered to keep memory under ANALYZE_MAX_BYTES */
    size_t work, max_work; /* options considered so far, and the bound on them */
    bool work_bound;       /* the work bound stopped a search or the sampling */
    size_t n_states, n_edges;
    bool cyclic;             /* some actions lead back to an earlier state */
    bool *reached;           /* per node: some explored state is in it */
    PathCount *node_paths;   /* per node: paths from the start ending there (endings) */
    PathCount paths;         /* all paths that reach an ending */
    PathCount stuck_paths;   /* paths that end stuck in a non-ending scene */
    PathCount by_score[101]; /* paths to an ending, by final score */
    size_t n_ending_states;
    AnalyzePlay best, worst;      /* best and worst ending scores, with a play-through
                                   * that reaches each (shortest among ties when
                                   * 'complete'); when the bound stops the full
                                   * exploration, found by branch and bound */
    bool best_exact, worst_exact; /* proven optimal (the search finished) */
    AnalyzePlay best_pass;        /* the best play-through that passes ('best' itself when it
                                   * passes); when the bound stops the full exploration, the
                                   * first passing one the search finds. !found: nobody passes
                                   * (proven when best_pass_exact) */
    bool best_pass_exact;
    AnalyzePlay stuck; /* a shortest path into a stuck state, if any */
    /* scoring checks (branch and bound, exact when the *_exact flag is set) */
    bool scoring_checked;  /* the fields below were computed (see no_scoring_checks) */
    AnalyzePlay no_look;   /* a passing play-through that looks closer at nothing */
    bool no_look_exact;    /* the search finished, so !no_look.found proves there is none */
    AnalyzePlay *err_pass; /* per error: a passing play-through that commits it; searched
                            * only for errors neither disqualifying nor given a reason */
    bool *err_pass_exact;
    AnalyzeBlind *blind; /* acting before noticing, found in explored states */
    size_t n_blind;
    int max_clock;  /* largest clock value seen */
    size_t n_walks; /* random play-throughs sampled (0 when complete) */
    /* of those, how many ended with each final score, and passed: when
     * the state search is cut short, a sample of how a play-through with
     * every option equally likely at every step scores */
    size_t walk_scores[101];
    size_t walks_passed;
    AnalyzeStates *priv;
} Analysis;

/* Analyses the scenario (which must have loaded without errors). Never
 * fails: when the state bound is reached, 'complete' is false and the
 * results cover the explored part (counts are then lower bounds).
 * Caller frees with analyze_free. */
Analysis *analyze_new(const Scenario *sc, const AnalyzeOptions *opt);
/* Frees the analysis; NULL does nothing. */
void analyze_free(Analysis *a);

/* True if the choice node->choices[choice] was available in some explored
 * state (false also when its scene is never reached). */
bool analyze_choice_taken(const Analysis *a, size_t node, size_t choice);

/* Adds every authoring finding (see scenarios/README.md, "What the linter
 * checks") to 'dl', positioned in 'text' (the scenario's JSON source, used
 * only to find line and column; may be NULL for positions 0:0). */
void analyze_lint(const Analysis *a, const char *text, size_t len, DiagList *dl);

/* Which bound stopped an unfinished search, for messages after "the": the
 * work bound, the memory bound (neither of which --max-states raises) or
 * "bound of 200000 states (raise it with --max-states)". */
const char *analyze_bound_text(const Analysis *a, char *buf, size_t size);

/* Replays a comma-separated --choices list from the start. Returns the run
 * (caller frees with run_free), or NULL if an item is not available, with
 * the 0-based index of the failing item in *failed_at (if not NULL). */
Run *analyze_replay(const Scenario *sc, const char *choices, size_t *failed_at);

/* Play-throughs for a ready tests file: 'surface', the shortest that ends
 * in a "missed" ending; per_error[e] (an array of the scenario's error
 * count), the shortest that commits error e and no other and fails, or if
 * the breadth-first search finds none, the shortest that commits e (and
 * maybe others) and fails. Each is searched
 * breadth first (proven the shortest, 'shortest' set, when that search
 * finishes within the bounds), else taken from the explored states (the
 * shortest explored). Spends from the analysis's work bound. A play not
 * found has found == false. The caller frees each 'choices'. */
void analyze_test_plays(Analysis *a, AnalyzePlay *surface, AnalyzePlay *per_error);

/* Formats a count as decimal, "more than 18446744073709551615" or
 * "infinitely many". Returns buf. */
char *analyze_count_str(PathCount c, char *buf, size_t size);

/* The token beneath-play --choices accepts for an option: its id, or its
 * 1-based position when the id is all digits (ids like "2" read as
 * positions). Writes into buf and returns it. */
const char *analyze_option_token(const Run *r, const Option *o, char *buf, size_t size);

#endif
