/* screen_errors.c: a scenario that does not load: the checker's messages
 * (file:line:col) and the ways on (reload in author mode, the title, quit).
 * Widget ids: 1 reload, 2 title, 3 quit. */
#include <stdio.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"

/* ---- errors screen ------------------------------------------------------ */

enum { ERR_RELOAD = 1, ERR_TITLE = 2, ERR_QUIT = 3 };

static void errors_draw(App *a)
{
    Ui *ui = &a->ui;
    snprintf(ui->context, sizeof ui->context, "errors %dx%d", ui->w, ui->h);
    int top = app_draw_header(a, a->errors_title, "");
    int bottom =
        app_draw_footer(a, a->opt.author_file ? _("Fix the file and save: it reloads by itself. F5 "
                                                  "reloads now. Esc menu.")
                                              : _("Enter select · Esc menu"));
    int bw = (ui->w - 3 * ui->pad) / 2;
    const char *l1 = a->opt.author_file ? _("Reload now (F5)") : _("Back to the title screen");
    int bh = ui_button_height(ui, NULL, l1, NULL, bw, BUTTON_PRIMARY);
    int by = ui->h - bottom - bh - ui->gap;
    ui_button(ui, a->opt.author_file ? ERR_RELOAD : ERR_TITLE, NULL, l1, NULL, ui->pad, by, bw,
              BUTTON_PRIMARY);
    ui_button(ui, ERR_QUIT, NULL, _("Quit"), NULL, 2 * ui->pad + bw, by, bw, BUTTON_NORMAL);
    SDL_Rect box = {0, top, ui->w, by - ui->gap - top};
    ui_region_begin(ui, 0, box);
    int x = ui->pad, w = ui->w - 2 * ui->pad - ui->edge * 4, y = ui->pad;
    y += ui_para(ui, FONT_BODY, ui->th.text,
                 _("The scenario could not be loaded. Each problem is listed with its place in "
                   "the file (line:column):"),
                 x, y, w) +
         ui->gap;
    char buf[800];
    size_t n = a->errors ? diag_count(a->errors) : 0;
    for (size_t i = 0; i < n; i++) {
        const Diag *d = diag_at(a->errors, i);
        diag_format(d, buf, sizeof buf);
        y += ui_para(ui, FONT_SMALL, d->level == DIAG_ERROR ? ui->th.bad : ui->th.warn, buf, x, y,
                     w) +
             ui->gap / 2;
    }
    ui_region_end(ui, y + ui->pad);
}

static void errors_activate(App *a, int id)
{
    if (id == ERR_RELOAD && a->opt.author_file) {
        app_author_reload(a);
    } else if (id == ERR_TITLE) {
        app_to_title(a);
    } else if (id == ERR_QUIT) {
        a->quit = true;
    }
}

const ScreenOps screen_errors = {"errors", NULL, NULL, errors_draw, errors_activate, NULL, NULL};
