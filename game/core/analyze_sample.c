/* analyze_sample.c: random play-throughs added when the state bound stops
 * the search. Each one that reaches a scene, shows an indicator or makes a
 * condition true proves it possible; none can prove anything impossible. */
#include "analyze_internal.h"
#include "score.h"

#include <stdlib.h>

/* Witnesses found by sampling are real (a replayable play-through), so they
 * can only remove "never" findings, never add wrong ones. */
#define WALK_MAX_ACTIONS 5000
/* Actions over all walks: sampling costs at most about a second, however
 * long the walks of a scenario with loops get. */
#define WALK_TOTAL_ACTIONS 2000000

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A walk's actions: only the options taken, formatted as a --choices list
 * (by replaying them) for the few walks that are kept. */
typedef struct Walk {
    Option *taken;
    size_t n, cap;
    char *choices; /* formatted on first use, for this walk */
} Walk;

static const char *walk_choices(const Analysis *a, Walk *w)
{
    if (w->choices) {
        return w->choices;
    }
    Run *r = run_new(a->sc);
    StrBuf out = {0};
    for (size_t i = 0; i < w->n; i++) {
        char tok[64];
        analyze_choices_add(&out, analyze_option_token(r, &w->taken[i], tok, sizeof tok));
        run_apply(r, &w->taken[i]);
    }
    run_free(r);
    w->choices = strbuf_take(&out);
    return w->choices;
}

static void keep_play(const Analysis *a, AnalyzePlay *p, const Run *r, Walk *w, int score,
                      bool passed)
{
    free(p->choices);
    p->found = true;
    p->score = score;
    p->passed = passed;
    p->node = run_node_index(r);
    p->length = w->n;
    p->choices = xstrdup(walk_choices(a, w));
}

bool analyze_walk_beats(const AnalyzePlay *p, int score, size_t length, int dir)
{
    return !p->found || dir * (score - p->score) > 0 || (score == p->score && length < p->length);
}

static void walk_end(Analysis *a, const Run *r, Walk *w)
{
    size_t n_hist, length = w->n;
    const Action *h = run_history(r, &n_hist);
    for (size_t i = 0; i < n_hist; i++) {
        if (h[i].kind == ACTION_EVENT) {
            a->priv->event_fired[h[i].index] = true;
        }
    }
    if (run_status(r) == RUN_STUCK && !a->stuck.found) {
        keep_play(a, &a->stuck, r, w, -1, false);
    }
    if (run_status(r) != RUN_ENDED) {
        return;
    }
    Score *s = score_compute(r);
    a->walk_scores[s->total]++;
    a->walks_passed += s->passed;
    if (analyze_walk_beats(&a->best, s->total, length, 1)) {
        keep_play(a, &a->best, r, w, s->total, s->passed);
    }
    if (analyze_walk_beats(&a->worst, s->total, length, -1)) {
        keep_play(a, &a->worst, r, w, s->total, s->passed);
    }
    score_free(s);
}

static size_t walk_once(Analysis *a, uint64_t *seed, Walk *w, Option **opts, size_t *cap)
{
    Run *r = run_new(a->sc);
    size_t k = 0;
    w->n = 0;
    free(w->choices);
    w->choices = NULL;
    states_note_facts(a, a->priv, r);
    for (; k < WALK_MAX_ACTIONS && run_status(r) == RUN_PLAYING; k++) {
        size_t n = run_options_into(r, opts, cap);
        if (!analyze_spend(a, n + 1)) {
            break; /* the work bound: this walk ends here, unfinished */
        }
        states_note_options(a->priv, r, *opts, n);
        Option o = (*opts)[splitmix(seed) % n];
        if (w->n == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 64;
            w->taken = xrealloc(w->taken, w->cap * sizeof(Option));
        }
        w->taken[w->n++] = o;
        run_apply(r, &o);
        states_note_facts(a, a->priv, r);
    }
    walk_end(a, r, w);
    run_free(r);
    return k;
}

void analyze_sample_walks(Analysis *a, size_t n_walks)
{
    uint64_t seed = 0x5eed;
    Walk w = {0};
    Option *opts = NULL;
    size_t cap = 0;
    size_t i = 0;
    for (size_t total = 0; i < n_walks && total < WALK_TOTAL_ACTIONS && !a->work_bound; i++) {
        total += walk_once(a, &seed, &w, &opts, &cap);
    }
    a->n_walks = i;
    free(opts);
    free(w.taken);
    free(w.choices);
}
