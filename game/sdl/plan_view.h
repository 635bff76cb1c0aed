/* plan_view.h: draws a scene's plan (core plan.h) with SDL primitives:
 * rooms, furniture, walls, windows, doors, locks, marks, people and the
 * "look closer" hotspots numbered as in the option list, with a legend of
 * what is on it. The drawing is kept in a texture and drawn again only
 * when something on it changes (scene, size, theme, a look). */
#ifndef BENEATH_SDL_PLAN_VIEW_H
#define BENEATH_SDL_PLAN_VIEW_H

#include <stdint.h>

#include "optlist.h"
#include "run.h"
#include "ui.h"

typedef struct PlanView {
    SDL_Texture *tex; /* the last drawing, or NULL */
    uint64_t key;     /* what it was drawn from */
    int w, h;         /* its size in pixels */
    size_t redraws;   /* times it was drawn into the texture (tests, benchmark) */
} PlanView;

/* Draws the current scene's plan at (x, y) (content coordinates of the
 * current region), at most w wide and max_h high with its legend, and
 * registers each hotspot on offer as widget 'hot_base' + its option number
 * (the number the option list shows). A hotspot is ringed while widget
 * 'hot_base' + n or 'opt_base' + n has the focus or the pointer. Returns the
 * height used; 0 if the scene has no plan or there is no room for one. */
int plan_view_draw(PlanView *pv, Ui *ui, const Run *r, const OptList *ol, int x, int y, int w,
                   int max_h, int hot_base, int opt_base);

/* The height plan_view_draw would use, without drawing. */
int plan_view_height(Ui *ui, const Run *r, int w, int max_h);

/* The heading above a plan drawn below the options (in the trainee's
 * language). */
const char *plan_view_heading(void);

/* Frees the texture; the view can be used again. */
void plan_view_fini(PlanView *pv);

#endif
