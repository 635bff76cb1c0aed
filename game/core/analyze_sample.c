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

static void keep_play(AnalyzePlay *p, const Run *r, const StrBuf *path, size_t length, int score,
                      bool passed)
{
    free(p->choices);
    p->found = true;
    p->score = score;
    p->passed = passed;
    p->node = run_node_index(r);
    p->length = length;
    p->choices = xstrdup(strbuf_str(path));
}

static void walk_end(Analysis *a, const Run *r, const StrBuf *path, size_t length)
{
    size_t n_hist;
    const Action *h = run_history(r, &n_hist);
    for (size_t i = 0; i < n_hist; i++) {
        if (h[i].kind == ACTION_EVENT) {
            a->priv->event_fired[h[i].index] = true;
        }
    }
    if (run_status(r) == RUN_STUCK && !a->stuck.found) {
        keep_play(&a->stuck, r, path, length, -1, false);
    }
    if (run_status(r) != RUN_ENDED) {
        return;
    }
    Score *s = score_compute(r);
    AnalyzePlay *b = &a->best, *w = &a->worst;
    if (!b->found || s->total > b->score || (s->total == b->score && length < b->length)) {
        keep_play(b, r, path, length, s->total, s->passed);
    }
    if (!w->found || s->total < w->score || (s->total == w->score && length < w->length)) {
        keep_play(w, r, path, length, s->total, s->passed);
    }
    score_free(s);
}

static size_t walk_once(Analysis *a, uint64_t *seed, StrBuf *path, Option **opts, size_t *cap)
{
    Run *r = run_new(a->sc);
    size_t k = 0;
    strbuf_clear(path);
    states_note_facts(a, a->priv, r);
    for (; k < WALK_MAX_ACTIONS && run_status(r) == RUN_PLAYING; k++) {
        size_t n = run_options(r, NULL, 0);
        if (!analyze_spend(a, n + 1)) {
            break; /* the work bound: this walk ends here, unfinished */
        }
        if (n > *cap) {
            *cap = n * 2;
            *opts = xrealloc(*opts, *cap * sizeof(Option));
        }
        run_options(r, *opts, n);
        states_note_options(a->priv, r, *opts, n);
        Option o = (*opts)[splitmix(seed) % n];
        char tok[64];
        analyze_choices_add(path, analyze_option_token(r, &o, tok, sizeof tok));
        run_apply(r, &o);
        states_note_facts(a, a->priv, r);
    }
    walk_end(a, r, path, k);
    run_free(r);
    return k;
}

void analyze_sample_walks(Analysis *a, size_t n_walks)
{
    uint64_t seed = 0x5eed;
    StrBuf path = {0};
    Option *opts = NULL;
    size_t cap = 0;
    size_t i = 0;
    for (size_t total = 0; i < n_walks && total < WALK_TOTAL_ACTIONS && !a->work_bound; i++) {
        total += walk_once(a, &seed, &path, &opts, &cap);
    }
    a->n_walks = i;
    free(opts);
    strbuf_free(&path);
}
