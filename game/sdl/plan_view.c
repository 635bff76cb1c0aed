/* plan_view.c: a scene's plan drawn with SDL primitives (see plan_view.h).
 * Layout: the plan is scaled to fit w x (max_h - legend), keeping its
 * proportions; one plan unit is 's' pixels. Everything but the focus ring
 * goes into one target texture; the key of what it shows (scene, size,
 * theme, which hotspots are on offer or examined, which shapes a look has
 * uncovered) decides when it is drawn again. Colors come from the theme,
 * so high contrast stays high contrast; people also carry their initial,
 * so color is never the only cue. */
#include "plan_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

typedef struct Colors {
    SDL_Color bg, floor, wall, furniture, text, muted, door, window, lock, hot, hot_fg, you,
        officer, person, person_fg, done;
} Colors;

static SDL_Color hex(unsigned v)
{
    return (SDL_Color){(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
}

static Colors colors_of(const Theme *th)
{
    bool hc = th->bg.r == 0 && th->bg.g == 0 && th->bg.b == 0;
    Colors c = {.bg = th->bg,
                .floor = hc ? th->bg : th->button,
                .wall = hc ? th->text : th->muted,
                .furniture = hc ? th->bar_bg : th->panel_edge,
                .text = th->text,
                .muted = th->muted,
                .door = hc ? th->warn : hex(0xe0a458),
                .window = hc ? th->accent : hex(0x9fd8ff),
                .lock = th->bad,
                .hot = th->focus,
                .hot_fg = hex(0x141b24),
                .you = th->accent,
                .officer = hc ? th->text : hex(0x4f8fd8),
                .person = hc ? hex(0xff80ff) : hex(0xe59ad4),
                .person_fg = hex(0x141b24),
                .done = th->muted};
    return c;
}

/* ---- primitives ------------------------------------------------------------- */

static void set(SDL_Renderer *ren, SDL_Color c)
{
    SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
}

static void rect(SDL_Renderer *ren, int x, int y, int w, int h, SDL_Color c)
{
    SDL_Rect r = {x, y, w, h};
    set(ren, c);
    SDL_RenderFillRect(ren, &r);
}

/* The whole square root of v >= 0, rounded (no libm for this). */
static int isqrt(int v)
{
    int r = 0;
    while ((r + 1) * (r + 1) <= v) {
        r++;
    }
    return (r + 1) * (r + 1) - v < v - r * r ? r + 1 : r;
}

static int iround(double d)
{
    return d < 0 ? -(int)(-d + 0.5) : (int)(d + 0.5);
}

/* A disc of radius r, or a ring from r_in to r when r_in > 0. */
static void disc(SDL_Renderer *ren, int cx, int cy, int r, int r_in, SDL_Color c)
{
    set(ren, c);
    for (int dy = -r; dy <= r; dy++) {
        int out = isqrt(r * r - dy * dy);
        int in = abs(dy) < r_in ? isqrt(r_in * r_in - dy * dy) : -1;
        if (in < 0) {
            SDL_RenderDrawLine(ren, cx - out, cy + dy, cx + out, cy + dy);
        } else {
            SDL_RenderDrawLine(ren, cx - out, cy + dy, cx - in, cy + dy);
            SDL_RenderDrawLine(ren, cx + in, cy + dy, cx + out, cy + dy);
        }
    }
}

/* A line t pixels thick (square ends). */
static void line(SDL_Renderer *ren, int x1, int y1, int x2, int y2, int t, SDL_Color c)
{
    set(ren, c);
    if (x1 == x2 || y1 == y2) {
        int lx = x1 < x2 ? x1 : x2, ly = y1 < y2 ? y1 : y2;
        SDL_Rect r = {lx - t / 2, ly - t / 2, abs(x2 - x1) + t, abs(y2 - y1) + t};
        SDL_RenderFillRect(ren, &r);
        return;
    }
    bool steep = abs(y2 - y1) > abs(x2 - x1);
    for (int k = -t / 2; k < t - t / 2; k++) {
        SDL_RenderDrawLine(ren, x1 + (steep ? k : 0), y1 + (steep ? 0 : k), x2 + (steep ? k : 0),
                           y2 + (steep ? 0 : k));
    }
}

/* One line of small text with its top-left at (x, y), at most max_w wide;
 * returns its width. */
static int label(Ui *ui, const char *s, int x, int y, int max_w, FontRole role, SDL_Color c)
{
    const TextBlock *b = text_get_line(ui->text, role, s, max_w);
    SDL_Texture *t = b->w ? text_texture(ui->text, b, c) : NULL;
    if (t) {
        SDL_Rect dst = {x, y, b->w, b->h};
        SDL_RenderCopy(ui->ren, t, NULL, &dst);
    }
    return b->w;
}

/* Small text in a box of max_w by max_h, centered in it or with its top-left
 * at (x, y): one line if it fits, else wrapped onto the lines the box has
 * room for ("Jasmine Wellness" over two lines of a narrow room, not cut to
 * "Jasmine Welln..."), else one line ending in an ellipsis. */
static void box_label(Ui *ui, const char *s, int x, int y, int max_w, int max_h, bool centered,
                      SDL_Color c)
{
    const TextBlock *b = NULL;
    if (text_width(ui->text, FONT_SMALL, s) > max_w &&
        text_height(ui->text, FONT_SMALL, s, max_w) <= max_h) {
        b = text_get(ui->text, FONT_SMALL, s, max_w);
        b = b->w <= max_w ? b : NULL; /* a word wider than the box: cut it instead */
    }
    if (!b) {
        b = text_get_line(ui->text, FONT_SMALL, s, max_w);
    }
    SDL_Texture *t = b->w ? text_texture(ui->text, b, c) : NULL;
    if (t) {
        SDL_Rect dst = {centered ? x + (max_w - b->w) / 2 : x,
                        centered ? y + (max_h - b->h) / 2 : y, b->w, b->h};
        SDL_RenderCopy(ui->ren, t, NULL, &dst);
    }
}

/* ---- layout ------------------------------------------------------------------- */

/* What is already on the drawing (symbols, then labels as they are
 * placed), so a label goes where it covers nothing else. */
#define TAKEN_MAX 160
typedef struct Taken {
    SDL_Rect r[TAKEN_MAX];
    size_t n;
} Taken;

static bool taken_hits(const Taken *t, const SDL_Rect *a)
{
    for (size_t i = 0; i < t->n; i++) {
        if (SDL_HasIntersection(&t->r[i], a)) {
            return true;
        }
    }
    return false;
}

static void take(Taken *t, SDL_Rect a)
{
    if (t->n < TAKEN_MAX) {
        t->r[t->n++] = a;
    }
}

typedef struct Geo {
    Taken *taken; /* while painting */
    double s;     /* pixels per plan unit */
    int ox, oy;   /* the plan's (0, 0) in the texture */
    int pw, ph;   /* the plan's size in pixels */
    int r_hot, r_person, wall_t;
    int legend_y, legend_h;
} Geo;

static int px(const Geo *g, int u)
{
    return g->ox + iround(u * g->s);
}

static int py(const Geo *g, int u)
{
    return g->oy + iround(u * g->s);
}

/* The legend: one entry for each kind of thing on this plan. */
typedef struct Legend {
    const char *text[8];
    int sym[8]; /* what to draw before it: a PlanKind, or PLAN_KIND_COUNT + role */
    size_t n;
} Legend;

static void legend_of(const ScenePlan *p, Legend *lg)
{
    lg->n = 0;
    static const struct {
        PlanKind k;
        PlanRole role;
        const char *text;
    } all[] = {
        {PLAN_PERSON, PLAN_ROLE_YOU, N_("You")},
        {PLAN_PERSON, PLAN_ROLE_OFFICER, N_("Officer")},
        {PLAN_PERSON, PLAN_ROLE_PERSON, N_("Person")},
        {PLAN_DOOR, 0, N_("Door")},
        {PLAN_WINDOW, 0, N_("Window")},
        {PLAN_LOCK, 0, N_("Lock")},
        {PLAN_HOTSPOT, 0, N_("Look closer (its number)")},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (plan_has(p, all[i].k, all[i].role)) {
            lg->text[lg->n] = _(all[i].text);
            lg->sym[lg->n++] =
                all[i].k == PLAN_PERSON ? PLAN_KIND_COUNT + (int)all[i].role : (int)all[i].k;
        }
    }
}

/* Height of the legend laid out in rows no wider than w. */
static int legend_rows(Ui *ui, const Legend *lg, int w, int sym_w)
{
    int rows = lg->n ? 1 : 0, x = 0;
    for (size_t i = 0; i < lg->n; i++) {
        int ew = sym_w + text_width(ui->text, FONT_SMALL, lg->text[i]) + ui->pad;
        if (x > 0 && x + ew > w) {
            rows++;
            x = 0;
        }
        x += ew;
    }
    return rows;
}

static bool layout(Ui *ui, const ScenePlan *p, const Legend *lg, int w, int max_h, Geo *g)
{
    int line_h = text_line_height(ui->text, FONT_SMALL);
    int sym_w = line_h + ui->gap / 2;
    g->legend_h = legend_rows(ui, lg, w, sym_w) * line_h + ui->gap / 2;
    int room_h = max_h - g->legend_h;
    double s = (double)w / p->own.width;
    if (s * p->own.height > room_h) {
        s = (double)room_h / p->own.height;
    }
    g->s = s;
    g->pw = iround(p->own.width * s);
    g->ph = iround(p->own.height * s);
    /* too small to read a label on it: leave it out */
    if (g->pw < ui->body * 12 || g->ph < ui->body * 6) {
        return false;
    }
    g->ox = (w - g->pw) / 2;
    g->oy = 0;
    g->r_hot = ui->body * 6 / 10;
    g->r_person = ui->body * 5 / 10;
    g->wall_t = ui->edge * 2 > 2 ? ui->edge * 2 : 2;
    g->legend_y = g->ph + ui->gap / 2;
    return true;
}

/* ---- drawing ------------------------------------------------------------------ */

/* Is shape s shown now (a shape that comes 'after' a look, once looked)? */
static bool shown(const Run *r, const Node *nd, const PlanShape *s)
{
    return s->after == SCENARIO_NONE || run_examined(r, &nd->details[s->after]);
}

static void draw_rect_shape(Ui *ui, const Geo *g, const Colors *c, const PlanShape *s)
{
    int x1 = px(g, s->x1), y1 = py(g, s->y1), x2 = px(g, s->x2), y2 = py(g, s->y2);
    int t = s->kind == PLAN_ROOM ? g->wall_t : 1;
    rect(ui->ren, x1, y1, x2 - x1, y2 - y1, s->kind == PLAN_ROOM ? c->wall : c->muted);
    rect(ui->ren, x1 + t, y1 + t, x2 - x1 - 2 * t, y2 - y1 - 2 * t,
         s->kind == PLAN_ROOM ? c->floor : c->furniture);
    if (!s->label) {
        return;
    }
    int in = ui->gap / 3 + t;
    if (s->kind == PLAN_ROOM) {
        box_label(ui, s->label, x1 + in, y1 + t, x2 - x1 - in - t, y2 - y1 - 2 * t, false,
                  c->muted);
    } else {
        box_label(ui, s->label, x1 + t, y1 + t, x2 - x1 - 2 * t, y2 - y1 - 2 * t, true, c->text);
    }
}

static void draw_line_shape(Ui *ui, const Geo *g, const Colors *c, const PlanShape *s)
{
    int x1 = px(g, s->x1), y1 = py(g, s->y1), x2 = px(g, s->x2), y2 = py(g, s->y2);
    int t = g->wall_t;
    SDL_Color col = s->kind == PLAN_WALL ? c->wall : s->kind == PLAN_DOOR ? c->door : c->window;
    if (s->kind == PLAN_WALL) {
        line(ui->ren, x1, y1, x2, y2, t, col);
    } else {
        /* a door or window is a gap in the wall, drawn thicker than it */
        line(ui->ren, x1, y1, x2, y2, t * 3, col);
        line(ui->ren, x1, y1, x2, y2, t, s->kind == PLAN_DOOR ? c->floor : c->bg);
    }
    if (!s->label) {
        return;
    }
    /* the label runs along the opening, beside it (outside the plan's edge
     * is never used): a vertical one is turned a quarter */
    int lh = text_line_height(ui->text, FONT_SMALL);
    int mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    if (abs(x2 - x1) >= abs(y2 - y1)) {
        int lw = text_width(ui->text, FONT_SMALL, s->label);
        int ly = my + 2 * t + lh > g->oy + g->ph ? my - 2 * t - lh : my + 2 * t;
        int lx = mx - lw / 2 < g->ox ? g->ox : mx - lw / 2;
        label(ui, s->label, lx, ly, g->ox + g->pw - lx, FONT_SMALL, col);
        return;
    }
    const TextBlock *b = text_get_line(ui->text, FONT_SMALL, s->label, g->ph);
    SDL_Texture *tex = b->w ? text_texture(ui->text, b, col) : NULL;
    int cx =
        mx - 2 * t - b->h / 2 < g->ox + b->h / 2 ? mx + 2 * t + b->h / 2 : mx - 2 * t - b->h / 2;
    int cy = my - b->w / 2 < g->oy           ? g->oy + b->w / 2
             : my + b->w / 2 > g->oy + g->ph ? g->oy + g->ph - b->w / 2
                                             : my;
    if (tex) {
        SDL_Rect dst = {cx - b->w / 2, cy - b->h / 2, b->w, b->h};
        SDL_RenderCopyEx(ui->ren, tex, NULL, &dst, -90.0, NULL, SDL_FLIP_NONE);
    }
}

/* A label beside a point at (x, y) with a symbol of radius r: right of it,
 * else left, below or above, whichever first covers no other symbol or
 * label and stays on the plan (right if none does). */
static void point_label(Ui *ui, const Geo *g, const char *s, int x, int y, int r, SDL_Color col)
{
    int lh = text_line_height(ui->text, FONT_SMALL);
    int lw = text_width(ui->text, FONT_SMALL, s);
    int gap = ui->gap / 3;
    lw = lw < g->pw ? lw : g->pw;
    SDL_Rect cand[4] = {{x + r + gap, y - lh / 2, lw, lh},
                        {x - r - gap - lw, y - lh / 2, lw, lh},
                        {x - lw / 2, y + r, lw, lh},
                        {x - lw / 2, y - r - lh, lw, lh}};
    SDL_Rect plan = {g->ox, g->oy, g->pw, g->ph};
    int pick = -1;
    for (int i = 0; i < 4 && pick < 0; i++) {
        SDL_Rect in;
        bool inside =
            SDL_IntersectRect(&cand[i], &plan, &in) && in.w == cand[i].w && in.h == cand[i].h;
        pick = inside && !taken_hits(g->taken, &cand[i]) ? i : -1;
    }
    if (pick < 0) {
        pick = cand[0].x + lw <= g->ox + g->pw || cand[1].x < g->ox ? 0 : 1;
    }
    SDL_Rect at = cand[pick];
    take(g->taken, at);
    label(ui, s, at.x, at.y, g->ox + g->pw - at.x, FONT_SMALL, col);
}

static void draw_padlock(Ui *ui, int x, int y, int r, SDL_Color col, SDL_Color bg)
{
    disc(ui->ren, x, y - r / 3, r * 2 / 3, r * 2 / 3 - (r / 4 > 1 ? r / 4 : 1), col);
    rect(ui->ren, x - r * 3 / 4, y - r / 4, r * 3 / 2, r, col);
    rect(ui->ren, x - 1, y, 2, r / 2, bg);
}

static void draw_person(Ui *ui, const Geo *g, const Colors *c, const PlanShape *s)
{
    int x = px(g, s->x1), y = py(g, s->y1), r = g->r_person;
    SDL_Color col = s->role == PLAN_ROLE_YOU       ? c->you
                    : s->role == PLAN_ROLE_OFFICER ? c->officer
                                                   : c->person;
    disc(ui->ren, x, y, r + 1, 0, c->bg);
    disc(ui->ren, x, y, r, 0, col);
    char initial[8] = "";
    size_t n = 1;
    while (s->label[n] && ((unsigned char)s->label[n] & 0xC0) == 0x80 && n < 4) {
        n++;
    }
    memcpy(initial, s->label, n);
    const TextBlock *b = text_get_line(ui->text, FONT_SMALL, initial, r * 2);
    SDL_Texture *t = b->w ? text_texture(ui->text, b, c->person_fg) : NULL;
    if (t) {
        SDL_Rect dst = {x - b->w / 2, y - b->h / 2, b->w, b->h};
        SDL_RenderCopy(ui->ren, t, NULL, &dst);
    }
    point_label(ui, g, s->label, x, y, r, c->text);
}

/* The option number of a hotspot's detail now, 0 if it is not on offer. */
static int hotspot_number(const OptList *ol, const PlanShape *s)
{
    const OptSlot *sl = optlist_find(ol, OPTION_DETAIL, s->detail);
    return sl ? sl->number : 0;
}

static void draw_hotspot(Ui *ui, const Geo *g, const Colors *c, const PlanShape *s, int number,
                         bool done)
{
    int x = px(g, s->x1), y = py(g, s->y1), r = g->r_hot;
    if (done) {
        /* examined: a hollow circle with a tick, no number (it is not on offer) */
        disc(ui->ren, x, y, r, r - g->wall_t, c->done);
        line(ui->ren, x - r / 2, y, x - r / 6, y + r / 3, 2, c->done);
        line(ui->ren, x - r / 6, y + r / 3, x + r / 2, y - r / 3, 2, c->done);
        return;
    }
    disc(ui->ren, x, y, r + 1, 0, c->bg);
    disc(ui->ren, x, y, r, 0, c->hot);
    char num[8];
    snprintf(num, sizeof num, "%d", number);
    const TextBlock *b = text_get_line(ui->text, FONT_SMALL, num, r * 2);
    SDL_Texture *t = b->w ? text_texture(ui->text, b, c->hot_fg) : NULL;
    if (t) {
        SDL_Rect dst = {x - b->w / 2, y - b->h / 2, b->w, b->h};
        SDL_RenderCopy(ui->ren, t, NULL, &dst);
    }
}

static void draw_legend(Ui *ui, const Geo *g, const Colors *c, const Legend *lg, int w)
{
    int lh = text_line_height(ui->text, FONT_SMALL);
    int sym_w = lh + ui->gap / 2, x = 0, y = g->legend_y, r = lh * 3 / 10;
    for (size_t i = 0; i < lg->n; i++) {
        int ew = sym_w + text_width(ui->text, FONT_SMALL, lg->text[i]) + ui->pad;
        if (x > 0 && x + ew > w) {
            x = 0;
            y += lh;
        }
        int cx = x + lh / 2, cy = y + lh / 2, sym = lg->sym[i];
        if (sym >= PLAN_KIND_COUNT) {
            PlanRole role = (PlanRole)(sym - PLAN_KIND_COUNT);
            disc(ui->ren, cx, cy, r, 0,
                 role == PLAN_ROLE_YOU       ? c->you
                 : role == PLAN_ROLE_OFFICER ? c->officer
                                             : c->person);
        } else if (sym == PLAN_DOOR || sym == PLAN_WINDOW) {
            line(ui->ren, cx - r, cy, cx + r, cy, g->wall_t * 3,
                 sym == PLAN_DOOR ? c->door : c->window);
            line(ui->ren, cx - r, cy, cx + r, cy, g->wall_t, sym == PLAN_DOOR ? c->floor : c->bg);
        } else if (sym == PLAN_LOCK) {
            draw_padlock(ui, cx, cy, r + 1, c->lock, c->bg);
        } else {
            disc(ui->ren, cx, cy, r + 1, 0, c->hot);
        }
        label(ui, lg->text[i], x + sym_w, y, w - x - sym_w, FONT_SMALL, c->muted);
        x += ew;
    }
}

/* ---- the cached drawing ------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 1099511628211ull;
}

/* What the drawing shows: if this is unchanged, the texture is. */
static uint64_t drawing_key(const Ui *ui, const Run *r, const OptList *ol, int w, int max_h)
{
    const Node *nd = run_node(r);
    const ScenePlan *p = nd->plan;
    uint64_t h = 14695981039346656037ull;
    h = mix(h, (uint64_t)(uintptr_t)p);
    h = mix(h, (uint64_t)w << 20 | (uint64_t)max_h);
    h = mix(h, (uint64_t)ui->body << 8 | (ui->th.bg.r == 0 && ui->th.bg.g == 0));
    for (size_t i = 0; i < plan_n_shapes(p); i++) {
        const PlanShape *s = plan_shape(p, i);
        if (s->kind == PLAN_HOTSPOT) {
            h = mix(h, (uint64_t)hotspot_number(ol, s) << 1 |
                           run_examined(r, &nd->details[s->detail]));
        } else if (s->after != SCENARIO_NONE) {
            h = mix(h, shown(r, nd, s));
        }
    }
    return h;
}

static void paint(PlanView *pv, Ui *ui, const Run *r, const OptList *ol, const Geo *g,
                  const Legend *lg)
{
    const Node *nd = run_node(r);
    const ScenePlan *p = nd->plan;
    Colors c = colors_of(&ui->th);
    SDL_SetRenderTarget(ui->ren, pv->tex);
    set(ui->ren, c.bg);
    SDL_RenderClear(ui->ren);
    rect(ui->ren, g->ox, g->oy, g->pw, g->ph, ui->th.panel_edge);
    rect(ui->ren, g->ox + 1, g->oy + 1, g->pw - 2, g->ph - 2, ui->th.panel);
    Taken taken = {.n = 0};
    Geo geo = *g;
    geo.taken = &taken;
    g = &geo;
    for (size_t i = 0; i < plan_n_shapes(p); i++) {
        const PlanShape *s = plan_shape(p, i);
        if (plan_kind_geom(s->kind) == PLAN_POINT && shown(r, nd, s)) {
            int rad = s->kind == PLAN_HOTSPOT ? g->r_hot : g->r_person;
            take(&taken, (SDL_Rect){px(g, s->x1) - rad, py(g, s->y1) - rad, 2 * rad, 2 * rad});
        }
    }
    /* in layers, whatever order the author wrote them in: floors, then
     * what stands on them, then walls and openings, then people on top */
    static const PlanKind order[] = {PLAN_ROOM,   PLAN_FURNITURE, PLAN_WALL,
                                     PLAN_WINDOW, PLAN_DOOR,      PLAN_MARK,
                                     PLAN_LOCK,   PLAN_HOTSPOT,   PLAN_PERSON};
    for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
        for (size_t i = 0; i < plan_n_shapes(p); i++) {
            const PlanShape *s = plan_shape(p, i);
            if (s->kind != order[o] || !shown(r, nd, s)) {
                continue;
            }
            switch (plan_kind_geom(s->kind)) {
            case PLAN_RECT:
                draw_rect_shape(ui, g, &c, s);
                break;
            case PLAN_LINE:
                draw_line_shape(ui, g, &c, s);
                break;
            case PLAN_POINT:
                if (s->kind == PLAN_PERSON) {
                    draw_person(ui, g, &c, s);
                } else if (s->kind == PLAN_HOTSPOT) {
                    int number = hotspot_number(ol, s);
                    bool done = run_examined(r, &nd->details[s->detail]);
                    if (number || done) {
                        draw_hotspot(ui, g, &c, s, number, done);
                    }
                } else if (s->kind == PLAN_LOCK) {
                    int x = px(g, s->x1), y = py(g, s->y1);
                    draw_padlock(ui, x, y, g->r_person, c.lock, c.bg);
                    if (s->label) {
                        point_label(ui, g, s->label, x, y, g->r_person, c.lock);
                    }
                } else {
                    int x = px(g, s->x1), y = py(g, s->y1), m = g->r_person / 2;
                    rect(ui->ren, x - m, y - m, 2 * m, 2 * m, c.text);
                    point_label(ui, g, s->label, x, y, m, c.text);
                }
                break;
            }
        }
    }
    draw_legend(ui, g, &c, lg, pv->w);
    SDL_SetRenderTarget(ui->ren, NULL);
    pv->redraws++;
}

int plan_view_height(Ui *ui, const Run *r, int w, int max_h)
{
    const Node *nd = run_node(r);
    if (!nd || !nd->plan) {
        return 0;
    }
    Legend lg;
    legend_of(nd->plan, &lg);
    Geo g;
    return layout(ui, nd->plan, &lg, w, max_h, &g) ? g.legend_y + g.legend_h : 0;
}

int plan_view_draw(PlanView *pv, Ui *ui, const Run *r, const OptList *ol, int x, int y, int w,
                   int max_h, int hot_base, int opt_base)
{
    const Node *nd = run_node(r);
    const ScenePlan *p = nd ? nd->plan : NULL;
    if (!p) {
        plan_view_fini(pv); /* no plan on screen: no texture kept for it */
        return 0;
    }
    Legend lg;
    legend_of(p, &lg);
    Geo g;
    if (!layout(ui, p, &lg, w, max_h, &g)) {
        return 0;
    }
    int tw = w, th = g.legend_y + g.legend_h;
    uint64_t key = drawing_key(ui, r, ol, w, max_h);
    if (!pv->tex || pv->w != tw || pv->h != th) {
        plan_view_fini(pv);
        pv->tex =
            SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, tw, th);
        pv->w = tw;
        pv->h = th;
        pv->key = key + 1; /* nothing drawn yet */
        if (!pv->tex) {
            ui_overflow(ui, "the plan could not be drawn: %s", SDL_GetError());
            return 0;
        }
        /* opaque (painted over its whole area): a plain copy each frame,
         * about twice as fast in the software renderer as blending */
        SDL_SetTextureBlendMode(pv->tex, SDL_BLENDMODE_NONE);
    }
    if (pv->key != key) {
        paint(pv, ui, r, ol, &g, &lg);
        pv->key = key;
    }
    SDL_Rect dst = {x, y, tw, th};
    ui_image_version(ui, pv->tex, dst, (unsigned long)pv->redraws); /* new pixels each paint */
    /* hotspots on offer are buttons; the ring shows which one keys would take */
    for (size_t i = 0; i < plan_n_shapes(p); i++) {
        const PlanShape *s = plan_shape(p, i);
        int number = s->kind == PLAN_HOTSPOT ? hotspot_number(ol, s) : 0;
        if (!number || run_examined(r, &nd->details[s->detail])) {
            continue;
        }
        int d = g.r_hot + ui->edge * 2;
        SDL_Rect hit = {x + px(&g, s->x1) - d, y + py(&g, s->y1) - d, 2 * d, 2 * d};
        ui_widget(ui, hot_base + number, hit);
        bool lit = ui_has_focus(ui, hot_base + number) || ui_has_focus(ui, opt_base + number) ||
                   ui_is_hover(ui, hot_base + number) || ui_is_hover(ui, opt_base + number);
        if (lit) {
            ui_frame(ui, hit, ui->th.text, ui->edge > 1 ? ui->edge : 2);
        }
        if (ui_has_focus(ui, hot_base + number)) { /* read aloud as the list's button */
            snprintf(ui->focus_text, sizeof ui->focus_text, "%d. %s", number,
                     nd->details[s->detail].label);
        }
    }
    return th;
}

const char *plan_view_heading(void)
{
    return _("Plan of the place");
}

void plan_view_fini(PlanView *pv)
{
    if (pv->tex) {
        SDL_DestroyTexture(pv->tex);
    }
    pv->tex = NULL;
    pv->w = pv->h = 0;
}
