/* test_input.c: nothing is chosen by accident. Stable option numbers
 * (optlist), the timing rules of the input guard, and the game itself driven
 * with synthetic SDL events (headless: dummy video, software renderer): a
 * double-click on a "Look closer" item takes only the look, a click that began
 * before the list changed does nothing, hovering never moves the focus. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "debrief.h"
#include "inputguard.h"
#include "optlist.h"
#include "speech.h"

static Option opt(OptionKind kind, size_t index)
{
    Option o = {kind, index, "id", "label", 1};
    return o;
}

Test(optlist, numbers_stay_and_new_options_go_to_the_end)
{
    OptList l;
    optlist_reset(&l);
    Option first[] = {opt(OPTION_CHOICE, 0), opt(OPTION_CHOICE, 1), opt(OPTION_DETAIL, 0),
                      opt(OPTION_DETAIL, 1)};
    cr_assert(optlist_update(&l, 7, first, 4));
    cr_assert_eq(optlist_find(&l, OPTION_DETAIL, 1)->number, 4);
    /* detail 0 was examined and uncovered choice 2, listed between the others */
    Option after[] = {opt(OPTION_CHOICE, 0), opt(OPTION_CHOICE, 2), opt(OPTION_CHOICE, 1),
                      opt(OPTION_DETAIL, 1)};
    cr_assert(optlist_update(&l, 7, after, 4));
    cr_assert_eq(optlist_find(&l, OPTION_CHOICE, 1)->number, 2);
    cr_assert_eq(optlist_find(&l, OPTION_DETAIL, 1)->number, 4, "a look renumbered the others");
    const OptSlot *s = optlist_find(&l, OPTION_CHOICE, 2);
    cr_assert_eq(s->number, 5);
    cr_assert(s->is_new);
    cr_assert_null(optlist_find_number(&l, 3), "the examined detail's number must stay unused");
    cr_assert(!optlist_find(&l, OPTION_CHOICE, 0)->is_new);
    cr_assert(!optlist_update(&l, 7, after, 4), "the same list is no change");
}

Test(optlist, a_new_visit_numbers_from_one)
{
    OptList l;
    optlist_reset(&l);
    Option a[] = {opt(OPTION_CHOICE, 3), opt(OPTION_DETAIL, 0)};
    optlist_update(&l, 1, a, 2);
    Option b[] = {opt(OPTION_DETAIL, 0), opt(OPTION_CHOICE, 3)};
    cr_assert(optlist_update(&l, 2, b, 2));
    cr_assert_eq(optlist_find(&l, OPTION_DETAIL, 0)->number, 1);
    cr_assert(!optlist_find(&l, OPTION_CHOICE, 3)->is_new);
}

Test(guard, clicks_soon_after_a_change_and_double_clicks_do_nothing)
{
    InputGuard g = {0};
    guard_press(&g, 5, 1000, 1);
    cr_assert_eq(guard_release(&g, 5), 5, "an ordinary click acts");
    guard_changed(&g, 1000);
    guard_press(&g, 6, 1200, 1);
    cr_assert_eq(guard_release(&g, 6), 0, "200 ms after the change");
    guard_press(&g, 6, 1600, 2);
    cr_assert_eq(guard_release(&g, 6), 0, "the second click of a double-click");
    guard_press(&g, 6, 1600, 1);
    cr_assert_eq(guard_release(&g, 7), 0, "released on another widget");
    guard_press(&g, 6, 1600, 1);
    cr_assert_eq(guard_release(&g, 6), 6);
    guard_press(&g, 6, 1700, 1);
    guard_changed(&g, 1750);
    cr_assert_eq(guard_release(&g, 6), 0, "a press that began before the change");
    guard_press(&g, 6, 1740, 1);
    cr_assert_eq(guard_release(&g, 6), 0, "an event older than the change");
}

Test(guard, keys_soon_after_a_change_and_held_keys_do_nothing)
{
    InputGuard g = {0};
    cr_assert(guard_key_ok(&g, 10, false));
    cr_assert(!guard_key_ok(&g, 10, true));
    guard_changed(&g, 1000);
    cr_assert(!guard_key_ok(&g, 1100, false));
    cr_assert(guard_key_ok(&g, 1150, false));
    cr_assert(!guard_key_ok(&g, 900, false));
}

/* ---- the game, driven by events --------------------------------------- */

static App *app;
static Uint32 clock_ms; /* synthetic event time, far ahead of SDL's clock */

static bool classroom, at_title;

static void start_game(void)
{
    AppOptions o;
    memset(&o, 0, sizeof o);
    o.classroom = classroom;
    o.scenario_file = at_title ? NULL : BENEATH_REPO_DIR "/scenarios/domestic-call.json";
    o.trainee = "Officer Test";
    o.headless = true;
    o.no_save = true;
    o.has_seed = true; /* the author's order */
    o.width = 1280;
    o.height = 720;
    o.review_step = -1;
    app = malloc(sizeof *app);
    cr_assert(app_init(app, &o));
    if (at_title) {
        app_draw(app);
        clock_ms = SDL_GetTicks() + 100000;
        return;
    }
    const char *path = "respond,knock,enter,her-eyes,split,insist";
    char tok[64];
    while (run_next_choice(&path, tok, sizeof tok)) {
        Option op;
        cr_assert(run_find_option(app->run, tok, &op), "%s", tok);
        app_apply(app, &op);
    }
    app_draw(app);
    clock_ms = SDL_GetTicks() + 100000;
}

static void stop_game(void)
{
    app_free(app);
    free(app);
    classroom = at_title = false;
}

static void start_title(void)
{
    at_title = true;
    start_game();
}

static void start_classroom(void)
{
    classroom = true;
    start_game();
}

static void send(Uint32 type, int x, int y, int clicks, Uint32 dt)
{
    clock_ms += dt;
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.common.timestamp = clock_ms;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.x = x;
        ev.motion.y = y;
    } else {
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.x = x;
        ev.button.y = y;
        ev.button.clicks = (Uint8)clicks;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    }
    app_handle_event(app, &ev);
    if (app->dirty) {
        app_draw(app);
        app->dirty = false;
    }
}

static void key(SDL_Keycode k, Uint32 dt)
{
    clock_ms += dt;
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.timestamp = clock_ms;
    ev.key.keysym.sym = k;
    ev.key.state = SDL_PRESSED;
    app_handle_event(app, &ev);
    app_draw(app);
}

static size_t find_item(const Option *all, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i].id, id) == 0) {
            return i;
        }
    }
    cr_assert_fail("no option %s", id);
    return 0;
}

/* The number the list gives option 'id' (on offer now). */
static int number_of(const char *id)
{
    Option all[64];
    size_t n = run_options(app->run, all, 64);
    const Option *o = &all[find_item(all, n, id)];
    const OptSlot *s = optlist_find(&app->optlist, o->kind, o->index);
    cr_assert_not_null(s);
    return s->number;
}

/* Widget 'id' of the last frame, or NULL. */
static const UiWidget *widget(int id)
{
    for (size_t i = 0; i < app->ui.n_widgets; i++) {
        if (app->ui.widgets[i].id == id) {
            return &app->ui.widgets[i];
        }
    }
    return NULL;
}

/* The center of widget 'id' on screen (window coordinates), or {-1, -1}. */
static SDL_Point widget_center(int id)
{
    const UiWidget *w = widget(id);
    if (!w) {
        return (SDL_Point){-1, -1};
    }
    return (SDL_Point){w->screen.x + w->screen.w / 2, w->screen.y + w->screen.h / 2};
}

/* The center of the widget showing option 'id'. */
static SDL_Point center_of(const char *id)
{
    SDL_Point p = widget_center(100 + number_of(id));
    cr_assert_geq(p.x, 0, "option %s is not on screen", id);
    return p;
}

/* The center of detail 'id''s hotspot on the plan, or {-1, -1} if it has none. */
static SDL_Point hotspot_of(const char *id)
{
    return widget_center(400 + number_of(id));
}

static bool has_option(const char *id)
{
    Option o;
    return run_find_option(app->run, id, &o);
}

Test(game, double_click_on_a_look_takes_only_the_look, .init = start_game, .fini = stop_game)
{
    cr_assert_str_eq(run_node(app->run)->id, "landing");
    SDL_Point p = center_of("her-fear");
    send(SDL_MOUSEMOTION, p.x, p.y, 0, 10);
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    cr_assert(!has_option("her-fear"), "the first click examines");
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 2, 80);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 2, 60);
    cr_assert_str_eq(run_node(app->run)->id, "landing", "the second click took a choice");
    cr_assert(has_option("window") && has_option("slippers"), "the second click took a look");
    /* even a slow second click lands on nothing within the guard time */
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 150);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    cr_assert_str_eq(run_node(app->run)->id, "landing");
}

Test(game, a_deliberate_click_after_the_change_acts, .init = start_game, .fini = stop_game)
{
    SDL_Point p = center_of("her-fear");
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    SDL_Point w = center_of("window");
    send(SDL_MOUSEBUTTONDOWN, w.x, w.y, 1, 700);
    send(SDL_MOUSEBUTTONUP, w.x, w.y, 1, 60);
    cr_assert(!has_option("window"));
}

Test(game, a_press_before_the_change_does_nothing, .init = start_game, .fini = stop_game)
{
    SDL_Point w = center_of("window");
    send(SDL_MOUSEBUTTONDOWN, w.x, w.y, 1, 10);
    Option all[64];
    size_t n = run_options(app->run, all, 64);
    const Option *fear = &all[find_item(all, n, "her-fear")];
    int k = optlist_find(&app->optlist, fear->kind, fear->index)->number;
    cr_assert_lt(k, 10);
    key(SDLK_1 + k - 1, 10); /* a look by its number changes the list while the button is down */
    cr_assert(!has_option("her-fear"));
    send(SDL_MOUSEBUTTONUP, w.x, w.y, 1, 60);
    cr_assert(has_option("window"), "a press that began before the change acted");
}

Test(game, numbers_do_not_move_after_a_look, .init = start_game, .fini = stop_game)
{
    Option all[64];
    size_t n = run_options(app->run, all, 64);
    const Option *eng = &all[find_item(all, n, "try-english")];
    int before = optlist_find(&app->optlist, eng->kind, eng->index)->number;
    SDL_Point p = center_of("her-fear");
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    n = run_options(app->run, all, 64);
    eng = &all[find_item(all, n, "try-english")];
    cr_assert_eq(optlist_find(&app->optlist, eng->kind, eng->index)->number, before);
    const Option *soft = &all[find_item(all, n, "soften")];
    const OptSlot *s = optlist_find(&app->optlist, soft->kind, soft->index);
    cr_assert(s->is_new);
    cr_assert_gt(s->number, before);
}

Test(game, hover_does_not_move_the_focus, .init = start_game, .fini = stop_game)
{
    int focus = app->ui.focus;
    SDL_Point p = center_of("try-english");
    send(SDL_MOUSEMOTION, p.x, p.y, 0, 10);
    cr_assert_eq(app->ui.focus, focus, "hovering moved the keyboard focus");
    key(SDLK_DOWN, 600);
    int want = app->ui.focus;
    cr_assert_neq(want, 0);
    send(SDL_MOUSEMOTION, p.x, p.y + 3, 0, 10);
    cr_assert_eq(app->ui.focus, want);
}

Test(game, a_key_right_after_a_look_is_ignored, .init = start_game, .fini = stop_game)
{
    SDL_Point p = center_of("her-fear");
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    key(SDLK_1, 50);
    cr_assert_str_eq(run_node(app->run)->id, "landing");
}

Test(classroom, panels_close_when_the_scene_changes, .init = start_classroom, .fini = stop_game)
{
    key(SDLK_i, 10);
    key(SDLK_p, 10);
    cr_assert(app->show_indicators && app->show_prompt);
    Option all[64];
    size_t n = run_options(app->run, all, 64);
    const Option *eng = &all[find_item(all, n, "try-english")];
    int k = optlist_find(&app->optlist, eng->kind, eng->index)->number;
    key(SDLK_1 + k - 1, 600);
    cr_assert_str_neq(run_node(app->run)->id, "landing");
    cr_assert(!app->show_indicators && !app->show_prompt, "the panels stayed on the next scene");
}

Test(classroom, the_debrief_reveals_point_by_point, .init = start_classroom, .fini = stop_game)
{
    app_goto(app, SCREEN_DEBRIEF);
    app_draw(app);
    cr_assert_eq(app->debrief_shown, 0);
    key(SDLK_n, 600);
    key(SDLK_n, 600);
    cr_assert_eq(app->debrief_shown, 2);
}

/* Reading aloud in a classroom says what the class sees: no score before S,
 * no point before N. */
Test(classroom, reading_aloud_keeps_to_what_is_revealed, .init = start_classroom, .fini = stop_game)
{
    app_goto(app, SCREEN_DEBRIEF);
    app_draw(app);
    cr_assert_not_null(app->debrief);
    const char *first = NULL, *second = NULL;
    for (size_t i = 0; i < app->debrief->n && !second; i++) {
        DebriefKind k = app->debrief->lines[i].kind;
        if (k == DEBRIEF_GOOD || k == DEBRIEF_PARTIAL || k == DEBRIEF_BAD || k == DEBRIEF_NOTE) {
            *(first ? &second : &first) = app->debrief->lines[i].text;
        }
    }
    cr_assert(first && second, "the debrief has two points to reveal");
    char *text = speech_screen_text(app);
    cr_expect_null(strstr(text, "out of 100"), "the hidden score was read: %s", text);
    cr_expect_null(strstr(text, first), "an unrevealed point was read: %s", text);
    free(text);
    key(SDLK_n, 600);
    text = speech_screen_text(app);
    cr_expect_not_null(strstr(text, first), "the revealed point was not read: %s", text);
    cr_expect_null(strstr(text, second), "the next point was read before N: %s", text);
    free(text);
    key(SDLK_s, 600);
    text = speech_screen_text(app);
    cr_expect_not_null(strstr(text, "out of 100"), "the revealed score was not read: %s", text);
    free(text);
}

Test(menus, arrowing_onto_a_scenario_selects_it, .init = start_title, .fini = stop_game)
{
    cr_assert_eq(app->screen, SCREEN_TITLE);
    cr_assert_geq(app->n_entries, 2);
    app->title_sel = 0;
    app->ui.focus = 1; /* the name field */
    key(SDLK_DOWN, 600);
    key(SDLK_DOWN, 600);
    cr_assert_eq(app->title_sel, 1);
    key(SDLK_RETURN, 600);
    cr_assert_eq(app->screen, SCREEN_BRIEFING, "Enter did not open the briefing");
    cr_assert_eq(app->brief_sc, app->entries[1].sc, "Enter started another scenario");
    cr_assert_null(app->run, "nothing is recorded before 'Begin the call'");
    key(SDLK_RETURN, 600);
    cr_assert_eq(app->screen, SCREEN_PLAY);
    cr_assert_str_eq(app->sc->id, app->entries[1].sc->id);
}

Test(menus, restart_asks_first, .init = start_game, .fini = stop_game)
{
    size_t before = run_n_actions(app->run);
    key(SDLK_ESCAPE, 600);
    cr_assert(app->paused);
    key(SDLK_DOWN, 600); /* Resume -> Restart this scenario */
    key(SDLK_RETURN, 600);
    cr_assert(app->confirm_restart);
    cr_assert_eq(run_n_actions(app->run), before, "restarted without asking");
    key(SDLK_RETURN, 600); /* the focus is on "No" */
    cr_assert(!app->confirm_restart);
    cr_assert_eq(run_n_actions(app->run), before);
    key(SDLK_RETURN, 600); /* Restart again, then "Yes" */
    key(SDLK_DOWN, 600);
    key(SDLK_RETURN, 600);
    cr_assert(!app->paused);
    cr_assert_eq(run_n_actions(app->run), 0);
}

Test(game, enter_alone_takes_nothing_in_a_new_scene, .init = start_game, .fini = stop_game)
{
    cr_assert_eq(app->ui.focus, 0, "an option was focused before the player pointed at one");
    key(SDLK_RETURN, 600);
    cr_assert_str_eq(run_node(app->run)->id, "landing");
    cr_assert_eq(run_n_actions(app->run), 6);
}

/* ---- the scene's plan: hotspots are the details' numbered options --------- */

static bool examined(const char *id)
{
    const Node *nd = run_node(app->run);
    for (size_t i = 0; i < nd->n_details; i++) {
        if (strcmp(nd->details[i].id, id) == 0) {
            return run_examined(app->run, &nd->details[i]);
        }
    }
    cr_assert_fail("no detail %s", id);
    return false;
}

Test(plan, a_click_on_a_hotspot_takes_the_look_as_the_list_does, .init = start_game,
     .fini = stop_game)
{
    cr_assert_str_eq(run_node(app->run)->id, "landing");
    cr_assert_not_null(run_node(app->run)->plan, "the landing has a plan");
    size_t before = run_n_actions(app->run);
    int fear = number_of("her-fear"), window = number_of("window");
    SDL_Point p = hotspot_of("her-fear");
    cr_assert_geq(p.x, 0, "her-fear has a hotspot on the plan");
    send(SDL_MOUSEMOTION, p.x, p.y, 0, 10);
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    cr_assert(examined("her-fear"), "the click examines the detail");
    cr_assert_eq(run_n_actions(app->run), before + 1, "one action, as a click in the list");
    cr_assert_str_eq(run_node(app->run)->id, "landing");
    cr_assert(!ui_widget_exists(&app->ui, 400 + fear), "an examined detail is no button");
    cr_assert_eq(number_of("window"), window, "the other hotspot keeps its number");
    cr_assert_null(optlist_find_number(&app->optlist, fear), "its number is not reused");
    /* the second click of a double-click, where the hotspot was, takes nothing */
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 2, 80);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 2, 60);
    send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 900);
    send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
    cr_assert_eq(run_n_actions(app->run), before + 1, "a click on an examined hotspot acted");
}

Test(plan, a_hotspot_press_before_the_list_changed_does_nothing, .init = start_game,
     .fini = stop_game)
{
    SDL_Point w = hotspot_of("window");
    cr_assert_geq(w.x, 0);
    send(SDL_MOUSEBUTTONDOWN, w.x, w.y, 1, 10);
    key(SDLK_1 + number_of("her-fear") - 1, 10); /* the list changes while the button is down */
    cr_assert(examined("her-fear"));
    send(SDL_MOUSEBUTTONUP, w.x, w.y, 1, 60);
    cr_assert(!examined("window"), "a press that began before the change acted");
}

Test(plan, tab_reaches_a_hotspot_and_enter_takes_its_look, .init = start_game, .fini = stop_game)
{
    int hot = 400 + number_of("slippers");
    bool reached = false;
    for (int i = 0; i < 40 && !reached; i++) {
        key(SDLK_TAB, 200);
        reached = app->ui.focus == hot;
    }
    cr_assert(reached, "Tab never reached the hotspot");
    key(SDLK_RETURN, 200);
    cr_assert(examined("slippers"));
    cr_assert_eq(app->ui.focus, 0, "Enter again must take nothing");
}

Test(plan, the_plan_is_drawn_again_only_when_it_changes, .init = start_game, .fini = stop_game)
{
    app_draw(app);
    size_t drawn = app->plan_view.redraws;
    cr_assert_gt(drawn, 0);
    for (int i = 0; i < 5; i++) {
        app_draw(app);
    }
    send(SDL_MOUSEMOTION, 5, 5, 0, 10);
    cr_assert_eq(app->plan_view.redraws, drawn, "frames that change nothing redrew the plan");
    key(SDLK_1 + number_of("window") - 1, 200);
    cr_assert_eq(app->plan_view.redraws, drawn + 1, "a look must redraw it once");
}

/* ---- redrawing only what changed ---------------------------------------- */

static SDL_Surface *screen_pixels(void)
{
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(app->ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    cr_assert_not_null(s);
    cr_assert_eq(
        SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch), 0);
    return s;
}

/* What the last (partial) redraw left on screen must be what drawing the
 * whole frame gives, pixel for pixel. */
static void expect_as_full_redraw(const char *after)
{
    SDL_Surface *partial = screen_pixels();
    ui_invalidate(&app->ui);
    app_draw(app);
    SDL_Surface *full = screen_pixels();
    size_t differ = 0;
    for (int y = 0; y < full->h; y++) {
        const Uint32 *a = (const Uint32 *)((const Uint8 *)partial->pixels + y * partial->pitch);
        const Uint32 *b = (const Uint32 *)((const Uint8 *)full->pixels + y * full->pitch);
        for (int x = 0; x < full->w; x++) {
            differ += a[x] != b[x];
        }
    }
    cr_expect_eq(differ, 0, "after %s, %zu pixels differ from a full redraw", after, differ);
    SDL_FreeSurface(partial);
    SDL_FreeSurface(full);
}

Test(redraw, only_what_changed_and_the_same_pixels, .init = start_game, .fini = stop_game)
{
    cr_assert(app->ui.retained, "the tests' software renderer keeps its pixels");
    long all = (long)app->ui.w * app->ui.h;
    app_draw(app);
    cr_expect_eq(app->ui.flushed_px, 0, "nothing changed, yet something was drawn");

    SDL_Point p = center_of("try-english");
    send(SDL_MOUSEMOTION, p.x, p.y, 0, 10);
    cr_expect_gt(app->ui.flushed_px, 0, "the hover was not drawn");
    cr_expect_lt(app->ui.flushed_px, all / 4, "a hover redrew %ld of %ld pixels",
                 app->ui.flushed_px, all);
    expect_as_full_redraw("a hover");

    key(SDLK_DOWN, 600);
    key(SDLK_DOWN, 600);
    cr_expect_lt(app->ui.flushed_px, all / 2);
    expect_as_full_redraw("moving the focus");

    SDL_Point q = center_of("her-fear");
    send(SDL_MOUSEBUTTONDOWN, q.x, q.y, 1, 10);
    send(SDL_MOUSEBUTTONUP, q.x, q.y, 1, 60);
    expect_as_full_redraw("a look");

    key(SDLK_PAGEDOWN, 600);
    expect_as_full_redraw("scrolling");

    key(SDLK_1, 600);
    expect_as_full_redraw("a choice (a new scene)");
}

/* ---- every bundled scenario, played as a trainee would ---------------------
 * Each bundled scenario's best play (the first test of its tests file that
 * expects a pass) is played through the game's own input handling from the
 * briefing on: by keyboard only (digits, or the arrows and Enter for options
 * past 10), by mouse only (clicks on the options, the wheel to bring them
 * into view), and in classroom mode at a projector's 1920x1080. Each must
 * reach the ending the tests file names. */

typedef enum Hands { BY_KEYS, BY_MOUSE } Hands;

/* The best play of scenarios/ID.tests.json: its choices (caller frees) and
 * the ending it expects. */
static char *best_play(const char *id, char *ending, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.tests.json", BENEATH_REPO_DIR, id);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *root = cJSON_Parse(buf);
    cr_assert_not_null(root, "%s", path);
    char *choices = NULL;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "tests"))
    {
        const cJSON *ex = cJSON_GetObjectItem(t, "expect");
        const cJSON *c = cJSON_GetObjectItem(t, "choices");
        if (!choices && cJSON_IsTrue(cJSON_GetObjectItem(ex, "passed")) && cJSON_IsString(c) &&
            cJSON_IsString(cJSON_GetObjectItem(ex, "ending"))) {
            choices = strdup(c->valuestring);
            snprintf(ending, size, "%s", cJSON_GetObjectItem(ex, "ending")->valuestring);
        }
    }
    cJSON_Delete(root);
    cr_assert_not_null(choices, "%s has no passing test with its choices and ending", path);
    return choices;
}

static void start_scenario(const char *id, bool cls, int w, int h)
{
    static char file[512];
    snprintf(file, sizeof file, "%s/scenarios/%s.json", BENEATH_REPO_DIR, id);
    AppOptions o;
    memset(&o, 0, sizeof o);
    o.classroom = cls;
    o.scenario_file = file;
    o.trainee = "Officer Test";
    o.headless = true;
    o.no_save = true;
    o.has_seed = true;
    o.width = w;
    o.height = h;
    o.review_step = -1;
    app = malloc(sizeof *app);
    cr_assert(app_init(app, &o), "%s", id);
    /* a headless start goes straight in: brief it as a player's start does */
    cr_assert(app_brief(app, app->sc, o.trainee), "%s", id);
    app_draw(app);
    clock_ms = SDL_GetTicks() + 100000;
}

/* Clicks widget 'id' as a mouse user would: turns the wheel over its
 * region until the whole of it is in view, then moves there and clicks. */
static void click(int id, const char *what)
{
    for (int turns = 0; turns < 200; turns++) {
        const UiWidget *w = widget(id);
        cr_assert_not_null(w, "%s is not on screen", what);
        if (w->region == UI_NO_REGION || (w->screen.h >= w->rect.h && w->screen.w > 0)) {
            SDL_Point p = {w->screen.x + w->screen.w / 2, w->screen.y + w->screen.h / 2};
            send(SDL_MOUSEMOTION, p.x, p.y, 0, 300);
            send(SDL_MOUSEBUTTONDOWN, p.x, p.y, 1, 300);
            send(SDL_MOUSEBUTTONUP, p.x, p.y, 1, 60);
            return;
        }
        /* above the view: wheel up; below it: wheel down */
        SDL_Rect box = app->ui.regions[w->region].box;
        bool above = w->rect.y < app->ui.regions[w->region].scroll;
        clock_ms += 50;
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = SDL_MOUSEWHEEL;
        ev.wheel.timestamp = clock_ms;
        ev.wheel.y = above ? 1 : -1;
        ev.wheel.mouseX = box.x + box.w / 2;
        ev.wheel.mouseY = box.y + box.h / 2;
        app_handle_event(app, &ev);
        app_draw(app);
    }
    cr_assert_fail("the wheel never brought %s into view", what);
}

/* Takes the option numbered 'number' by keyboard: its digit, or for a
 * number past 10 the arrows until it has the focus, then Enter. */
static void press_number(int number, const char *what)
{
    if (number <= 10) {
        key(number == 10 ? SDLK_0 : SDLK_1 + number - 1, 600);
        return;
    }
    for (int i = 0; i < 100 && app->ui.focus != 100 + number; i++) {
        key(SDLK_DOWN, 600);
    }
    cr_assert_eq(app->ui.focus, 100 + number, "the arrows never reached %s", what);
    key(SDLK_RETURN, 600);
}

static void play_best(const char *id, Hands hands, bool cls, int w, int h)
{
    char ending[128];
    char *choices = best_play(id, ending, sizeof ending);
    start_scenario(id, cls, w, h);
    cr_assert_eq(app->screen, SCREEN_BRIEFING, "%s: the call opens with its briefing", id);
    if (hands == BY_KEYS) {
        key(SDLK_RETURN, 600);
    } else {
        click(1 /* BRIEF_BEGIN */, "Begin the call");
    }
    cr_assert_eq(app->screen, SCREEN_PLAY, "%s: the briefing did not start the call", id);
    const char *list = choices;
    char tok[128];
    size_t step = 0;
    while (run_next_choice(&list, tok, sizeof tok)) {
        step++;
        Option op;
        cr_assert(run_find_option(app->run, tok, &op), "%s: step %zu, \"%s\" is not offered", id,
                  step, tok);
        const OptSlot *sl = optlist_find(&app->optlist, op.kind, op.index);
        cr_assert_not_null(sl, "%s: step %zu, \"%s\" has no number on screen", id, step, tok);
        size_t before = run_n_actions(app->run);
        char what[600];
        snprintf(what, sizeof what, "%s: step %zu, \"%s\" (%d)", id, step, tok, sl->number);
        if (hands == BY_KEYS) {
            press_number(sl->number, what);
        } else {
            click(100 + sl->number, what);
        }
        cr_assert_gt(run_n_actions(app->run), before, "%s was not taken", what);
    }
    cr_assert_eq(run_status(app->run), RUN_ENDED, "%s: the best play did not end the call", id);
    cr_assert_str_eq(run_node(app->run)->id, ending, "%s", id);
    free(choices);
    app_free(app);
    free(app);
    app = NULL;
}

static void play_every_scenario(Hands hands, bool cls, int w, int h)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/scenarios", BENEATH_REPO_DIR);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t played = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        size_t n = strlen(e->d_name);
        if (n > 11 && strcmp(e->d_name + n - 11, ".tests.json") == 0) {
            char id[256];
            snprintf(id, sizeof id, "%.*s", (int)(n - 11), e->d_name);
            play_best(id, hands, cls, w, h);
            played++;
        }
    }
    closedir(d);
    cr_assert_geq(played, 12, "every bundled scenario has a tests file");
}

Test(course, every_scenario_by_keyboard_only, .timeout = 240)
{
    play_every_scenario(BY_KEYS, false, 1280, 720);
}

Test(course, every_scenario_by_mouse_only_at_800x600, .timeout = 240)
{
    play_every_scenario(BY_MOUSE, false, 800, 600);
}

Test(course, every_scenario_in_classroom_at_projector_size, .timeout = 240)
{
    play_every_scenario(BY_KEYS, true, 1920, 1080);
}
