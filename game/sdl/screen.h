/* screen.h: the one interface between app.c and the screens. Each screen
 * file defines one ScreenOps table and keeps everything else static; app.c
 * reaches a screen only through its table (screen_get), and no screen calls
 * or includes another. Overlays (the Esc menu, the indicator reference card)
 * are screens drawn over the current one, which take the input while open. */
#ifndef BENEATH_SDL_SCREEN_H
#define BENEATH_SDL_SCREEN_H

#include <stdbool.h>

#include <SDL.h>

#include "app.h"

typedef struct ScreenOps {
    const char *name; /* as --screen NAME says it */
    /* on arriving (app_goto); may be NULL */
    void (*enter)(App *a);
    /* forgets what it computed from the attempt, which changed; may be NULL */
    void (*forget)(App *a);
    /* lays itself out and draws from App state (a frame of ui.h widgets) */
    void (*draw)(App *a);
    /* a widget of this frame was clicked or chosen with Enter */
    void (*activate)(App *a, int id);
    /* true if it used the key; may be NULL */
    bool (*key)(App *a, const SDL_KeyboardEvent *k);
    /* typed text; may be NULL */
    void (*text_input)(App *a, const char *utf8);
} ScreenOps;

extern const ScreenOps screen_title, screen_briefing, screen_play, screen_debrief, screen_errors;
extern const ScreenOps overlay_pause, overlay_reference;

/* The table of screen 's' (asserts it is one). */
const ScreenOps *screen_get(AppScreen s);
/* The overlay open now (the menu first), or NULL. */
const ScreenOps *screen_overlay(const App *a);
/* Calls every screen's 'forget' (app_forget_views does it for app.c). */
void screens_forget(App *a);

/* Play screen services for the headless checks in main.c: number the options
 * on offer now (optlist.h; arms the input guard when the list changed), and
 * whether the newest note drawn is inside the visible part of the scene. */
void play_sync_options(App *a);
bool play_reveal_in_view(const App *a);

/* Debrief screen service for reading aloud (speech.c): whether line i of
 * the attempt's debrief is on screen with 'shown' points revealed and the
 * score revealed or not (a->debrief_shown and a->score_revealed give what
 * is on screen now). In a classroom the points appear one at a time (N)
 * and the verdict with the score (S); elsewhere every line shows. */
bool debrief_line_visible(const App *a, size_t i, size_t shown, bool score_revealed);

#endif
