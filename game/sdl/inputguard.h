/* inputguard.h: nothing is chosen by accident. After what is on screen
 * changes (a new option list, a new screen), mouse presses are ignored for
 * GUARD_MOUSE_MS and keys for GUARD_KEY_MS; a press that began before the
 * change never activates; the second click of a double-click and key repeat
 * never activate. Times are SDL ticks (ms); plain C, no SDL calls. */
#ifndef BENEATH_SDL_INPUTGUARD_H
#define BENEATH_SDL_INPUTGUARD_H

#include <stdbool.h>
#include <stdint.h>

#define GUARD_MOUSE_MS 500
#define GUARD_KEY_MS 150

typedef struct InputGuard {
    bool changed;        /* a change has happened (changed_at is valid) */
    uint32_t changed_at; /* when the screen last changed */
    int press_id;        /* widget the left button went down on, 0 = none */
} InputGuard;

/* Records that what is on screen changed at 'now'; a press in progress is
 * cancelled, so its release does nothing. */
void guard_changed(InputGuard *g, uint32_t now);

/* Left button down on widget 'id' (0 = none) at 't', 'clicks' as SDL counts
 * them (2 for the second click of a double-click). */
void guard_press(InputGuard *g, int id, uint32_t t, int clicks);

/* Left button up on widget 'id': returns the widget to activate (the one the
 * accepted press began on), or 0. */
int guard_release(InputGuard *g, int id);

/* True if a key pressed at 't' ('repeat': held down) may activate. */
bool guard_key_ok(const InputGuard *g, uint32_t t, bool repeat);

#endif
