/* score.h: scoring an attempt, and the debrief data behind it.
 * Formula (documented for authors in scenarios/README.md), all integer:
 *   indicators 40: acted = full weight, seen but not acted = a quarter
 *   steps      50: done in order = full weight, out of order = half
 *   time       10: full within the time budget, falling to 0 at twice it
 *   errors       : each distinct error committed subtracts its penalty
 *   total = clamp(sum, 0, 100); passed = ended at an ending whose outcome is
 *   not "missed" && total >= pass mark && no disqualifying error. */
#ifndef BENEATH_SCORE_H
#define BENEATH_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

#define SCORE_PART_INDICATORS 40
#define SCORE_PART_STEPS 50
#define SCORE_PART_TIME 10

typedef enum ItemStatus {
    STATUS_ACTED,     /* indicator acted on / step done in order */
    STATUS_SEEN_ONLY, /* indicator seen but not acted on / step done out of order */
    STATUS_MISSED,    /* never seen / never done */
    STATUS_COMMITTED  /* errors: committed */
} ItemStatus;

typedef struct ScoreItem {
    const Item *item;
    size_t index; /* into Scenario.items[kind] */
    ItemStatus status;
} ScoreItem;

typedef struct Score {
    int total; /* 0..100 */
    bool passed;
    bool ended;
    bool disqualified;
    int indicator_points, step_points, time_points, error_penalty; /* parts */
    int minutes;
    const Node *ending;                /* NULL if not ended */
    ScoreItem *items[ITEM_KIND_COUNT]; /* errors: only those committed */
    size_t n_items[ITEM_KIND_COUNT];
} Score;

/* The formula's two pieces, shared with the analyses' score bounds:
 * part * num / den rounded half up (a part with nothing to earn, den <= 0,
 * is full), and the time part for 'minutes' on scene against 'budget'. */
int score_share(int part, long long num, long long den);
int score_time_points(int minutes, int budget);

/* Scores the run as it stands. Caller frees with score_free. */
Score *score_compute(const Run *r);
void score_free(Score *s);

/* "acted", "seen_only", "missed", "committed" (indicators), and for steps
 * "done", "out_of_order", "missed". */
const char *score_status_name(ItemKind kind, ItemStatus st);

/* The result as one JSON object (keys: score, passed, ending, outcome,
 * minutes, parts, indicators{acted,seen_only,missed}, steps{done,missed,
 * out_of_order}, errors, disqualified). Caller frees with free(). */
char *score_to_json(const Score *s, const Run *r);

#endif
