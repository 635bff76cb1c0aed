/* screen_title.c: trainee name, scenario choice, start and resume. In kiosk
 * mode it is first a sign-in screen (name and Sign in only); once signed in
 * the name is fixed and only that trainee's saved attempts are offered.
 * Widget ids: 1 name field, 2 start, 3 sign in, 4 sign out, 100+i scenario i,
 * 200+i saved attempt i. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"

enum {
    TITLE_NAME = 1,
    TITLE_START = 2,
    TITLE_SIGN_IN = 3,
    TITLE_SIGN_OUT = 4,
    TITLE_SCENARIO = 100,
    TITLE_SAVE = 200,
    TITLE_REVIEW = 300
};
#define TITLE_MAX_SAVES 3

static int column_width(const Ui *ui)
{
    int w = ui->w - 2 * ui->pad;
    int readable = ui->body * 46;
    return w < readable ? w : readable;
}

static int draw_field(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    bool focused = ui_has_focus(ui, TITLE_NAME);
    int lh = text_line_height(a->text, FONT_BODY);
    SDL_Rect r = {x, y, w, lh + ui->pad};
    ui_fill(ui, r, focused ? ui->th.focus_bg : ui->th.panel);
    ui_frame(ui, r, focused ? ui->th.focus : ui->th.panel_edge, focused ? ui->edge * 2 : ui->edge);
    int tw = w - 2 * ui->pad;
    if (a->name[0]) {
        char shown[RECORDS_NAME_MAX_BYTES + 4];
        snprintf(shown, sizeof shown, "%s%s", a->name, focused ? "|" : "");
        /* Show the end of a long name, where typing happens. */
        const char *s = shown;
        while (text_width(a->text, FONT_BODY, s) > tw && *s) {
            s++;
            while ((*s & 0xC0) == 0x80) {
                s++;
            }
        }
        ui_line(ui, FONT_BODY, ui->th.text, s, x + ui->pad, y + ui->pad / 2, tw);
    } else {
        char hint[160];
        snprintf(hint, sizeof hint, "%s%s", focused ? "|  " : "",
                 _("Type your name or officer ID"));
        ui_line(ui, FONT_BODY, ui->th.muted, hint, x + ui->pad, y + ui->pad / 2, tw);
    }
    ui_widget(ui, TITLE_NAME, r);
    return r.h;
}

static int draw_card(App *a, int id, const ScenarioEntry *e, bool selected, int x, int y, int w)
{
    Ui *ui = &a->ui;
    bool focused = ui_has_focus(ui, id);
    char note[128], title[320];
    const char *summary;
    if (e->sc) {
        char place[32] = "";
        if (e->course_pos != COURSE_NONE) {
            snprintf(place, sizeof place, "%zu \xC2\xB7 ", e->course_pos + 1);
        }
        snprintf(note, sizeof note, "%s%s%s", place, app_difficulty_name(e->sc->difficulty),
                 e->sc->difficulty ? " \xC2\xB7 " : "");
        size_t len = strlen(note);
        snprintf(note + len, sizeof note - len, _("about %d min"), e->sc->est_minutes);
        snprintf(title, sizeof title, "%s", e->sc->title);
        summary = e->sc->summary;
    } else {
        snprintf(note, sizeof note, "%s", _("cannot be played"));
        const char *base = strrchr(e->path, '/');
        snprintf(title, sizeof title, _("%s has errors"), base ? base + 1 : e->path);
        summary = _("Select it to see the problems the checker found.");
    }
    const TextBlock *nb = text_get_line(a->text, FONT_SMALL, note, w / 3);
    int tw = w - 3 * ui->pad - nb->w - ui->edge * 4;
    int th = ui_para_height(ui, FONT_BOLD, title, tw);
    int sh = ui_para_height(ui, FONT_SMALL, summary, tw);
    char progress[160] = "";
    if (e->sc && a->db && !a->opt.classroom && a->name[0]) {
        if (e->attempts) {
            char tries[48];
            snprintf(tries, sizeof tries,
                     i18n_plural("%zu attempt", "%zu attempts", (long)e->attempts), e->attempts);
            snprintf(progress, sizeof progress, _("Your best: %d/100 · %s · %s"), e->best,
                     e->passed ? _("passed") : _("not passed yet"), tries);
        } else {
            snprintf(progress, sizeof progress, "%s", _("Not attempted yet"));
        }
    }
    FontRole prole = e->attempts ? FONT_BOLD : FONT_SMALL;
    int ph = progress[0] ? ui_para_height(ui, prole, progress, tw) + ui->gap / 3 : 0;
    SDL_Rect r = {x, y, w, th + sh + ph + ui->gap / 2 + ui->pad};
    ui_fill(ui, r, focused ? ui->th.focus_bg : ui->th.button);
    ui_frame(ui, r,
             focused    ? ui->th.focus
             : selected ? ui->th.accent
                        : ui->th.button_edge,
             focused || selected ? ui->edge * 2 : ui->edge);
    if (selected) {
        SDL_Rect bar = {x, y, ui->edge * 4, r.h};
        ui_fill(ui, bar, focused ? ui->th.focus : ui->th.accent);
    }
    int tx = x + ui->pad + ui->edge * 4;
    ui_para(ui, FONT_BOLD, e->sc ? ui->th.text : ui->th.warn, title, tx, y + ui->pad / 2, tw);
    int sy = y + ui->pad / 2 + th + ui->gap / 2;
    sy += ui_para(ui, FONT_SMALL, ui->th.muted, summary, tx, sy, tw);
    if (progress[0]) {
        ui_para(ui, prole,
                e->passed     ? ui->th.good
                : e->attempts ? ui->th.text
                              : ui->th.muted,
                progress, tx, sy + ui->gap / 3, tw);
    }
    ui_blit(ui, nb, x + w - ui->pad - nb->w, y + ui->pad / 2, w / 3, ui->th.muted);
    ui_widget(ui, id, r);
    return r.h;
}

/* One entry of the Resume list; a damaged one says so and cannot start. */
static int draw_save(App *a, const RecordsUnfinished *s, int i, int x, int y, int w)
{
    char label[400], note[64];
    if (s->damaged) {
        snprintf(label, sizeof label, "%s",
                 _("Damaged saved attempt (cannot be resumed; select for details)"));
        snprintf(note, sizeof note, "%.10s", s->updated_at);
        return ui_button(&a->ui, TITLE_SAVE + i, NULL, label, note, x, y, w, BUTTON_NORMAL);
    }
    const char *title = *s->scenario_title ? s->scenario_title : s->scenario_id;
    for (size_t k = 0; k < a->n_entries; k++) {
        if (a->entries[k].sc && strcmp(a->entries[k].sc->id, s->scenario_id) == 0) {
            title = a->entries[k].sc->title;
        }
    }
    if (s->kind == RECORDS_CLASSROOM) {
        if (*s->who) {
            snprintf(label, sizeof label, _("Resume \"%s\" (classroom, %s)"), title, s->who);
        } else {
            snprintf(label, sizeof label, _("Resume \"%s\" (classroom)"), title);
        }
    } else {
        snprintf(label, sizeof label, _("Resume \"%s\" for %s"), title, s->who);
    }
    /* stored in UTC: "2026-12-01T07:05:09.120Z" */
    snprintf(note, sizeof note,
             i18n_plural("%zu action, %.10s %.5s UTC", "%zu actions, %.10s %.5s UTC",
                         (long)s->n_actions),
             s->n_actions, s->updated_at, strlen(s->updated_at) > 11 ? s->updated_at + 11 : "");
    return ui_button(&a->ui, TITLE_SAVE + i, NULL, label, note, x, y, w, BUTTON_NORMAL);
}

static int heading(App *a, const char *s, int x, int y, int w)
{
    return ui_para(&a->ui, FONT_BOLD, a->ui.th.accent, s, x, y, w);
}

/* The Resume list (the records keep it to the signed-in trainee's own
 * attempts, or to classroom sessions) and the trainee's last finished
 * attempts to review. Returns the height drawn. */
static int draw_saves(App *a, int x, int y0, int w)
{
    Ui *ui = &a->ui;
    int y = y0;
    size_t n_saves = a->n_saves < TITLE_MAX_SAVES ? a->n_saves : TITLE_MAX_SAVES;
    if (n_saves) {
        y += heading(a,
                     a->opt.classroom ? _("Continue a classroom session")
                                      : _("Continue your interrupted attempt"),
                     x, y, w) +
             ui->gap / 2;
        for (size_t i = 0; i < n_saves; i++) {
            y += draw_save(a, &a->saves[i], (int)i, x, y, w) + ui->gap / 2;
        }
        y += ui->pad / 2;
    }
    if (a->n_finished) {
        y += heading(a, _("Review your last attempts"), x, y, w) + ui->gap / 2;
        for (size_t i = a->n_finished; i-- > 0;) {
            y += ui_button(ui, TITLE_REVIEW + (int)i, NULL, a->finished[i].label,
                           a->finished[i].note, x, y, w, BUTTON_NORMAL) +
                 ui->gap / 2;
        }
        y += ui->pad / 2;
    }
    return y - y0;
}

/* Kiosk: who is signed in and how to sign out, or the sign-in form. Returns
 * the height drawn; *more is false when nothing else may be shown yet. */
static int draw_sign_in(App *a, int x, int y0, int w, bool *more)
{
    Ui *ui = &a->ui;
    int y = y0;
    if (a->signed_in) {
        char who[sizeof a->name + 64];
        snprintf(who, sizeof who, _("Signed in as %s"), a->name);
        y += heading(a, who, x, y, w) + ui->gap / 2;
        y += ui_button(ui, TITLE_SIGN_OUT, NULL, _("Sign out"), _("when you are done"), x, y, w,
                       BUTTON_NORMAL) +
             ui->pad;
        *more = true;
        return y - y0;
    }
    y += heading(a, _("Sign in with your name or officer ID"), x, y, w) + ui->gap / 2;
    y += draw_field(a, x, y, w) + ui->gap;
    y += ui_button(ui, TITLE_SIGN_IN, NULL, _("Sign in"), "Enter", x, y, w, BUTTON_PRIMARY);
    *more = false;
    return y - y0;
}

static void title_draw(App *a)
{
    Ui *ui = &a->ui;
    snprintf(ui->context, sizeof ui->context, "title %dx%d", ui->w, ui->h);
    char right[200];
    snprintf(right, sizeof right, "%s%s%s", a->settings.course,
             a->settings.course[0] && a->opt.classroom ? " \xC2\xB7 " : "",
             a->opt.classroom ? _("Classroom mode") : "");
    int top = app_draw_header(a, _("Beneath the Surface"), right);
    /* the name is typed before a kiosk sign-in, and never after it */
    bool typing = !a->opt.kiosk || !a->signed_in;
    char hints[160];
    snprintf(hints, sizeof hints, "%s%s%s", typing ? _("Type your name · ") : "",
             _("↑↓ move · Enter select · Esc menu"), a->opt.kiosk ? "" : _(" · F11 full screen"));
    int bottom = app_draw_footer(a, hints);
    SDL_Rect box = {0, top, ui->w, ui->h - top - bottom};
    ui_region_begin(ui, 0, box);
    int w = column_width(ui), x = (ui->w - w) / 2, y = ui->pad;
    y += ui_para(ui, FONT_TITLE, ui->th.text, _("Beneath the Surface"), x, y, w);
    y += ui_para(ui, FONT_BODY, ui->th.muted,
                 _("Recognizing human trafficking on ordinary calls. Read each scene, look closer "
                   "where it matters, and decide what to do. The debrief shows what you noticed, "
                   "what you acted on and what you walked past."),
                 x, y, w) +
         ui->pad;
    if (a->opt.kiosk) {
        bool more = false;
        y += draw_sign_in(a, x, y, w, &more);
        if (!more) {
            ui_region_end(ui, y + ui->pad);
            return;
        }
    } else {
        y += heading(a, _("Your name or officer ID"), x, y, w) + ui->gap / 2;
        y += draw_field(a, x, y, w) + ui->pad;
    }

    y += draw_saves(a, x, y, w);
    char course_head[300];
    if (a->course_title) {
        snprintf(course_head, sizeof course_head, _("The course: %s"), a->course_title);
    } else {
        snprintf(course_head, sizeof course_head, "%s", _("Choose a scenario"));
    }
    y += heading(a, course_head, x, y, w) + ui->gap / 2;
    if (a->n_entries == 0) {
        y += ui_para(ui, FONT_BODY, ui->th.warn,
                     _("No scenarios were found. Put scenario files in the scenarios folder or "
                       "start the game with --scenario FILE."),
                     x, y, w);
    }
    for (size_t i = 0; i < a->n_entries; i++) {
        y += draw_card(a, TITLE_SCENARIO + (int)i, &a->entries[i], i == a->title_sel, x, y, w) +
             ui->gap / 2;
    }
    if (a->n_entries) {
        const ScenarioEntry *e = &a->entries[a->title_sel < a->n_entries ? a->title_sel : 0];
        char label[400];
        snprintf(label, sizeof label, _("Start: %s"),
                 e->sc ? e->sc->title : _("show the problems"));
        y += ui->gap;
        y += ui_button(ui, TITLE_START, NULL, label, NULL, x, y, w, BUTTON_PRIMARY);
    }
    ui_region_end(ui, y + ui->pad);
}

static void start_selected(App *a)
{
    if (a->title_sel >= a->n_entries) {
        return;
    }
    ScenarioEntry *e = &a->entries[a->title_sel];
    if (!e->sc) {
        diag_list_free(a->errors);
        a->errors = diag_list_new();
        diag_list_append(a->errors, e->diags);
        snprintf(a->errors_title, sizeof a->errors_title, _("%s has errors"), e->path);
        app_goto(a, SCREEN_ERRORS);
        return;
    }
    char name[RECORDS_NAME_MAX_BYTES];
    const char *p = a->name;
    while (*p == ' ') {
        p++;
    }
    snprintf(name, sizeof name, "%s", p);
    for (size_t n = strlen(name); n > 0 && name[n - 1] == ' ';) {
        name[--n] = '\0';
    }
    if (!name[0] && !a->opt.classroom) {
        app_set_status(a, true,
                       _("Enter your name or officer ID first, so your result is "
                         "kept in your records."));
        a->ui.focus = TITLE_NAME;
        a->ensure_focus = true;
        return;
    }
    if (a->status_error || a->opt.kiosk) {
        a->status[0] = '\0';
    }
    if (!app_brief(a, e->sc, name)) {
        a->ui.focus = TITLE_NAME; /* the name was refused: the status says why */
        a->ensure_focus = true;
        return;
    }
    /* remembered for next time only if it fits the settings file's field */
    size_t len = strlen(name);
    if (len < sizeof a->settings.trainee) {
        memcpy(a->settings.trainee, name, len + 1);
        app_save_settings(a);
    }
}

static void title_activate(App *a, int id)
{
    if (a->opt.kiosk && !a->signed_in && id != TITLE_NAME && id != TITLE_SIGN_IN) {
        return;
    }
    if ((id == TITLE_SIGN_IN || id == TITLE_NAME) && a->opt.kiosk && !a->signed_in) {
        if (app_sign_in(a)) {
            a->ui.focus = a->n_entries ? TITLE_SCENARIO : 0;
            a->ensure_focus = true;
        } else {
            a->ui.focus = TITLE_NAME;
        }
    } else if (id == TITLE_SIGN_OUT) {
        app_sign_out(a, _("You are signed out."));
    } else if (id == TITLE_NAME) {
        a->ui.focus = a->n_entries ? TITLE_SCENARIO + (int)a->title_sel : TITLE_START;
        a->ensure_focus = true;
    } else if (id == TITLE_START) {
        start_selected(a);
    } else if (id >= TITLE_REVIEW) {
        size_t i = (size_t)(id - TITLE_REVIEW);
        if (i < a->n_finished && app_review_open(a, a->finished[i].id)) {
            a->review_from_title = true;
        }
    } else if (id >= TITLE_SAVE) {
        app_resume(a, (size_t)(id - TITLE_SAVE));
    } else if (id >= TITLE_SCENARIO) {
        size_t i = (size_t)(id - TITLE_SCENARIO);
        if (i < a->n_entries) {
            if (a->title_sel == i && a->name[0]) {
                start_selected(a);
                return;
            }
            a->title_sel = i;
            a->ui.focus = TITLE_START;
            a->ensure_focus = true;
        }
    }
}

static bool title_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if (key == SDLK_UP || key == SDLK_DOWN || key == SDLK_TAB) {
        /* arrowing onto a scenario selects it: Enter then starts that one */
        int id = ui_focus_move(&a->ui, key == SDLK_UP || (k->keysym.mod & KMOD_SHIFT) ? -1 : 1);
        if (id >= TITLE_SCENARIO && id < TITLE_SAVE &&
            (size_t)(id - TITLE_SCENARIO) < a->n_entries) {
            a->title_sel = (size_t)(id - TITLE_SCENARIO);
        }
        a->ensure_focus = true;
        return true;
    }
    if (ui_has_focus(&a->ui, TITLE_NAME)) {
        if (key == SDLK_BACKSPACE) {
            size_t n = strlen(a->name);
            while (n > 0 && (a->name[n - 1] & 0xC0) == 0x80) {
                n--;
            }
            if (n > 0) {
                n--;
            }
            a->name[n] = '\0';
            app_refresh_saves(a);
            return true;
        }
        if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
            title_activate(a, TITLE_NAME);
            return true;
        }
    }
    /* Printable keys become SDL_TEXTINPUT (typed into the name field);
     * Space outside the field activates the focused widget. */
    return ui_has_focus(&a->ui, TITLE_NAME) ? key == SDLK_SPACE : (key >= SDLK_0 && key <= SDLK_9);
}

static void title_text_input(App *a, const char *utf8)
{
    if (a->opt.kiosk && a->signed_in) {
        return; /* the signed-in name is fixed until sign-out */
    }
    /* Typing anywhere on the title screen goes to the name field. */
    if (!ui_has_focus(&a->ui, TITLE_NAME) && strcmp(utf8, " ") == 0) {
        return; /* that Space activated the focused widget */
    }
    a->ui.focus = TITLE_NAME;
    a->ensure_focus = true;
    /* The field holds any name the records accept (RECORDS_NAME_MAX_CHARS
     * characters); typing beyond that is refused with a note, never cut. */
    size_t n = strlen(a->name), m = strlen(utf8), chars = 0;
    for (const char *p = a->name; *p; p++) {
        chars += (*p & 0xC0) != 0x80;
    }
    for (const char *p = utf8; *p; p++) {
        chars += (*p & 0xC0) != 0x80;
    }
    if (n + m < sizeof a->name && chars <= RECORDS_NAME_MAX_CHARS) {
        memcpy(a->name + n, utf8, m + 1);
        app_refresh_saves(a);
        a->dirty = true;
    } else {
        app_set_status(a, true, _("A name or officer ID can have at most %d characters."),
                       RECORDS_NAME_MAX_CHARS);
    }
}

const ScreenOps screen_title = {"title",         NULL, NULL, title_draw, title_activate, title_key,
                                title_text_input};
