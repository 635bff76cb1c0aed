/* main.c: command line, and the modes that run without a player:
 * --screenshot (play the actions, render once, save a BMP), --check-layout
 * (render every scene and report any text outside its box) and
 * --bench-frames (time frames: text re-rasterized, every pixel drawn, a hover,
 * nothing changed). Otherwise it runs the event loop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app.h"
#include "i18n.h"
#include "translate.h"
#include "speech.h"
#include "assets.h"
#include "screen.h"
#include "stop.h"

static void usage(FILE *f)
{
    fputs(
        _("usage: beneath [options]\n"
          "  --scenario FILE      play this scenario file (skips the title screen)\n"
          "  --trainee NAME       trainee name or officer ID (1 to 64 characters); with\n"
          "                       --screenshot the attempt is recorded too\n"
          "  --class NAME         the trainee's class or cohort, kept in the records\n"
          "  --records FILE       the records database (default: records.sqlite in the data\n"
          "                       folder, or $BENEATH_RECORDS)\n"
          "  --classroom          instructor mode: large text, step back, indicators, prompts,\n"
          "                       score hidden until revealed\n"
          "  --review ATTEMPT     after-action review of a recorded attempt (its number in\n"
          "                       beneath-report): step through it with the arrow keys, N\n"
          "                       adds an instructor's note to the moment on screen\n"
          "  --step K             with --review: open at step K\n"
          "  --kiosk              classroom PC: full screen, no way to quit or reach files,\n"
          "                       trainees sign in to play and are signed out after each\n"
          "                       attempt (also the \"kiosk\" setting)\n"
          "  --author FILE        author mode: reloads FILE when it changes (or F5), shows\n"
          "                       scene ids, variables and the running score\n"
          "  --size WxH           window size (default 1280x720)\n"
          "  --software           use the software renderer\n"
          "  --choices LIST       comma-separated choice/detail ids or 1-based numbers to play\n"
          "  --seed N             order of the choices (0: the author's order; default: a new\n"
          "                       order each attempt, or 0 with --choices)\n"
          "  --screenshot OUT.bmp render the screen after --choices, save it and exit\n"
          "  --screen NAME        with --screenshot: title, briefing, play, reference (F1),\n"
          "                       panels (classroom I and P), debrief, pause or restart\n"
          "  --language CODE      the trainee's language, e.g. es (default: the \"language\"\n"
          "                       setting, then LANG): the catalogue's text in it\n"
          "  --speak-to OUT.wav   read the screen after --choices aloud into a WAV file (what\n"
          "                       self-voicing, key V, says), print its length and voices\n"
          "  --check-layout       render every scene (of --scenario or every bundled one) and\n"
          "                       exit 1 listing any text that overflows its box\n"
          "  --bench-frames N     time N frames of each kind (text re-rasterized, every\n"
          "                       pixel drawn, a hover, nothing changed) and print the means\n"
          "  --save-attempts      with --screenshot: record the attempt even without --trainee\n"
          "  --check-settings     list the settings files read, the values in effect and\n"
          "                       any problem; exit 1 if there is one\n"
          "  --version            print the version and exit\n"
          "Settings: /etc/beneath/settings.json, then ~/.config/beneath-the-surface/settings.json\n"
          "(see man beneath).\n"),
        f);
}

/* The interface language for --help and argument errors, before the
 * settings are read: --language, else LANG (app_init loads it again with
 * the "language" setting). */
static void early_language(int argc, char **argv)
{
    const char *option = NULL;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--language") == 0) {
            option = argv[i + 1];
        }
    }
    char *assets = assets_find_dir();
    if (assets) {
        char lang[40], dir[4096];
        snprintf(dir, sizeof dir, "%slocale", assets);
        i18n_load(dir, translate_pick_language(option, NULL, lang, sizeof lang));
        free(assets);
    }
}

static bool parse_size(const char *s, int *w, int *h)
{
    return sscanf(s, "%dx%d", w, h) == 2 && *w >= 320 && *h >= 240 && *w <= 16384 && *h <= 16384;
}

/* Returns 0 on success, 1 on bad usage, -1 for --help, -2 for --version,
 * -3 for --check-settings. */
static int parse_args(int argc, char **argv, AppOptions *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return -1;
        } else if (strcmp(a, "--version") == 0) {
            return -2;
        } else if (strcmp(a, "--check-settings") == 0) {
            return -3;
        } else if (strcmp(a, "--kiosk") == 0) {
            o->kiosk = true;
            takes = false;
        } else if (strcmp(a, "--classroom") == 0) {
            o->classroom = true;
            takes = false;
        } else if (strcmp(a, "--check-layout") == 0) {
            o->check_layout = true;
            takes = false;
        } else if (strcmp(a, "--save-attempts") == 0) {
            o->save_attempts = true;
            takes = false;
        } else if (strcmp(a, "--software") == 0) {
            o->software = true;
            takes = false;
        } else if (!val) {
            fprintf(stderr, _("beneath: %s needs a value (see --help)\n"), a);
            return 1;
        } else if (strcmp(a, "--scenario") == 0) {
            o->scenario_file = val;
        } else if (strcmp(a, "--author") == 0) {
            o->author_file = val;
        } else if (strcmp(a, "--choices") == 0) {
            o->choices = val;
        } else if (strcmp(a, "--seed") == 0) {
            char *end;
            unsigned long long v = strtoull(val, &end, 10);
            if (*end || !*val || v > UINT32_MAX) {
                fprintf(stderr, _("beneath: --seed expects a number from 0 to %u, got \"%s\"\n"),
                        UINT32_MAX, val);
                return 1;
            }
            o->seed = (uint32_t)v;
            o->has_seed = true;
        } else if (strcmp(a, "--trainee") == 0) {
            o->trainee = val;
        } else if (strcmp(a, "--review") == 0 || strcmp(a, "--step") == 0) {
            char *end;
            long long v = strtoll(val, &end, 10);
            if (*end || v < (a[2] == 'r' ? 1 : 0)) {
                fprintf(stderr, _("beneath: %s expects a number, got \"%s\"\n"), a, val);
                return 1;
            }
            *(a[2] == 'r' ? &o->review : &o->review_step) = v;
        } else if (strcmp(a, "--class") == 0) {
            o->klass = val;
        } else if (strcmp(a, "--records") == 0) {
            o->records = val;
        } else if (strcmp(a, "--screenshot") == 0) {
            o->screenshot = val;
        } else if (strcmp(a, "--language") == 0) {
            o->language = val;
        } else if (strcmp(a, "--speak-to") == 0) {
            o->speak_to = val;
        } else if (strcmp(a, "--screen") == 0) {
            o->screen = val;
        } else if (strcmp(a, "--size") == 0) {
            if (!parse_size(val, &o->width, &o->height)) {
                fprintf(stderr, _("beneath: --size expects WxH, e.g. 1280x720, got \"%s\"\n"), val);
                return 1;
            }
        } else if (strcmp(a, "--bench-frames") == 0) {
            o->bench_frames = atoi(val);
            if (o->bench_frames <= 0) {
                fprintf(stderr, _("beneath: --bench-frames expects a positive number\n"));
                return 1;
            }
        } else {
            fprintf(stderr, _("beneath: unknown option \"%s\" (see --help)\n"), a);
            return 1;
        }
        i += takes ? 1 : 0;
    }
    if (o->choices && !o->scenario_file && !o->author_file) {
        fprintf(stderr, _("beneath: --choices needs --scenario FILE\n"));
        return 1;
    }
    return 0;
}

/* Reads one settings layer into s and prints how it went; false on a problem. */
static bool check_layer(const char *path, const char *what, Settings *s)
{
    struct stat st;
    char err[SETTINGS_PATH_MAX + 256];
    if (stat(path, &st) != 0) {
        printf("  %s%s: not present\n", path, what);
        return true;
    }
    bool ok = settings_merge(path, s, err, sizeof err);
    printf("  %s%s: %s%s\n", path, what, ok ? "read" : "PROBLEM: ", ok ? "" : err);
    return ok;
}

static void show_value(const char *key, const char *value, const char *unset)
{
    printf("  %-18s %s%s%s\n", key, *value ? "\"" : "", *value ? value : unset, *value ? "\"" : "");
}

/* --check-settings: what an IT technician needs to see after editing
 * /etc/beneath/settings.json. Returns the exit status. */
static int check_settings(void)
{
    Settings s;
    settings_defaults(&s);
    char **paths;
    size_t n = settings_system_paths(&paths);
    bool ok = true;
    puts("settings files, each overriding the ones before:");
    for (size_t i = 0; i < n; i++) {
        ok = check_layer(paths[i], "", &s) && ok;
    }
    settings_paths_free(paths, n);
    char *user = assets_config_path();
    ok = check_layer(user, " (this user's)", &s) && ok;
    free(user);
    puts("in effect:");
    printf("  %-18s %s\n", "kiosk", s.kiosk ? "on" : "off");
    printf("  %-18s %d (0 = never)\n", "kiosk_idle_minutes", s.kiosk_idle_minutes);
    show_value("course", s.course, "(none)");
    show_value("language", s.language, "(none: the first scenario is preselected)");
    show_value("records_path", s.records_path, "(each user's data folder)");
    show_value("lrs_endpoint", s.lrs_endpoint, "(none)");
    show_value("lrs_auth_file", s.lrs_auth_file, "(none)");
    char err[SETTINGS_PATH_MAX + 256];
    if (s.lrs_auth_file[0] && !settings_check_secret_file(s.lrs_auth_file, err, sizeof err)) {
        printf("  PROBLEM: LRS credentials: %s\n", err);
        ok = false;
    }
    if (s.lrs_endpoint[0] && !s.lrs_auth_file[0]) {
        puts("  PROBLEM: lrs_endpoint is set but lrs_auth_file is not");
        ok = false;
    }
    puts(ok ? "settings ok" : "settings have problems (see PROBLEM above)");
    return ok ? 0 : 1;
}

/* Plays --choices; false (after printing why) if an item does not apply. */
static bool apply_choices(App *a, const char *list)
{
    char tok[256];
    for (size_t n = 1; run_next_choice(&list, tok, sizeof tok); n++) {
        Option opt;
        if (!a->run || !run_find_option(a->run, tok, &opt)) {
            fprintf(stderr, "beneath: --choices item %zu \"%s\" is not available in scene \"%s\"\n",
                    n, tok, a->run ? run_node(a->run)->id : "?");
            return false;
        }
        /* a screenshot is laid out as a player would have seen it (numbers,
         * the newest note in view): each step drawn; otherwise just numbered */
        if (a->opt.screenshot) {
            app_render(a);
        } else {
            play_sync_options(a);
        }
        app_apply(a, &opt);
    }
    play_sync_options(a);
    return true;
}

static void select_screen(App *a)
{
    const char *s = a->opt.screen;
    if (s && strcmp(s, "title") == 0) {
        a->screen = SCREEN_TITLE;
    } else if (a->review_full) {
        return; /* the review chose its screen */
    } else if (s && strcmp(s, "debrief") == 0 && a->run) {
        app_goto(a, SCREEN_DEBRIEF);
    } else if (s && strcmp(s, "pause") == 0) {
        a->paused = true;
    } else if (s && strcmp(s, "restart") == 0 && a->run) {
        a->paused = a->confirm_restart = true; /* the menu asking before a restart */
    } else if (s && strcmp(s, "reference") == 0 && a->run) {
        a->show_reference = true;
    } else if (s && strcmp(s, "panels") == 0 && a->run) {
        a->show_indicators = a->show_prompt = true; /* classroom: I and P */
    } else if (s && strcmp(s, "briefing") == 0 && a->sc) {
        char who[sizeof a->trainee];
        snprintf(who, sizeof who, "%s", a->trainee);
        app_brief(a, a->sc, who);
    } else if (!s && a->run && run_status(a->run) != RUN_PLAYING) {
        app_goto(a, SCREEN_DEBRIEF);
    }
}

static size_t report(App *a)
{
    Ui *ui = &a->ui;
    for (size_t i = 0; i < ui->n_overflow; i++) {
        fprintf(stderr, "overflow: %s\n", ui->overflow[i]);
    }
    size_t errors = ui->draw_errors + text_error_count(a->text);
    if (errors) {
        fprintf(stderr, "beneath: %zu SDL drawing errors (last: %s)\n", errors, SDL_GetError());
    }
    return ui->n_overflow + errors;
}

static int screenshot(App *a)
{
    select_screen(a);
    app_render(a);
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(a->ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = 0;
    if (!s ||
        SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0 ||
        SDL_SaveBMP(s, a->opt.screenshot) != 0) {
        fprintf(stderr, "beneath: cannot save the screenshot %s: %s\n", a->opt.screenshot,
                SDL_GetError());
        rc = 1;
    }
    SDL_FreeSurface(s);
    SDL_RenderPresent(a->ren);
    report(a);
    return rc;
}

static size_t check_scenario(App *a, Scenario *sc)
{
    size_t screens = 0;
    app_brief(a, sc, "Layout check");
    app_render(a);
    app_start(a, sc, "Layout check");
    a->show_reference = true;
    app_render(a);
    a->show_reference = false;
    screens += 2;
    for (size_t i = 0; i < sc->n_nodes; i++) {
        app_start(a, sc, "Layout check");
        run_jump(a->run, i);
        app_render(a);
        screens++;
        if (a->opt.classroom) {
            a->show_indicators = a->show_prompt = true;
            app_render(a);
            screens++;
        }
        if (sc->nodes[i].is_ending) {
            app_goto(a, SCREEN_DEBRIEF);
            app_render(a);
            a->score_revealed = true;
            a->debrief_shown = SIZE_MAX;
            app_render(a);
            screens += 2;
        }
    }
    /* Three real play-throughs: always the first option; always the last
     * (which examines every detail first, newest detail last in file order);
     * and every detail in file order before the first choice (so the newest
     * note is the lowest on screen). Replies, findings, events and a full
     * timeline are drawn, and after every look its note must be in view. */
    for (int pass = 0; pass < 3; pass++) {
        app_start(a, sc, "Layout check");
        app_render(a); /* as a player sees the first scene before acting */
        for (int step = 0; step < 400 && run_status(a->run) == RUN_PLAYING; step++) {
            Option opts[64];
            size_t n = run_options(a->run, opts, 64);
            if (n == 0) {
                break;
            }
            size_t k = pass == 1 ? (n < 64 ? n : 64) - 1 : 0;
            for (size_t i = 0; pass == 2 && i < n && i < 64; i++) {
                if (opts[i].kind == OPTION_DETAIL) {
                    k = i;
                    break;
                }
            }
            play_sync_options(a);
            app_apply(a, &opts[k]);
            app_render(a);
            screens++;
            if (opts[k].kind == OPTION_DETAIL && !play_reveal_in_view(a)) {
                ui_overflow(&a->ui, "the note of \"%s\" is not scrolled into view", opts[k].id);
            }
        }
        a->paused = true;
        app_render(a);
        a->paused = false;
        app_goto(a, SCREEN_DEBRIEF);
        app_render(a);
        a->score_revealed = true;
        a->debrief_shown = SIZE_MAX;
        app_render(a);
        screens += 3;
    }
    return screens;
}

static int check_layout(App *a)
{
    size_t screens = 0;
    if (a->opt.scenario_file) {
        if (!a->owned_sc) {
            return 2;
        }
        screens += check_scenario(a, a->owned_sc);
    } else {
        for (size_t i = 0; i < a->n_entries; i++) {
            if (!a->entries[i].sc) {
                fprintf(stderr, "beneath: %s does not load; layout not checked\n",
                        a->entries[i].path);
                continue;
            }
            screens += check_scenario(a, a->entries[i].sc);
        }
    }
    app_to_title(a);
    app_render(a);
    a->paused = true;
    app_render(a);
    screens += 2;
    size_t problems = report(a);
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(a->ren, &w, &h);
    if (problems) {
        fprintf(stderr, "layout FAILED: %zu problems in %zu screens at %dx%d\n", problems, screens,
                w, h);
        return 1;
    }
    printf("layout ok: %zu screens at %dx%d, no overflow, no SDL error\n", screens, w, h);
    return 0;
}

/* Mean ms of 'frames' calls of app_draw, each after 'change' (may be NULL). */
static double time_frames(App *a, int frames, void (*change)(App *, int))
{
    double t = app_now_ms();
    for (int i = 0; i < frames; i++) {
        if (change) {
            change(a, i);
        }
        app_draw(a);
        SDL_PumpEvents();
    }
    return (app_now_ms() - t) / frames;
}

static void rasterize_again(App *a, int i)
{
    (void)i;
    text_clear(a->text);
    ui_invalidate(&a->ui); /* as after a resize */
}

static void draw_all(App *a, int i)
{
    (void)i;
    ui_invalidate(&a->ui);
}

/* The pointer moves between the first two widgets: one button redrawn. */
static void hover_moves(App *a, int i)
{
    size_t n = a->ui.n_widgets;
    a->ui.hover = n > 1 ? a->ui.widgets[i % 2].id : 0;
}

static int bench(App *a, int frames)
{
    select_screen(a);
    app_draw(a);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("first frame ms: %.1f (since main)\n", app_now_ms() - a->opt.t0_ms);
    printf("first frame unix ms: %.1f\n", (double)now.tv_sec * 1000.0 + (double)now.tv_nsec / 1e6);
    printf("body px: %d\n", a->ui.body);
    printf("mean frame ms (text re-rendered, as after a resize): %.3f\n",
           time_frames(a, 20, rasterize_again));
    printf("mean frame ms (every pixel drawn, text cached): %.3f\n",
           time_frames(a, frames, draw_all));
    double hover_ms = time_frames(a, frames, hover_moves);
    printf("mean frame ms (hover moves: one button redrawn): %.3f (%ld pixels a frame)\n", hover_ms,
           a->ui.flushed_px);
    a->ui.hover = 0;
    app_draw(a);
    printf("text cache: %zu entries, %zu KiB\n", text_cache_entries(a->text),
           text_cache_bytes(a->text) / 1024);
    printf("mean frame ms (static: nothing changed): %.3f\n", time_frames(a, frames, NULL));
    return 0;
}

/* After a resize or a change of text size every text texture is freed and
 * made again at once. glibc would give the freed memory back to the system
 * (or map big textures afresh each time), so the new textures' pages were
 * faulted in again: 0.3 ms of a re-rasterized 1080p frame where a page fault
 * is slow (a virtual machine). Freed memory is kept for reuse instead; the
 * peak is the same. */
static void keep_freed_memory(void)
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
}

int main(int argc, char **argv)
{
    stop_watch_start(); /* first: the signal mask is inherited by every thread */
    keep_freed_memory();
    AppOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.review_step = -1;
    opt.t0_ms = app_now_ms();
    early_language(argc, argv);
    int rc = parse_args(argc, argv, &opt);
    if (rc == -2) {
        printf("beneath %s\n", BENEATH_VERSION);
        return 0;
    }
    if (rc == -3) {
        return check_settings();
    }
    if (rc != 0) {
        usage(rc < 0 ? stdout : stderr);
        return rc < 0 ? 0 : 1;
    }
    if (opt.screenshot || opt.check_layout || opt.speak_to) {
        opt.headless = true;
        /* a headless run of a named trainee is a real attempt: record it */
        opt.no_save = !(opt.screenshot && opt.trainee && opt.scenario_file);
    }
    if (opt.check_layout) {
        opt.no_save = true;
    }
    if (opt.review) {
        opt.no_save = false; /* the review reads the records (and writes notes) */
    }
    if (opt.bench_frames) {
        opt.no_save = true;
    }
    if (opt.save_attempts) {
        opt.no_save = false;
    }
    App *a = malloc(sizeof *a);
    if (!a) {
        abort();
    }
    if (!app_init(a, &opt)) {
        app_free(a);
        free(a);
        return opt.headless ? 2 : 1;
    }
    if (opt.choices && !apply_choices(a, opt.choices)) {
        rc = 2;
    } else if (opt.check_layout) {
        rc = check_layout(a);
    } else if (opt.screenshot) {
        rc = screenshot(a);
        if (rc == 0 && opt.speak_to) {
            rc = speech_to_wav(a, opt.speak_to);
        }
    } else if (opt.speak_to) {
        select_screen(a);
        app_render(a);
        rc = speech_to_wav(a, opt.speak_to);
    } else if (opt.bench_frames) {
        rc = bench(a, opt.bench_frames);
    } else {
        stop_set_loop_running(true);
        rc = app_main_loop(a);
        stop_set_loop_running(false);
    }
    app_free(a);
    free(a);
    return rc;
}
