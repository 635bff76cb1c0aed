/* run.h: one attempt at a scenario, as a deterministic state machine.
 * A Run borrows its Scenario: free the Run before the Scenario.
 * Actions go in (run_choose, run_examine); state and history come out.
 * The same actions always produce the same state (no clocks, no randomness). */
#ifndef BENEATH_RUN_H
#define BENEATH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "expr.h"
#include "scenario.h"

typedef struct Run Run;

typedef enum RunStatus {
    RUN_PLAYING,
    RUN_ENDED, /* reached an ending node */
    RUN_STUCK  /* no available choice in a non-ending node (a scenario bug) */
} RunStatus;

typedef enum OptionKind { OPTION_CHOICE, OPTION_DETAIL } OptionKind;

/* Something the trainee can do now. Options are listed choices first (in the
 * attempt's order, see run_new_seeded), then unexamined details in file
 * order; 1-based positions in this list are what "--choices 2,1" means. */
typedef struct Option {
    OptionKind kind;
    size_t index; /* into node->choices or node->details */
    const char *id;
    const char *label;
    int minutes; /* cost */
} Option;

typedef enum ActionKind { ACTION_CHOICE, ACTION_EXAMINE, ACTION_EVENT, ACTION_JUMP } ActionKind;

/* One entry of the history: every choice, examination and fired event. */
typedef struct Action {
    ActionKind kind;
    size_t node;  /* node where it happened */
    size_t index; /* choice, detail (within node) or event index */
    int minute;   /* clock before the action */
    int minute_after;
} Action;

typedef enum IndicatorMark { MARK_NONE, MARK_SEEN, MARK_ACTED } IndicatorMark;

/* Where something happened, for the debrief: a detail examined, a choice
 * taken, an event that fired, or a scene's text (plain sight). 'index' is
 * the detail, choice or event index; 'node' the scene it happened in. */
typedef enum SourceKind {
    SOURCE_NONE,
    SOURCE_DETAIL,
    SOURCE_CHOICE,
    SOURCE_EVENT,
    SOURCE_SCENE
} SourceKind;
typedef struct Source {
    SourceKind kind;
    size_t node, index;
    int minute; /* clock when it happened */
    size_t seq; /* history entries before it: orders what happened in the same minute */
} Source;

/* A deadline the trainee can see: an announced event that has not fired. */
typedef struct Deadline {
    size_t event;     /* index into Scenario.events */
    int minutes_left; /* at - clock; 0 or less: it happens after the next action */
    const char *label;
} Deadline;

/* Starts an attempt at the scenario's start node; caller frees with run_free.
 * Seed 0 keeps every scene's choices in file order; run_new_seeded with any
 * other seed shuffles them per scene (scenes with fixed_order excepted), the
 * same way every time for the same seed. */
Run *run_new(const Scenario *sc);
Run *run_new_seeded(const Scenario *sc, uint32_t seed);
/* The option-order seed of this attempt (kept in saves). */
uint32_t run_seed(const Run *r);
/* A seed for a new attempt, from the operating system's randomness (never 0). */
uint32_t run_random_seed(void);
/* Frees the run; NULL does nothing. */
void run_free(Run *r);

const Scenario *run_scenario(const Run *r);
RunStatus run_status(const Run *r);
/* Current node (the ending node once ended). */
const Node *run_node(const Run *r);
size_t run_node_index(const Run *r);
/* Scene text with conditional variants applied: the first variant whose
 * condition held when the scene was shown or after the last action (what
 * that text puts in plain sight does not switch it). Borrowed. */
const char *run_text(const Run *r);
/* The ending's epilogue with its variants applied (the first whose
 * condition holds now), or NULL before an ending. Borrowed. */
const char *run_epilogue(const Run *r);
int run_clock(const Run *r);
int run_var(const Run *r, size_t var);

/* Fills up to 'cap' options available now; returns how many there are in all
 * (may exceed cap). Returns 0 once the run has ended or is stuck. */
size_t run_options(const Run *r, Option *out, size_t cap);
/* Lists every option available now into *buf, which holds *cap options and
 * grows (xrealloc) when the scene could offer more; returns how many. One
 * pass over the conditions, where run_options(r, NULL, 0) and a second
 * call take two. */
size_t run_options_into(const Run *r, Option **buf, size_t *cap);

/* Applies available choice node->choices[index]: effects, clock, timed events,
 * then moves. Returns false (and changes nothing) if it is not available. */
bool run_choose(Run *r, size_t index);
/* Examines available detail node->details[index]. Same contract. */
bool run_examine(Run *r, size_t index);
/* Author/test aid: moves to node 'node' with no effects (recorded in the
 * history and saves as a jump). Used to render every scene in layout tests
 * and by author mode. Returns false if node is out of range. */
bool run_jump(Run *r, size_t node);
/* True if run_jump was ever used (the attempt is then not a real one). */
bool run_is_tampered(const Run *r);

/* Applies an option returned by run_options. */
bool run_apply(Run *r, const Option *opt);
/* Reads the next item of a --choices list ("look, 2,separate"): items are
 * separated by commas, surrounding spaces are dropped and empty items are
 * skipped. Copies it into tok (cut to cap - 1 bytes), advances *list and
 * returns true; returns false at the end of the list. */
bool run_next_choice(const char **list, char *tok, size_t cap);

/* Finds an option by id (choice or detail id in the current node) or by
 * 1-based position ("3"). Returns false if there is none. */
bool run_find_option(const Run *r, const char *token, Option *out);

/* History, oldest first. Borrowed; valid until the next action. */
const Action *run_history(const Run *r, size_t *n);
/* Number of trainee actions (choices and examinations, not events). */
size_t run_n_actions(const Run *r);

/* An indicator is MARK_SEEN once observed (a detail, an effect's observe, or
 * the plain sight of a scene's text) and MARK_ACTED when acted on after it
 * was seen. Acting on an indicator not yet seen changes no mark: it is
 * recorded as blind (run_indicator_blind) and earns nothing. */
IndicatorMark run_indicator(const Run *r, size_t indicator);
/* True if the trainee acted on the indicator before ever noticing it (and
 * has not acted on it since noticing it). */
bool run_indicator_blind(const Run *r, size_t indicator);
/* Where the indicator was first noticed, first acted on (after noticing),
 * and first acted on blind; kind SOURCE_NONE if never. */
Source run_indicator_seen_at(const Run *r, size_t indicator);
Source run_indicator_acted_at(const Run *r, size_t indicator);
Source run_indicator_blind_at(const Run *r, size_t indicator);
bool run_step_done(const Run *r, size_t step);
/* True if the step was taken while a rule said another step must come first. */
bool run_step_out_of_order(const Run *r, size_t step);
/* Percent of the step's weight it earns: 0 if not taken, 100 in order, and
 * the smallest 'partial' of the rules it broke if taken too early. */
int run_step_credit(const Run *r, size_t step);
/* True if order rule 'rule' was broken: its 'then' step was taken before
 * its 'first' step. */
bool run_rule_broken(const Run *r, size_t rule);
/* Where the step was taken; kind SOURCE_NONE if never. */
Source run_step_at(const Run *r, size_t step);
/* How many times the error was committed (0 = never). */
int run_error_count(const Run *r, size_t error);
/* Where the error was first committed; kind SOURCE_NONE if never. */
Source run_error_at(const Run *r, size_t error);

/* The deadlines on screen now (announced, not fired, condition holding),
 * soonest first: fills up to 'cap', returns how many there are. */
size_t run_deadlines(const Run *r, Deadline *out, size_t cap);
/* The event that ended the call by moving the trainee to an ending, or
 * SCENARIO_NONE (the trainee chose the ending, or the run goes on). */
size_t run_cut_off_by(const Run *r);
bool run_visited(const Run *r, size_t node);
bool run_examined(const Run *r, const Detail *d);

/* A copy of the run's state. With RUN_CLONE_STATE_ONLY the history is not
 * copied (for state-space search; saves and rewinds of the copy then start
 * from the copy's point). Caller frees with run_free. */
/* An upper bound on the bytes of one run_clone(RUN_CLONE_LEAN) copy
 * (every per-scenario array and allocation overhead), for searches that
 * bound their memory. Its state key is never larger. */
size_t run_state_bytes(const Scenario *sc);

/* RUN_CLONE_LEAN: state only, and without the debrief's sources (where each
 * mark, step and error happened): the copy records none and run_*_at()
 * report SOURCE_NONE, so its score's totals are right but not the debrief;
 * its history (run_history) holds only the events that fire.
 * For searches, which hold thousands of copies. A copy of a lean run is
 * lean. */
typedef enum RunCloneFlags {
    RUN_CLONE_FULL = 0,
    RUN_CLONE_STATE_ONLY = 1,
    RUN_CLONE_LEAN = 2
} RunCloneFlags;
Run *run_clone(const Run *r, RunCloneFlags flags);
/* Makes 'dst', a lean run of the same scenario (RUN_CLONE_LEAN), a lean copy
 * of 'src' in the memory 'dst' already holds, allocating nothing: for
 * searches that try an option on a copy many times over. */
void run_copy_lean(Run *dst, const Run *src);

/* A run's state as bytes, for a search that keeps one per frame of a stack
 * (contiguous, reused as frames end) instead of a run apiece:
 * run_snap_bytes(sc) bytes, a multiple of sizeof(max_align_t). */
size_t run_snap_bytes(const Scenario *sc);
/* Writes the state of 'r' (any run of the scenario) into 'buf': every byte
 * of it, so that runs in the same state give the same bytes (a search may
 * keep only the bytes where two snapshots differ). */
void run_snap_save(const Run *r, void *buf);
/* Makes lean run 'dst' (RUN_CLONE_LEAN) the run saved in 'buf', as
 * run_copy_lean would copy it, allocating nothing. */
void run_snap_load(Run *dst, const void *buf);

/* Writes a compact byte key of everything that can influence what happens
 * next or the score (node, clock, variables, marks, steps, errors, examined
 * details, fired events, visited scenes), leaving out what can no longer
 * matter (keyinfo.h): values no reachable condition reads and no reachable
 * effect changes are summed by weight, clocks no condition, event or time
 * score can tell apart are one, and an ended run keeps only its score's
 * inputs. Two runs with equal keys offer the same options, reach runs with
 * equal keys by the same option, and end with the same score and pass: the
 * keys are a bisimulation, so path counts and scores over keys are exact. Returns the key length;
 * writes at most 'cap' bytes (call with cap 0 to size the buffer). */
size_t run_state_key(const Run *r, unsigned char *buf, size_t cap);

/* Would entry 'i' of list 'l' of 'fx' apply if its action were taken now?
 * False only for a conditional entry (format 2 "effects") whose condition
 * does not hold in the run's current state. */
bool run_effect_applies(const Run *r, const Effects *fx, FxList l, size_t i);

/* Like run_state_key but leaving nothing out (every mark, step, rule,
 * error, event, examined detail, visited scene, the exact clock): for tests
 * that check run_state_key's reductions against the unreduced state space. */
size_t run_full_key(const Run *r, unsigned char *buf, size_t cap);

/* An ExprEnv reading this run (for conditions and tools). */
ExprEnv run_env(const Run *r);

/* Serialises the attempt as JSON (format below); caller frees with free().
 *   {"format":1,"scenario":ID,"version":V,"trainee":T,"seed":S,"actions":[
 *      {"node":N,"choice":C} | {"node":N,"detail":D}, ...],
 *    "state":{"node":N,"minutes":M,"status":S}}
 * 'trainee' may be NULL. */
char *run_save(const Run *r, const char *trainee);

/* Rebuilds an attempt from run_save() output by replaying its actions.
 * If the scenario has changed, replays as far as the actions still apply and
 * adds a DIAG_WARNING saying where it stopped. Returns NULL with a DIAG_ERROR
 * if the text is not a save of this scenario. If trainee_out is not NULL it
 * receives the trainee name (caller frees) or NULL. */
Run *run_restore(const Scenario *sc, const char *json, size_t len, char **trainee_out,
                 DiagList *dl);

/* A new run that replays all actions but the last 'n' (instructor rollback).
 * Caller frees; the original is untouched. */
Run *run_rewind(const Run *r, size_t n);

#endif
