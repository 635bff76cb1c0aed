/* screen_reference.c: the indicator reference card (F1 or the play screen's
 * button), drawn over the play screen. It lists the whole catalogue's
 * indicator categories and the protocol steps, never what this scene holds,
 * so consulting it gives nothing away. Widget id: 1 close. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"

enum { REF_CLOSE = 1 };

/* The catalogue of 'kind', or the scenario's own items without one. */
static const Item *items_of(const Scenario *sc, ItemKind kind, size_t *n)
{
    if (sc->n_catalog[kind]) {
        *n = sc->n_catalog[kind];
        return sc->catalog[kind];
    }
    *n = sc->n_items[kind];
    return sc->items[kind];
}

/* Indicators grouped by category (categories in catalogue order): a bold
 * category, then its labels joined. Returns the height. */
static int draw_indicators(App *a, const Scenario *sc, int x, int y0, int w)
{
    Ui *ui = &a->ui;
    size_t n = 0;
    const Item *it = items_of(sc, ITEM_INDICATOR, &n);
    int y = y0;
    char buf[1200];
    for (size_t i = 0; i < n; i++) {
        const char *cat = it[i].category ? it[i].category : _("Other");
        bool done = false;
        for (size_t j = 0; j < i && !done; j++) {
            done = strcmp(it[j].category ? it[j].category : _("Other"), cat) == 0;
        }
        if (done) {
            continue;
        }
        size_t len = 0;
        buf[0] = '\0';
        for (size_t j = i; j < n && len + 4 < sizeof buf; j++) {
            if (strcmp(it[j].category ? it[j].category : _("Other"), cat) == 0) {
                int k = snprintf(buf + len, sizeof buf - len, "%s%s", len ? " \xC2\xB7 " : "",
                                 it[j].label);
                len = k > 0 && len + (size_t)k < sizeof buf ? len + (size_t)k : sizeof buf - 1;
            }
        }
        y += ui_para(ui, FONT_BOLD, ui->th.accent, cat, x, y, w);
        y += ui_para(ui, FONT_BODY, ui->th.text, buf, x, y, w) + ui->gap / 2;
    }
    return y - y0;
}

static int draw_steps(App *a, const Scenario *sc, int x, int y0, int w)
{
    Ui *ui = &a->ui;
    size_t n = 0;
    const Item *it = items_of(sc, ITEM_STEP, &n);
    int y = y0;
    char buf[300];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%zu. %s", i + 1, it[i].label);
        y += ui_para(ui, FONT_BODY, ui->th.text, buf, x, y, w);
    }
    return y - y0;
}

static void reference_draw(App *a)
{
    Ui *ui = &a->ui;
    const Scenario *sc = a->sc;
    if (!sc) {
        return;
    }
    snprintf(ui->context, sizeof ui->context, "reference %s %dx%d", sc->id, ui->w, ui->h);
    SDL_Rect all = {0, 0, ui->w, ui->h};
    SDL_Color dim = ui->th.overlay;
    dim.a = 225;
    ui_fill(ui, all, dim);
    int w = ui->body * 44;
    w = w < ui->w - 2 * ui->pad ? w : ui->w - 2 * ui->pad;
    int h = ui->h - 2 * ui->pad;
    SDL_Rect box = {(ui->w - w) / 2, ui->pad, w, h};
    ui_fill(ui, box, ui->th.panel);
    ui_frame(ui, box, ui->th.accent, ui->edge);
    int bw = w - 2 * ui->pad;
    /* the close button stays in view at the bottom of the card */
    int ch = ui_button_height(ui, NULL, _("Back to the call"), _("F1 or Esc"), bw, BUTTON_PRIMARY);
    ui_button(ui, REF_CLOSE, NULL, _("Back to the call"), _("F1 or Esc"), box.x + ui->pad,
              box.y + box.h - ui->pad - ch, bw, BUTTON_PRIMARY);
    SDL_Rect inner = {box.x, box.y, box.w, box.h - 2 * ui->pad - ch};
    ui_region_begin(ui, 3, inner);
    int x = box.x + ui->pad, y = ui->pad;
    y += ui_para(ui, FONT_TITLE, ui->th.text, _("Indicator reference"), x, y, bw);
    y += ui_para(ui, FONT_SMALL, ui->th.muted,
                 _("Signs of trafficking, by kind. The card lists them all: it does not tell you "
                   "which are in this call. None is proof on its own; look for several together."),
                 x, y, bw) +
         ui->gap;
    y += draw_indicators(a, sc, x, y, bw) + ui->gap;
    y += ui_para(ui, FONT_BOLD, ui->th.accent, _("Protocol steps, in the usual order"), x, y, bw) +
         ui->gap / 3;
    y += draw_steps(a, sc, x, y, bw);
    ui_region_end(ui, y + ui->pad);
}

static void reference_activate(App *a, int id)
{
    if (id == REF_CLOSE) {
        a->show_reference = false;
        a->ui.focus = 0;
        a->dirty = true;
    }
}

static bool reference_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if (key == SDLK_UP || key == SDLK_DOWN || key == SDLK_PAGEUP || key == SDLK_PAGEDOWN) {
        int line = text_line_height(a->text, FONT_BODY) * 2;
        int step = key == SDLK_UP || key == SDLK_DOWN ? line : a->ui.regions[3].box.h * 4 / 5;
        ui_region_scroll(&a->ui, 3, key == SDLK_UP || key == SDLK_PAGEUP ? -step : step);
        return true;
    }
    /* digits must not choose in the call behind the card */
    return (key >= SDLK_0 && key <= SDLK_9) || (key >= SDLK_KP_1 && key <= SDLK_KP_0) ||
           key == SDLK_BACKSPACE;
}

const ScreenOps overlay_reference = {"reference",        NULL,          NULL, reference_draw,
                                     reference_activate, reference_key, NULL};
