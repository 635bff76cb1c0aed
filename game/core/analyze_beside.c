/* analyze_beside.c: what runs beside the state search. The random
 * play-throughs (analyze_sample.c) and the branch and bound for the best and
 * worst scores (analyze_best.c) are needed only when the state search stops
 * at a bound, and nothing it finds changes them. So they run on an analysis
 * of their own, started with the search (on a second core, if the process
 * may use one), and what they found is added to the analysis afterwards as
 * if they had followed the search; if the search finishes, they are stopped
 * and dropped. On one core they simply follow the search. Either way the
 * result is the same, and the same on every machine. */
#define _GNU_SOURCE /* sched_getaffinity: the cores this process may use */
#include "analyze_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

struct Beside {
    Analysis own; /* their analysis: its own facts, plays, work and bounds */
    size_t n_walks;
    Extremes x;
    atomic_bool stop;
    bool threaded;
    pthread_t thread;
};

static void beside_run_all(Beside *b)
{
    analyze_sample_walks(&b->own, b->n_walks);
    analyze_extremes(&b->own, &b->x);
}

static void *beside_thread(void *arg)
{
    beside_run_all(arg);
    return NULL;
}

/* Can this process run on more than one core? */
static bool second_core(void)
{
    cpu_set_t set;
    return sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 2;
}

Beside *beside_start(const Analysis *a, size_t n_walks, size_t proof_states, bool alongside)
{
    Beside *b = xcalloc(1, sizeof *b);
    Analysis *own = &b->own;
    own->sc = a->sc;
    own->max_states = proof_states;
    own->max_work = a->max_work;
    own->static_reach = a->static_reach; /* borrowed, read only */
    own->static_ending = a->static_ending;
    own->reached = xcalloc(a->sc->n_nodes + 1, 1);
    own->priv = xcalloc(1, sizeof *own->priv);
    states_facts_init(own->priv, a->sc);
    atomic_init(&b->stop, false);
    own->priv->stop = &b->stop;
    b->n_walks = n_walks;
    b->threaded =
        alongside && second_core() && pthread_create(&b->thread, NULL, beside_thread, b) == 0;
    return b;
}

static void or_into(bool *dst, const bool *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = dst[i] || src[i];
    }
}

/* Keeps the walks' play-through 'w' in 'p' if it beats it, as the walks do
 * (analyze_walk_beats): what they did when they followed the search. */
static void take_walk(AnalyzePlay *p, AnalyzePlay *w, int dir)
{
    if (w->found && analyze_walk_beats(p, w->score, w->length, dir)) {
        free(p->choices);
        *p = *w;
        w->choices = NULL;
    }
}

/* What the walks saw and played, into 'a'. */
static void take_walks(Analysis *a, Analysis *own)
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
    take_walk(&a->best, &own->best, 1);
    take_walk(&a->worst, &own->worst, -1);
    if (!a->stuck.found) {
        take_walk(&a->stuck, &own->stuck, 1);
    }
    a->n_walks = own->n_walks;
    memcpy(a->walk_scores, own->walk_scores, sizeof a->walk_scores);
    a->walks_passed = own->walks_passed;
}

void beside_finish(Beside *b, Analysis *a, bool use)
{
    Analysis *own = &b->own;
    if (!use) {
        atomic_store(&b->stop, true);
    }
    if (b->threaded) {
        pthread_join(b->thread, NULL);
    } else if (use) {
        beside_run_all(b);
    }
    if (use) {
        take_walks(a, own);
        analyze_extremes_take(a, &b->x);
        a->work += own->work;
        a->work_bound = a->work_bound || own->work_bound;
        a->memory_bound = a->memory_bound || own->memory_bound;
    } else {
        free(b->x.best.choices);
        free(b->x.worst.choices);
    }
    free(own->best.choices);
    free(own->worst.choices);
    free(own->stuck.choices);
    free(own->reached);
    states_free(own->priv);
    free(b);
}
