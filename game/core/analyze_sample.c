/* analyze_sample.c: random play-throughs added when the state bound stops
 * the search. Each one that reaches a scene, shows an indicator or makes a
 * condition true proves it possible; none can prove anything impossible. */
#include "analyze_internal.h"
#include "score.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

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
    AnalyzePlay *b = &a->best, *wp = &a->worst;
    if (!b->found || s->total > b->score || (s->total == b->score && length < b->length)) {
        keep_play(a, b, r, w, s->total, s->passed);
    }
    if (!wp->found || s->total < wp->score || (s->total == wp->score && length < wp->length)) {
        keep_play(a, wp, r, w, s->total, s->passed);
    }
    score_free(s);
}

static size_t walk_once(Analysis *a, uint64_t *seed, Walk *w, Option **opts, size_t *cap,
                        atomic_bool *stop)
{
    Run *r = run_new(a->sc);
    size_t k = 0;
    w->n = 0;
    free(w->choices);
    w->choices = NULL;
    states_note_facts(a, a->priv, r);
    for (; k < WALK_MAX_ACTIONS && run_status(r) == RUN_PLAYING; k++) {
        if (k % 256 == 255 && atomic_load_explicit(stop, memory_order_relaxed)) {
            break; /* no longer wanted: the search finished (sampler_finish) */
        }
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

static void sample_walks(Analysis *a, size_t n_walks, atomic_bool *stop)
{
    uint64_t seed = 0x5eed;
    Walk w = {0};
    Option *opts = NULL;
    size_t cap = 0;
    size_t i = 0;
    for (size_t total = 0; i < n_walks && total < WALK_TOTAL_ACTIONS && !a->work_bound &&
                           !atomic_load_explicit(stop, memory_order_relaxed);
         i++) {
        total += walk_once(a, &seed, &w, &opts, &cap, stop);
    }
    a->n_walks = i;
    free(opts);
    free(w.taken);
    free(w.choices);
}

struct Sampler {
    Analysis own; /* the walks' analysis: its own facts, plays and work */
    size_t n_walks;
    atomic_bool stop;
    bool threaded;
    pthread_t thread;
};

static void *sampler_run(void *arg)
{
    Sampler *s = arg;
    sample_walks(&s->own, s->n_walks, &s->stop);
    return NULL;
}

Sampler *sampler_start(const Analysis *a, size_t n_walks, bool alongside)
{
    Sampler *s = xcalloc(1, sizeof *s);
    s->own.sc = a->sc;
    s->own.max_states = a->max_states;
    s->own.max_work = a->max_work;
    s->own.reached = xcalloc(a->sc->n_nodes + 1, 1);
    s->own.priv = xcalloc(1, sizeof *s->own.priv);
    states_facts_init(s->own.priv, a->sc);
    s->n_walks = n_walks;
    atomic_init(&s->stop, false);
    /* a second core samples while the first searches; on one core the
     * walks wait for the search (and are skipped if it finishes) */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    s->threaded = alongside && cores >= 2 && pthread_create(&s->thread, NULL, sampler_run, s) == 0;
    return s;
}

static void or_into(bool *dst, const bool *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = dst[i] || src[i];
    }
}

/* Keeps the walks' play-through 'w' in 'p' if 'p' has none, or if 'w' is
 * better ('dir' +1: a higher score; -1: lower) or as good and shorter: what
 * the walks did when they followed the search. */
static void take_play(AnalyzePlay *p, AnalyzePlay *w, int dir)
{
    if (!w->found) {
        return;
    }
    bool take = !p->found || dir * (w->score - p->score) > 0 ||
                (w->score == p->score && w->length < p->length);
    if (take) {
        free(p->choices);
        *p = *w;
        w->choices = NULL;
    }
}

static void merge(Analysis *a, Analysis *own)
{
    const Scenario *sc = a->sc;
    AnalyzeStates *S = a->priv, *W = own->priv;
    or_into(a->reached, own->reached, sc->n_nodes);
    a->max_clock = own->max_clock > a->max_clock ? own->max_clock : a->max_clock;
    or_into(S->choice_ever, W->choice_ever, S->n_choices_all);
    or_into(S->variant_ever, W->variant_ever, S->n_variants_all);
    or_into(S->detail_ever, W->detail_ever, sc->n_details_total);
    or_into(S->event_fired, W->event_fired, sc->n_events);
    or_into(S->ind_seen, W->ind_seen, sc->n_items[ITEM_INDICATOR]);
    or_into(S->ind_acted, W->ind_acted, sc->n_items[ITEM_INDICATOR]);
    or_into(S->step_done, W->step_done, sc->n_items[ITEM_STEP]);
    or_into(S->step_in_order, W->step_in_order, sc->n_items[ITEM_STEP]);
    or_into(S->err_done, W->err_done, sc->n_items[ITEM_ERROR]);
    take_play(&a->best, &own->best, 1);
    take_play(&a->worst, &own->worst, -1);
    if (!a->stuck.found) {
        take_play(&a->stuck, &own->stuck, 1);
    }
    a->n_walks = own->n_walks;
    a->work += own->work;
    a->work_bound = a->work_bound || own->work_bound;
}

void sampler_finish(Sampler *s, Analysis *a, bool use)
{
    if (!use) {
        atomic_store(&s->stop, true);
    }
    if (s->threaded) {
        pthread_join(s->thread, NULL);
    } else if (use) {
        sample_walks(&s->own, s->n_walks, &s->stop);
    }
    if (use) {
        merge(a, &s->own);
    }
    free(s->own.best.choices);
    free(s->own.worst.choices);
    free(s->own.stuck.choices);
    free(s->own.reached);
    states_free(s->own.priv);
    free(s);
}
