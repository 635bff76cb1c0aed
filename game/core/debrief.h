/* debrief.h: the lesson of one attempt, as lines of text built from its
 * action log and score, so that the game and beneath-play teach the same
 * thing. Every line is true of this attempt: where each indicator was
 * noticed (scene and detail) and whether it was acted on, acting without
 * having noticed, steps out of order with the rule's reason, the error that
 * failed the attempt, and the deadline that ended the call. The catalogue's
 * explanations follow as background. */
#ifndef BENEATH_DEBRIEF_H
#define BENEATH_DEBRIEF_H

#include <stddef.h>

#include "run.h"
#include "score.h"

typedef enum DebriefKind {
    DEBRIEF_HEADING,   /* a section title */
    DEBRIEF_ENDING,    /* how the call ended (screens that show the title already skip it) */
    DEBRIEF_VERDICT,   /* why the attempt passed or failed */
    DEBRIEF_GOOD,      /* something done right */
    DEBRIEF_PARTIAL,   /* done, but only partly right (seen, not acted on; out of order) */
    DEBRIEF_BAD,       /* missed, done blind, or an error */
    DEBRIEF_NOTE,      /* neutral information (time, deadlines) */
    DEBRIEF_BACKGROUND /* a catalogue explanation */
} DebriefKind;

typedef struct DebriefLine {
    DebriefKind kind;
    char *text;
} DebriefLine;

typedef struct Debrief {
    DebriefLine *lines;
    size_t n, cap;
} Debrief;

/* Builds the debrief of 'r' scored as 's' (from score_compute(r)).
 * Caller frees with debrief_free. */
Debrief *debrief_build(const Run *r, const Score *s);
/* Frees the debrief; NULL does nothing. */
void debrief_free(Debrief *d);

/* "the stairwell" / the scene's id in quotes: how the debrief names a scene. */
const char *debrief_scene_name(const Node *nd, char *buf, size_t size);
/* Describes where something happened, e.g. "at minute 12, looking closer
 * at \"Her forearms\" in the stairwell". Writes into buf and returns it. */
const char *debrief_where(const Run *r, Source src, char *buf, size_t size);

#endif
