/* screen_debrief.c: score, pass/fail, a bar per score part, the lesson of
 * the attempt (core/debrief.c: what was noticed, done and missed, order,
 * errors, the epilogue, the catalogue as background) and the after-action
 * timeline.
 * The timeline is rebuilt once on entry by replaying the history on a shadow
 * run, so "passed by" lists exactly the details that were available (and not
 * examined) when each choice was made. Widget ids: 1 play again, 2 title,
 * 3 reveal score (classroom), 4 step back (classroom). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "screen.h"
#include "debrief.h"
#include "i18n.h"

enum { DEB_AGAIN = 1, DEB_TITLE = 2, DEB_REVEAL = 3, DEB_BACK = 4, DEB_NEXT = 5 };
#define DEB_MAX_OPTIONS 64

static void tl_add(App *a, TimelineKind kind, const char *text)
{
    a->timeline = realloc(a->timeline, (a->n_timeline + 1) * sizeof *a->timeline);
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (!a->timeline || !copy) {
        abort();
    }
    memcpy(copy, text, n);
    a->timeline[a->n_timeline].kind = kind;
    a->timeline[a->n_timeline].text = copy;
    a->n_timeline++;
}

static void debrief_clear(App *a)
{
    for (size_t i = 0; i < a->n_timeline; i++) {
        free(a->timeline[i].text);
    }
    free(a->timeline);
    a->timeline = NULL;
    a->n_timeline = 0;
    score_free(a->score);
    a->score = NULL;
    debrief_free(a->debrief);
    a->debrief = NULL;
}

/* Appends "label, label" of the indicators in 'ids' to buf. */
static void cat_items(char *buf, size_t size, const Scenario *sc, ItemKind kind, const size_t *ids,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(buf);
        if (len + 4 >= size) {
            return;
        }
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", sc->items[kind][ids[i]].label);
    }
}

/* What an action recorded, from the state before and after it: what became
 * noticed (by the action, a scene's plain sight or an event), what was acted
 * on after being noticed, what was acted on blind (no credit). */
static void revealed_line(App *a, const Effects *fx, const Run *before, const Run *after)
{
    const Scenario *sc = a->sc;
    size_t n = sc->n_items[ITEM_INDICATOR];
    size_t *seen = calloc(n + 1, sizeof(size_t)), *acted = calloc(n + 1, sizeof(size_t));
    size_t *blind = calloc(fx->n_act + 1, sizeof(size_t));
    if (!seen || !acted || !blind) {
        abort();
    }
    size_t n_seen = 0, n_acted = 0, n_blind = 0;
    for (size_t i = 0; i < n; i++) {
        IndicatorMark was = run_indicator(before, i), is = run_indicator(after, i);
        if (was == MARK_NONE && is != MARK_NONE) {
            seen[n_seen++] = i;
        }
        if (was != MARK_ACTED && is == MARK_ACTED) {
            acted[n_acted++] = i;
        }
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        if (run_indicator(before, fx->act[i]) == MARK_NONE) {
            blind[n_blind++] = fx->act[i];
        }
    }
    struct {
        const char *what;
        ItemKind kind;
        TimelineKind tl;
        const size_t *ids;
        size_t n;
    } parts[] = {
        {N_("Noticed: "), ITEM_INDICATOR, TL_REVEALED, seen, n_seen},
        {N_("Acted on: "), ITEM_INDICATOR, TL_REVEALED, acted, n_acted},
        {N_("Acted on without having noticed it (no credit): "), ITEM_INDICATOR, TL_PASSED, blind,
         n_blind},
        {N_("Protocol: "), ITEM_STEP, TL_REVEALED, fx->steps, fx->n_steps},
        {N_("Critical error: "), ITEM_ERROR, TL_PASSED, fx->errors, fx->n_errors},
    };
    char buf[1024];
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        if (parts[p].n) {
            snprintf(buf, sizeof buf, "%s", _(parts[p].what));
            cat_items(buf, sizeof buf, sc, parts[p].kind, parts[p].ids, parts[p].n);
            tl_add(a, parts[p].tl, buf);
        }
    }
    free(seen);
    free(acted);
    free(blind);
}

/* Details available but not examined before a choice, with what they hid. */
static void passed_by(App *a, const Run *shadow)
{
    Option opts[DEB_MAX_OPTIONS];
    size_t n = run_options(shadow, opts, DEB_MAX_OPTIONS);
    const Node *nd = run_node(shadow);
    char buf[1024];
    for (size_t i = 0; i < n && i < DEB_MAX_OPTIONS; i++) {
        if (opts[i].kind != OPTION_DETAIL) {
            continue;
        }
        const Detail *d = &nd->details[opts[i].index];
        snprintf(buf, sizeof buf,
                 d->fx.n_observe ? _("Passed by: %s") : _("Not examined: %s (harmless)"), d->label);
        if (d->fx.n_observe) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s", _(" (would have shown: "));
            cat_items(buf, sizeof buf, a->sc, ITEM_INDICATOR, d->fx.observe, d->fx.n_observe);
            len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, ")");
        }
        tl_add(a, d->fx.n_observe ? TL_PASSED : TL_SKIPPED, buf);
    }
}

static void build_timeline(App *a)
{
    const Scenario *sc = a->sc;
    size_t nh = 0;
    const Action *h = run_history(a->run, &nh);
    Run *shadow = run_new_seeded(sc, run_seed(a->run));
    char buf[1400];
    for (size_t i = 0; i < nh; i++) {
        const Action *ac = &h[i];
        const Node *nd = &sc->nodes[ac->node];
        if (ac->kind == ACTION_CHOICE) {
            const Choice *c = &nd->choices[ac->index];
            snprintf(buf, sizeof buf, _("%d min · You chose: %s"), ac->minute, c->label);
            tl_add(a, TL_ACTION, buf);
            Run *before = run_clone(shadow, RUN_CLONE_STATE_ONLY);
            run_choose(shadow, ac->index);
            revealed_line(a, &c->fx, before, shadow);
            passed_by(a, before);
            run_free(before);
        } else if (ac->kind == ACTION_EXAMINE) {
            const Detail *d = &nd->details[ac->index];
            snprintf(buf, sizeof buf, _("%d min · You looked closer: %s"), ac->minute, d->label);
            tl_add(a, TL_ACTION, buf);
            Run *before = run_clone(shadow, RUN_CLONE_STATE_ONLY);
            run_examine(shadow, ac->index);
            revealed_line(a, &d->fx, before, shadow);
            run_free(before);
            if (!d->fx.n_observe && !d->fx.n_act && !d->fx.n_steps && !d->fx.n_errors) {
                tl_add(a, TL_REVEALED, _("Nothing of concern (time spent)"));
            }
        } else if (ac->kind == ACTION_EVENT) {
            const Event *ev = &sc->events[ac->index];
            snprintf(buf, sizeof buf, "%d min \xC2\xB7 %s: %s", ac->minute,
                     ev->speaker ? ev->speaker : _("Event"), ev->text ? ev->text : ev->id);
            tl_add(a, TL_EVENT, buf);
        } else {
            snprintf(buf, sizeof buf, _("%d min · (author jump to scene %s)"), ac->minute,
                     sc->nodes[ac->index].id);
            tl_add(a, TL_EVENT, buf);
            run_jump(shadow, ac->index);
        }
    }
    run_free(shadow);
    if (nh == 0) {
        tl_add(a, TL_EVENT, _("No actions were taken."));
    }
}

static void debrief_prepare(App *a)
{
    debrief_clear(a);
    if (!a->run) {
        return;
    }
    a->score = score_compute(a->run);
    a->debrief = debrief_build(a->run, a->score);
    build_timeline(a);
    /* a class discusses the lesson point by point (N); a trainee reads it all */
    a->debrief_shown = a->opt.classroom ? 0 : SIZE_MAX;
}

/* ---- drawing ---------------------------------------------------------- */

static int bar_row(App *a, const char *label, int value, int max, SDL_Color c, int x, int y, int w)
{
    Ui *ui = &a->ui;
    char num[32];
    if (max > 0) {
        snprintf(num, sizeof num, "%d / %d", value, max);
    } else if (value > 0) {
        snprintf(num, sizeof num, "\xE2\x88\x92%d", value); /* U+2212 minus */
    } else {
        snprintf(num, sizeof num, "%s", _("none"));
    }
    int lw = w * 3 / 10, nw = w / 5;
    int lh = ui_line(ui, FONT_BODY, ui->th.text, label, x, y, lw - ui->gap);
    int bw = w - lw - nw;
    SDL_Rect track = {x + lw, y + lh / 5, bw, lh * 3 / 5};
    ui_fill(ui, track, ui->th.bar_bg);
    int frac = max > 0 ? value : (value > 50 ? 50 : value);
    int den = max > 0 ? max : 50;
    SDL_Rect fill = {track.x, track.y, den > 0 ? bw * (frac < 0 ? 0 : frac) / den : 0, track.h};
    ui_fill(ui, fill, c);
    ui_line(ui, FONT_BODY, ui->th.text, num, x + lw + bw + ui->gap, y, nw - ui->gap);
    return lh + ui->gap / 2;
}

static int section(App *a, const char *title, int x, int y, int w)
{
    Ui *ui = &a->ui;
    y += ui->pad;
    int h = ui_para(ui, FONT_BOLD, ui->th.accent, title, x, y, w);
    SDL_Rect rule = {x, y + h + ui->gap / 4, w, ui->edge};
    ui_fill(ui, rule, ui->th.panel_edge);
    return ui->pad + h + ui->gap;
}

static int draw_score(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    const Score *s = a->score;
    const Scenario *sc = a->sc;
    char buf[512];
    int y0 = y;
    bool hidden = a->opt.classroom && !a->score_revealed;
    if (hidden) {
        return ui_para(ui, FONT_BODY, ui->th.muted,
                       _("The score is hidden while the class discusses. Press S (or the button "
                         "below) to reveal it."),
                       x, y, w);
    }
    snprintf(buf, sizeof buf, "%d / 100 \xC2\xB7 %s", s->total,
             s->passed ? _("PASSED") : _("NOT PASSED"));
    y += ui_para(ui, FONT_TITLE, s->passed ? ui->th.good : ui->th.bad, buf, x, y, w);
    snprintf(buf, sizeof buf,
             i18n_plural("Pass mark %d. %d minute on scene (time budget %d).%s%s",
                         "Pass mark %d. %d minutes on scene (time budget %d).%s%s", s->minutes),
             sc->pass_mark, s->minutes, sc->time_budget,
             s->disqualified ? _(" A disqualifying critical error was committed.") : "",
             s->ended ? "" : _(" The attempt did not reach an ending."));
    y += ui_para(ui, FONT_BODY, ui->th.muted, buf, x, y, w) + ui->pad;
    y += bar_row(a, _("Indicators"), s->indicator_points, SCORE_PART_INDICATORS, ui->th.accent, x,
                 y, w);
    y += bar_row(a, _("Protocol steps"), s->step_points, SCORE_PART_STEPS, ui->th.accent, x, y, w);
    y += bar_row(a, _("Time"), s->time_points, SCORE_PART_TIME, ui->th.accent, x, y, w);
    y += bar_row(a, _("Critical errors"), s->error_penalty, 0, ui->th.bad, x, y, w);
    return y - y0;
}

/* Why the attempt passed or failed, under the score (hidden with it). */
static int draw_verdict(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int y0 = y;
    if ((a->opt.classroom && !a->score_revealed) || a->score->passed) {
        return 0; /* a pass is said by the score line above */
    }
    for (size_t i = 0; i < a->debrief->n; i++) {
        const DebriefLine *l = &a->debrief->lines[i];
        if (l->kind == DEBRIEF_VERDICT) {
            y += ui->gap / 2;
            y += ui_para(ui, FONT_BOLD, a->score->passed ? ui->th.good : ui->th.bad, l->text, x, y,
                         w);
        }
    }
    return y - y0;
}

/* The lesson of this attempt (core/debrief.c): what was noticed, done,
 * missed and why, the epilogue, then the catalogue as background. With the
 * score hidden (classroom) the verdict waits for the reveal. */
/* A point the class discusses in turn: what was done, seen, missed. The
 * catalogue's background follows once every point is shown. */
static bool is_point(const DebriefLine *l)
{
    return l->kind == DEBRIEF_GOOD || l->kind == DEBRIEF_PARTIAL || l->kind == DEBRIEF_BAD ||
           l->kind == DEBRIEF_NOTE;
}

/* How many points the lesson has. */
static size_t n_points(const App *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->debrief->n; i++) {
        n += is_point(&a->debrief->lines[i]);
    }
    return n;
}

/* Whether line i is shown when 'shown' points are revealed, 'points' being
 * the points before it. */
static bool line_shown_at(const App *a, size_t i, size_t points, size_t shown)
{
    const DebriefLine *l = &a->debrief->lines[i];
    if (is_point(l)) {
        return points < shown;
    }
    if (l->kind == DEBRIEF_BACKGROUND) {
        return shown >= n_points(a);
    }
    return true;
}

static bool line_shown(const App *a, size_t i, size_t points)
{
    return line_shown_at(a, i, points, a->debrief_shown);
}

bool debrief_line_visible(const App *a, size_t i, size_t shown, bool score_revealed)
{
    if (!a->debrief || i >= a->debrief->n) {
        return false;
    }
    if (a->debrief->lines[i].kind == DEBRIEF_VERDICT) {
        return !a->opt.classroom || score_revealed;
    }
    size_t points = 0;
    for (size_t k = 0; k < i; k++) {
        points += is_point(&a->debrief->lines[k]);
    }
    return line_shown_at(a, i, points, shown);
}

/* A heading is shown with the first shown line under it. */
static bool heading_shown(const App *a, size_t i, size_t points)
{
    for (size_t k = i + 1; k < a->debrief->n; k++) {
        const DebriefLine *l = &a->debrief->lines[k];
        if (l->kind == DEBRIEF_HEADING) {
            return false;
        }
        if (l->kind != DEBRIEF_ENDING && l->kind != DEBRIEF_VERDICT) {
            return line_shown(a, k, points);
        }
    }
    return false;
}

static int draw_lessons(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int y0 = y;
    int indent = ui->edge * 4;
    size_t points = 0;
    for (size_t i = 0; i < a->debrief->n; i++) {
        const DebriefLine *l = &a->debrief->lines[i];
        SDL_Color c = ui->th.text;
        if (l->kind != DEBRIEF_HEADING && !line_shown(a, i, points)) {
            continue; /* classroom: not revealed yet */
        }
        points += is_point(l);
        switch (l->kind) {
        case DEBRIEF_HEADING:
            if (heading_shown(a, i, points)) {
                y += section(a, l->text, x, y, w);
            }
            continue;
        case DEBRIEF_ENDING:  /* the ending's title heads the screen */
        case DEBRIEF_VERDICT: /* drawn under the score (draw_verdict) */
            continue;
        case DEBRIEF_NOTE:
            y += ui_para(ui, FONT_BODY, ui->th.text, l->text, x, y, w) + ui->gap / 2;
            continue;
        case DEBRIEF_BACKGROUND:
            y += ui_para(ui, FONT_BODY, ui->th.text, l->text, x, y, w) + ui->gap / 2;
            continue;
        case DEBRIEF_GOOD:
            c = ui->th.good;
            break;
        case DEBRIEF_PARTIAL:
            c = ui->th.warn;
            break;
        default:
            c = ui->th.bad;
            break;
        }
        int h = ui_para(ui, FONT_BODY, ui->th.text, l->text, x + indent, y, w - indent);
        SDL_Rect bar = {x, y, ui->edge * 2, h};
        ui_fill(ui, bar, c);
        y += h + ui->gap / 2;
    }
    return y - y0;
}

static int draw_timeline(App *a, int x, int y, int w)
{
    Ui *ui = &a->ui;
    int y0 = y;
    y += section(a, _("After-action timeline"), x, y, w);
    int indent = ui->body * 3 / 2;
    for (size_t i = 0; i < a->n_timeline; i++) {
        const TimelineLine *t = &a->timeline[i];
        switch (t->kind) {
        case TL_ACTION:
            y += ui->gap / 2;
            y += ui_para(ui, FONT_BOLD, ui->th.text, t->text, x, y, w);
            break;
        case TL_EVENT:
            y += ui->gap / 2;
            y += ui_para(ui, FONT_BODY, ui->th.warn, t->text, x, y, w);
            break;
        case TL_REVEALED:
            y += ui_para(ui, FONT_SMALL, ui->th.good, t->text, x + indent, y, w - indent);
            break;
        case TL_PASSED:
            y += ui_para(ui, FONT_SMALL, ui->th.bad, t->text, x + indent, y, w - indent);
            break;
        case TL_SKIPPED:
            y += ui_para(ui, FONT_SMALL, ui->th.muted, t->text, x + indent, y, w - indent);
            break;
        }
    }
    return y - y0;
}

static int draw_buttons(App *a, int bottom)
{
    Ui *ui = &a->ui;
    struct {
        int id;
        const char *label;
        bool show;
    } b[] = {
        {DEB_REVEAL, _("Show the score (S)"), a->opt.classroom && !a->score_revealed},
        {DEB_NEXT, _("Next point (N)"), a->debrief_shown < n_points(a)},
        {DEB_AGAIN, _("Play again"), true},
        {DEB_BACK, _("Step back one action"), a->opt.classroom || a->opt.author_file},
        {DEB_TITLE, _("Back to the title screen"), !a->opt.author_file},
    };
    int n = 0;
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        n += b[i].show;
    }
    int bw = (ui->w - ui->pad * (n + 1)) / n;
    int h = 0;
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        if (b[i].show) {
            int bh = ui_button_height(ui, NULL, b[i].label, NULL, bw,
                                      b[i].id == DEB_AGAIN ? BUTTON_PRIMARY : BUTTON_NORMAL);
            h = bh > h ? bh : h;
        }
    }
    int y = ui->h - bottom - h - ui->gap;
    SDL_Rect bar = {0, y - ui->gap, ui->w, h + 2 * ui->gap};
    ui_fill(ui, bar, ui->th.panel);
    int x = ui->pad;
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        if (b[i].show) {
            /* one height for the row: a short label is no smaller a target */
            ui_button_min(ui, b[i].id, NULL, b[i].label, NULL, x, y, bw, h,
                          b[i].id == DEB_AGAIN ? BUTTON_PRIMARY : BUTTON_NORMAL);
            x += bw + ui->pad;
        }
    }
    return bar.h;
}

static void debrief_draw(App *a)
{
    Ui *ui = &a->ui;
    if (!a->score) {
        debrief_prepare(a);
    }
    if (!a->score) {
        return;
    }
    const Scenario *sc = a->sc;
    snprintf(ui->context, sizeof ui->context, "debrief %s %dx%d", sc->id, ui->w, ui->h);
    char buf[512];
    snprintf(buf, sizeof buf, _("Debrief · %s"), sc->title);
    int top = app_draw_header(a, buf, a->trainee);
    int bottom = app_draw_footer(a, _("↑↓ PgUp PgDn scroll · "
                                      "Tab or ←→ choose a button · "
                                      "Enter select · Esc menu"));
    bottom += draw_buttons(a, bottom);
    SDL_Rect box = {0, top, ui->w, ui->h - top - bottom};
    ui_region_begin(ui, 0, box);
    int w = ui->w - 2 * ui->pad - ui->edge * 4;
    int readable = ui->body * 44;
    w = w < readable ? w : readable;
    int x = (ui->w - w) / 2, y = ui->pad;
    const Node *end = a->score->ending;
    if (end) {
        static const char *const outcome[OUTCOME_COUNT] = {
            N_("Missed what was really happening"), N_("Partly recognized"),
            N_("Recognized what was really happening")};
        SDL_Color oc[OUTCOME_COUNT] = {ui->th.bad, ui->th.warn, ui->th.good};
        Outcome o = end->ending.outcome < OUTCOME_COUNT ? end->ending.outcome : OUTCOME_MISSED;
        y += ui_para(ui, FONT_BOLD, oc[o], _(outcome[o]), x, y, w);
        y += ui_para(ui, FONT_TITLE, ui->th.text, end->ending.title, x, y, w) + ui->gap;
    } else {
        y += ui_para(ui, FONT_TITLE, ui->th.text, _("The attempt did not reach an ending"), x, y,
                     w) +
             ui->gap;
    }
    y += draw_score(a, x, y, w);
    y += draw_verdict(a, x, y, w);
    if (sc->n_objectives) {
        y += section(a, _("Learning objectives"), x, y, w);
        for (size_t i = 0; i < sc->n_objectives; i++) {
            snprintf(buf, sizeof buf, "\xE2\x80\xA2 %s", sc->objectives[i]);
            y += ui_para(ui, FONT_BODY, ui->th.text, buf, x, y, w);
        }
    }
    y += draw_lessons(a, x, y, w);
    size_t total = n_points(a);
    if (a->debrief_shown < total) {
        char more[256];
        size_t left = total - a->debrief_shown;
        snprintf(more, sizeof more,
                 i18n_plural("%zu more point to discuss: press N to reveal the next.",
                             "%zu more points to discuss: press N to reveal the next.", (long)left),
                 left);
        y += ui->gap;
        y += ui_para(ui, FONT_BOLD, ui->th.accent, more, x, y, w);
    } else {
        y += draw_timeline(a, x, y, w);
    }
    ui_region_end(ui, y + ui->pad * 2);
}

/* Classroom: one more point of the lesson, scrolled into view. */
static void reveal_next(App *a)
{
    if (a->debrief_shown < n_points(a)) {
        a->debrief_shown++;
        a->ui.regions[0].scroll = 1 << 28; /* the newest point is the lowest: clamped when drawn */
        a->dirty = true;
    }
}

static void debrief_activate(App *a, int id)
{
    switch (id) {
    case DEB_AGAIN:
        app_restart(a);
        break;
    case DEB_TITLE:
        app_to_title(a);
        break;
    case DEB_REVEAL:
        a->score_revealed = true;
        a->ui.focus = DEB_AGAIN;
        break;
    case DEB_BACK:
        app_rollback(a);
        break;
    case DEB_NEXT:
        reveal_next(a);
        break;
    default:
        break;
    }
    a->dirty = true;
}

static bool debrief_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    int line = text_line_height(a->text, FONT_BODY) * 2;
    if (key == SDLK_UP || key == SDLK_DOWN) {
        ui_region_scroll(&a->ui, 0, key == SDLK_UP ? -line : line);
        return true;
    }
    if (key == SDLK_LEFT || key == SDLK_RIGHT) {
        ui_focus_move(&a->ui, key == SDLK_LEFT ? -1 : 1);
        return true;
    }
    if (key == SDLK_s && a->opt.classroom) {
        a->score_revealed = true;
        return true;
    }
    if (key == SDLK_n && a->opt.classroom && !k->repeat) {
        reveal_next(a);
        return true;
    }
    if (key == SDLK_BACKSPACE && (a->opt.classroom || a->opt.author_file)) {
        app_rollback(a);
        return true;
    }
    return false;
}

const ScreenOps screen_debrief = {"debrief",        debrief_prepare, debrief_clear, debrief_draw,
                                  debrief_activate, debrief_key,     NULL};
