/* ui.c: drawing helpers, focus, hit-testing and scroll regions (see ui.h).
 * Every draw call checks SDL's return value and counts failures, so layout
 * tests can assert that no SDL error occurred. */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
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
    SDL_RenderSetClipRect(ui->ren, NULL);
    if (SDL_SetRenderDrawColor(ui->ren, ui->th.bg.r, ui->th.bg.g, ui->th.bg.b, 255) != 0 ||
        SDL_RenderClear(ui->ren) != 0) {
        ui->draw_errors++;
    }
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
    SDL_RenderSetClipRect(ui->ren, &box);
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
    SDL_RenderSetClipRect(ui->ren, NULL);
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
    set_color(ui, c);
    if (SDL_RenderFillRect(ui->ren, &r) != 0) {
        ui->draw_errors++;
    }
}

void ui_image(Ui *ui, SDL_Texture *t, SDL_Rect r)
{
    r.y += offset_y(ui);
    if (SDL_RenderCopy(ui->ren, t, NULL, &r) != 0) {
        ui->draw_errors++;
    }
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
    SDL_Rect clip = {0, 0, ui->w, ui->h};
    if (ui->region != UI_NO_REGION) {
        clip = ui->regions[ui->region].box;
    }
    if (sy >= clip.y + clip.h || sy + b->h <= clip.y) {
        return; /* scrolled out of view: not rasterised until it is seen */
    }
    SDL_Texture *tex = text_texture(ui->text, b, c);
    SDL_Rect dst = {x, sy, b->w, b->h};
    if (!tex || SDL_RenderCopy(ui->ren, tex, NULL, &dst) != 0) {
        ui->draw_errors++;
    }
}

int ui_para(Ui *ui, FontRole role, SDL_Color c, const char *s, int x, int y, int w)
{
    const TextBlock *b = text_get(ui->text, role, s, w);
    ui_blit(ui, b, x, y, w, c);
    return b->h;
}

int ui_para_height(Ui *ui, FontRole role, const char *s, int w)
{
    return text_get(ui->text, role, s, w)->h;
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
    ButtonLayout L;
    button_layout(ui, badge, label, note, w, style, &L);
    if (L.label_w + L.badge_w + L.note_w + 2 * ui->pad > w) {
        ui_overflow(ui, "button %d too narrow for its label", id);
    }
    int pad = ui->pad, edge = ui->edge, h = L.h;
    bool focused = ui_has_focus(ui, id);
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
    ui_frame(ui, r, focused ? ui->th.focus : ui->th.button_edge, focused ? edge * 2 : edge);
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
        ui_fill(ui, br, focused ? ui->th.focus : ui->th.badge_bg);
        ui_blit(ui, bb, br.x + (br.w - bb->w) / 2, y + (h - bb->h) / 2, br.w,
                focused ? ui->th.bg : ui->th.badge_fg);
        tx += L.badge_w;
    }
    ui_blit(ui, L.label, tx, y + (h - L.label->h) / 2, L.label_w, fg);
    if (L.note) {
        ui_blit(ui, L.note, x + w - pad - L.note->w, y + (h - L.note->h) / 2, L.note_w,
                style == BUTTON_PRIMARY && !focused ? ui->th.bg : ui->th.muted);
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
