/* screen_play.c: the scene, what was found, pressure events, the choices and
 * the "look closer" details; classroom tools and the author overlay.
 * Everything shown is read from the Run; input becomes run_apply through
 * app_apply. Widget ids: 100+n the option numbered n, 400+n its hotspot on
 * the scene's plan, 10 step back, 11 indicators, 12 prompt, 20 debrief. Wide windows use two
 * scrolling columns (scene | options); narrow ones one column. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"
#include "picture.h"
#include "textsafe.h"

enum {
    PLAY_BACK = 10,
    PLAY_INDICATORS = 11,
    PLAY_PROMPT = 12,
    PLAY_REFERENCE = 13,
    PLAY_DEBRIEF = 20,
    PLAY_OPT = 100,
    PLAY_HOTSPOT = 400 /* + option number: a detail's hotspot on the plan */
};
#define PLAY_MAX_OPTIONS 64

/* A panel with a colored bar on the left: 'title' in bold then 'body'. */
static int callout(App *a, const char *title, const char *body, SDL_Color bg, SDL_Color bar,
                   SDL_Color title_c, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int tw = w - 2 * ui->pad - ui->edge * 3;
    int th = title ? ui_para_height(ui, FONT_BOLD, title, tw) : 0;
    int bh = body && *body ? ui_para_height(ui, FONT_BODY, body, tw) : 0;
    SDL_Rect r = {x, y, w, th + bh + ui->pad + (th && bh ? ui->gap / 3 : 0)};
    ui_fill(ui, r, bg);
    SDL_Rect b = {x, y, ui->edge * 3, r.h};
    ui_fill(ui, b, bar);
    int tx = x + ui->pad + ui->edge * 3, ty = y + ui->pad / 2;
    if (title) {
        ty += ui_para(ui, FONT_BOLD, title_c, title, tx, ty, tw) + (bh ? ui->gap / 3 : 0);
    }
    if (bh) {
        ui_para(ui, FONT_BODY, ui->th.text, body, tx, ty, tw);
    }
    return r.h;
}

/* Index of the last trainee action (choice or examination) in the history. */
static size_t last_action(const Action *h, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (h[i].kind == ACTION_CHOICE || h[i].kind == ACTION_EXAMINE) {
            return i;
        }
    }
    return n;
}

static void add_item(char *buf, size_t size, const Scenario *sc, size_t ind, bool *seen)
{
    if (seen[ind]) {
        return;
    }
    seen[ind] = true;
    const Item *it = &sc->items[ITEM_INDICATOR][ind];
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s (%s)", n ? "\n" : "", it->label, it->category);
}

/* Classroom: the indicators this scene can reveal (details' observe and
 * choices' act). */
static void scene_indicators(const Scenario *sc, const Node *nd, char *buf, size_t size)
{
    bool seen[512] = {false};
    buf[0] = '\0';
    for (size_t i = 0; i < nd->n_details; i++) {
        for (size_t k = 0; k < nd->details[i].fx.n_observe; k++) {
            if (nd->details[i].fx.observe[k] < 512) {
                add_item(buf, size, sc, nd->details[i].fx.observe[k], seen);
            }
        }
    }
    for (size_t i = 0; i < nd->n_choices; i++) {
        for (size_t k = 0; k < nd->choices[i].fx.n_act; k++) {
            if (nd->choices[i].fx.act[k] < 512) {
                add_item(buf, size, sc, nd->choices[i].fx.act[k], seen);
            }
        }
    }
    if (!buf[0]) {
        snprintf(buf, size, "%s", _("None: nothing in this scene points to trafficking."));
    }
}

/* Loads the scene's picture (a BMP inside the scenario's folder, checked by
 * picture_load before SDL decodes it) into the one-picture cache; one that
 * cannot be shown leaves a->pic NULL and the reason in a->pic_why. */
static void load_picture(App *a, const Scenario *sc, const char *image)
{
    const char *slash = strrchr(sc->file, '/');
    int dir = slash ? (int)(slash - sc->file + 1) : 0;
    char path[1024];
    snprintf(path, sizeof path, "%.*s%s", dir, sc->file, image);
    if (a->pic_path && strcmp(a->pic_path, path) == 0) {
        return;
    }
    free(a->pic_path);
    a->pic_path = strdup(path);
    if (a->pic) {
        SDL_DestroyTexture(a->pic);
        a->pic = NULL;
        ui_invalidate(&a->ui); /* a new picture may get the old one's address */
    }
    size_t len = 0;
    PictureInfo info;
    unsigned char *bytes = picture_load(sc->file, image, PICTURE_WHOLE, &len, &info, NULL,
                                        a->pic_why, sizeof a->pic_why);
    SDL_Surface *s = bytes ? SDL_LoadBMP_RW(SDL_RWFromConstMem(bytes, (int)len), 1) : NULL;
    free(bytes);
    if (bytes && !s) {
        snprintf(a->pic_why, sizeof a->pic_why, "%s", SDL_GetError());
    }
    if (!s) { /* said once per picture, for the author at the terminal */
        char *shown = textsafe_dup(path, 0), *why = textsafe_dup(a->pic_why, 0);
        fprintf(stderr, "beneath: picture %s could not be shown: %s\n", shown, why);
        free(shown);
        free(why);
    }
    if (s) {
        a->pic = SDL_CreateTextureFromSurface(a->ren, s);
        if (!a->pic) {
            snprintf(a->pic_why, sizeof a->pic_why, "%s", SDL_GetError());
        }
        a->pic_w = s->w;
        a->pic_h = s->h;
        SDL_FreeSurface(s);
    }
}

/* The scene's picture scaled to the column (at most 40% of the window
 * high); a note instead if it cannot be shown. Returns the height used. */
static int draw_picture(App *a, const Scenario *sc, const char *image, int x, int y, int w)
{
    Ui *ui = &a->ui;
    load_picture(a, sc, image);
    if (!a->pic || a->pic_w <= 0 || a->pic_h <= 0) {
        char buf[600];
        snprintf(buf, sizeof buf, _("(picture %s could not be shown: %s)"), image, a->pic_why);
        return ui_para(ui, FONT_SMALL, ui->th.muted, buf, x, y, w) + ui->gap;
    }
    int pw = w, ph = (int)((long long)a->pic_h * w / a->pic_w);
    int max_h = ui->h * 2 / 5;
    if (ph > max_h) {
        ph = max_h;
        pw = (int)((long long)a->pic_w * ph / a->pic_h);
    }
    SDL_Rect r = {x + (w - pw) / 2, y, pw, ph};
    ui_image(ui, a->pic, r);
    return ph + ui->pad;
}

/* The scene's plan (plan_view.c), at most max_h high; its height with a gap. */
static int draw_plan(App *a, int x, int y, int w, int max_h)
{
    int h = plan_view_draw(&a->plan_view, &a->ui, a->run, &a->optlist, x, y, w, max_h, PLAY_HOTSPOT,
                           PLAY_OPT);
    return h ? h + a->ui.pad : 0;
}

static int draw_scene(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    const Run *r = a->run;
    const Scenario *sc = run_scenario(r);
    const Node *nd = run_node(r);
    size_t nh = 0;
    const Action *h = run_history(r, &nh);
    size_t last = last_action(h, nh);
    char buf[2048];
    int y0 = y;
    y += ui->pad;
    a->reveal_y = -1;

    if (last < nh && h[last].kind == ACTION_CHOICE) {
        const Choice *c = &sc->nodes[h[last].node].choices[h[last].index];
        snprintf(buf, sizeof buf, _("You: %s"), c->label);
        y += ui_para(ui, FONT_SMALL, ui->th.muted, buf, x, y, w) + ui->gap / 2;
        if (c->reply) {
            y += callout(a, NULL, c->reply, ui->th.panel, ui->th.muted, ui->th.text, x, y, w) +
                 ui->pad;
        }
    }
    for (size_t i = last < nh ? last + 1 : 0; i < nh; i++) {
        if (h[i].kind != ACTION_EVENT) {
            continue;
        }
        const Event *ev = &sc->events[h[i].index];
        snprintf(buf, sizeof buf, _("%s · at %d min on scene"),
                 ev->speaker ? ev->speaker : _("Meanwhile"), h[i].minute);
        y += callout(a, buf, ev->text, ui->th.pressure_bg, ui->th.warn, ui->th.warn, x, y, w) +
             ui->pad;
    }

    if (nd->speaker) {
        y += ui_para(ui, FONT_BOLD, ui->th.accent, nd->speaker, x, y, w) + ui->gap / 3;
    }
    y += ui_para(ui, FONT_BODY, ui->th.text, run_text(r), x, y, w) + ui->pad;
    if (nd->image) {
        y += draw_picture(a, sc, nd->image, x, y, w);
    }

    bool any_found = false;
    for (size_t i = 0; i < nd->n_details; i++) {
        const Detail *d = &nd->details[i];
        if (!run_examined(r, d)) {
            continue;
        }
        if (!any_found) {
            y += ui_para(ui, FONT_BOLD, ui->th.muted, _("What you noticed"), x, y, w) + ui->gap / 2;
            any_found = true;
        }
        bool latest = last < nh && h[last].kind == ACTION_EXAMINE && h[last].index == i &&
                      h[last].node == run_node_index(r);
        int ch = callout(a, d->label, d->text, latest ? ui->th.focus_bg : ui->th.panel,
                         latest ? ui->th.focus : ui->th.accent, ui->th.accent, x, y, w);
        if (latest) {
            a->reveal_y = y;
            a->reveal_h = ch;
        }
        y += ch + ui->gap;
    }
    if (any_found) {
        y += ui->gap;
    }
    return y - y0;
}

/* The option a numbered slot stands for, from the options offered now. */
static bool slot_option(const Run *r, const OptSlot *sl, Option *out)
{
    Option opts[PLAY_MAX_OPTIONS];
    size_t n = run_options(r, opts, PLAY_MAX_OPTIONS);
    for (size_t i = 0; i < n && i < PLAY_MAX_OPTIONS; i++) {
        if (opts[i].kind == sl->kind && opts[i].index == sl->index) {
            *out = opts[i];
            return true;
        }
    }
    return false;
}

/* Brings the stable numbers up to date with what the run offers now (see
 * optlist.h); a changed list arms the input guard. */
void play_sync_options(App *a)
{
    if (!a->run) {
        return;
    }
    Option opts[PLAY_MAX_OPTIONS];
    size_t n = run_options(a->run, opts, PLAY_MAX_OPTIONS);
    n = n < PLAY_MAX_OPTIONS ? n : PLAY_MAX_OPTIONS;
    unsigned long visit = optlist_visit_key(a->run);
    if (a->optlist.started && a->optlist.visit != visit) {
        /* the class discusses each scene before its indicators are shown */
        a->show_indicators = a->show_prompt = false;
    }
    if (optlist_update(&a->optlist, visit, opts, n)) {
        app_mark_changed(a);
    }
}

static bool has_present(const OptList *l, OptionKind kind)
{
    for (size_t i = 0; i < l->n_slots; i++) {
        if (l->slots[i].present && l->slots[i].kind == kind) {
            return true;
        }
    }
    return false;
}

/* The offered options of one kind, in number order: a number keeps its
 * option for the whole visit, and options that appeared later say "new". */
static int draw_option_group(App *a, OptionKind kind, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int y0 = y;
    char badge[16], note[48];
    for (size_t i = 0; i < a->optlist.n_slots; i++) {
        const OptSlot *sl = &a->optlist.slots[i];
        Option o;
        if (!sl->present || sl->kind != kind || !slot_option(a->run, sl, &o)) {
            continue;
        }
        snprintf(badge, sizeof badge, "%d", sl->number);
        snprintf(note, sizeof note, "%s%s", sl->is_new ? _("New") : "",
                 sl->is_new && o.minutes > 0 ? " \xC2\xB7 " : "");
        if (o.minutes > 0) {
            size_t len = strlen(note);
            snprintf(note + len, sizeof note - len, _("+%d min"), o.minutes);
        }
        y += ui_button(ui, PLAY_OPT + sl->number, badge, o.label, note, x, y, w,
                       sl->is_new ? BUTTON_NEW : BUTTON_NORMAL) +
             ui->gap / 2;
    }
    return y - y0;
}

static int draw_options(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    const Run *r = a->run;
    int y0 = y;
    char buf[512];
    y += ui->pad;
    RunStatus st = run_status(r);
    if (st != RUN_PLAYING) {
        const Node *nd = run_node(r);
        const char *t = st == RUN_ENDED ? _("The call is over") : _("This scene has no way on");
        const char *b = st == RUN_ENDED ? nd->ending.title
                                        : _("No choice is available here: the scenario has an "
                                            "error. The debrief shows the attempt so far.");
        y += callout(a, t, b, ui->th.panel, ui->th.accent, ui->th.accent, x, y, w) + ui->pad;
        y += ui_button(ui, PLAY_DEBRIEF, NULL,
                       a->opt.classroom ? _("Class debrief") : _("See your debrief"), NULL, x, y, w,
                       BUTTON_PRIMARY);
    } else {
        y += ui_para(ui, FONT_BOLD, ui->th.accent, _("What do you do?"), x, y, w) + ui->gap / 2;
        y += draw_option_group(a, OPTION_CHOICE, x, y, w);
        if (has_present(&a->optlist, OPTION_DETAIL)) {
            y += ui->gap;
            y += ui_para(ui, FONT_BOLD, ui->th.accent, _("Look closer"), x, y, w);
            y += ui_para(ui, FONT_SMALL, ui->th.muted,
                         _("Each look takes time on scene. Not everything matters."), x, y, w) +
                 ui->gap / 2;
            y += draw_option_group(a, OPTION_DETAIL, x, y, w);
        }
    }
    if (st == RUN_PLAYING) {
        y += ui->pad;
        y += ui_button(ui, PLAY_REFERENCE, "F1", _("Indicator reference card"), NULL, x, y, w,
                       BUTTON_QUIET);
    }
    if (a->opt.classroom) {
        y += ui->pad;
        y += ui_para(ui, FONT_BOLD, ui->th.muted, _("Instructor"), x, y, w) + ui->gap / 2;
        snprintf(buf, sizeof buf, _("Step back one action (%zu so far)"), run_n_actions(r));
        y += ui_button(ui, PLAY_BACK, "\xE2\x8C\xAB", buf, NULL, x, y, w, BUTTON_QUIET) +
             ui->gap / 2;
        y += ui_button(ui, PLAY_INDICATORS, "I",
                       a->show_indicators ? _("Hide the indicators in this scene")
                                          : _("Show the indicators in this scene"),
                       NULL, x, y, w, BUTTON_QUIET) +
             ui->gap / 2;
        y += ui_button(ui, PLAY_PROMPT, "P",
                       a->show_prompt ? _("Hide the discussion prompt")
                                      : _("Show the discussion prompt"),
                       NULL, x, y, w, BUTTON_QUIET);
    }
    return y - y0 + ui->pad;
}

/* Author overlay text: scene id, variables and the running score. */
static void overlay_text(const App *a, char *buf, size_t size)
{
    const Run *r = a->run;
    const Scenario *sc = run_scenario(r);
    Score *s = score_compute(r);
    size_t n = (size_t)snprintf(buf, size,
                                _("scene %s · %d min · score %d/100 (indicators %d, "
                                  "steps %d, time %d, errors -%d)%s\nvariables:"),
                                run_node(r)->id, run_clock(r), s->total, s->indicator_points,
                                s->step_points, s->time_points, s->error_penalty,
                                s->passed ? _(" pass") : "");
    score_free(s);
    size_t shown = 0;
    for (size_t i = 0; i < sc->n_vars && n < size; i++) {
        const Variable *v = &sc->vars[i];
        int val = run_var(r, i);
        if (v->implicit) {
            continue; /* a 'once' choice's flag: not the author's variable */
        }
        shown++;
        if (v->type == VAR_BOOL) {
            n += (size_t)snprintf(buf + n, size - n, " %s=%s", v->id, val ? "true" : "false");
        } else {
            n += (size_t)snprintf(buf + n, size - n, " %s=%d", v->id, val);
        }
    }
    if (shown == 0 && n < size) {
        snprintf(buf + n, size - n, "%s", _(" none"));
    }
}

/* A band under the header with the soonest deadline now on screen: the
 * trainee always sees what will end the call, and when. Returns its height. */
static int draw_countdown(App *a, int top)
{
    Ui *ui = &a->ui;
    Deadline dl[1];
    size_t n = run_deadlines(a->run, dl, 1);
    if (n == 0) {
        return 0;
    }
    /* the soonest only: one clear countdown, the next appears when it is done */
    char buf[400];
    int left = dl[0].minutes_left;
    if (left > 0) {
        snprintf(buf, sizeof buf,
                 i18n_plural("%s: %d minute left (at minute %d)",
                             "%s: %d minutes left (at minute %d)", left),
                 dl[0].label, left, run_clock(a->run) + left);
    } else {
        snprintf(buf, sizeof buf, _("%s: time is up after your next action"), dl[0].label);
    }
    int w = ui->w - 2 * ui->pad;
    int h = ui_para_height(ui, FONT_BOLD, buf, w) + ui->gap;
    SDL_Rect band = {0, top, ui->w, h};
    ui_fill(ui, band, ui->th.pressure_bg);
    ui_para(ui, FONT_BOLD, ui->th.warn, buf, ui->pad, top + ui->gap / 2, w);
    return h;
}

/* The keys that work now: the digits say which numbers they reach (0 is 10;
 * options numbered past 10 are reached with the arrows and Enter). */
static void footer_hints(const App *a, char *buf, size_t size)
{
    int top = 0;
    for (size_t i = 0; i < a->optlist.n_slots; i++) {
        if (a->optlist.slots[i].present) {
            top = a->optlist.slots[i].number;
        }
    }
    char d[64];
    if (top <= 1) {
        snprintf(d, sizeof d, "%s", _("1 choose"));
    } else if (top <= 9) {
        snprintf(d, sizeof d, _("1–%d choose"), top);
    } else {
        snprintf(d, sizeof d, "%s", _("1–9, 0 (=10) choose"));
    }
    if (run_status(a->run) != RUN_PLAYING) {
        snprintf(d, sizeof d, "%s", _("Enter debrief"));
    }
    const char *rest = a->opt.classroom ? _("↑↓ move · Enter select · Backspace back "
                                            "· I indicators · P prompt · F1 card · Esc menu")
                       : a->opt.author_file
                           ? _("Enter select · F5 reload · F2 overlay · Backspace back "
                               "· Esc menu")
                           : _("↑↓ move · Enter select · PgUp/PgDn scroll "
                               "· F1 indicator card · Esc menu");
    snprintf(buf, size, "%s \xC2\xB7 %s", d, rest);
}

/* Classroom: the indicator and prompt panels (I, P) drawn over the top of
 * the play area, where a projector shows them, at body size; they close
 * when the scene changes (play_draw). Region 2 scrolls a long panel. */
static void draw_teaching_panel(App *a, SDL_Rect area)
{
    Ui *ui = &a->ui;
    if (!a->opt.classroom || (!a->show_indicators && !a->show_prompt)) {
        return;
    }
    const Scenario *sc = run_scenario(a->run);
    const Node *nd = run_node(a->run);
    char ind[2048];
    scene_indicators(sc, nd, ind, sizeof ind);
    const char *prompt = nd->prompt ? nd->prompt : _("This scene has no prompt.");
    int w = area.w - 2 * ui->pad;
    int tw = w - 2 * ui->pad - ui->edge * 3;
    int h = ui->pad;
    if (a->show_indicators) {
        h += ui_para_height(ui, FONT_BOLD, _("Indicators present in this scene"), tw) +
             ui_para_height(ui, FONT_BODY, ind, tw) + ui->pad + ui->gap / 3 + ui->gap;
    }
    if (a->show_prompt) {
        h += ui_para_height(ui, FONT_BOLD, _("Discussion"), tw) +
             ui_para_height(ui, FONT_BODY, prompt, tw) + ui->pad + ui->gap / 3 + ui->gap;
    }
    int max_h = area.h - ui->pad;
    SDL_Rect box = {area.x + ui->pad / 2, area.y + ui->pad / 2, area.w - ui->pad,
                    h < max_h ? h : max_h};
    SDL_Rect shadow = {box.x - ui->edge, box.y - ui->edge, box.w + 2 * ui->edge,
                       box.h + 2 * ui->edge};
    ui_fill(ui, shadow, ui->th.accent);
    ui_fill(ui, box, ui->th.bg);
    ui_region_begin(ui, 2, box);
    int x = box.x + ui->pad / 2, y = ui->pad / 2;
    if (a->show_indicators) {
        y += callout(a, _("Indicators present in this scene"), ind, ui->th.panel, ui->th.good,
                     ui->th.good, x, y, w) +
             ui->gap;
    }
    if (a->show_prompt) {
        y += callout(a, _("Discussion"), prompt, ui->th.panel, ui->th.accent, ui->th.accent, x, y,
                     w) +
             ui->gap;
    }
    ui_region_end(ui, y + ui->pad / 2);
    /* the panel covers what is under it: clicks there reach nothing */
    for (size_t i = 0; i < ui->n_widgets; i++) {
        SDL_Rect *r = &ui->widgets[i].screen;
        if (SDL_HasIntersection(r, &shadow)) {
            int bottom = r->y + r->h, below = shadow.y + shadow.h;
            r->h = bottom > below ? bottom - below : 0;
            r->y = bottom > below ? below : r->y;
        }
    }
}

/* Once after a look: scrolls the scene so the note it uncovered is in view
 * (its top first, if it is taller than the column); asks for a redraw. */
static void reveal_note(App *a)
{
    if (!a->reveal_want || a->reveal_y < 0) {
        return;
    }
    a->reveal_want = false;
    Ui *ui = &a->ui;
    UiRegion *rg = &ui->regions[0];
    int old = rg->scroll;
    int top = a->reveal_y - ui->gap, bottom = a->reveal_y + a->reveal_h + ui->gap;
    if (bottom - rg->scroll > rg->box.h) {
        rg->scroll = bottom - rg->box.h;
    }
    if (top < rg->scroll) {
        rg->scroll = top < 0 ? 0 : top;
    }
    a->redraw = a->redraw || rg->scroll != old;
}

static void play_draw(App *a)
{
    Ui *ui = &a->ui;
    const Run *r = a->run;
    if (!r) {
        return;
    }
    play_sync_options(a);
    /* no option is focused until the player moves the focus: Enter alone
     * never takes a choice nobody pointed at */
    a->no_default_focus = run_status(r) == RUN_PLAYING;
    size_t nh = 0;
    run_history(r, &nh);
    if (nh != a->seen_actions) {
        /* a look (or an event) in the same scene visit keeps both columns
         * where they are and brings what it uncovered into view; a new
         * scene starts at the top */
        bool same_visit = nh > a->seen_actions && a->optlist.visit == a->seen_visit;
        a->seen_actions = nh;
        a->reveal_want = same_visit;
        if (!same_visit) {
            ui_regions_reset(ui);
            ui->focus = 0;
        }
    }
    a->seen_visit = a->optlist.visit;
    const Scenario *sc = run_scenario(r);
    snprintf(ui->context, sizeof ui->context, "play %s scene %s %dx%d", sc->id, run_node(r)->id,
             ui->w, ui->h);
    char right[RECORDS_NAME_MAX_BYTES + 64];
    snprintf(right, sizeof right, _("%s · %d min on scene"), a->trainee, run_clock(r));
    int top = app_draw_header(a, sc->title, right);
    char hints[300];
    footer_hints(a, hints, sizeof hints);
    int bottom = app_draw_footer(a, hints);
    top += draw_countdown(a, top);
    if (a->opt.author_file && !a->show_overlay) {
        char ov[2048];
        overlay_text(a, ov, sizeof ov);
        int ow = ui->w - 2 * ui->pad;
        int oh = ui_para_height(ui, FONT_SMALL, ov, ow) + ui->gap;
        int max_h = ui->h / 4;
        SDL_Rect box = {0, ui->h - bottom - (oh < max_h ? oh : max_h), ui->w,
                        oh < max_h ? oh : max_h};
        ui_fill(ui, box, ui->th.overlay);
        ui_region_begin(ui, 2, box);
        ui_para(ui, FONT_SMALL, ui->th.good, ov, ui->pad, ui->gap / 2, ow);
        ui_region_end(ui, oh);
        bottom += box.h;
    }
    int area_h = ui->h - top - bottom;
    bool two = ui->w >= ui->body * 44 && ui->w * 10 >= ui->h * 14;
    if (two) {
        int lw = (ui->w - 3 * ui->pad) * 57 / 100;
        int rw = ui->w - 3 * ui->pad - lw;
        /* the plan stays in view under the scene's text, which scrolls; in a
         * classroom, where the text is large and the class looks at the
         * place together, it may take three fifths of the height */
        int lines = a->opt.classroom ? 6 : 10;
        int share = a->opt.classroom ? area_h * 3 / 5 : area_h / 2;
        int plan_max = area_h - lines * text_line_height(a->text, FONT_BODY);
        plan_max = plan_max < share ? plan_max : share;
        int plan_h = plan_view_height(ui, r, lw - ui->edge * 4, plan_max);
        SDL_Rect left = {ui->pad, top, lw + ui->pad / 2, area_h - (plan_h ? plan_h + ui->pad : 0)};
        SDL_Rect rightb = {2 * ui->pad + lw - ui->pad / 2, top, rw + ui->pad, area_h};
        int sb = ui->edge * 4;
        ui_region_begin(ui, 0, left);
        int h0 = draw_scene(a, left.x, 0, lw - sb);
        ui_region_end(ui, h0);
        reveal_note(a);
        if (plan_h) {
            draw_plan(a, left.x, top + left.h + ui->pad / 2, lw - sb, plan_max);
        }
        ui_region_begin(ui, 1, rightb);
        int h1 = draw_options(a, rightb.x + ui->pad / 2, 0, rw - sb);
        ui_region_end(ui, h1);
        draw_teaching_panel(a, left);
    } else {
        int w = ui->w - 2 * ui->pad;
        int readable = ui->body * 40;
        w = w < readable ? w : readable;
        int x = (ui->w - w) / 2;
        SDL_Rect box = {0, top, ui->w, area_h};
        ui->regions[1].box.w = 0;
        ui_region_begin(ui, 0, box);
        int hs = draw_scene(a, x, 0, w - ui->edge * 2);
        int ho = draw_options(a, x, hs, w - ui->edge * 2);
        /* narrow: the text and the options come first; the plan below them */
        if (run_node(r)->plan) {
            int th = ui_para(ui, FONT_BOLD, ui->th.accent, plan_view_heading(), x, hs + ho, w);
            int ph = draw_plan(a, x, hs + ho + th, w - ui->edge * 2, area_h * 3 / 5);
            ho += ph ? th + ph : 0;
        }
        ui_region_end(ui, hs + ho);
        reveal_note(a);
        draw_teaching_panel(a, box);
    }
}

bool play_reveal_in_view(const App *a)
{
    if (a->screen != SCREEN_PLAY || a->reveal_y < 0) {
        return true;
    }
    const UiRegion *rg = &a->ui.regions[0];
    /* a note taller than the column shows its top (reveal_note) */
    int room = rg->box.h - a->ui.gap;
    int h = a->reveal_h < room ? a->reveal_h : room;
    return a->reveal_y >= rg->scroll && a->reveal_y + h <= rg->scroll + rg->box.h;
}

/* After a look took the focused option away, the focus goes to the option
 * drawn after it (else before it) in the frame on screen, never back to the
 * top of the list where Enter would take a consequential choice. */
static void refocus_after(App *a, int gone)
{
    Ui *ui = &a->ui;
    int before = 0;
    bool passed = false;
    for (size_t i = 0; i < ui->n_widgets; i++) {
        int id = ui->widgets[i].id;
        if (id == gone) {
            passed = true;
            continue;
        }
        if (id < PLAY_OPT || !optlist_find_number(&a->optlist, id - PLAY_OPT)) {
            continue;
        }
        if (passed) {
            ui->focus = id;
            return;
        }
        before = id;
    }
    ui->focus = before;
}

/* Takes the option shown with 'number', if it is offered now. */
static void apply_number(App *a, int number)
{
    play_sync_options(a);
    const OptSlot *sl = optlist_find_number(&a->optlist, number);
    Option o;
    if (!sl || !slot_option(a->run, sl, &o)) {
        return;
    }
    unsigned long visit = a->optlist.visit;
    int focus = a->ui.focus;
    app_apply(a, &o);
    play_sync_options(a);
    if (a->optlist.visit == visit && focus >= PLAY_HOTSPOT) {
        /* a hotspot looked at is gone: focus nothing, so Enter takes nothing */
        a->ui.focus = optlist_find_number(&a->optlist, focus - PLAY_HOTSPOT) ? focus : 0;
    } else if (a->optlist.visit == visit && focus >= PLAY_OPT &&
               !optlist_find_number(&a->optlist, focus - PLAY_OPT)) {
        refocus_after(a, focus);
    }
}

static void play_activate(App *a, int id)
{
    if (!a->run) {
        return;
    }
    if (id >= PLAY_HOTSPOT) {
        apply_number(a, id - PLAY_HOTSPOT); /* the same as the detail in the list */
    } else if (id >= PLAY_OPT) {
        apply_number(a, id - PLAY_OPT);
    } else if (id == PLAY_DEBRIEF) {
        app_goto(a, SCREEN_DEBRIEF);
    } else if (id == PLAY_BACK) {
        app_rollback(a);
    } else if (id == PLAY_INDICATORS) {
        a->show_indicators = !a->show_indicators;
    } else if (id == PLAY_PROMPT) {
        a->show_prompt = !a->show_prompt;
    } else if (id == PLAY_REFERENCE) {
        a->show_reference = true;
        a->ui.focus = 0;
        app_mark_changed(a);
    }
    a->dirty = true;
}

static bool play_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if (!a->run) {
        return false;
    }
    if ((key >= SDLK_1 && key <= SDLK_9) || key == SDLK_0 ||
        (key >= SDLK_KP_1 && key <= SDLK_KP_0)) {
        int n = key == SDLK_0 || key == SDLK_KP_0 ? 10
                : key >= SDLK_KP_1                ? (int)(key - SDLK_KP_1) + 1
                                                  : (int)(key - SDLK_1) + 1;
        if (app_key_ok(a, k)) {
            apply_number(a, n);
        }
        return true;
    }
    bool teach = a->opt.classroom || a->opt.author_file;
    if (key == SDLK_BACKSPACE && teach) {
        if (!k->repeat) {
            app_rollback(a);
        }
        return true;
    }
    if (key == SDLK_i && a->opt.classroom) {
        a->show_indicators = !a->show_indicators;
        return true;
    }
    if (key == SDLK_p && a->opt.classroom) {
        a->show_prompt = !a->show_prompt;
        return true;
    }
    if (key == SDLK_F2 && a->opt.author_file) {
        a->show_overlay = !a->show_overlay;
        return true;
    }
    if (key == SDLK_LEFT || key == SDLK_RIGHT) {
        int page = text_line_height(a->text, FONT_BODY) * 3;
        ui_region_scroll(&a->ui, 0, key == SDLK_LEFT ? -page : page);
        return true;
    }
    return false;
}

const ScreenOps screen_play = {"play", NULL, NULL, play_draw, play_activate, play_key, NULL};
