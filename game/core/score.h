/* score.h: scoring an attempt, and the debrief data behind it.
 * Formula (documented for authors in scenarios/README.md), all integer:
 *   indicators 40: acted on after it was noticed = full weight, noticed but
 *                  not acted on = a quarter, acted on without ever being
 *                  noticed or never noticed = nothing
 *   steps      50: done in order = full weight; done before a step an order
 *                  rule puts first = the rule's 'partial' percent (default 0;
 *                  the lowest of the rules it broke)
 *   time       10: full within the time budget, falling to 0 at twice it;
 *                  0 when a deadline event ended the call
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
    int credit; /* percent of the weight earned (indicators: 100, 25 or 0) */
    bool blind; /* indicators: acted on without having noticed it */
} ScoreItem;

/* Why an attempt did not pass (the first that applies, in this order). */
typedef enum FailReason {
    FAIL_NONE,         /* it passed */
    FAIL_NOT_ENDED,    /* no ending was reached */
    FAIL_DISQUALIFIED, /* a disqualifying error (Score.failed_by) */
    FAIL_MISSED,       /* the ending's outcome is "missed" */
    FAIL_BELOW_MARK    /* the total is below the pass mark */
} FailReason;

typedef struct Score {
    int total; /* 0..100 */
    bool passed;
    bool ended;
    bool disqualified;
    int indicator_points, step_points, time_points, error_penalty; /* parts */
    int minutes;
    int time_budget; /* the budget the time part was measured against */
    bool cut_off;    /* a deadline event ended the call */
    FailReason fail;
    const Item *failed_by;             /* the first disqualifying error committed, or NULL */
    const Node *ending;                /* NULL if not ended */
    ScoreItem *items[ITEM_KIND_COUNT]; /* errors: only those committed */
    size_t n_items[ITEM_KIND_COUNT];
} Score;

/* The formula's pieces, shared with the analyses' score bounds:
 * part * num / den rounded half up (a part with nothing to earn, den <= 0,
 * is full); the time part for 'minutes' on scene against 'budget'; the
 * percent of an indicator's weight a mark earns; the percent of a step's
 * weight earned as the run stands (0 if not done). */
int score_share(int part, long long num, long long den);
int score_time_points(int minutes, int budget);
int score_indicator_credit(IndicatorMark m);
int score_step_credit(const Run *r, size_t step);
/* Total from the parts' earned and total amounts (in percent of weight),
 * the time part and the error penalty, kept within 0..100. */
int score_total(long long ind_earned, long long ind_total, long long step_earned,
                long long step_total, int time_points, int penalty);

/* Scores the run as it stands. Caller frees with score_free. */
Score *score_compute(const Run *r);
void score_free(Score *s);

/* "acted", "seen_only", "missed", "committed" (indicators), and for steps
 * "done", "out_of_order", "missed". */
const char *score_status_name(ItemKind kind, ItemStatus st);

/* "passed", "no ending reached", ... : a short phrase for the reason. */
const char *score_fail_name(FailReason f);

/* The result as one JSON object (keys: score, passed, fail_reason,
 * failed_by, ending, outcome, minutes, time_budget, cut_off_by, seed,
 * parts, indicators{acted,seen_only,missed,acted_unseen}, steps{done,
 * missed,out_of_order}, order_broken[{first,then,why,partial}], errors,
 * disqualified). Caller frees with free(). */
char *score_to_json(const Score *s, const Run *r);

#endif
