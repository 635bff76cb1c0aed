/* speech.c: what self-voicing says (voice.h does the speaking). When the
 * screen changes to a new scene, a debrief or the title, the whole screen
 * is read: the speaker and the scene's text, the choices and the things to
 * look closer at; the debrief's verdict, score and lessons. When only the
 * keyboard focus moves, the focused item is read. V turns it on and off on
 * the play and debrief screens (the Esc menu has it too); the setting
 * "self_voicing" keeps it. */
#include "speech.h"

#include <stdio.h>
#include <string.h>

#include "debrief.h"
#include "run.h"
#include "score.h"
#include "screen.h"
#include "strbuf.h"
#include "voice.h"

static const char *lang_of(const App *a)
{
    return a->sc && a->sc->language ? a->sc->language : "en";
}

/* Ends a spoken sentence: a full stop unless it has its own. */
static void sentence(StrBuf *b, const char *text)
{
    if (!text || !*text) {
        return;
    }
    size_t n = strlen(text);
    char last = text[n - 1];
    bool stop = last == '.' || last == '?' || last == '!' || last == ':';
    strbuf_printf(b, "%s%s\n", text, stop ? "" : ".");
}

static void play_text(const App *a, StrBuf *b)
{
    const Node *nd = run_node(a->run);
    if (nd->speaker) {
        sentence(b, nd->speaker);
    }
    sentence(b, run_text(a->run));
    if (run_status(a->run) != RUN_PLAYING) {
        return;
    }
    Option opts[128];
    size_t n = run_options(a->run, opts, sizeof opts / sizeof opts[0]);
    for (int kind = OPTION_CHOICE; kind <= OPTION_DETAIL; kind++) {
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            if ((int)opts[i].kind != kind) {
                continue;
            }
            if (first) {
                sentence(b, kind == OPTION_CHOICE ? "What do you do?" : "Look closer:");
                first = false;
            }
            sentence(b, opts[i].label);
        }
    }
}

/* Whether the score is on screen: in a classroom it waits for S. */
static bool score_shown(const App *a, bool revealed)
{
    return a->score && (!a->opt.classroom || revealed);
}

static void score_text(const App *a, StrBuf *b)
{
    strbuf_printf(b, "%d out of 100, %s.\n", a->score->total,
                  a->score->passed ? "passed" : "not passed");
}

/* The debrief lines on screen with 'shown' points and the score revealed
 * or not, leaving out those already on screen with 'had' points and
 * 'had_score' (pass had == 0, had_score false and 'all' for everything). */
static void debrief_lines(const App *a, StrBuf *b, size_t shown, bool revealed, size_t had,
                          bool had_score, bool all)
{
    if (score_shown(a, revealed) && (all || !score_shown(a, had_score))) {
        score_text(a, b);
    }
    for (size_t i = 0; a->debrief && i < a->debrief->n; i++) {
        if (a->debrief->lines[i].kind == DEBRIEF_BACKGROUND ||
            !debrief_line_visible(a, i, shown, revealed)) {
            continue;
        }
        if (all || !debrief_line_visible(a, i, had, had_score)) {
            sentence(b, a->debrief->lines[i].text);
        }
    }
}

/* The debrief as it is on screen: in a classroom only the points revealed
 * so far (N), and the score once revealed (S), so that reading aloud never
 * gives away what the class has not discussed yet. */
static void debrief_text(const App *a, StrBuf *b)
{
    debrief_lines(a, b, a->debrief_shown, a->score_revealed, 0, false, true);
}

char *speech_screen_text(const App *a)
{
    StrBuf b = {0};
    if (a->screen == SCREEN_PLAY && a->run) {
        play_text(a, &b);
    } else if (a->screen == SCREEN_DEBRIEF && a->run) {
        debrief_text(a, &b);
    } else if (a->screen == SCREEN_TITLE) {
        sentence(&b, "Beneath the Surface. Choose a call to start");
    }
    return strbuf_take(&b);
}

void speech_toggle(App *a)
{
    char err[300] = "";
    bool on = !voice_is_on(a->voice);
    if (!voice_set_on(a->voice, on, err, sizeof err)) {
        app_set_status(a, true, "Reading aloud is not available: %s", err);
        return;
    }
    a->settings.self_voicing = on;
    app_save_settings(a);
    a->spoken_screen[0] = '\0'; /* read the screen again */
    a->spoken_focus[0] = '\0';
    app_set_status(a, false, "Reading aloud %s (V)", on ? "on" : "off");
}

void speech_after_draw(App *a)
{
    if (!voice_is_on(a->voice)) {
        return;
    }
    char key[sizeof a->spoken_screen];
    snprintf(key, sizeof key, "%d/%zu/%zu/%d", (int)a->screen, a->run ? run_node_index(a->run) : 0,
             a->run ? run_n_actions(a->run) : 0, a->paused);
    const char *focus = a->ui.focus_text;
    bool same = strcmp(key, a->spoken_screen) == 0;
    if (same && a->screen == SCREEN_DEBRIEF && !a->paused &&
        (a->debrief_shown != a->spoken_points || a->score_revealed != a->spoken_score)) {
        /* classroom: N or S revealed more; read only what it added */
        StrBuf b = {0};
        debrief_lines(a, &b, a->debrief_shown, a->score_revealed, a->spoken_points, a->spoken_score,
                      false);
        a->spoken_points = a->debrief_shown;
        a->spoken_score = a->score_revealed;
        char *news = strbuf_take(&b);
        if (news && *news) {
            voice_say(a->voice, news, lang_of(a));
        }
        free(news);
        return;
    }
    if (!same) {
        snprintf(a->spoken_screen, sizeof a->spoken_screen, "%s", key);
        snprintf(a->spoken_focus, sizeof a->spoken_focus, "%s", focus);
        a->spoken_points = a->debrief_shown;
        a->spoken_score = a->score_revealed;
        if (a->paused) {
            voice_say(a->voice, "Menu.", "en");
            voice_add(a->voice, focus, lang_of(a));
            return;
        }
        char *text = speech_screen_text(a);
        voice_say(a->voice, text, lang_of(a));
        free(text);
    } else if (strcmp(focus, a->spoken_focus) != 0) {
        snprintf(a->spoken_focus, sizeof a->spoken_focus, "%s", focus);
        voice_say(a->voice, focus, lang_of(a));
    }
}

int speech_to_wav(const App *a, const char *path)
{
    char *text = speech_screen_text(a);
    char err[300] = "", voices[200] = "";
    double seconds = 0;
    bool ok =
        voice_to_wav(text, lang_of(a), path, &seconds, voices, sizeof voices, err, sizeof err);
    free(text);
    if (!ok) {
        fprintf(stderr, "beneath: cannot read aloud: %s\n", err);
        return 1;
    }
    printf("spoke %.1f s in voices %s: %s\n", seconds, voices, path);
    return 0;
}
