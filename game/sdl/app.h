/* app.h: the game's state shared by the screens, and the main loop.
 * The App owns the window, renderer, text cache, the loaded scenarios and the
 * current attempt. Screens only read engine state (run_*, score_*) and turn
 * input into the actions below; every action saves the attempt at once. */
#ifndef BENEATH_SDL_APP_H
#define BENEATH_SDL_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <SDL.h>

#include "course.h"
#include "diag.h"
#include "expr.h" /* run.h uses ExprEnv without including expr.h */
#include "inputguard.h"
#include "optlist.h"
#include "plan_view.h"
#include "records.h"
#include "run.h"
#include "scenario.h"
#include "score.h"
#include "settings.h"
#include "text.h"
#include "ui.h"

typedef enum AppScreen {
    SCREEN_TITLE,
    SCREEN_BRIEFING, /* the call's briefing, before the attempt begins */
    SCREEN_PLAY,
    SCREEN_DEBRIEF,
    SCREEN_ERRORS,
    SCREEN_COUNT
} AppScreen;

/* Command-line options (main.c fills them). */
typedef struct AppOptions {
    bool classroom;
    const char *author_file;
    const char *scenario_file;
    const char *choices; /* comma-separated ids or 1-based numbers */
    bool has_seed;       /* --seed given: the option order of every attempt */
    uint32_t seed;
    const char *trainee;
    const char *klass;      /* --class: the trainee's class or cohort */
    const char *records;    /* --records: the records database (default: records_default_path) */
    long long review;       /* --review: the attempt to review (0: none) */
    long long review_step;  /* --step: the moment to open the review at (-1: the start) */
    const char *screenshot; /* BMP path: render once, save, exit */
    const char *screen;     /* for --screenshot: title, play, debrief, pause */
    const char *speak_to;   /* WAV path: read the screen aloud into it, exit */
    const char *language;   /* --language: the trainee's language (translate.h) */
    int width, height;      /* 0 = settings or default */
    int bench_frames;       /* > 0: benchmark and exit */
    bool check_layout;      /* render every scene, report overflow, exit */
    bool software;          /* force the software renderer */
    bool headless;          /* hidden window: screenshot, check */
    bool save_attempts;     /* --save-attempts: save even in headless modes */
    bool no_save;           /* no records and no settings (tests, bench) */
    bool kiosk;             /* classroom kiosk (--kiosk or the "kiosk" setting) */
    double t0_ms;           /* process start on the monotonic clock */
} AppOptions;

/* A scenario offered on the title screen. */
typedef struct ScenarioEntry {
    char *path;
    Scenario *sc; /* NULL if it failed to load */
    DiagList *diags;
    size_t course_pos; /* place in the course (course.json), or COURSE_NONE */
    /* the signed-in trainee's finished graded attempts at it (records) */
    size_t attempts;
    int best; /* best score, when attempts > 0 */
    bool passed;
} ScenarioEntry;

/* One line of the after-action timeline. */
typedef enum TimelineKind { TL_ACTION, TL_REVEALED, TL_PASSED, TL_SKIPPED, TL_EVENT } TimelineKind;
typedef struct TimelineLine {
    TimelineKind kind;
    char *text;
} TimelineLine;

typedef struct App {
    AppOptions opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    Text *text;
    Ui ui;
    char *assets_dir, *scenarios_dir, *data_dir, *config_path;
    Records *db; /* NULL when nothing is recorded (no_save, author mode, or it cannot open) */
    struct LrsSender *lrs; /* sends finished attempts to the LRS, if one is configured */
    Settings settings;
    Settings loaded_settings; /* as read at start: a kiosk sign-out returns to them */
    char status[320];         /* banner: problems the user must know about */
    bool status_error;

    ScenarioEntry *entries; /* in course order, then scenarios not in the course */
    size_t n_entries;
    char *course_title;       /* the course's title, or NULL without a course file */
    RecordsUnfinished *saves; /* the Resume list: the signed-in trainee's, or classroom sessions */
    size_t n_saves;
    struct {
        long long id;
        char label[200];
        char note[64];
    } finished[3]; /* the signed-in trainee's latest finished attempts, to review */
    size_t n_finished;

    /* current attempt */
    Scenario *sc; /* borrowed from entries, or owned_sc */
    Scenario *owned_sc;
    Run *run;
    RecordsAttempt *att; /* the attempt being recorded, or NULL */
    char trainee[RECORDS_NAME_MAX_BYTES];
    bool recorded;
    size_t seen_actions;      /* history length when the play screen last laid out */
    OptList optlist;          /* the play screen's stable option numbers */
    unsigned long seen_visit; /* optlist visit key when the play screen last laid out */
    bool reveal_want;         /* scroll the newest "What you noticed" note into view */
    int reveal_y, reveal_h;   /* that note in the scene region (content px); y < 0: none */
    bool redraw;              /* the frame changed its own layout: draw it again */
    bool no_default_focus;    /* this frame's screen wants no widget focused until
                               * the player moves the focus (the play screen) */
    Score *score;
    struct Debrief *debrief; /* the lesson lines (core/debrief.h) */
    TimelineLine *timeline;
    size_t n_timeline;

    /* after-action review (review.c): a->run is review_full rewound */
    Run *review_full;
    bool review_from_title; /* "back to the title" ends the review instead of quitting */
    long long review_attempt;
    size_t review_step;
    bool note_editing;
    char note[400];

    /* the current scene's picture (Node.image), loaded once per path */
    char *pic_path;
    SDL_Texture *pic;
    int pic_w, pic_h;
    char pic_why[300];  /* why it cannot be shown, when pic is NULL */
    PlanView plan_view; /* the current scene's plan (Node.plan), drawn once per change */

    DiagList *errors; /* shown on the errors screen */
    char errors_title[256];

    AppScreen screen;
    Scenario *brief_sc; /* the briefing's scenario (borrowed like 'sc'); the attempt
                         * begins only with "Begin the call" */
    char brief_name[RECORDS_NAME_MAX_BYTES];
    bool paused;
    bool confirm_restart; /* the menu asks "restart?" before it does */
    bool show_reference;  /* the indicator reference card (F1) over the play screen */
    int pause_focus_return;
    bool show_indicators, show_prompt, score_revealed, show_overlay;
    size_t debrief_shown;              /* classroom: the debrief's points revealed so far (N) */
    size_t title_sel;                  /* selected scenario entry */
    char name[RECORDS_NAME_MAX_BYTES]; /* trainee field */
    long long author_mtime;
    bool dirty, ensure_focus, quit;
    bool system_quit;     /* SDL_QUIT came from a signal (shutdown), not a button */
    bool signed_in;       /* kiosk: a trainee has signed in on the title screen */
    double last_input_ms; /* kiosk: when the trainee last pressed or clicked */
    InputGuard guard;     /* no activation right after what is on screen changed */
    Uint32 event_ms;      /* timestamp of the event being handled (SDL ticks) */
    Uint32 frames;

    /* self-voicing (voice.h, speech.c): what was last read aloud */
    struct Voice *voice;
    char spoken_screen[96];
    char spoken_focus[300];
    size_t spoken_points; /* classroom debrief: points read so far (N adds one) */
    bool spoken_score;    /* classroom debrief: the score was read (S reveals it) */
} App;

/* Shared drawing: the top bar (returns its height) and the hint bar. */
int app_draw_header(App *a, const char *left, const char *right);
int app_draw_footer(App *a, const char *hints);
/* A scenario's difficulty ("introductory", "standard", "advanced") in the
 * interface's language; "" for NULL, an unknown value as it is. */
const char *app_difficulty_name(const char *difficulty);
/* Body text size in pixels for the current window and settings. */
int app_body_px(const App *a);

/* Actions. Each saves the attempt when it changes it. */
void app_goto(App *a, AppScreen s);
/* Opens the briefing of 'sc' for 'trainee' (false, with the reason in the
 * status, if the records refuse the name); app_begin then starts the attempt. */
bool app_brief(App *a, Scenario *sc, const char *trainee);
bool app_begin(App *a);
bool app_start(App *a, Scenario *sc, const char *trainee);
/* The attempt changed (rolled back, replaced): every screen forgets what it
 * computed from it (the debrief's timeline and score). */
void app_forget_views(App *a);
bool app_resume(App *a, size_t save_index);
void app_apply(App *a, const Option *opt);
void app_rollback(App *a);
void app_restart(App *a);
void app_to_title(App *a);
/* Kiosk: the name field's value becomes the signed-in trainee (false after
 * telling them why if it is empty); signing out forgets the name and the
 * session's display settings and returns to the sign-in screen. */
bool app_sign_in(App *a);
void app_sign_out(App *a, const char *why);
void app_set_status(App *a, bool error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void app_save_settings(App *a);
/* Re-reads the Resume list for the name now in the title's name field. */
void app_refresh_saves(App *a);
void app_set_fullscreen(App *a, bool on);
/* Author mode: reloads the scenario file, keeping the position if possible. */
void app_author_reload(App *a);

/* After-action review (review.c). app_review_open returns false after
 * printing why; the keys and text go to the review while it is open. */
bool app_review_open(App *a, long long id);
/* Leaves the review for the title screen. */
void review_close(App *a);
void review_goto(App *a, size_t step);
bool review_key(App *a, const SDL_KeyboardEvent *k);
void review_text_input(App *a, const char *utf8);
bool review_escape(App *a);

/* Input guard: app_mark_changed records that what is on screen changed
 * (new options, a new screen, the menu); app_key_ok says whether a key
 * event may activate something now (not held down, not too soon after). */
void app_mark_changed(App *a);
bool app_key_ok(const App *a, const SDL_KeyboardEvent *k);
/* Handles one SDL event as the main loop does (tests drive the game with
 * synthetic events through it). */
void app_handle_event(App *a, const SDL_Event *ev);

/* Lifecycle (app.c). app_init returns false after printing why. */
bool app_init(App *a, const AppOptions *opt);
int app_main_loop(App *a);
/* Lays out and draws the current screen (no present; see ui_flush: with the
 * software renderer only what changed is drawn). Returns true if anything
 * was drawn; app_draw then presents it. */
bool app_render(App *a);
void app_draw(App *a);
/* Monotonic clock in milliseconds. */
double app_now_ms(void);
void app_free(App *a);

#endif
