/* app.c: window and renderer setup, the event loop and the actions that
 * change the attempt. The loop sleeps in SDL_WaitEvent and redraws only when
 * something changed ('dirty'); author mode also wakes twice a second to see
 * whether the scenario file changed. Every change to the attempt is written
 * to the records database at once, in one transaction (records.h). */
#include "app.h"
#include "i18n.h"
#include "speech.h"
#include "translate.h"
#include "voice.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL_ttf.h>

#include "assets.h"
#include "screen.h"
#include "lrs.h"
#include "files.h"

static char *xstrdup_local(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        abort();
    }
    memcpy(p, s, n);
    return p;
}

void app_set_status(App *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->status, sizeof a->status, fmt, ap);
    va_end(ap);
    a->status_error = error;
    if (error) {
        fprintf(stderr, "beneath: %s\n", a->status);
    }
    a->dirty = true;
}

static void print_diags(const DiagList *dl)
{
    char buf[800];
    for (size_t i = 0; i < diag_count(dl); i++) {
        fprintf(stderr, "%s\n", diag_format(diag_at(dl, i), buf, sizeof buf));
    }
}

int app_body_px(const App *a)
{
    static const float mult[TEXT_SIZE_COUNT] = {0.85f, 1.0f, 1.2f, 1.45f};
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(a->ren, &w, &h);
    float by_h = (float)h * 0.031f, by_w = (float)w * 0.022f;
    float px = (by_h < by_w ? by_h : by_w) * mult[a->settings.text_size % TEXT_SIZE_COUNT];
    if (a->opt.classroom) {
        px *= 1.25f;
    }
    /* Keep at least ~34 average characters per line on narrow windows. */
    float max_px = (float)w / 20.0f;
    if (px > max_px) {
        px = max_px;
    }
    return px < 13.0f ? 13 : (int)(px + 0.5f);
}

/* ---- scenarios ------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_course(const void *x, const void *y)
{
    const ScenarioEntry *a = x, *b = y;
    if (a->course_pos != b->course_pos) {
        return a->course_pos < b->course_pos ? -1 : 1; /* COURSE_NONE is largest */
    }
    return strcmp(a->path, b->path);
}

/* Puts the entries in the order of the course file beside them, if any;
 * scenarios the course does not list follow, by file name. */
static void order_by_course(App *a)
{
    char *path = course_file_in(a->scenarios_dir);
    Course *c = NULL;
    if (access(path, F_OK) == 0) {
        DiagList *dl = diag_list_new();
        c = course_load(path, dl);
        print_diags(dl);
        diag_list_free(dl);
    }
    free(path);
    for (size_t i = 0; i < a->n_entries; i++) {
        ScenarioEntry *e = &a->entries[i];
        e->course_pos = e->sc ? course_position(c, e->sc->id) : COURSE_NONE;
    }
    if (a->n_entries > 1) {
        qsort(a->entries, a->n_entries, sizeof *a->entries, cmp_course);
    }
    free(a->course_title);
    a->course_title = c && c->title ? xstrdup_local(c->title) : NULL;
    course_free(c);
}

const char *app_difficulty_name(const char *difficulty)
{
    static const char *const names[] = {N_("introductory"), N_("standard"), N_("advanced")};
    for (size_t i = 0; difficulty && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(difficulty, names[i]) == 0) {
            return _(names[i]);
        }
    }
    return difficulty ? difficulty : "";
}

/* Preselects the first scenario whose primary language is the default
 * language setting's ("es" matches "es-US" and the other way round). */
static void select_language(App *a)
{
    const char *want = a->settings.language;
    size_t n = strcspn(want, "-");
    for (size_t i = 0; n && i < a->n_entries; i++) {
        const char *have = a->entries[i].sc ? a->entries[i].sc->language : "";
        if (strncasecmp(have, want, n) == 0 && (have[n] == '\0' || have[n] == '-')) {
            a->title_sel = i;
            return;
        }
    }
}

static void load_entries(App *a)
{
    if (!a->scenarios_dir) {
        app_set_status(a, true, "%s", _("no scenarios folder found (set BENEATH_SCENARIOS_DIR)"));
        return;
    }
    DIR *d = opendir(a->scenarios_dir);
    if (!d) {
        app_set_status(a, true, _("cannot open the scenarios folder %s"), a->scenarios_dir);
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (scenario_is_file_name(de->d_name)) {
            names = realloc(names, (n + 1) * sizeof *names);
            if (!names) {
                abort();
            }
            names[n++] = xstrdup_local(de->d_name);
        }
    }
    closedir(d);
    if (n > 1) {
        qsort(names, n, sizeof *names, cmp_str);
    }
    a->entries = calloc(n ? n : 1, sizeof *a->entries);
    if (!a->entries) {
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(a->scenarios_dir) + strlen(names[i]) + 1;
        char *path = malloc(len);
        if (!path) {
            abort();
        }
        snprintf(path, len, "%s%s", a->scenarios_dir, names[i]);
        free(names[i]);
        ScenarioEntry *e = &a->entries[a->n_entries++];
        e->path = path;
        e->diags = diag_list_new();
        e->sc = scenario_load(path, e->diags);
        if (!e->sc) {
            print_diags(e->diags);
        }
    }
    free(names);
    order_by_course(a);
    select_language(a);
}

static bool saving_enabled(const App *a)
{
    return a->db && !a->opt.no_save && !a->opt.author_file;
}

/* The name in the title's field without surrounding spaces, in 'out'. */
static const char *signed_in_name(const App *a, char *out, size_t size)
{
    const char *s = a->name;
    while (*s == ' ') {
        s++;
    }
    snprintf(out, size, "%s", s);
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == ' ') {
        out[--n] = '\0';
    }
    return out;
}

/* Keeps the last three finished attempts seen (they come oldest first). */
static bool keep_finished(const RecordsRow *row, void *ctx)
{
    App *a = ctx;
    size_t cap = sizeof a->finished / sizeof a->finished[0];
    if (a->n_finished == cap) {
        memmove(&a->finished[0], &a->finished[1], (cap - 1) * sizeof a->finished[0]);
        a->n_finished--;
    }
    size_t i = a->n_finished++;
    for (size_t k = 0; k < a->n_entries; k++) {
        ScenarioEntry *e = &a->entries[k];
        if (e->sc && strcmp(e->sc->id, row->scenario_id) == 0) {
            e->best = e->attempts == 0 || row->score > e->best ? row->score : e->best;
            e->passed = e->passed || row->passed;
            e->attempts++;
        }
    }
    a->finished[i].id = row->id;
    snprintf(a->finished[i].label, sizeof a->finished[i].label, _("Review \"%.160s\""),
             *row->scenario_title ? row->scenario_title : row->scenario_id);
    snprintf(a->finished[i].note, sizeof a->finished[i].note, "%d/100 %s, %.10s", row->score,
             row->passed ? _("passed") : _("not passed"), row->finished_at ? row->finished_at : "");
    return true;
}

void app_refresh_saves(App *a)
{
    records_unfinished_free(a->saves, a->n_saves);
    a->saves = NULL;
    a->n_saves = 0;
    a->n_finished = 0;
    for (size_t k = 0; k < a->n_entries; k++) {
        a->entries[k].attempts = 0;
        a->entries[k].passed = false;
    }
    if (!saving_enabled(a)) {
        return;
    }
    if (a->opt.classroom) {
        /* the instructor's view: every classroom session left unfinished */
        a->saves = records_list_unfinished(a->db, RECORDS_CLASSROOM, NULL, &a->n_saves);
        return;
    }
    char who[RECORDS_NAME_MAX_BYTES];
    signed_in_name(a, who, sizeof who);
    /* only the signed-in trainee's attempts (and damaged ones of no known owner) */
    a->saves = records_list_unfinished(a->db, RECORDS_GRADED, who, &a->n_saves);
    if (*who) {
        RecordsFilter f = {0};
        f.trainee = who;
        f.finished_only = true;
        records_each_attempt(a->db, &f, keep_finished, a, NULL, 0);
    }
}

/* ---- attempt lifecycle ------------------------------------------------ */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_forget_views(App *a)
{
    screens_forget(a);
}

static void clear_attempt(App *a)
{
    app_forget_views(a);
    a->show_reference = false;
    run_free(a->run);
    a->run = NULL;
    records_attempt_free(a->att);
    a->att = NULL;
    a->recorded = false;
    a->show_indicators = a->show_prompt = a->score_revealed = false;
    a->seen_actions = 0;
    optlist_reset(&a->optlist);
}

/* Records after every change, in one transaction, before the change is
 * drawn; the result is written with the action that ends the attempt. */
static void after_change(App *a)
{
    a->dirty = true;
    app_mark_changed(a);
    if (!a->run || !a->att) {
        return;
    }
    char err[600];
    if (!records_attempt_save(a->db, a->att, a->run, now_ms(), err, sizeof err)) {
        app_set_status(a, true, _("Progress is NOT being saved: %s"), err);
        return;
    }
    const char *not_saved = _("Progress is NOT being saved: %s");
    if (a->status_error && strncmp(a->status, not_saved, strcspn(not_saved, "%")) == 0) {
        a->status[0] = '\0';
    }
    bool was = a->recorded;
    a->recorded = records_attempt_finished(a->att);
    if (a->recorded && !was) {
        lrs_sender_wake(a->lrs);
    }
}

void app_goto(App *a, AppScreen s)
{
    a->screen = s;
    a->ui.focus = 0;
    a->ui.hover = 0;
    app_mark_changed(a);
    ui_regions_reset(&a->ui);
    if (screen_get(s)->enter) {
        screen_get(s)->enter(a);
    }
    a->dirty = true;
}

bool app_brief(App *a, Scenario *sc, const char *trainee)
{
    char err[400];
    const char *who = trainee ? trainee : "";
    if (saving_enabled(a) && !a->opt.classroom && !records_check_name(who, err, sizeof err)) {
        app_set_status(a, true, _("%s Your results are kept under your name or officer ID."), err);
        return false;
    }
    clear_attempt(a);
    a->brief_sc = sc;
    snprintf(a->brief_name, sizeof a->brief_name, "%s", who);
    app_goto(a, SCREEN_BRIEFING);
    return true;
}

bool app_begin(App *a)
{
    Scenario *sc = a->brief_sc;
    if (!sc) {
        return false;
    }
    a->brief_sc = NULL;
    if (!app_start(a, sc, a->brief_name)) {
        app_goto(a, SCREEN_TITLE); /* the status says why */
        return false;
    }
    return true;
}

bool app_start(App *a, Scenario *sc, const char *trainee)
{
    char who[RECORDS_NAME_MAX_BYTES], err[400];
    snprintf(who, sizeof who, "%s", trainee ? trainee : "");
    RecordsKind kind = a->opt.classroom ? RECORDS_CLASSROOM : RECORDS_GRADED;
    bool record = saving_enabled(a);
    if (record && kind == RECORDS_GRADED && !records_check_name(who, err, sizeof err)) {
        app_set_status(a, true, _("%s Your results are kept under your name or officer ID."), err);
        return false;
    }
    clear_attempt(a);
    /* the catalogue's labels and explanations in the trainee's language */
    char lang[40];
    translate_apply(
        sc, translate_pick_language(a->opt.language, a->settings.language, lang, sizeof lang));
    if (a->owned_sc && a->owned_sc != sc) {
        scenario_free(a->owned_sc);
        a->owned_sc = NULL;
    }
    a->sc = sc;
    /* a new order of choices each attempt, unless a test fixes it; scripted
     * --choices keep the author's order so numbers in them stay meaningful */
    uint32_t seed = a->opt.has_seed ? a->opt.seed : a->opt.choices ? 0 : run_random_seed();
    a->run = run_new_seeded(sc, seed);
    snprintf(a->trainee, sizeof a->trainee, "%s",
             *who                        ? who
             : kind == RECORDS_CLASSROOM ? _("Classroom")
                                         : _("Trainee"));
    if (record) {
        a->att = records_attempt_begin(a->db, a->run, kind, who, a->opt.klass, "beneath", now_ms(),
                                       err, sizeof err);
        if (!a->att) {
            app_set_status(a, true, _("Progress is NOT being saved: %s"), err);
        }
    }
    after_change(a);
    app_goto(a, SCREEN_PLAY);
    return true;
}

static Scenario *load_one(App *a, const char *path, const char *what)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    if (!sc) {
        print_diags(dl);
        diag_list_free(a->errors);
        a->errors = dl;
        snprintf(a->errors_title, sizeof a->errors_title, _("%s %s has errors"), _(what), path);
        return NULL;
    }
    diag_list_free(dl);
    return sc;
}

/* The scenario of a saved attempt: a bundled one with its id, else its file
 * (then *owned is set). NULL after telling the user why. */
static Scenario *scenario_of_save(App *a, const RecordsUnfinished *s, Scenario **owned)
{
    *owned = NULL;
    for (size_t k = 0; k < a->n_entries; k++) {
        if (a->entries[k].sc && strcmp(a->entries[k].sc->id, s->scenario_id) == 0) {
            return a->entries[k].sc;
        }
    }
    if (*s->scenario_file) {
        *owned = load_one(a, s->scenario_file, N_("The saved attempt's scenario"));
        if (!*owned) {
            app_goto(a, SCREEN_ERRORS);
        }
        return *owned;
    }
    app_set_status(a, true, _("The scenario \"%s\" of this saved attempt is not available"),
                   s->scenario_id);
    return NULL;
}

bool app_resume(App *a, size_t i)
{
    if (i >= a->n_saves || !a->db) {
        return false;
    }
    const RecordsUnfinished *s = &a->saves[i];
    if (s->damaged) {
        app_set_status(a, true, "%s",
                       s->problem ? s->problem : _("This saved attempt is damaged."));
        return false;
    }
    char who[RECORDS_NAME_MAX_BYTES];
    /* a trainee resumes as the signed-in name, checked against the record */
    snprintf(who, sizeof who, "%s", s->who);
    if (s->kind == RECORDS_GRADED) {
        signed_in_name(a, who, sizeof who);
    }
    Scenario *owned = NULL;
    Scenario *sc = scenario_of_save(a, s, &owned);
    if (!sc) {
        return false;
    }
    DiagList *dl = diag_list_new();
    RecordsAttempt *att = NULL;
    Run *r = records_attempt_resume(a->db, s->id, who, sc, &att, dl);
    if (!r) {
        print_diags(dl);
        app_set_status(a, true, _("Cannot resume: %s"),
                       diag_count(dl) ? diag_at(dl, 0)->msg : _("unreadable save"));
        diag_list_free(dl);
        scenario_free(owned);
        return false;
    }
    clear_attempt(a);
    if (a->owned_sc) {
        scenario_free(a->owned_sc);
    }
    a->owned_sc = owned;
    a->sc = sc;
    a->run = r;
    a->att = att;
    snprintf(a->trainee, sizeof a->trainee, "%s", *who ? who : _("Classroom"));
    if (diag_count(dl)) {
        app_set_status(a, false, "%s", diag_at(dl, 0)->msg);
    }
    diag_list_free(dl);
    after_change(a);
    app_goto(a, SCREEN_PLAY);
    return true;
}

void app_apply(App *a, const Option *opt)
{
    if (a->review_full) {
        return; /* a review shows what happened; it changes nothing */
    }
    if (a->run && run_apply(a->run, opt)) {
        after_change(a);
    }
}

void app_rollback(App *a)
{
    if (!a->run || a->review_full || run_n_actions(a->run) == 0) {
        return;
    }
    Run *r = run_rewind(a->run, 1);
    if (!r) {
        return;
    }
    app_forget_views(a);
    run_free(a->run);
    a->run = r;
    a->seen_actions = 0;
    after_change(a);
    if (a->screen != SCREEN_PLAY) {
        app_goto(a, SCREEN_PLAY);
    }
}

void app_restart(App *a)
{
    if (a->review_full) {
        review_goto(a, 0); /* "play again" in a review replays it from the start */
        return;
    }
    if (a->opt.kiosk && a->run && run_status(a->run) == RUN_ENDED) {
        app_sign_out(a, _("Your attempt is recorded and you are signed out. Sign in again for "
                          "another attempt."));
        return;
    }
    if (a->sc) {
        char who[RECORDS_NAME_MAX_BYTES];
        snprintf(who, sizeof who, "%s", a->att || !a->opt.classroom ? a->trainee : "");
        if (a->opt.classroom && strcmp(who, _("Classroom")) == 0) {
            who[0] = '\0';
        }
        app_start(a, a->sc, who);
    }
}

void app_to_title(App *a)
{
    if (a->opt.author_file) {
        return; /* author mode has no title screen */
    }
    if (a->review_full && !a->review_from_title) {
        a->quit = true; /* a review opened from the command line ends there */
        return;
    }
    if (a->review_full) {
        review_close(a);
    }
    if (a->opt.kiosk) {
        app_sign_out(a, a->run && run_status(a->run) == RUN_ENDED
                            ? _("Your attempt is recorded and you are signed out.")
                            : _("You are signed out. Your attempt is saved: sign in again to "
                                "resume it."));
        return;
    }
    clear_attempt(a);
    app_refresh_saves(a);
    a->paused = false;
    app_goto(a, SCREEN_TITLE);
}

/* ---- kiosk ------------------------------------------------------------ */

bool app_sign_in(App *a)
{
    size_t n = strlen(a->name);
    while (n > 0 && a->name[n - 1] == ' ') {
        a->name[--n] = '\0';
    }
    size_t lead = strspn(a->name, " ");
    memmove(a->name, a->name + lead, n - lead + 1);
    if (!a->name[0]) {
        app_set_status(a, true, "%s", _("Type your name or officer ID, then sign in."));
        return false;
    }
    a->signed_in = true;
    a->last_input_ms = app_now_ms();
    a->status[0] = '\0';
    a->status_error = false;
    app_refresh_saves(a);
    a->dirty = true;
    return true;
}

void app_sign_out(App *a, const char *why)
{
    clear_attempt(a);
    a->signed_in = false;
    a->name[0] = '\0';
    a->title_sel = 0;
    select_language(a);
    a->paused = false;
    /* the next trainee starts from the academy's display settings */
    a->settings = a->loaded_settings;
    a->settings.fullscreen = true;
    theme_init(&a->ui.th, a->settings.high_contrast);
    app_refresh_saves(a);
    app_goto(a, SCREEN_TITLE);
    app_set_status(a, false, "%s", why);
}

/* Kiosk: signs the trainee out after the configured time without input. */
static void kiosk_idle_check(App *a)
{
    int minutes = a->settings.kiosk_idle_minutes;
    if (!a->opt.kiosk || !a->signed_in || minutes <= 0) {
        return;
    }
    if (app_now_ms() - a->last_input_ms >= minutes * 60000.0) {
        char why[256];
        snprintf(why, sizeof why,
                 i18n_plural("Signed out after %d minute without input. Any attempt in progress "
                             "is saved.",
                             "Signed out after %d minutes without input. Any attempt in progress "
                             "is saved.",
                             minutes),
                 minutes);
        app_sign_out(a, why);
    }
}

void app_save_settings(App *a)
{
    if (a->opt.no_save || a->opt.headless || a->opt.kiosk) {
        return; /* a kiosk's settings are the academy's, not the last trainee's */
    }
    char err[400];
    if (!settings_save(a->config_path, &a->settings, err, sizeof err)) {
        app_set_status(a, true, _("Settings cannot be saved: %s"), err);
    }
}

void app_set_fullscreen(App *a, bool on)
{
    if (a->opt.kiosk) {
        return; /* a kiosk stays full screen */
    }
    a->settings.fullscreen = on;
    if (!a->opt.headless) {
        /* sized and placed by hand as well, so a session without a window
         * manager (which would do it) gets the same window as one with */
        int ww = a->settings.window_w ? a->settings.window_w : 1280;
        int wh = a->settings.window_h ? a->settings.window_h : 720;
        SDL_DisplayMode dm;
        int display = SDL_GetWindowDisplayIndex(a->win);
        if (on && SDL_GetDesktopDisplayMode(display < 0 ? 0 : display, &dm) == 0) {
            SDL_Rect b = {0, 0, dm.w, dm.h};
            SDL_GetDisplayBounds(display < 0 ? 0 : display, &b);
            SDL_SetWindowPosition(a->win, b.x, b.y);
            SDL_SetWindowSize(a->win, dm.w, dm.h);
        }
        SDL_SetWindowFullscreen(a->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        if (!on) {
            SDL_SetWindowSize(a->win, ww, wh);
            SDL_SetWindowPosition(a->win, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED);
        }
    }
    app_save_settings(a);
    a->dirty = true;
}

/* ---- author mode ------------------------------------------------------ */

static long long file_mtime(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return -1;
    }
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

void app_author_reload(App *a)
{
    const char *path = a->opt.author_file;
    a->author_mtime = file_mtime(path);
    Scenario *sc = load_one(a, path, N_("Scenario"));
    if (!sc) {
        a->paused = false;
        app_goto(a, SCREEN_ERRORS);
        return;
    }
    char *saved = a->run ? run_save(a->run, NULL) : NULL;
    DiagList *dl = diag_list_new();
    Run *r = saved ? run_restore(sc, saved, strlen(saved), NULL, dl) : NULL;
    free(saved);
    if (!r) {
        r = run_new_seeded(sc, a->run ? run_seed(a->run) : 0);
    }
    char now[16];
    time_t t = time(NULL);
    struct tm tm;
    strftime(now, sizeof now, "%H:%M:%S", localtime_r(&t, &tm));
    app_set_status(a, false, _("Loaded %s at %s%s%s"), path, now, diag_count(dl) ? ": " : "",
                   diag_count(dl) ? diag_at(dl, 0)->msg : "");
    diag_list_free(dl);
    clear_attempt(a);
    scenario_free(a->owned_sc);
    a->owned_sc = sc;
    a->sc = sc;
    a->run = r;
    snprintf(a->trainee, sizeof a->trainee, "%s", _("Author"));
    AppScreen keep = a->screen == SCREEN_DEBRIEF ? SCREEN_DEBRIEF : SCREEN_PLAY;
    int focus = a->ui.focus;
    app_goto(a, keep);
    a->ui.focus = focus;
}

static void author_poll(App *a)
{
    long long m = file_mtime(a->opt.author_file);
    if (m != a->author_mtime) {
        app_author_reload(a);
    }
}

/* ---- setup ------------------------------------------------------------ */

static bool want_software(const AppOptions *opt)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    return opt->software || opt->headless ||
           (drv && (strcmp(drv, "dummy") == 0 || strcmp(drv, "offscreen") == 0));
}

static bool open_fonts(App *a)
{
    char err[400] = "";
    if (a->assets_dir) {
        size_t n = strlen(a->assets_dir) + 40;
        char *reg = malloc(n), *bold = malloc(n);
        if (!reg || !bold) {
            abort();
        }
        snprintf(reg, n, "%sfonts/DejaVuSans.ttf", a->assets_dir);
        snprintf(bold, n, "%sfonts/DejaVuSans-Bold.ttf", a->assets_dir);
        a->text = text_new(a->ren, reg, bold, err, sizeof err);
        free(reg);
        free(bold);
    } else {
        snprintf(err, sizeof err, "the assets folder (assets/fonts/DejaVuSans.ttf) was not found");
    }
    if (!a->text) {
        char *sys = assets_system_font();
        char err2[400] = "";
        if (sys) {
            a->text = text_new(a->ren, sys, NULL, err2, sizeof err2);
        }
        free(sys);
        if (!a->text) {
            fprintf(stderr,
                    "beneath: cannot load a font: %s\n"
                    "beneath: reinstall the game or set BENEATH_ASSETS_DIR to its assets folder\n",
                    err);
            if (!a->opt.headless) {
                SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "Beneath the Surface",
                                         "The game's font could not be loaded. Reinstall the "
                                         "game or set BENEATH_ASSETS_DIR.",
                                         NULL);
            }
            return false;
        }
        app_set_status(a, true, _("Using the system font: %s"), err);
    }
    return true;
}

static bool open_window(App *a)
{
    bool soft = want_software(&a->opt);
    if (soft) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (a->opt.kiosk) {
        /* closing the window (Alt+F4) must not end the game; a shutdown's
         * SIGTERM still arrives as SDL_QUIT */
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
        SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "beneath: cannot start SDL video: %s\n", SDL_GetError());
        return false;
    }
    /* With no display SDL may fall back to a driver nobody can see: say so
     * instead of waiting for input that can never come. */
    const char *drv = SDL_GetCurrentVideoDriver();
    bool invisible = drv && (strcmp(drv, "dummy") == 0 || strcmp(drv, "offscreen") == 0);
    if (invisible && !a->opt.headless && !getenv("SDL_VIDEODRIVER")) {
        fprintf(stderr,
                "beneath: no display found (SDL chose the \"%s\" video driver).\n"
                "beneath: run it in a desktop session, or under Xvfb (xvfb-run "
                "tools/run), or use --screenshot / beneath-play without a display\n",
                drv);
        return false;
    }
    int w = a->opt.width ? a->opt.width : a->settings.window_w ? a->settings.window_w : 1280;
    int h = a->opt.height ? a->opt.height : a->settings.window_h ? a->settings.window_h : 720;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (a->opt.headless) {
        flags |= SDL_WINDOW_HIDDEN;
    } else if (a->settings.fullscreen || a->opt.kiosk) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    int pos = SDL_WINDOWPOS_CENTERED;
    SDL_DisplayMode dm;
    if (a->opt.kiosk && !a->opt.headless && SDL_GetDesktopDisplayMode(0, &dm) == 0) {
        /* a kiosk session may have no window manager to make the window full
         * screen: cover the screen with a borderless window of its own size */
        w = dm.w;
        h = dm.h;
        pos = 0;
        flags |= SDL_WINDOW_BORDERLESS;
    }
    if (a->settings.fullscreen && !a->opt.kiosk && !a->opt.headless &&
        SDL_GetDesktopDisplayMode(0, &dm) == 0) {
        /* without a window manager nothing makes the window full screen, yet
         * SDL then reports the desktop's size and the layout is cropped: open
         * it at the desktop's size and place, which is full screen either way */
        w = dm.w;
        h = dm.h;
        pos = 0;
    }
    a->win = SDL_CreateWindow("Beneath the Surface", pos, pos, w, h, flags);
    if (!a->win) {
        fprintf(stderr, "beneath: cannot open a window: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(a->win, 800, 600);
    if (a->opt.kiosk && !a->opt.headless) {
        SDL_SetWindowKeyboardGrab(a->win, SDL_TRUE); /* desktop shortcuts come to the game */
    }
    a->ren =
        SDL_CreateRenderer(a->win, -1, soft ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED);
    if (!a->ren) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!a->ren) {
        fprintf(stderr, "beneath: cannot create a renderer: %s\n", SDL_GetError());
        return false;
    }
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    return true;
}

/* With a learning record store configured, finished attempts queue their
 * xAPI statements with their result, and a background thread sends them. */
static void start_lrs(App *a)
{
    if (!lrs_is_configured(&a->settings)) {
        return;
    }
    LrsConfig cfg;
    char err[400];
    if (!lrs_config_load(&cfg, &a->settings, err, sizeof err)) {
        app_set_status(a, true, _("Results are not sent to the learning record store: %s"), err);
        return;
    }
    records_set_outbox(a->db, true, cfg.homepage);
    a->lrs = lrs_sender_start(records_path(a->db), &cfg);
    lrs_config_fini(&cfg);
}

/* Opens the records database (and imports the old JSON files once); any
 * problem is shown on screen, and the game goes on without recording only
 * if the database cannot be opened at all. */
static void open_records(App *a)
{
    if (a->opt.no_save) {
        return;
    }
    char *path = a->opt.records ? xstrdup_local(a->opt.records)
                                : records_default_path(a->settings.records_path);
    char notice[1200] = "", err[600] = "";
    a->db = records_open(path, notice, sizeof notice, err, sizeof err);
    free(path);
    if (!a->db) {
        app_set_status(a, true, _("Progress is NOT being saved: %s"), err);
        return;
    }
    if (notice[0]) {
        app_set_status(a, true, "%s", notice);
    }
    char imported[1200] = "";
    bool warns = false;
    if (!records_import_legacy(a->db, a->data_dir, now_ms(), imported, sizeof imported, &warns, err,
                               sizeof err)) {
        app_set_status(a, true, _("The old saves and records were not imported: %s"), err);
    } else if (imported[0] && !notice[0]) {
        app_set_status(a, warns, "%s", imported);
    }
    start_lrs(a);
}

/* Turns the kiosk on if the settings ask for it and checks what it forbids. */
static bool kiosk_setup(App *a)
{
    a->opt.kiosk = a->opt.kiosk || a->settings.kiosk;
    if (!a->opt.kiosk) {
        return true;
    }
    if (a->opt.author_file) {
        fprintf(stderr, "beneath: author mode is not available in kiosk mode (--kiosk or the "
                        "\"kiosk\" setting)\n");
        return false;
    }
    char err[SETTINGS_PATH_MAX + 160];
    if (a->settings.lrs_auth_file[0] &&
        !settings_check_secret_file(a->settings.lrs_auth_file, err, sizeof err)) {
        fprintf(stderr, "beneath: LRS credentials: %s\n", err);
    }
    return true;
}

bool app_init(App *a, const AppOptions *opt)
{
    memset(a, 0, sizeof *a);
    a->opt = *opt;
    a->config_path = assets_config_path();
    a->data_dir = assets_data_dir();
    a->assets_dir = assets_find_dir();
    a->scenarios_dir = assets_find_scenarios_dir();
    char err[400];
    bool settings_bad = false;
    if (opt->no_save) {
        settings_defaults(&a->settings);
    } else {
        /* a problem is told once the trainee's language is known (below) */
        settings_bad = !settings_load_all(a->config_path, &a->settings, err, sizeof err);
    }
    a->loaded_settings = a->settings;
    if (!kiosk_setup(a)) {
        return false;
    }
    if (!open_window(a) || !open_fonts(a)) {
        return false;
    }
    a->ui.ren = a->ren;
    a->ui.text = a->text;
    a->ui.check_hidden = a->opt.headless; /* --check-layout, --screenshot */
    /* the software renderer draws into the window's own pixels, which stay
     * between presents: a frame then only redraws what changed */
    a->ui.retained = text_renderer_is_software(a->ren);
    theme_init(&a->ui.th, a->settings.high_contrast);
    a->ui.region = UI_NO_REGION;
    snprintf(a->ui.context, sizeof a->ui.context, "screen");
    snprintf(a->name, sizeof a->name, "%s",
             opt->trainee   ? opt->trainee
             : a->opt.kiosk ? ""
                            : a->settings.trainee);
    a->signed_in = a->opt.kiosk && a->name[0];
    a->last_input_ms = app_now_ms();
    /* the interface's words in the trainee's language (assets/locale/LANG.po) */
    if (a->assets_dir) {
        char lang[40], dir[1024];
        snprintf(dir, sizeof dir, "%slocale", a->assets_dir);
        i18n_load(dir,
                  translate_pick_language(opt->language, a->settings.language, lang, sizeof lang));
    }
    if (settings_bad) { /* read again for the message in the trainee's language */
        Settings again;
        settings_load_all(a->config_path, &again, err, sizeof err);
        app_set_status(a, true, "%s", err);
    }
    a->voice = voice_new();
    if (a->settings.self_voicing && !opt->headless) {
        char why[300];
        if (!voice_set_on(a->voice, true, why, sizeof why)) {
            app_set_status(a, true, _("Reading aloud is not available: %s"), why);
        }
    }
    if (opt->author_file) {
        app_author_reload(a);
        return true;
    }
    open_records(a);
    if (opt->review) {
        return app_review_open(a, opt->review);
    }
    load_entries(a);
    app_refresh_saves(a);
    if (opt->scenario_file) {
        Scenario *sc = load_one(a, opt->scenario_file, N_("Scenario"));
        if (!sc) {
            app_goto(a, SCREEN_ERRORS);
            return !opt->headless;
        }
        a->owned_sc = sc;
        const char *who = opt->trainee ? opt->trainee : a->name;
        /* a player is briefed first; scripted and headless runs go straight in */
        bool brief = !opt->headless && !opt->choices && !opt->bench_frames;
        if (brief ? !app_brief(a, sc, who) : !app_start(a, sc, who)) {
            /* a name the records refuse: headless runs stop, the game asks */
            app_goto(a, SCREEN_TITLE);
            return !opt->headless;
        }
    } else {
        app_goto(a, SCREEN_TITLE);
    }
    return true;
}

void app_free(App *a)
{
    clear_attempt(a);
    run_free(a->review_full);
    scenario_free(a->owned_sc);
    for (size_t i = 0; i < a->n_entries; i++) {
        scenario_free(a->entries[i].sc);
        diag_list_free(a->entries[i].diags);
        free(a->entries[i].path);
    }
    free(a->entries);
    records_unfinished_free(a->saves, a->n_saves);
    /* a run without a window ends at once: give the sender a moment */
    lrs_sender_stop(a->lrs, a->opt.headless ? 3000 : 500);
    records_close(a->db);
    free(a->course_title);
    diag_list_free(a->errors);
    voice_free(a->voice);
    i18n_unload();
    text_free(a->text);
    free(a->pic_path);
    if (a->pic) {
        SDL_DestroyTexture(a->pic);
    }
    plan_view_fini(&a->plan_view);
    ui_free(&a->ui);
    if (a->ren) {
        SDL_DestroyRenderer(a->ren);
    }
    if (a->win) {
        SDL_DestroyWindow(a->win);
    }
    free(a->assets_dir);
    free(a->scenarios_dir);
    free(a->data_dir);
    free(a->config_path);
    if (TTF_WasInit()) {
        TTF_Quit();
    }
    SDL_Quit();
}

/* ---- drawing ---------------------------------------------------------- */

int app_draw_header(App *a, const char *left, const char *right)
{
    Ui *ui = &a->ui;
    int lh = text_line_height(a->text, FONT_BOLD);
    int h = lh + ui->pad;
    SDL_Rect bar = {0, 0, ui->w, h};
    ui_fill(ui, bar, ui->th.panel);
    SDL_Rect line = {0, h - ui->edge, ui->w, ui->edge};
    ui_fill(ui, line, ui->th.panel_edge);
    int rw = 0;
    if (right && *right) {
        const TextBlock *rb = text_get_line(a->text, FONT_BODY, right, ui->w / 2);
        rw = rb->w + ui->pad;
        ui_blit(ui, rb, ui->w - ui->pad - rb->w, (h - rb->h) / 2, ui->w / 2, ui->th.muted);
    }
    ui_line(ui, FONT_BOLD, ui->th.text, left, ui->pad, (h - lh) / 2, ui->w - 2 * ui->pad - rw);
    if (a->status[0]) {
        int sw = ui->w - 2 * ui->pad;
        int sh = ui_para_height(ui, FONT_SMALL, a->status, sw) + ui->gap;
        SDL_Rect sb = {0, h, ui->w, sh};
        ui_fill(ui, sb, a->status_error ? ui->th.pressure_bg : ui->th.panel);
        ui_para(ui, FONT_SMALL, a->status_error ? ui->th.warn : ui->th.muted, a->status, ui->pad,
                h + ui->gap / 2, sw);
        h += sh;
    }
    return h;
}

int app_draw_footer(App *a, const char *hints)
{
    Ui *ui = &a->ui;
    int lh = text_line_height(a->text, FONT_SMALL);
    int h = lh + ui->gap;
    SDL_Rect bar = {0, ui->h - h, ui->w, h};
    ui_fill(ui, bar, ui->th.panel);
    ui_line(ui, FONT_SMALL, ui->th.muted, hints, ui->pad, ui->h - h + ui->gap / 2,
            ui->w - 2 * ui->pad);
    return h;
}

static void update_mouse_scale(App *a)
{
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(a->win, &ww, &wh);
    SDL_GetRendererOutputSize(a->ren, &ow, &oh);
    a->ui.mouse_scale = ww > 0 ? (float)ow / (float)ww : 1.0f;
}

static void draw_once(App *a)
{
    ui_begin(&a->ui, app_body_px(a));
    a->no_default_focus = false;
    screen_get(a->screen)->draw(a);
    const ScreenOps *over = screen_overlay(a);
    if (over) {
        a->ui.n_widgets = 0; /* an overlay is modal */
        a->no_default_focus = false;
        over->draw(a);
    }
}

bool app_render(App *a)
{
    for (int pass = 0; pass < 3; pass++) {
        draw_once(a);
        Ui *ui = &a->ui;
        bool gone = ui->focus != 0 && !ui_widget_exists(ui, ui->focus);
        if ((gone || (ui->focus == 0 && !a->no_default_focus)) && ui->n_widgets > 0) {
            ui->focus = ui->widgets[0].id;
            continue;
        }
        if (a->ensure_focus && ui_ensure_visible(ui, ui->focus)) {
            continue;
        }
        if (a->redraw) {
            a->redraw = false;
            continue;
        }
        break;
    }
    a->ensure_focus = false;
    return ui_flush(&a->ui);
}

double app_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void app_draw(App *a)
{
    update_mouse_scale(a);
    if (!app_render(a)) {
        return; /* nothing changed: the window already shows this frame */
    }
    if (a->ui.n_damage > 0) {
        /* the software renderer draws into the window's surface: send the
         * server only the parts that changed (SDL_RenderPresent sends all) */
        SDL_RenderFlush(a->ren);
        SDL_UpdateWindowSurfaceRects(a->win, a->ui.damage, a->ui.n_damage);
    } else {
        SDL_RenderPresent(a->ren);
    }
    speech_after_draw(a);
    if (a->frames++ == 0 && getenv("BENEATH_TIMING")) {
        fprintf(stderr, "first frame ms: %.1f\n", app_now_ms() - a->opt.t0_ms);
    }
}

/* ---- events ----------------------------------------------------------- */

void app_mark_changed(App *a)
{
    Uint32 now = SDL_WasInit(SDL_INIT_TIMER | SDL_INIT_VIDEO) ? SDL_GetTicks() : 0;
    /* an event stamped later than the clock (a test's synthetic events) counts */
    guard_changed(&a->guard, (Sint32)(a->event_ms - now) > 0 ? a->event_ms : now);
}

bool app_key_ok(const App *a, const SDL_KeyboardEvent *k)
{
    return guard_key_ok(&a->guard, k->timestamp, k->repeat != 0);
}

static void activate(App *a, int id)
{
    const ScreenOps *over = screen_overlay(a);
    (over ? over : screen_get(a->screen))->activate(a, id);
}

static bool screen_key(App *a, const SDL_KeyboardEvent *k)
{
    const ScreenOps *ops = screen_overlay(a);
    if (!ops && a->review_full && (a->screen == SCREEN_PLAY || a->screen == SCREEN_DEBRIEF) &&
        review_key(a, k)) {
        return true;
    }
    ops = ops ? ops : screen_get(a->screen);
    return ops->key && ops->key(a, k);
}

static void scroll_main(App *a, int dy)
{
    ui_region_scroll(&a->ui, 0, dy);
    a->dirty = true;
}

static void handle_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    int page = a->ui.regions[0].box.h * 4 / 5;
    if ((key == SDLK_F11 || (key == SDLK_RETURN && (k->keysym.mod & KMOD_ALT))) && !a->opt.kiosk) {
        app_set_fullscreen(a, !a->settings.fullscreen);
        return;
    }
    /* V reads the screen aloud, where no text is being typed */
    if (key == SDLK_v && !(k->keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) && !a->paused &&
        !a->note_editing && (a->screen == SCREEN_PLAY || a->screen == SCREEN_DEBRIEF)) {
        speech_toggle(a);
        a->dirty = true;
        return;
    }
    if (key == SDLK_F5 && a->opt.author_file) {
        app_author_reload(a);
        return;
    }
    if (key == SDLK_ESCAPE && review_escape(a)) {
        return;
    }
    if ((key == SDLK_F1 || (key == SDLK_ESCAPE && a->show_reference)) && !a->paused &&
        a->screen == SCREEN_PLAY && !k->repeat) {
        a->show_reference = key == SDLK_F1 ? !a->show_reference : false;
        a->ui.focus = 0;
        app_mark_changed(a);
        a->dirty = true;
        return;
    }
    if (key == SDLK_ESCAPE && a->confirm_restart) {
        a->confirm_restart = false; /* Esc answers "no" */
        a->ui.focus = 0;
        app_mark_changed(a);
        a->dirty = true;
        return;
    }
    if (key == SDLK_ESCAPE) {
        if (k->repeat) {
            return;
        }
        a->paused = !a->paused;
        a->ui.focus = 0;
        app_mark_changed(a);
        a->dirty = true;
        return;
    }
    if (screen_key(a, k)) {
        a->dirty = true;
        return;
    }
    switch (key) {
    case SDLK_UP:
    case SDLK_DOWN:
    case SDLK_TAB:
        ui_focus_move(&a->ui, key == SDLK_UP || (k->keysym.mod & KMOD_SHIFT) ? -1 : 1);
        a->ensure_focus = true;
        a->dirty = true;
        break;
    case SDLK_PAGEUP:
        scroll_main(a, -page);
        break;
    case SDLK_PAGEDOWN:
        scroll_main(a, page);
        break;
    case SDLK_HOME:
        scroll_main(a, -1000000);
        break;
    case SDLK_END:
        scroll_main(a, 1000000);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        /* the focused widget, never the one under the pointer; not a held
         * key, nor one pressed as the screen changed */
        if (a->ui.focus && app_key_ok(a, k)) {
            activate(a, a->ui.focus);
        }
        a->dirty = true;
        break;
    default:
        break;
    }
}

void app_handle_event(App *a, const SDL_Event *ev)
{
    Ui *ui = &a->ui;
    a->event_ms = ev->common.timestamp;
    switch (ev->type) {
    case SDL_QUIT:
        a->quit = true;
        a->system_quit = true;
        break;
    case SDL_WINDOWEVENT: {
        int cw = 0, ch = 0;
        SDL_GetWindowSize(a->win, &cw, &ch);
        /* a size from before the last change (leaving full screen) is stale */
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && !a->settings.fullscreen &&
            !a->opt.headless && ev->window.data1 == cw && ev->window.data2 == ch) {
            a->settings.window_w = ev->window.data1;
            a->settings.window_h = ev->window.data2;
        }
        a->dirty = true;
        ui_invalidate(&a->ui); /* exposed, resized, shown: draw every pixel */
        break;
    }
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        plan_view_fini(&a->plan_view); /* a target texture's pixels are lost */
        a->dirty = true;
        ui_invalidate(&a->ui);
        break;
    case SDL_KEYDOWN:
        handle_key(a, &ev->key);
        break;
    case SDL_TEXTINPUT:
        if (screen_overlay(a)) {
            break; /* the menu and the card take no text */
        }
        if (a->note_editing) {
            review_text_input(a, ev->text.text);
        } else if (screen_get(a->screen)->text_input) {
            screen_get(a->screen)->text_input(a, ev->text.text);
        }
        break;
    case SDL_MOUSEMOTION: {
        /* the pointer highlights; only a click or the keys move the focus */
        int id = ui_hit(ui, ev->motion.x, ev->motion.y);
        if (id != ui->hover) {
            ui->hover = id;
            a->dirty = true;
        }
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button == SDL_BUTTON_LEFT) {
            guard_press(&a->guard, ui_hit(ui, ev->button.x, ev->button.y), ev->button.timestamp,
                        ev->button.clicks);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button == SDL_BUTTON_LEFT) {
            int id = guard_release(&a->guard, ui_hit(ui, ev->button.x, ev->button.y));
            if (id) {
                ui->focus = id;
                activate(a, id);
                a->dirty = true;
            }
        }
        break;
    case SDL_MOUSEWHEEL: {
        int mx = 0, my = 0;
#if SDL_VERSION_ATLEAST(2, 26, 0)
        /* where the pointer was when the wheel turned (a synthetic event,
         * as the tests send, carries it too) */
        mx = ev->wheel.mouseX;
        my = ev->wheel.mouseY;
#else
        SDL_GetMouseState(&mx, &my);
#endif
        int rg = ui_region_at(ui, mx, my);
        if (rg != UI_NO_REGION) {
            ui_region_scroll(ui, rg, -ev->wheel.y * text_line_height(a->text, FONT_BODY) * 3);
            ui->hover = 0; /* the widgets moved under the pointer */
            a->dirty = true;
        }
        break;
    }
    default:
        break;
    }
}

int app_main_loop(App *a)
{
    bool settings_dirty = false;
    a->dirty = true;
    SDL_StartTextInput();
    while (!a->quit) {
        if (a->dirty) {
            app_draw(a);
            a->dirty = false;
        }
        SDL_Event ev;
        int got = a->opt.author_file ? SDL_WaitEventTimeout(&ev, 500)
                  : a->opt.kiosk     ? SDL_WaitEventTimeout(&ev, 5000)
                                     : SDL_WaitEvent(&ev);
        if (a->opt.author_file) {
            author_poll(a);
        }
        kiosk_idle_check(a);
        if (!got) {
            continue;
        }
        do {
            if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                settings_dirty = true;
            }
            if (ev.type == SDL_KEYDOWN || ev.type == SDL_MOUSEBUTTONDOWN ||
                ev.type == SDL_MOUSEWHEEL || ev.type == SDL_TEXTINPUT) {
                a->last_input_ms = app_now_ms();
            }
            app_handle_event(a, &ev);
        } while (!a->quit && SDL_PollEvent(&ev));
        if (a->opt.kiosk && a->quit && !a->system_quit) {
            /* no way out to the desktop: a Quit button signs out instead */
            a->quit = false;
            app_sign_out(a, _("You are signed out."));
        }
    }
    if (settings_dirty) {
        app_save_settings(a);
    }
    return 0;
}
