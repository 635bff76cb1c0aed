/* review.c: the after-action review (beneath --review ATTEMPT): a recorded
 * attempt replayed through the engine, one moment at a time. The play
 * screen shows the scene as the trainee saw it at step k, read-only, with
 * what they did next; past the last step the debrief shows the whole
 * timeline (revealed, passed by, acted on). The instructor can add a note
 * to the moment on screen ('N', type, Enter); notes go to the records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "digest.h"
#include "files.h"
#include "i18n.h"

static long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct NoteText {
    long long seq;
    char buf[600];
    size_t len;
} NoteText;

static bool collect_note(const RecordsNoteRow *n, void *ctx)
{
    NoteText *t = ctx;
    if (n->seq == t->seq && t->len + 4 < sizeof t->buf) {
        int w = snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s%s%s%s", t->len ? " / " : "",
                         *n->author ? n->author : "", *n->author ? ": " : "", n->text);
        t->len = w > 0 ? t->len + (size_t)w : t->len;
        t->len = t->len < sizeof t->buf ? t->len : sizeof t->buf - 1;
    }
    return true;
}

/* The trainee action that follows step k (its label), or NULL at the end. */
static const char *next_action(const App *a, size_t k, const char **verb)
{
    size_t n;
    const Action *h = run_history(a->review_full, &n);
    const Scenario *sc = run_scenario(a->review_full);
    for (size_t i = 0, done = 0; i < n; i++) {
        if (h[i].kind == ACTION_EVENT) {
            continue;
        }
        if (done++ == k) {
            const Node *nd = &sc->nodes[h[i].node];
            *verb = h[i].kind == ACTION_CHOICE ? _("Next the trainee chose \"%s\".")
                                               : _("Next the trainee looked closer at \"%s\".");
            return h[i].kind == ACTION_CHOICE    ? nd->choices[h[i].index].label
                   : h[i].kind == ACTION_EXAMINE ? nd->details[h[i].index].label
                                                 : _("(a jump)");
        }
    }
    return NULL;
}

/* The banner: where we are, what came next, the notes on this moment. */
static void review_status(App *a)
{
    size_t total = run_n_actions(a->review_full);
    NoteText notes = {(long long)a->review_step, "", 0};
    records_each_note(a->db, a->review_attempt, collect_note, &notes, NULL, 0);
    const char *verb = "", *next = next_action(a, a->review_step, &verb);
    char what[400];
    if (next) {
        snprintf(what, sizeof what, verb, next);
    } else {
        snprintf(what, sizeof what, "%s", _("The end of the attempt."));
    }
    app_set_status(a, false, _("Step %zu of %zu. %s%s%s  (← → step, N note)"), a->review_step,
                   total, what, notes.len ? _(" Notes: ") : "", notes.buf);
}

void review_goto(App *a, size_t step)
{
    size_t total = run_n_actions(a->review_full);
    step = step > total ? total : step;
    a->review_step = step;
    app_forget_views(a);
    run_free(a->run);
    a->run = run_rewind(a->review_full, total - step);
    a->seen_actions = 0;
    optlist_reset(&a->optlist);
    app_goto(a, step == total && run_status(a->run) != RUN_PLAYING ? SCREEN_DEBRIEF : SCREEN_PLAY);
    review_status(a);
}

typedef struct Found {
    char file[1024], who[RECORDS_NAME_MAX_BYTES], hash[80];
    bool any;
} Found;

static bool find_row(const RecordsRow *row, void *ctx)
{
    Found *f = ctx;
    snprintf(f->file, sizeof f->file, "%s", row->scenario_file);
    snprintf(f->who, sizeof f->who, "%s", *row->who ? row->who : _("classroom"));
    snprintf(f->hash, sizeof f->hash, "%s", row->scenario_hash);
    f->any = true;
    return false;
}

bool app_review_open(App *a, long long id)
{
    if (!a->db) {
        app_set_status(a, true, "%s", _("The review needs the records database."));
        return false;
    }
    Found f = {"", "", "", false};
    RecordsFilter filter = {0};
    filter.id = id;
    records_each_attempt(a->db, &filter, find_row, &f, NULL, 0);
    filter.classroom = true;
    if (!f.any) {
        records_each_attempt(a->db, &filter, find_row, &f, NULL, 0);
    }
    if (!f.any) {
        app_set_status(a, true, _("There is no attempt %lld in %s."), id, records_path(a->db));
        return false;
    }
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(f.file, dl);
    Run *full = sc ? records_attempt_replay(a->db, id, sc, dl) : NULL;
    char err[800];
    snprintf(err, sizeof err, "%s", diag_count(dl) ? diag_at(dl, 0)->msg : "");
    diag_list_free(dl);
    if (!full) {
        app_set_status(a, true, _("Attempt %lld cannot be replayed: %s %s"), id, f.file, err);
        scenario_free(sc);
        return false;
    }
    size_t len = 0;
    char *text = file_read_all(f.file, &len, NULL), hash[65] = "";
    if (text) {
        digest_sha256_hex(text, len, hash);
    }
    free(text);
    if (!*err && strcmp(hash, f.hash) != 0) {
        snprintf(err, sizeof err,
                 _("The scenario file has changed since this attempt; the replay "
                   "may differ from what the trainee saw."));
    }
    scenario_free(a->owned_sc);
    a->owned_sc = a->sc = sc;
    a->review_full = full;
    a->review_attempt = id;
    snprintf(a->trainee, sizeof a->trainee, _("Review: %.*s"), RECORDS_NAME_MAX_BYTES - 10, f.who);
    review_goto(a, a->opt.review_step >= 0 ? (size_t)a->opt.review_step : 0);
    if (*err) {
        app_set_status(a, true, "%s", err);
    }
    return true;
}

void review_close(App *a)
{
    run_free(a->review_full);
    a->review_full = NULL;
    a->note_editing = false;
    a->status[0] = '\0';
    a->review_from_title = false;
}

/* Note typing: text goes to a->note until Enter (saves) or Esc. */
void review_text_input(App *a, const char *utf8)
{
    size_t n = strlen(a->note), m = strlen(utf8);
    if (a->note_editing && n + m < sizeof a->note) {
        memcpy(a->note + n, utf8, m + 1);
        app_set_status(a, false, _("Note for step %zu: %s|  (Enter save, Esc cancel)"),
                       a->review_step, a->note);
    }
}

static bool note_key(App *a, SDL_Keycode key)
{
    if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
        char err[400];
        a->note_editing = false;
        if (a->note[0] && !records_add_note(a->db, a->review_attempt, (long long)a->review_step,
                                            a->opt.trainee ? a->opt.trainee : "Instructor", a->note,
                                            wall_ms(), err, sizeof err)) {
            app_set_status(a, true, _("The note was not saved: %s"), err);
            return true;
        }
        review_status(a);
    } else if (key == SDLK_BACKSPACE) {
        size_t n = strlen(a->note);
        while (n > 0 && (a->note[n - 1] & 0xC0) == 0x80) {
            n--;
        }
        a->note[n > 0 ? n - 1 : 0] = '\0';
        review_text_input(a, "");
    }
    return true;
}

bool review_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if (a->note_editing) {
        return note_key(a, key);
    }
    if (key == SDLK_RIGHT || key == SDLK_PAGEDOWN || key == SDLK_LEFT || key == SDLK_PAGEUP) {
        bool fwd = key == SDLK_RIGHT || key == SDLK_PAGEDOWN;
        if (fwd && a->review_step < run_n_actions(a->review_full)) {
            review_goto(a, a->review_step + 1);
        } else if (!fwd && a->review_step > 0) {
            review_goto(a, a->review_step - 1);
        }
        return true;
    }
    if (key == SDLK_n) {
        a->note_editing = true;
        a->note[0] = '\0';
        review_text_input(a, "");
        return true;
    }
    /* choices and step-backs do nothing in a review */
    return (key >= SDLK_0 && key <= SDLK_9) || key == SDLK_BACKSPACE;
}

/* Esc while typing a note cancels the note, not the review. */
bool review_escape(App *a)
{
    if (!a->note_editing) {
        return false;
    }
    a->note_editing = false;
    review_status(a);
    return true;
}
