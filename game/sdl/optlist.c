/* optlist.c: stable option numbers within a scene visit (see optlist.h).
 * Slots are only ever appended during a visit, so slot order is number order
 * and a number, once given, belongs to its option until the visit ends. */
#include "optlist.h"

#include <string.h>

void optlist_reset(OptList *l)
{
    memset(l, 0, sizeof *l);
}

static OptSlot *find_slot(OptList *l, OptionKind kind, size_t index)
{
    for (size_t i = 0; i < l->n_slots; i++) {
        if (l->slots[i].kind == kind && l->slots[i].index == index) {
            return &l->slots[i];
        }
    }
    return NULL;
}

bool optlist_update(OptList *l, unsigned long visit, const Option *opts, size_t n)
{
    bool changed = false;
    if (!l->started || l->visit != visit) {
        optlist_reset(l);
        l->visit = visit;
        changed = true;
    }
    bool first = !l->started;
    l->started = true;
    bool was[OPTLIST_MAX];
    for (size_t i = 0; i < l->n_slots; i++) {
        was[i] = l->slots[i].present;
        l->slots[i].present = false;
    }
    for (size_t i = 0; i < n; i++) {
        OptSlot *s = find_slot(l, opts[i].kind, opts[i].index);
        if (!s) {
            if (l->n_slots == OPTLIST_MAX) {
                continue; /* more options than any scene has: shown unnumbered */
            }
            s = &l->slots[l->n_slots];
            s->kind = opts[i].kind;
            s->index = opts[i].index;
            s->number = (int)l->n_slots + 1;
            s->is_new = !first;
            was[l->n_slots] = false;
            l->n_slots++;
        }
        s->present = true;
    }
    for (size_t i = 0; i < l->n_slots; i++) {
        changed = changed || was[i] != l->slots[i].present;
    }
    return changed;
}

const OptSlot *optlist_find(const OptList *l, OptionKind kind, size_t index)
{
    for (size_t i = 0; i < l->n_slots; i++) {
        const OptSlot *s = &l->slots[i];
        if (s->present && s->kind == kind && s->index == index) {
            return s;
        }
    }
    return NULL;
}

const OptSlot *optlist_find_number(const OptList *l, int number)
{
    if (number < 1 || (size_t)number > l->n_slots || !l->slots[number - 1].present) {
        return NULL;
    }
    return &l->slots[number - 1];
}

unsigned long optlist_visit_key(const Run *r)
{
    size_t n = 0;
    const Action *h = run_history(r, &n);
    unsigned long moves = 0;
    for (size_t i = 0; i < n; i++) {
        moves += h[i].kind == ACTION_CHOICE || h[i].kind == ACTION_JUMP;
    }
    /* the scene too: a timed event may move the call without a choice */
    return moves * 100003UL + (unsigned long)run_node_index(r);
}
