/* screen.c: the table of screens by AppScreen, and which overlay is open. */
#include "screen.h"

#include <assert.h>
#include <stddef.h>

static const ScreenOps *const table[SCREEN_COUNT] = {
    [SCREEN_TITLE] = &screen_title,   [SCREEN_BRIEFING] = &screen_briefing,
    [SCREEN_PLAY] = &screen_play,     [SCREEN_DEBRIEF] = &screen_debrief,
    [SCREEN_ERRORS] = &screen_errors,
};

const ScreenOps *screen_get(AppScreen s)
{
    assert(s < SCREEN_COUNT && table[s]);
    return table[s];
}

const ScreenOps *screen_overlay(const App *a)
{
    if (a->paused) {
        return &overlay_pause;
    }
    if (a->show_reference && a->screen == SCREEN_PLAY) {
        return &overlay_reference;
    }
    return NULL;
}

void screens_forget(App *a)
{
    for (size_t i = 0; i < SCREEN_COUNT; i++) {
        if (table[i]->forget) {
            table[i]->forget(a);
        }
    }
}
