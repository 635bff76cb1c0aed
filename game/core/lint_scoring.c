/* lint_scoring.c: findings about the score: the best possible score and
 * what it misses, passing without looking closer, errors that still pass,
 * acting on an indicator before noticing it, deadlines without warning. */
#include "lint_internal.h"
#include "score.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- best score ---- */

/* What a play-through can fall short on, in the order the finding lists
 * it: the heading it is listed under, and the array of the scenario that
 * holds the items (for the finding's position). */
static const struct Shortfall {
    ItemKind kind;
    ItemStatus status;
    const char *head, *array;
} shortfalls[] = {{ITEM_INDICATOR, STATUS_SEEN_ONLY, "only seen: ", "indicators"},
                  {ITEM_INDICATOR, STATUS_MISSED, "missed: ", "indicators"},
                  {ITEM_STEP, STATUS_MISSED, "steps missed: ", "steps"},
                  {ITEM_STEP, STATUS_SEEN_ONLY, "out of order: ", "steps"},
                  {ITEM_ERROR, STATUS_COMMITTED, "errors: ", "errors"}};

/* Lists what the play-through scored by 's' falls short on into 'buf'
 * (*len bytes used), heading by heading, and writes the JSON path of the
 * first such item into 'where' (left as it is if there is none). */
static void list_shortfalls(const Score *s, char *buf, size_t size, size_t *len, char *where,
                            size_t where_size)
{
    bool first = true;
    for (size_t f = 0; f < sizeof shortfalls / sizeof shortfalls[0]; f++) {
        const struct Shortfall *sf = &shortfalls[f];
        int shown = 0;
        for (size_t i = 0; i < s->n_items[sf->kind]; i++) {
            const ScoreItem *it = &s->items[sf->kind][i];
            if (it->status != sf->status) {
                continue;
            }
            if (first) {
                snprintf(where, where_size, "/%s/%zu", sf->array, it->index);
                first = false;
            }
            int n = snprintf(buf + *len, size - *len, "%s%s", shown ? ", " : (*len ? "; " : ""),
                             shown ? "" : sf->head);
            *len += n > 0 && *len + (size_t)n < size ? (size_t)n : 0;
            n = snprintf(buf + *len, size - *len, "%s", it->item->id);
            *len += n > 0 && *len + (size_t)n < size ? (size_t)n : 0;
            shown++;
        }
    }
}

void lint_best(Lint *L)
{
    const Analysis *a = L->a;
    char bound[160];
    if (!a->best.found) {
        return;
    }
    const Scenario *sc = L->sc;
    char why[240] = "", shown[120], where[48] = "/pass_mark";
    size_t len = 0;
    /* what even the best passing play-through misses; if none passes, what
     * the best one does */
    const AnalyzePlay *p = a->best_pass.found ? &a->best_pass : &a->best;
    /* a passing play-through found by the search that stops at the first
     * pass is not proven the best */
    bool proven = a->complete || (a->best.passed && a->best_exact);
    Run *r = analyze_replay(sc, p->choices, NULL);
    if (r) {
        Score *s = score_compute(r);
        list_shortfalls(s, why, sizeof why, &len, where, sizeof where);
        if (s->time_points < SCORE_PART_TIME && len + 40 < sizeof why) {
            snprintf(why + len, sizeof why - len, "%stime %d/%d", len ? "; " : "", s->time_points,
                     SCORE_PART_TIME);
        }
        score_free(s);
        run_free(r);
    }
    lint_short_choices(p->choices, shown, sizeof shown);
    if (!a->best_pass.found && a->best_pass_exact) {
        lint_at(L, DIAG_ERROR, DIAG_BEST_BELOW_100, "/pass_mark",
                "no play-through can pass: the best score is %d/100 (pass mark %d)%s%s",
                a->best.score, sc->pass_mark, len ? ": " : "", why);
    } else if (!a->best_pass.found) {
        lint_at(L, DIAG_ERROR, DIAG_BEST_BELOW_100, "/pass_mark",
                "nobody may be able to pass: no passing play-through was found before the %s "
                "(the best found scores %d/100, pass mark %d)%s%s",
                analyze_bound_text(a, bound, sizeof bound), a->best.score, sc->pass_mark,
                len ? ": " : "", why);
    } else if (p->score < 100 && !proven) {
        lint_at(L, DIAG_NOTE, DIAG_BEST_BELOW_100, "/pass_mark",
                "could not prove the best score: the best found before the %s is %d/100 (%s)",
                analyze_bound_text(a, bound, sizeof bound), p->score, why);
    } else if (p->score < 100) {
        /* at what the best play-through cannot do (the first of it), where
         * the author looks to fix it; the pass mark if it only runs late */
        lint_at(L, DIAG_WARNING, DIAG_BEST_BELOW_100, where,
                "the best possible score is %d/100 (%s), via --choices \"%s\"", p->score, why,
                shown);
    }
}

/* ---- scoring: looking, acting, errors, deadlines ---- */

/* Does the event's goto end the call: an ending, or a scene whose every
 * choice leads straight to an ending (a "called away" scene)? */
static bool event_ends_call(const Scenario *sc, const Event *e)
{
    if (e->target == SCENARIO_NONE) {
        return false;
    }
    const Node *t = &sc->nodes[e->target];
    if (t->is_ending) {
        return true;
    }
    for (size_t i = 0; i < t->n_choices; i++) {
        if (!sc->nodes[t->choices[i].target].is_ending) {
            return false;
        }
    }
    return t->n_choices > 0;
}

void lint_scoring(Lint *L)
{
    const Analysis *a = L->a;
    const Scenario *sc = L->sc;
    char shown[120], path[96], bound[160];
    if (!a->scoring_checked) {
        /* the analysis was made without these searches: nothing to claim */
    } else if (a->no_look.found) {
        lint_at(L, DIAG_ERROR, DIAG_PASSES_WITHOUT_LOOKING, "/pass_mark",
                "an attempt can pass without looking closer at anything: --choices \"%s\" "
                "scores %d/100 and passes; put what must be noticed behind details and give the "
                "choices that act on it \"if\": \"seen(...)\"",
                lint_short_choices(a->no_look.choices, shown, sizeof shown), a->no_look.score);
    } else if (!a->no_look_exact) { /* not proven: a note */
        lint_at(L, DIAG_NOTE, DIAG_PASSES_WITHOUT_LOOKING, "/pass_mark",
                "could not prove that an attempt without looking closer fails: the search "
                "stopped at its %s",
                analyze_bound_text(a, bound, sizeof bound));
    }
    for (size_t e = 0; a->scoring_checked && e < sc->n_items[ITEM_ERROR]; e++) {
        const Item *it = &sc->items[ITEM_ERROR][e];
        snprintf(path, sizeof path, "/errors/%zu", e);
        if (a->err_pass[e].found) {
            lint_at(L, DIAG_WARNING, DIAG_ERROR_STILL_PASSES, path,
                    "an attempt can commit %s and still pass: --choices \"%s\" scores %d/100; "
                    "make it \"disqualifying\", or give \"why_not_disqualifying\" if passing is "
                    "right",
                    it->id, lint_short_choices(a->err_pass[e].choices, shown, sizeof shown),
                    a->err_pass[e].score);
        } else if (!a->err_pass_exact[e]) {
            lint_at(L, DIAG_NOTE, DIAG_ERROR_STILL_PASSES, path,
                    "could not prove that committing %s always fails: the search stopped at its "
                    "%s",
                    it->id, analyze_bound_text(a, bound, sizeof bound));
        }
    }
    for (size_t i = 0; i < a->n_blind; i++) {
        const AnalyzeBlind *b = &a->blind[i];
        const Node *nd = &sc->nodes[b->node];
        const char *ind = sc->items[ITEM_INDICATOR][b->indicator].id;
        snprintf(path, sizeof path, "/nodes/%zu/%s/%zu/act", b->node,
                 b->kind == OPTION_CHOICE ? "choices" : "details", b->index);
        lint_at(L, DIAG_WARNING, DIAG_ACT_BEFORE_OBSERVE, path,
                "\"%s\" can act on %s before the trainee has noticed it (--choices \"%s\"), and "
                "then earns nothing; reveal it first, or show this only \"if\": \"seen(%s)\"",
                b->kind == OPTION_CHOICE ? nd->choices[b->index].id : nd->details[b->index].id, ind,
                lint_short_choices(b->choices, shown, sizeof shown), ind);
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const Event *e = &sc->events[i];
        if (!e->announce && event_ends_call(sc, e)) {
            snprintf(path, sizeof path, "/events/%zu/goto", i);
            lint_at(L, DIAG_ERROR, DIAG_DEADLINE_UNANNOUNCED, path,
                    "event \"%s\" can end the call at minute %d with no warning: give it "
                    "\"announce\", the countdown the trainee sees (and \"announce_at\", the minute "
                    "it appears)",
                    e->id, e->at);
        }
    }
}
