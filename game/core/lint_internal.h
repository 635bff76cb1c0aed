/* lint_internal.h: what the lint files (lint*.c) share: the Lint context
 * and the helpers that position a finding in the JSON source. Each lint_*.c
 * file adds the findings of one kind; lint.c runs them in order. */
#ifndef BENEATH_LINT_INTERNAL_H
#define BENEATH_LINT_INTERNAL_H

#include "analyze_internal.h"
#include "jsonpos.h"

typedef struct Lint {
    const Analysis *a;
    const Scenario *sc;
    const AnalyzeStates *S;
    const char *text;
    size_t len;
    DiagList *dl;
    Absint A;
    JsonPosCache *cache;
} Lint;

/* Adds a finding at JSON pointer 'path' (line and column from the source). */
void lint_at(Lint *L, DiagLevel level, DiagCode code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* A note, for an analysis cut short, that it could not settle 'question'
 * ("whether ending \"x\" can be reached"): no play-through of any of its
 * searches did 'what' ("got here"). Nothing unproven is more than a note. */
void lint_unsettled(Lint *L, DiagCode code, const char *path, const char *question,
                    const char *what);
/* The JSON string at 'path' as written (escapes kept), shortened to fit. */
const char *lint_source_string(const Lint *L, const char *path, char *buf, size_t size);
/* "a,b,c" shortened for a message. */
const char *lint_short_choices(const char *choices, char *buf, size_t size);
/* Is 'path' an element of its own, not just 'parent' (jsonpos falls back
 * to the nearest existing parent)? */
bool lint_is_json_elem(const Lint *L, const char *parent, const char *path);

/* lint_conditions.c: conditions that can never be true */
void lint_conditions(Lint *L);
/* lint_scenes.c: unreachable scenes and endings, dead ends, stuck scenes */
void lint_scenes(Lint *L);
/* lint_items.c: indicators, steps and errors never scored; protocol order;
 * unused variables */
void lint_items(Lint *L);
void lint_order(Lint *L);
void lint_variables(Lint *L);
/* lint_scoring.c: the best score, passing without looking, errors that
 * still pass, acting before noticing, unannounced deadlines */
void lint_best(Lint *L);
void lint_scoring(Lint *L);
/* lint_text.c: text too long for the screen, pictures that cannot be shown */
void lint_text(Lint *L);
/* lint_plan.c: scene plans outside their box, crowded hotspots, unused plans */
void lint_plans(Lint *L);

#endif
