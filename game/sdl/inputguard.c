/* inputguard.c: the timing rules of inputguard.h. Event times older than the
 * change (an event queued before the new list was drawn) count as too soon. */
#include "inputguard.h"

/* Milliseconds from the change to 't'; negative if 't' came first. */
static int32_t since_change(const InputGuard *g, uint32_t t)
{
    return (int32_t)(t - g->changed_at);
}

void guard_changed(InputGuard *g, uint32_t now)
{
    if (!g->changed || since_change(g, now) > 0) {
        g->changed_at = now;
    }
    g->changed = true;
    g->press_id = 0;
}

void guard_press(InputGuard *g, int id, uint32_t t, int clicks)
{
    g->press_id = 0;
    if (clicks >= 2) {
        return; /* the second click of a double-click lands on what the first changed */
    }
    if (g->changed && since_change(g, t) < GUARD_MOUSE_MS) {
        return;
    }
    g->press_id = id;
}

int guard_release(InputGuard *g, int id)
{
    int pressed = g->press_id;
    g->press_id = 0;
    return pressed && pressed == id ? id : 0;
}

bool guard_key_ok(const InputGuard *g, uint32_t t, bool repeat)
{
    if (repeat) {
        return false;
    }
    return !g->changed || since_change(g, t) >= GUARD_KEY_MS;
}
