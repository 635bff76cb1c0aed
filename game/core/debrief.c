/* debrief.c: see debrief.h. Lines are built in the order a trainee reads
 * them: the verdict and why, the time, what was noticed and done, the
 * protocol and its order, the errors, the epilogue, then the catalogue as
 * background. */
#include "debrief.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "strbuf.h"

static void add(Debrief *d, DebriefKind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void add(Debrief *d, DebriefKind kind, const char *fmt, ...)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    d->lines[d->n++] = (DebriefLine){kind, strbuf_take(&b)};
}

const char *debrief_scene_name(const Node *nd, char *buf, size_t size)
{
    if (nd->title && *nd->title) {
        snprintf(buf, size, "%s", nd->title);
    } else {
        snprintf(buf, size, _("the scene \"%s\""), nd->id);
    }
    return buf;
}

const char *debrief_where(const Run *r, Source src, char *buf, size_t size)
{
    const Scenario *sc = run_scenario(r);
    char scene[160];
    if (src.kind == SOURCE_NONE) {
        snprintf(buf, size, _("never"));
        return buf;
    }
    const Node *nd = &sc->nodes[src.node];
    debrief_scene_name(nd, scene, sizeof scene);
    switch (src.kind) {
    case SOURCE_DETAIL:
        snprintf(buf, size, _("at minute %d, looking closer at \"%s\" (%s)"), src.minute,
                 nd->details[src.index].label, scene);
        break;
    case SOURCE_CHOICE:
        snprintf(buf, size, _("at minute %d, when you chose \"%s\" (%s)"), src.minute,
                 nd->choices[src.index].label, scene);
        break;
    case SOURCE_EVENT: {
        const Event *e = &sc->events[src.index];
        snprintf(buf, size, _("at minute %d, when %s came in (%s)"), src.minute,
                 e->speaker ? e->speaker : _("a call"), scene);
        break;
    }
    default:
        snprintf(buf, size, _("at minute %d, in plain sight (%s)"), src.minute, scene);
        break;
    }
    return buf;
}

/* Where the trainee could have noticed the indicator on their own way
 * through: the first detail that shows it in a scene they were in (never a
 * scene this attempt did not reach, such as one behind a critical error). */
static const char *could_find(const Run *r, size_t ind, char *buf, size_t size)
{
    const Scenario *sc = run_scenario(r);
    char scene[160];
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        if (!run_visited(r, n)) {
            continue;
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            if (run_examined(r, &nd->details[i])) {
                continue;
            }
            for (size_t k = 0; k < nd->details[i].fx.n_observe; k++) {
                if (nd->details[i].fx.observe[k] == ind) {
                    snprintf(buf, size, _("Looking closer at \"%s\" (%s) would have shown it."),
                             nd->details[i].label, debrief_scene_name(nd, scene, sizeof scene));
                    return buf;
                }
            }
        }
    }
    buf[0] = '\0';
    return buf;
}

static void verdict(Debrief *d, const Run *r, const Score *s)
{
    const Scenario *sc = run_scenario(r);
    char where[400];
    if (s->ending) {
        add(d, DEBRIEF_ENDING, _("The call ended: %s."), s->ending->ending.title);
    }
    switch (s->fail) {
    case FAIL_NONE:
        add(d, DEBRIEF_VERDICT, _("Passed: %d/100 (pass mark %d)."), s->total, sc->pass_mark);
        break;
    case FAIL_NOT_ENDED:
        add(d, DEBRIEF_VERDICT,
            _("Not passed: the attempt stopped before the call ended (%d/100 so far)."), s->total);
        break;
    case FAIL_DISQUALIFIED: {
        size_t e = (size_t)(s->failed_by - sc->items[ITEM_ERROR]); /* its index */
        debrief_where(r, run_error_at(r, e), where, sizeof where);
        add(d, DEBRIEF_VERDICT,
            _("Not passed: \"%s\" %s. This critical error fails the attempt whatever the points "
              "(%d/100). %s"),
            s->failed_by->label, where, s->total,
            s->failed_by->explain ? s->failed_by->explain : "");
        break;
    }
    case FAIL_MISSED:
        add(d, DEBRIEF_VERDICT,
            _("Not passed: the call ended as \"%s\", which missed what was really happening. "
              "Points "
              "earned on the way (%d/100) do not make up for that."),
            s->ending->ending.title, s->total);
        break;
    default:
        add(d, DEBRIEF_VERDICT, _("Not passed: %d/100 is below the pass mark of %d."), s->total,
            sc->pass_mark);
        break;
    }
}

static void time_lines(Debrief *d, const Run *r, const Score *s)
{
    const Scenario *sc = run_scenario(r);
    size_t cut = run_cut_off_by(r);
    if (cut != SCENARIO_NONE) {
        const Event *e = &sc->events[cut];
        /* when it fired: a deadline whose countdown appeared late fires
         * after 'at', never before */
        int minute = e->at;
        size_t n;
        const Action *h = run_history(r, &n);
        for (size_t i = 0; i < n; i++) {
            if (h[i].kind == ACTION_EVENT && h[i].index == cut) {
                minute = h[i].minute;
            }
        }
        add(d, DEBRIEF_BAD,
            _("Time: the call was ended for you at minute %d (%s), so the time part is 0/%d. The "
              "countdown was on screen before it."),
            minute, e->announce ? e->announce : e->id, SCORE_PART_TIME);
    } else {
        add(d, s->time_points == SCORE_PART_TIME ? DEBRIEF_GOOD : DEBRIEF_PARTIAL,
            i18n_plural("Time: %d minute on scene against a budget of %d: %d/%d.",
                        "Time: %d minutes on scene against a budget of %d: %d/%d.", s->minutes),
            s->minutes, s->time_budget, s->time_points, SCORE_PART_TIME);
    }
}

static void indicator_lines(Debrief *d, const Run *r, const Score *s)
{
    char seen[400], acted[400], hint[400];
    add(d, DEBRIEF_HEADING, _("What you noticed and what you did about it"));
    for (size_t i = 0; i < s->n_items[ITEM_INDICATOR]; i++) {
        const ScoreItem *si = &s->items[ITEM_INDICATOR][i];
        debrief_where(r, run_indicator_seen_at(r, si->index), seen, sizeof seen);
        if (si->status == STATUS_ACTED) {
            debrief_where(r, run_indicator_acted_at(r, si->index), acted, sizeof acted);
            add(d, DEBRIEF_GOOD, _("%s: noticed %s; acted on %s."), si->item->label, seen, acted);
        } else if (si->blind) {
            debrief_where(r, run_indicator_blind_at(r, si->index), acted, sizeof acted);
            Source seen_src = run_indicator_seen_at(r, si->index),
                   blind_src = run_indicator_blind_at(r, si->index);
            if (si->status == STATUS_SEEN_ONLY && seen_src.seq == blind_src.seq &&
                seen_src.kind == blind_src.kind) {
                /* one action both showed it and acted on it */
                add(d, DEBRIEF_BAD,
                    _("%s: you acted on it %s, the same moment it came to light; acting counts "
                      "only on what was noticed before, so this earns nothing, and you did not act "
                      "on it again."),
                    si->item->label, acted);
            } else if (si->status == STATUS_SEEN_ONLY) {
                add(d, DEBRIEF_BAD,
                    _("%s: you acted on it %s, before you had noticed it, which earns nothing; you "
                      "noticed it later, %s, and did not act on it again."),
                    si->item->label, acted, seen);
            } else {
                could_find(r, si->index, hint, sizeof hint);
                add(d, DEBRIEF_BAD,
                    _("%s: you acted on it %s without having noticed it, which earns nothing.%s%s"),
                    si->item->label, acted, *hint ? " " : "", hint);
            }
        } else if (si->status == STATUS_SEEN_ONLY) {
            add(d, DEBRIEF_PARTIAL,
                _("%s: noticed %s, but not acted on (a quarter of its weight)."), si->item->label,
                seen);
        } else {
            could_find(r, si->index, hint, sizeof hint);
            add(d, DEBRIEF_BAD, _("%s: missed.%s%s"), si->item->label, *hint ? " " : "", hint);
        }
    }
}

static void step_lines(Debrief *d, const Run *r, const Score *s)
{
    const Scenario *sc = run_scenario(r);
    char where[400];
    add(d, DEBRIEF_HEADING, _("Protocol steps and their order"));
    for (size_t i = 0; i < s->n_items[ITEM_STEP]; i++) {
        const ScoreItem *si = &s->items[ITEM_STEP][i];
        debrief_where(r, run_step_at(r, si->index), where, sizeof where);
        if (si->status == STATUS_MISSED) {
            add(d, DEBRIEF_BAD, _("%s: not done."), si->item->label);
            continue;
        }
        if (si->status == STATUS_ACTED) {
            add(d, DEBRIEF_GOOD, _("%s: done %s."), si->item->label, where);
            continue;
        }
        add(d, DEBRIEF_PARTIAL, _("%s: done %s, but out of order (%d%% of its weight)."),
            si->item->label, where, si->credit);
        for (size_t k = 0; k < sc->n_order; k++) {
            const OrderRule *o = &sc->order[k];
            if (o->then == si->index && run_rule_broken(r, k)) {
                const Item *first = &sc->items[ITEM_STEP][o->first];
                bool later = run_step_done(r, o->first);
                add(d, DEBRIEF_PARTIAL, _("    \"%s\" should have come first%s.%s%s"), first->label,
                    later ? _(" (you did it later)") : _(" (you never did it)"),
                    o->why ? _(" Why: ") : "", o->why ? o->why : "");
            }
        }
    }
}

static void error_lines(Debrief *d, const Run *r, const Score *s)
{
    char where[400];
    add(d, DEBRIEF_HEADING, _("Critical errors"));
    if (s->n_items[ITEM_ERROR] == 0) {
        add(d, DEBRIEF_GOOD, _("None."));
    }
    for (size_t i = 0; i < s->n_items[ITEM_ERROR]; i++) {
        const ScoreItem *si = &s->items[ITEM_ERROR][i];
        debrief_where(r, run_error_at(r, si->index), where, sizeof where);
        if (si->item->disqualifying) {
            add(d, DEBRIEF_BAD, _("%s: %s. It fails the attempt."), si->item->label, where);
        } else {
            add(d, DEBRIEF_BAD, _("%s: %s (minus %d points)."), si->item->label, where,
                si->item->weight);
        }
    }
}

static void background(Debrief *d, const Score *s)
{
    static const char *const heads[ITEM_KIND_COUNT] = {N_("Background: the indicators"),
                                                       N_("Background: the protocol steps"),
                                                       N_("Background: the errors you made")};
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        if (s->n_items[k] == 0) {
            continue;
        }
        add(d, DEBRIEF_HEADING, "%s", _(heads[k]));
        for (size_t i = 0; i < s->n_items[k]; i++) {
            const Item *it = s->items[k][i].item;
            add(d, DEBRIEF_BACKGROUND, "%s (%s): %s", it->label, it->category ? it->category : "",
                it->explain ? it->explain : "");
        }
    }
}

Debrief *debrief_build(const Run *r, const Score *s)
{
    Debrief *d = xcalloc(1, sizeof *d);
    verdict(d, r, s);
    time_lines(d, r, s);
    indicator_lines(d, r, s);
    step_lines(d, r, s);
    error_lines(d, r, s);
    const char *epilogue = run_epilogue(r);
    if (epilogue) {
        add(d, DEBRIEF_HEADING, _("What was really happening"));
        add(d, DEBRIEF_NOTE, "%s", epilogue);
    }
    background(d, s);
    return d;
}

void debrief_free(Debrief *d)
{
    if (!d) {
        return;
    }
    for (size_t i = 0; i < d->n; i++) {
        free(d->lines[i].text);
    }
    free(d->lines);
    free(d);
}
