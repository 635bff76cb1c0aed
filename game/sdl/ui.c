/* ui.c: drawing helpers, focus, hit-testing and scroll regions (see ui.h).
 * Drawing is recorded as a list of commands and drawn by ui_flush, only
 * where the frame changed when the renderer keeps its pixels. Every draw
 * call checks SDL's return value and counts failures, so layout tests can
 * assert that no SDL error occurred. */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SDL_Color rgb(unsigned v)
{
    SDL_Color c = {(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
    return c;
}

void theme_init(Theme *th, bool high_contrast)
{
    if (high_contrast) {
        th->bg = rgb(0x000000);
        th->panel = rgb(0x000000);
        th->panel_edge = rgb(0xffffff);
        th->text = rgb(0xffffff);
        th->muted = rgb(0xe0e0e0);
        th->accent = rgb(0x00ffff);
        th->focus = rgb(0xffff00);
        th->focus_bg = rgb(0x1a1a00);
        th->good = rgb(0x00ff66);
        th->bad = rgb(0xff6060);
        th->warn = rgb(0xffd000);
        th->pressure_bg = rgb(0x301800);
        th->button = rgb(0x000000);
        th->button_edge = rgb(0xffffff);
        th->bar_bg = rgb(0x404040);
        th->overlay = rgb(0x000000);
        th->badge_bg = rgb(0xffffff);
        th->badge_fg = rgb(0x000000);
    } else {
        th->bg = rgb(0x141b24);
        th->panel = rgb(0x1e2835);
        th->panel_edge = rgb(0x324257);
        th->text = rgb(0xeef2f6);
        th->muted = rgb(0xaab6c4);
        th->accent = rgb(0x7cc4ff);
        th->focus = rgb(0xffd166);
        th->focus_bg = rgb(0x2f3a4a);
        th->good = rgb(0x6fd58c);
        th->bad = rgb(0xff8a85);
        th->warn = rgb(0xf2c46d);
        th->pressure_bg = rgb(0x3d2a12);
        th->button = rgb(0x243244);
        th->button_edge = rgb(0x3b4f68);
        th->bar_bg = rgb(0x2b3747);
        th->overlay = rgb(0x0a0e14);
        th->badge_bg = rgb(0x3b4f68);
        th->badge_fg = rgb(0xeef2f6);
    }
}

static void set_color(Ui *ui, SDL_Color c);

static void push_cmd(Ui *ui, UiCmd c)
{
    if (ui->n_cmds == ui->cap_cmds) {
        size_t cap = ui->cap_cmds ? 2 * ui->cap_cmds : 256;
        UiCmd *cmds = realloc(ui->cmds, cap * sizeof *cmds);
        if (!cmds) {
            fputs("beneath: out of memory\n", stderr);
            abort();
        }
        ui->cmds = cmds;
        ui->cap_cmds = cap;
    }
    c.clip = ui->clip;
    ui->cmds[ui->n_cmds++] = c;
}

void ui_begin(Ui *ui, int body_px)
{
    SDL_GetRendererOutputSize(ui->ren, &ui->w, &ui->h);
    ui->body = body_px;
    text_set_body_px(ui->text, body_px);
    ui->pad = body_px * 3 / 4;
    ui->gap = body_px / 2;
    ui->edge = body_px / 10 < 2 ? 2 : body_px / 10;
    ui->n_widgets = 0;
    ui->focus_text[0] = '\0';
    ui->region = UI_NO_REGION;
    text_begin_frame(ui->text);
    ui->n_cmds = 0;
    ui->clip = (SDL_Rect){0, 0, ui->w, ui->h};
    SDL_Rect all = {0, 0, ui->w, ui->h};
    SDL_Color bg = ui->th.bg;
    bg.a = 255; /* the background is opaque whatever the theme says */
    push_cmd(ui, (UiCmd){.kind = UI_CMD_FILL, .dst = all, .color = bg});
}

/* ---- the frame's drawing commands ------------------------------------ */

void ui_invalidate(Ui *ui)
{
    ui->invalid = true;
}

void ui_free(Ui *ui)
{
    free(ui->cmds);
    free(ui->drawn);
    ui->cmds = ui->drawn = NULL;
    ui->n_cmds = ui->cap_cmds = ui->n_drawn = ui->cap_drawn = 0;
}

static bool same_rect(SDL_Rect a, SDL_Rect b)
{
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

static bool same_cmd(const UiCmd *a, const UiCmd *b)
{
    return a->kind == b->kind && same_rect(a->dst, b->dst) && same_rect(a->clip, b->clip) &&
           a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
           a->color.a == b->color.a && a->serial == b->serial && a->tex == b->tex;
}

/* The pixels a command can change: its rectangle within its clip. */
static SDL_Rect cmd_area(const UiCmd *c)
{
    SDL_Rect r = {0, 0, 0, 0};
    if (!SDL_IntersectRect(&c->dst, &c->clip, &r)) {
        r.w = r.h = 0;
    }
    return r;
}

/* Adds r to the changed areas: merged with one it overlaps, or kept apart
 * while there is room (a hover at the top and a focus at the bottom stay two
 * small areas), else merged with the last. */
static void add_damage(SDL_Rect *dmg, size_t *n, SDL_Rect r)
{
    if (r.w <= 0 || r.h <= 0) {
        return;
    }
    for (size_t i = 0; i < *n; i++) {
        if (SDL_HasIntersection(&dmg[i], &r)) {
            SDL_UnionRect(&dmg[i], &r, &dmg[i]);
            return;
        }
    }
    if (*n < UI_MAX_DAMAGE) {
        dmg[(*n)++] = r;
    } else {
        SDL_UnionRect(&dmg[*n - 1], &r, &dmg[*n - 1]);
    }
}

static void draw_cmd(Ui *ui, const UiCmd *c)
{
    int rc = 0;
    if (c->kind == UI_CMD_FILL) {
        set_color(ui, c->color);
        rc = SDL_RenderFillRect(ui->ren, &c->dst);
    } else if (c->kind == UI_CMD_IMAGE) {
        rc = SDL_RenderCopy(ui->ren, c->tex, NULL, &c->dst);
    } else {
        SDL_Texture *tex = text_texture(ui->text, c->blk, c->color);
        rc = tex ? SDL_RenderCopy(ui->ren, tex, NULL, &c->dst) : -1;
    }
    if (rc != 0) {
        ui->draw_errors++;
    }
}

#define UI_RESYNC 8 /* commands looked ahead for one inserted or removed */

/* The changed areas between the recorded frame and the last one drawn. The
 * two lists are matched in order (a command inserted or removed, such as a
 * hover's highlight, shifts the rest without changing it); every command
 * left unmatched on either side is a changed area. A pixel outside all of
 * them is covered by the same commands, in the same order, in both frames,
 * so it is already right. */
static void diff_frames(const Ui *ui, SDL_Rect *dmg, size_t *nd)
{
    const UiCmd *now = ui->cmds, *was = ui->drawn;
    size_t n = ui->n_cmds, m = ui->n_drawn, i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same_cmd(&now[i], &was[j])) {
            i++;
            j++;
            continue;
        }
        size_t skip_now = 0, skip_was = 0;
        for (size_t k = 1; k <= UI_RESYNC && !skip_now && !skip_was; k++) {
            if (j < m && i + k < n && same_cmd(&now[i + k], &was[j])) {
                skip_now = k; /* commands inserted */
            } else if (i < n && j + k < m && same_cmd(&now[i], &was[j + k])) {
                skip_was = k; /* commands removed */
            }
        }
        if (!skip_now && !skip_was) {
            skip_now = i < n;
            skip_was = j < m; /* one replaced by another */
        }
        for (; skip_now > 0; skip_now--, i++) {
            add_damage(dmg, nd, cmd_area(&now[i]));
        }
        for (; skip_was > 0; skip_was--, j++) {
            add_damage(dmg, nd, cmd_area(&was[j]));
        }
    }
}

bool ui_flush(Ui *ui)
{
    if (ui->n_cmds == 0) {
        return false; /* nothing recorded since the last flush */
    }
    SDL_Rect dmg[UI_MAX_DAMAGE];
    size_t nd = 0;
    bool full = !ui->retained || ui->invalid || ui->drawn_w != ui->w || ui->drawn_h != ui->h;
    if (full) {
        dmg[nd++] = (SDL_Rect){0, 0, ui->w, ui->h};
    } else {
        diff_frames(ui, dmg, &nd);
    }
    ui->n_damage = full ? 0 : (int)nd;
    memcpy(ui->damage, dmg, nd * sizeof dmg[0]);
    ui->flushed_px = 0;
    for (size_t d = 0; d < nd; d++) {
        ui->flushed_px += (long)dmg[d].w * dmg[d].h;
        SDL_Rect set = {0, 0, 0, 0}; /* the clip last given to SDL */
        for (size_t i = 0; i < ui->n_cmds; i++) {
            const UiCmd *c = &ui->cmds[i];
            SDL_Rect area = cmd_area(c), clip, visible;
            if (!SDL_IntersectRect(&area, &dmg[d], &visible) ||
                !SDL_IntersectRect(&c->clip, &dmg[d], &clip)) {
                continue;
            }
            if (!same_rect(clip, set)) {
                SDL_RenderSetClipRect(ui->ren, &clip);
                set = clip;
            }
            draw_cmd(ui, c);
        }
    }
    SDL_RenderSetClipRect(ui->ren, NULL);
    /* the frame drawn becomes the one to compare with */
    UiCmd *t = ui->drawn;
    size_t cap = ui->cap_drawn;
    ui->drawn = ui->cmds;
    ui->cap_drawn = ui->cap_cmds;
    ui->n_drawn = ui->n_cmds;
    ui->cmds = t;
    ui->cap_cmds = cap;
    ui->n_cmds = 0;
    ui->drawn_w = ui->w;
    ui->drawn_h = ui->h;
    ui->invalid = false;
    return nd > 0;
}

void ui_overflow(Ui *ui, const char *fmt, ...)
{
    if (ui->n_overflow >= UI_MAX_OVERFLOW) {
        return;
    }
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ui->overflow[ui->n_overflow++], sizeof ui->overflow[0], "%.100s: %.150s", ui->context,
             msg);
}

/* ---- regions --------------------------------------------------------- */

static int offset_y(const Ui *ui)
{
    if (ui->region == UI_NO_REGION) {
        return 0;
    }
    const UiRegion *rg = &ui->regions[ui->region];
    return rg->box.y - rg->scroll;
}

void ui_region_begin(Ui *ui, int idx, SDL_Rect box)
{
    UiRegion *rg = &ui->regions[idx];
    rg->box = box;
    ui->region = idx;
    ui->clip = box;
}

void ui_region_end(Ui *ui, int content_h)
{
    UiRegion *rg = &ui->regions[ui->region];
    rg->content_h = content_h;
    int max_scroll = content_h - rg->box.h;
    if (max_scroll < 0) {
        max_scroll = 0;
    }
    bool clamped = rg->scroll > max_scroll || rg->scroll < 0;
    if (rg->scroll > max_scroll) {
        rg->scroll = max_scroll;
    }
    if (rg->scroll < 0) {
        rg->scroll = 0;
    }
    ui->region = UI_NO_REGION;
    ui->clip = (SDL_Rect){0, 0, ui->w, ui->h};
    (void)clamped;
    if (max_scroll > 0) {
        int bw = ui->edge * 3;
        SDL_Rect track = {rg->box.x + rg->box.w - bw, rg->box.y, bw, rg->box.h};
        int th = rg->box.h * rg->box.h / content_h;
        if (th < ui->body) {
            th = ui->body;
        }
        SDL_Rect thumb = {track.x, rg->box.y + (rg->box.h - th) * rg->scroll / max_scroll, bw, th};
        ui_fill(ui, track, ui->th.bar_bg);
        ui_fill(ui, thumb, ui->th.accent);
    }
}

void ui_region_scroll(Ui *ui, int idx, int dy)
{
    UiRegion *rg = &ui->regions[idx];
    rg->scroll += dy;
    int max_scroll = rg->content_h - rg->box.h;
    if (rg->scroll > max_scroll) {
        rg->scroll = max_scroll;
    }
    if (rg->scroll < 0) {
        rg->scroll = 0;
    }
}

void ui_regions_reset(Ui *ui)
{
    for (int i = 0; i < UI_MAX_REGIONS; i++) {
        ui->regions[i].scroll = 0;
        ui->regions[i].content_h = 0;
    }
}

int ui_region_at(const Ui *ui, int x, int y)
{
    SDL_Point p = {(int)((float)x * ui->mouse_scale), (int)((float)y * ui->mouse_scale)};
    for (int i = 0; i < UI_MAX_REGIONS; i++) {
        if (ui->regions[i].box.w > 0 && SDL_PointInRect(&p, &ui->regions[i].box)) {
            return i;
        }
    }
    return UI_NO_REGION;
}

static const UiWidget *find_widget(const Ui *ui, int id)
{
    for (size_t i = 0; i < ui->n_widgets; i++) {
        if (ui->widgets[i].id == id) {
            return &ui->widgets[i];
        }
    }
    return NULL;
}

bool ui_ensure_visible(Ui *ui, int id)
{
    const UiWidget *wd = find_widget(ui, id);
    if (!wd || wd->region == UI_NO_REGION) {
        return false;
    }
    UiRegion *rg = &ui->regions[wd->region];
    int top = wd->rect.y - ui->gap, bottom = wd->rect.y + wd->rect.h + ui->gap;
    int old = rg->scroll;
    if (bottom - rg->scroll > rg->box.h) {
        rg->scroll = bottom - rg->box.h;
    }
    if (top < rg->scroll) {
        rg->scroll = top < 0 ? 0 : top;
    }
    return rg->scroll != old;
}

/* ---- drawing --------------------------------------------------------- */

static void set_color(Ui *ui, SDL_Color c)
{
    /* Opaque fills skip blending: much cheaper with the software renderer. */
    SDL_SetRenderDrawBlendMode(ui->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    if (SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, c.a) != 0) {
        ui->draw_errors++;
    }
}

void ui_fill(Ui *ui, SDL_Rect r, SDL_Color c)
{
    r.y += offset_y(ui);
    push_cmd(ui, (UiCmd){.kind = UI_CMD_FILL, .dst = r, .color = c});
}

void ui_image(Ui *ui, SDL_Texture *t, SDL_Rect r)
{
    ui_image_version(ui, t, r, 0);
}

void ui_image_version(Ui *ui, SDL_Texture *t, SDL_Rect r, unsigned long version)
{
    r.y += offset_y(ui);
    push_cmd(ui, (UiCmd){.kind = UI_CMD_IMAGE, .dst = r, .tex = t, .serial = version});
}

void ui_frame(Ui *ui, SDL_Rect r, SDL_Color c, int t)
{
    SDL_Rect top = {r.x, r.y, r.w, t}, bottom = {r.x, r.y + r.h - t, r.w, t};
    SDL_Rect left = {r.x, r.y, t, r.h}, right = {r.x + r.w - t, r.y, t, r.h};
    ui_fill(ui, top, c);
    ui_fill(ui, bottom, c);
    ui_fill(ui, left, c);
    ui_fill(ui, right, c);
}

/* True if rows [sy, sy + h) of the screen show in the current region (or
 * the window outside regions). */
static bool in_view(const Ui *ui, int sy, int h)
{
    SDL_Rect clip = {0, 0, ui->w, ui->h};
    if (ui->region != UI_NO_REGION) {
        clip = ui->regions[ui->region].box;
    }
    return sy < clip.y + clip.h && sy + h > clip.y;
}

void ui_blit(Ui *ui, const TextBlock *b, int x, int y, int max_w, SDL_Color c)
{
    if (b->w > max_w) {
        ui_overflow(ui, "text %dpx wide in a %dpx box", b->w, max_w);
    }
    int sy = y + offset_y(ui);
    if (ui->region == UI_NO_REGION) {
        if (x < 0 || sy < 0 || x + b->w > ui->w || sy + b->h > ui->h) {
            ui_overflow(ui, "text at %d,%d size %dx%d leaves the %dx%d window", x, sy, b->w, b->h,
                        ui->w, ui->h);
        }
    } else {
        const SDL_Rect *box = &ui->regions[ui->region].box;
        if (x < box->x || x + b->w > box->x + box->w) {
            ui_overflow(ui, "text at x=%d width %d leaves its region [%d, %d)", x, b->w, box->x,
                        box->x + box->w);
        }
    }
    if (b->w == 0) {
        return;
    }
    if (!in_view(ui, sy, b->h)) {
        return; /* scrolled out of view: not rasterized until it is seen */
    }
    SDL_Rect dst = {x, sy, b->w, b->h};
    push_cmd(ui,
             (UiCmd){.kind = UI_CMD_TEXT, .dst = dst, .color = c, .blk = b, .serial = b->serial});
}

int ui_para(Ui *ui, FontRole role, SDL_Color c, const char *s, int x, int y, int w)
{
    if (!ui->check_hidden) {
        /* out of view only its height counts: its lines are measured (and
         * checked) when it is scrolled into view */
        int h = text_height(ui->text, role, s, w);
        if (!in_view(ui, y + offset_y(ui), h)) {
            return h;
        }
    }
    const TextBlock *b = text_get(ui->text, role, s, w);
    ui_blit(ui, b, x, y, w, c);
    return b->h;
}

int ui_para_height(Ui *ui, FontRole role, const char *s, int w)
{
    return text_height(ui->text, role, s, w);
}

int ui_line(Ui *ui, FontRole role, SDL_Color c, const char *s, int x, int y, int w)
{
    const TextBlock *b = text_get_line(ui->text, role, s, w);
    ui_blit(ui, b, x, y, w, c);
    return b->h;
}

/* ---- widgets --------------------------------------------------------- */

void ui_widget(Ui *ui, int id, SDL_Rect r)
{
    if (ui->n_widgets >= UI_MAX_WIDGETS) {
        ui_overflow(ui, "more than %d widgets", UI_MAX_WIDGETS);
        return;
    }
    UiWidget *wd = &ui->widgets[ui->n_widgets++];
    wd->id = id;
    wd->region = ui->region;
    wd->rect = r;
    wd->screen = r;
    wd->screen.y += offset_y(ui);
    if (ui->region != UI_NO_REGION) {
        SDL_Rect clipped;
        if (!SDL_IntersectRect(&wd->screen, &ui->regions[ui->region].box, &clipped)) {
            clipped.w = clipped.h = 0;
        }
        wd->screen = clipped;
    }
}

bool ui_has_focus(const Ui *ui, int id)
{
    return ui->focus == id && id != 0;
}

bool ui_is_hover(const Ui *ui, int id)
{
    return ui->hover == id && id != 0;
}

typedef struct ButtonLayout {
    const TextBlock *badge, *label, *note;
    int badge_w, label_w, note_w, h;
} ButtonLayout;

static void button_layout(Ui *ui, const char *badge, const char *label, const char *note, int w,
                          ButtonStyle style, ButtonLayout *L)
{
    Text *t = ui->text;
    int pad = ui->pad;
    memset(L, 0, sizeof *L);
    if (badge && *badge) {
        L->badge = text_get_line(t, FONT_BOLD, badge, 0);
        L->badge_w = L->badge->w + pad;
        if (L->badge_w < ui->body * 2) {
            L->badge_w = ui->body * 2;
        }
    }
    L->label_w = w - 2 * pad - L->badge_w;
    if (note && *note) {
        L->note = text_get_line(t, FONT_SMALL, note, L->label_w / 3);
        L->note_w = L->note->w + pad;
    }
    L->label_w -= L->note_w;
    if (L->label_w < ui->body) {
        L->label_w = ui->body;
    }
    L->label = text_get(t, style == BUTTON_PRIMARY ? FONT_BOLD : FONT_BODY, label, L->label_w);
    L->h = L->label->h + pad;
    if (L->h < ui->body * 2) {
        L->h = ui->body * 2;
    }
}

int ui_button_height(Ui *ui, const char *badge, const char *label, const char *note, int w,
                     ButtonStyle style)
{
    ButtonLayout L;
    button_layout(ui, badge, label, note, w, style, &L);
    return L.h;
}

int ui_button(Ui *ui, int id, const char *badge, const char *label, const char *note, int x, int y,
              int w, ButtonStyle style)
{
    return ui_button_min(ui, id, badge, label, note, x, y, w, 0, style);
}

int ui_button_min(Ui *ui, int id, const char *badge, const char *label, const char *note, int x,
                  int y, int w, int min_h, ButtonStyle style)
{
    ButtonLayout L;
    button_layout(ui, badge, label, note, w, style, &L);
    if (L.label_w + L.badge_w + L.note_w + 2 * ui->pad > w) {
        ui_overflow(ui, "button %d too narrow for its label", id);
    }
    int pad = ui->pad, edge = ui->edge, h = L.h > min_h ? L.h : min_h;
    bool focused = ui_has_focus(ui, id);
    bool hover = !focused && ui_is_hover(ui, id);
    SDL_Rect r = {x, y, w, h};
    SDL_Color bg = style == BUTTON_QUIET ? ui->th.bg : ui->th.button;
    SDL_Color fg = ui->th.text;
    if (style == BUTTON_PRIMARY) {
        bg = ui->th.accent;
        fg = ui->th.bg;
    }
    if (focused) {
        bg = style == BUTTON_PRIMARY ? ui->th.focus : ui->th.focus_bg;
    }
    ui_fill(ui, r, bg);
    /* the pointer's widget gets an outline only: the filled look is the
     * keyboard focus, the one Enter acts on */
    ui_frame(ui, r,
             focused ? ui->th.focus
             : hover ? ui->th.accent
                     : ui->th.button_edge,
             focused || hover ? edge * 2 : edge);
    if (focused) {
        SDL_Rect bar = {x, y, edge * 4, h};
        ui_fill(ui, bar, ui->th.focus);
        snprintf(ui->focus_text, sizeof ui->focus_text, "%s%s%s%s%s", badge ? badge : "",
                 badge ? ". " : "", label ? label : "", note ? ", " : "", note ? note : "");
    }
    int tx = x + pad;
    if (L.badge) {
        const TextBlock *bb = L.badge;
        SDL_Rect br = {tx, y + (h - bb->h) / 2 - edge, L.badge_w - pad / 2, bb->h + 2 * edge};
        bool lit = focused || style == BUTTON_NEW;
        ui_fill(ui, br,
                focused               ? ui->th.focus
                : style == BUTTON_NEW ? ui->th.accent
                                      : ui->th.badge_bg);
        ui_blit(ui, bb, br.x + (br.w - bb->w) / 2, y + (h - bb->h) / 2, br.w,
                lit ? ui->th.bg : ui->th.badge_fg);
        tx += L.badge_w;
    }
    ui_blit(ui, L.label, tx, y + (h - L.label->h) / 2, L.label_w, fg);
    if (L.note) {
        ui_blit(ui, L.note, x + w - pad - L.note->w, y + (h - L.note->h) / 2, L.note_w,
                style == BUTTON_PRIMARY ? ui->th.bg
                : style == BUTTON_NEW   ? ui->th.accent
                                        : ui->th.muted);
    }
    ui_widget(ui, id, r);
    return h;
}

int ui_hit(const Ui *ui, int win_x, int win_y)
{
    SDL_Point p = {(int)((float)win_x * ui->mouse_scale), (int)((float)win_y * ui->mouse_scale)};
    for (size_t i = ui->n_widgets; i-- > 0;) {
        if (SDL_PointInRect(&p, &ui->widgets[i].screen)) {
            return ui->widgets[i].id;
        }
    }
    return 0;
}

bool ui_widget_exists(const Ui *ui, int id)
{
    return find_widget(ui, id) != NULL;
}

int ui_focus_move(Ui *ui, int dir)
{
    if (ui->n_widgets == 0) {
        ui->focus = 0;
        return 0;
    }
    size_t n = ui->n_widgets, cur = n;
    for (size_t i = 0; i < n; i++) {
        if (ui->widgets[i].id == ui->focus) {
            cur = i;
        }
    }
    size_t next;
    if (cur == n) {
        next = dir > 0 ? 0 : n - 1;
    } else {
        next = (cur + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
    }
    ui->focus = ui->widgets[next].id;
    return ui->focus;
}
