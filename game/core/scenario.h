/* scenario.h: the loaded scenario model (read-only outside the core).
 * A Scenario owns all of its strings and arrays; scenario_free releases them.
 * All cross-references are resolved to indexes at load time, so nothing at
 * run time looks anything up by name. */
#ifndef BENEATH_SCENARIO_H
#define BENEATH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The newest format this engine reads; format 1 files load unchanged.
 * Format 2 adds 'once' choices, conditional 'effects', choice 'templates'
 * and fired(EVENT) in conditions. */
#define SCENARIO_FORMAT 2
#define SCENARIO_FORMAT_MIN 1
#define SCENARIO_NONE ((size_t)-1)

typedef struct Expr Expr; /* a parsed condition; see expr.h */

typedef enum VarType { VAR_INT, VAR_BOOL } VarType;

typedef struct Variable {
    const char *id;
    VarType type;
    int initial, min, max; /* values are clamped to [min, max]; bools are 0/1 */
    const char *describe;  /* author's note, may be NULL */
    bool implicit;         /* made by the loader (a 'once' choice's "taken" flag),
                            * not declared by the author: tools do not list it */
} Variable;

typedef enum ItemKind { ITEM_INDICATOR, ITEM_STEP, ITEM_ERROR, ITEM_KIND_COUNT } ItemKind;

/* An indicator, protocol step or critical error as this scenario uses it:
 * the catalogue entry merged with the scenario's weight and local entries. */
typedef struct Item {
    const char *id;                    /* stable id, e.g. IND-DOCS-HELD */
    const char *label;                 /* short name shown to trainees */
    const char *category;              /* grouping, e.g. "Belongings/documents" */
    const char *explain;               /* debrief explanation */
    int weight;                        /* indicators/steps: points weight; errors: penalty */
    bool disqualifying;                /* errors only: fails the attempt whatever the score */
    const char *why_not_disqualifying; /* errors only: the author's reason an attempt
                                        * committing it may still pass; may be NULL */
    bool local;                        /* defined by the scenario, not the shared catalogue */
} Item;

typedef enum AssignOp { ASSIGN_SET, ASSIGN_ADD } AssignOp;
typedef struct Assign {
    size_t var;
    AssignOp op;
    int value;
} Assign;

/* The lists of an Effects, for EffectGuard ranges. */
typedef enum FxList { FX_OBSERVE, FX_ACT, FX_STEPS, FX_ERRORS, FX_ASSIGN, FX_LIST_COUNT } FxList;

/* One entry of a format 2 "effects" list: entries [from[l], to[l]) of each
 * list l apply only when 'cond' holds in the state before the action. */
typedef struct EffectGuard {
    Expr *cond;
    size_t from[FX_LIST_COUNT], to[FX_LIST_COUNT];
} EffectGuard;

/* At most this many conditional entries in one "effects" list. */
#define EFFECT_GUARDS_MAX 16

/* What a choice, a detail or an event does. Indexes point into
 * Scenario.items[kind]. Conditional entries are stored in the same arrays
 * after the unconditional ones, with 'guards' saying which; a tool that
 * ignores 'guards' sees everything that may happen (a sound over-estimate). */
typedef struct Effects {
    size_t *observe; /* indicators noticed */
    size_t n_observe;
    size_t *act; /* indicators acted on (implies observed) */
    size_t n_act;
    size_t *steps; /* protocol steps taken */
    size_t n_steps;
    size_t *errors; /* critical errors committed */
    size_t n_errors;
    Assign *assign;
    size_t n_assign;
    int minutes; /* clock advance, >= 0 */
    EffectGuard *guards;
    size_t n_guards; /* <= EFFECT_GUARDS_MAX */
} Effects;

/* A list of indicator indexes (into Scenario.items[ITEM_INDICATOR]). */
typedef struct IndList {
    size_t *ids;
    size_t n;
} IndList;

typedef struct TextVariant {
    Expr *cond;
    const char *text;
    IndList plain_sight; /* indicators in plain sight in this text */
} TextVariant;

/* "Look closer": costs minutes, may reveal indicators; examined at most once. */
typedef struct Detail {
    const char *id; /* unique within its node */
    const char *label;
    const char *text; /* what the trainee finds */
    Expr *cond;       /* NULL = always available */
    Effects fx;
    size_t global; /* index among all details of the scenario (for run state) */
} Detail;

typedef struct Choice {
    const char *id; /* unique within its node */
    const char *label;
    const char *reply; /* optional text shown after choosing, may be NULL */
    Expr *cond;        /* NULL = always available; a 'once' choice's includes
                        * "not taken yet" */
    size_t target;     /* node index to go to */
    Effects fx;
    bool once;            /* offered until taken once (format 2) */
    size_t once_var;      /* 'once': the implicit variable set when taken, else NONE */
    const char *template; /* the template it was made from ("use"), or NULL */
} Choice;

typedef enum Outcome { OUTCOME_MISSED, OUTCOME_PARTIAL, OUTCOME_IDENTIFIED, OUTCOME_COUNT } Outcome;

/* An epilogue that replaces the ending's own when its condition holds, so
 * an ending never claims the trainee did what they did not. */
typedef struct EpilogueVariant {
    Expr *cond;
    const char *epilogue;
} EpilogueVariant;

typedef struct Ending {
    Outcome outcome;
    const char *title;
    const char *epilogue;      /* what was really happening */
    EpilogueVariant *variants; /* the first whose cond holds replaces 'epilogue' */
    size_t n_variants;
} Ending;

typedef struct Node {
    const char *id;
    const char *title;   /* short name of the place or moment for the debrief, may be NULL */
    const char *speaker; /* may be NULL (narration) */
    const char *text;
    IndList plain_sight;   /* indicators in plain sight in every version of the text */
    bool fixed_order;      /* choices keep file order instead of the attempt's shuffle */
    TextVariant *variants; /* first whose cond holds replaces 'text' */
    size_t n_variants;
    Detail *details;
    size_t n_details;
    Choice *choices;
    size_t n_choices;
    const char *prompt; /* classroom discussion prompt, may be NULL */
    const char *image;  /* asset path relative to the scenario file, may be NULL */
    bool is_ending;
    Ending ending; /* valid when is_ending */
} Node;

/* A timed event: fires once, the first time the clock reaches 'at' minutes
 * (and its condition holds), after the action that crossed the mark.
 * An event with 'announce' is a deadline the trainee can see: from minute
 * 'announce_at' a countdown shows 'announce', and the event never fires
 * unless the countdown was on screen before the action that crossed 'at'
 * (it then fires after the next action instead). */
typedef struct Event {
    const char *id;
    int at;
    const char *announce; /* countdown label, may be NULL */
    int announce_at;      /* minute the countdown appears (default 0) */
    const char *speaker;
    const char *text;
    Expr *cond;
    Effects fx;
    size_t target; /* node to jump to, or SCENARIO_NONE */
} Event;

/* Step 'first' must be taken before step 'then'. A 'then' step taken too
 * early earns 'partial' percent of its weight (default 0). */
typedef struct OrderRule {
    size_t first, then;
    const char *why;
    int partial;
} OrderRule;

typedef struct Scenario {
    const char *file; /* path it was loaded from */
    int format;       /* SCENARIO_FORMAT_MIN .. SCENARIO_FORMAT */
    const char *id, *title, *version, *language, *summary;
    int est_minutes;          /* estimated play time */
    const char *difficulty;   /* "introductory", "standard" or "advanced"; may be NULL */
    const char *content_note; /* what heavy material the call contains; may be NULL */
    int pass_mark;            /* 0..100 */
    int time_budget;          /* on-scene minutes before the time part of the score drops */
    const char **objectives;
    size_t n_objectives;
    Item *items[ITEM_KIND_COUNT];
    size_t n_items[ITEM_KIND_COUNT];
    /* the shared catalogue it was loaded with, every entry (for tools that
     * compare scenarios, e.g. the coverage table); empty without one */
    const Item *catalog[ITEM_KIND_COUNT];
    size_t n_catalog[ITEM_KIND_COUNT];
    const char *catalog_file;     /* its path as the scenario names it; NULL without one */
    const char *catalog_language; /* the translation applied to the catalogue's text
                                   * (translate_apply), NULL for its own */
    OrderRule *order;
    size_t n_order;
    Variable *vars;
    size_t n_vars;
    Event *events;
    size_t n_events;
    Node *nodes;
    size_t n_nodes;
    size_t start;
    size_t n_details_total;
    struct KeyInfo *keyinfo; /* what run_state_key must keep; see keyinfo.h */
    /* private to the core: id -> index maps and the owning arena */
    struct StrMap *node_index;
    struct StrMap *item_index[ITEM_KIND_COUNT];
    struct StrMap *var_index;
    struct StrMap *event_index;
    struct Arena *arena;
} Scenario;

/* Loads and validates a scenario file. The catalogue named by its "catalog"
 * field (default: catalog.json beside the file, if present) is read too.
 * Every problem found is added to 'dl' with file, line, column and JSON path.
 * Returns the scenario, or NULL if any error was found (warnings alone do not
 * fail). Caller frees with scenario_free. Not thread-safe: load scenarios
 * from one thread at a time (see load.c, parse tree allocation). */
Scenario *scenario_load(const char *path, DiagList *dl);

/* As scenario_load, from text in memory; 'name' is used in diagnostics and to
 * resolve the catalogue path. 'text' need not be NUL-terminated. */
Scenario *scenario_parse(const char *name, const char *text, size_t len, DiagList *dl);

/* Frees everything the scenario owns; NULL does nothing. */
void scenario_free(Scenario *sc);

/* Node index for an id, or SCENARIO_NONE. O(1) average. */
size_t scenario_find_node(const Scenario *sc, const char *id);
/* Item index of the given kind for an id, or SCENARIO_NONE. */
size_t scenario_find_item(const Scenario *sc, ItemKind kind, const char *id);
/* Variable index for an id, or SCENARIO_NONE. */
size_t scenario_find_var(const Scenario *sc, const char *id);
/* Event index for an id, or SCENARIO_NONE. */
size_t scenario_find_event(const Scenario *sc, const char *id);

/* Is 'name' (a file name, no folder) a scenario by the bundle's convention:
 * *.json except catalog.json, its translations (catalog.es.json), schema.json,
 * course.json and *.tests.json? The game's
 * scenario list, the tests and beneath-lint DIR all use this one rule. */
bool scenario_is_file_name(const char *name);

/* The conditional entry (index into fx->guards) that entry 'i' of list 'l'
 * belongs to, or SCENARIO_NONE if it always applies. */
size_t effects_guard_of(const Effects *fx, FxList l, size_t i);

/* "missed", "partial", "identified". */
const char *outcome_name(Outcome o);
/* "indicator", "step", "error". */
const char *item_kind_name(ItemKind k);

#endif
