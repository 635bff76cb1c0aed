/* optlist.h: stable numbers for the options of one scene visit. An option
 * keeps the number it was first shown with until the visit ends; options that
 * appear later (uncovered by "Look closer") take the next free numbers and are
 * marked new; an option that goes away leaves its number unused, so a number
 * the trainee has read never comes to mean another option. Plain C, no SDL. */
#ifndef BENEATH_SDL_OPTLIST_H
#define BENEATH_SDL_OPTLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

#define OPTLIST_MAX 128

typedef struct OptSlot {
    OptionKind kind;
    size_t index; /* into node->choices or node->details */
    int number;   /* 1-based, shown on the option's badge */
    bool present; /* offered now */
    bool is_new;  /* appeared after the visit's first list */
} OptSlot;

typedef struct OptList {
    bool started;               /* false until the first update of a visit */
    unsigned long visit;        /* key of the scene visit the numbers belong to */
    OptSlot slots[OPTLIST_MAX]; /* in number order */
    size_t n_slots;
} OptList;

/* Forgets every number: the next update starts a fresh visit. */
void optlist_reset(OptList *l);

/* Numbers the options offered now ('opts', as run_options lists them) for
 * scene visit 'visit'; a different visit key starts numbering again from 1.
 * Returns true if the set of offered options changed (or the visit did). */
bool optlist_update(OptList *l, unsigned long visit, const Option *opts, size_t n);

/* The offered option with this number, or NULL. */
const OptSlot *optlist_find_number(const OptList *l, int number);

/* The slot of an offered option, or NULL. */
const OptSlot *optlist_find(const OptList *l, OptionKind kind, size_t index);

/* The visit key of a run's current scene: it changes with every choice or
 * jump (a new scene visit) and not with "Look closer" or timed events. */
unsigned long optlist_visit_key(const Run *r);

#endif
