/* screen_briefing.c: the call's briefing, between the title and the first
 * scene: the dispatch summary, the learning objectives, difficulty and
 * minutes, the content note and how play works. Nothing is recorded until
 * "Begin the call" (app_begin). Widget ids: 1 begin, 2 back to the title. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"

enum { BRIEF_BEGIN = 1, BRIEF_TITLE = 2 };

static int heading(App *a, const char *s, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int h = ui_para(ui, FONT_BOLD, ui->th.accent, s, x, y + ui->pad / 2, w);
    return ui->pad / 2 + h + ui->gap / 3;
}

/* The content note in a warning panel. Returns its height. */
static int content_note(App *a, const char *note, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int tw = w - 2 * ui->pad - ui->edge * 3;
    int th = ui_para_height(ui, FONT_BOLD, _("Content note"), tw);
    int bh = ui_para_height(ui, FONT_BODY, note, tw);
    SDL_Rect r = {x, y, w, th + bh + ui->pad + ui->gap / 3};
    ui_fill(ui, r, ui->th.pressure_bg);
    SDL_Rect bar = {x, y, ui->edge * 3, r.h};
    ui_fill(ui, bar, ui->th.warn);
    int tx = x + ui->pad + ui->edge * 3, ty = y + ui->pad / 2;
    ty += ui_para(ui, FONT_BOLD, ui->th.warn, _("Content note"), tx, ty, tw) + ui->gap / 3;
    ui_para(ui, FONT_BODY, ui->th.text, note, tx, ty, tw);
    return r.h;
}

static int draw_body(App *a, const Scenario *sc, int x, int y0, int w)
{
    Ui *ui = &a->ui;
    char buf[512];
    int y = y0 + ui->pad;
    y += ui_para(ui, FONT_SMALL, ui->th.muted, _("Before the call"), x, y, w);
    y += ui_para(ui, FONT_TITLE, ui->th.text, sc->title, x, y, w) + ui->gap / 2;
    snprintf(buf, sizeof buf, "%s%s", app_difficulty_name(sc->difficulty),
             sc->difficulty ? " \xC2\xB7 " : "");
    size_t len = strlen(buf);
    snprintf(buf + len, sizeof buf - len,
             i18n_plural("about %d minute · pass mark %d of 100",
                         "about %d minutes · pass mark %d of 100", sc->est_minutes),
             sc->est_minutes, sc->pass_mark);
    if (buf[0] >= 'a' && buf[0] <= 'z') {
        buf[0] = (char)(buf[0] - 'a' + 'A');
    }
    y += ui_para(ui, FONT_BODY, ui->th.muted, buf, x, y, w) + ui->gap;
    if (sc->content_note) {
        y += content_note(a, sc->content_note, x, y, w) + ui->gap;
    }
    if (sc->summary) {
        y += heading(a, _("Dispatch"), x, y, w);
        y += ui_para(ui, FONT_BODY, ui->th.text, sc->summary, x, y, w) + ui->gap;
    }
    if (sc->n_objectives) {
        y += heading(a, _("What this call trains"), x, y, w);
        int indent = ui->body;
        for (size_t i = 0; i < sc->n_objectives; i++) {
            ui_para(ui, FONT_BODY, ui->th.accent, "\xE2\x80\xA2", x, y, indent);
            y += ui_para(ui, FONT_BODY, ui->th.text, sc->objectives[i], x + indent, y, w - indent) +
                 ui->gap / 3;
        }
        y += ui->gap;
    }
    y += heading(a, _("How it works"), x, y, w);
    y += ui_para(ui, FONT_BODY, ui->th.text,
                 _("Read each scene and decide what to do. \"Look closer\" examines a detail; "
                   "each look costs minutes on scene, and not everything matters. An option "
                   "keeps its number for the whole scene; options a look uncovers are added at "
                   "the end, marked new. F1 shows the indicator reference card at any time. "
                   "Your attempt is saved after every action."),
                 x, y, w);
    return y + ui->pad - y0;
}

static void briefing_draw(App *a)
{
    Ui *ui = &a->ui;
    const Scenario *sc = a->brief_sc;
    if (!sc) {
        return;
    }
    snprintf(ui->context, sizeof ui->context, "briefing %s %dx%d", sc->id, ui->w, ui->h);
    int top = app_draw_header(a, _("Briefing"), a->brief_name[0] ? a->brief_name : "");
    int bottom = app_draw_footer(a, _("Enter begin the call · ↑↓ "
                                      "PgUp PgDn scroll · Tab move · Esc menu"));
    /* the two buttons stay in view under the scrolling text */
    int bw = (ui->w - 3 * ui->pad) / 2;
    int bh1 = ui_button_height(ui, NULL, _("Begin the call"), "Enter", bw, BUTTON_PRIMARY);
    int bh2 = ui_button_height(ui, NULL, _("Back to the title screen"), NULL, bw, BUTTON_NORMAL);
    int bh = bh1 > bh2 ? bh1 : bh2;
    int by = ui->h - bottom - bh - ui->gap;
    SDL_Rect bar = {0, by - ui->gap, ui->w, bh + 2 * ui->gap};
    ui_fill(ui, bar, ui->th.panel);
    ui_button_min(ui, BRIEF_BEGIN, NULL, _("Begin the call"), "Enter", ui->pad, by, bw, bh,
                  BUTTON_PRIMARY);
    ui_button_min(ui, BRIEF_TITLE, NULL, _("Back to the title screen"), NULL, 2 * ui->pad + bw, by,
                  bw, bh, BUTTON_NORMAL);
    SDL_Rect box = {0, top, ui->w, bar.y - top};
    ui_region_begin(ui, 0, box);
    int w = ui->w - 2 * ui->pad - ui->edge * 4;
    int readable = ui->body * 40;
    w = w < readable ? w : readable;
    ui_region_end(ui, draw_body(a, sc, (ui->w - w) / 2, 0, w));
}

static void briefing_activate(App *a, int id)
{
    if (id == BRIEF_BEGIN) {
        app_begin(a);
    } else if (id == BRIEF_TITLE) {
        app_to_title(a);
    }
    a->dirty = true;
}

static bool briefing_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if (key == SDLK_UP || key == SDLK_DOWN) {
        int line = text_line_height(a->text, FONT_BODY) * 2;
        ui_region_scroll(&a->ui, 0, key == SDLK_UP ? -line : line);
        return true;
    }
    if (key == SDLK_LEFT || key == SDLK_RIGHT) {
        ui_focus_move(&a->ui, key == SDLK_LEFT ? -1 : 1);
        return true;
    }
    return false;
}

static void briefing_enter(App *a)
{
    a->ui.focus = BRIEF_BEGIN;
}

const ScreenOps screen_briefing = {"briefing",        briefing_enter, NULL, briefing_draw,
                                   briefing_activate, briefing_key,   NULL};
