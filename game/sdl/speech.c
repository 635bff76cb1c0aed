/* speech.c: what self-voicing says (voice.h does the speaking). When the
 * screen changes to a new scene, a debrief or the title, the whole screen
 * is read: the speaker and the scene's text, the choices and the things to
 * look closer at; the debrief's verdict, score and lessons. When only the
 * keyboard focus moves, the focused item is read. V turns it on and off on
 * the play and debrief screens (the Esc menu has it too); the setting
 * "self_voicing" keeps it.
 *
 * Each part is said in the voice of its language: the scenario's words
 * (scene text, options, the epilogue) in the scenario's language, and the
 * game's own words ("What do you do?", the score, the debrief's sentences,
 * the menu) in the interface's (i18n.h), which can differ: an English
 * scenario played with a Spanish interface. */
#include "speech.h"

#include <stdio.h>
#include <string.h>

#include "debrief.h"
#include "i18n.h"
#include "run.h"
#include "score.h"
#include "screen.h"
#include "strbuf.h"
#include "voice.h"

static const char *lang_of(const App *a)
{
    return a->sc && a->sc->language ? a->sc->language : "en";
}

/* The interface's language: the game's own words are in it. */
static const char *ui_lang(void)
{
    return i18n_language();
}

/* ---- what is said, in parts of one language each --------------------------- */

#define SPEECH_PARTS 32

typedef struct Speech {
    StrBuf text[SPEECH_PARTS];
    const char *lang[SPEECH_PARTS];
    size_t n;
} Speech;

/* The part that text in lang goes into: the last one if it has the same
 * language (or there is no room for another), else a new one. */
static StrBuf *part_for(Speech *s, const char *lang)
{
    if (s->n && (strcmp(s->lang[s->n - 1], lang) == 0 || s->n == SPEECH_PARTS)) {
        return &s->text[s->n - 1];
    }
    s->lang[s->n] = lang;
    return &s->text[s->n++];
}

/* Adds text as it is (no full stop), in lang. */
static void say_raw(Speech *s, const char *lang, const char *text, size_t len)
{
    if (len) {
        strbuf_printf(part_for(s, lang), "%.*s", (int)len, text);
    }
}

/* Adds a spoken sentence in lang: a full stop unless it has its own. */
static void sentence(Speech *s, const char *lang, const char *text)
{
    if (!text || !*text) {
        return;
    }
    size_t n = strlen(text);
    char last = text[n - 1];
    bool stop = last == '.' || last == '?' || last == '!' || last == ':';
    strbuf_printf(part_for(s, lang), "%s%s\n", text, stop ? "" : ".");
}

static void speech_free(Speech *s)
{
    for (size_t i = 0; i < s->n; i++) {
        strbuf_free(&s->text[i]);
    }
    s->n = 0;
}

/* Says the parts: the first cutting off what was being said, the others
 * after it. */
static void speech_say(const App *a, Speech *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *text = strbuf_str(&s->text[i]);
        if (i == 0) {
            voice_say(a->voice, text, s->lang[i]);
        } else {
            voice_add(a->voice, text, s->lang[i]);
        }
    }
}

/* ---- the screens ------------------------------------------------------------ */

static void play_text(const App *a, Speech *s)
{
    const char *lang = lang_of(a);
    const Node *nd = run_node(a->run);
    if (nd->speaker) {
        sentence(s, lang, nd->speaker);
    }
    sentence(s, lang, run_text(a->run));
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
                sentence(s, ui_lang(),
                         kind == OPTION_CHOICE ? _("What do you do?") : _("Look closer:"));
                first = false;
            }
            sentence(s, lang, opts[i].label);
        }
    }
}

/* Whether the score is on screen: in a classroom it waits for S. */
static bool score_shown(const App *a, bool revealed)
{
    return a->score && (!a->opt.classroom || revealed);
}

static void score_text(const App *a, Speech *s)
{
    char line[160];
    snprintf(line, sizeof line,
             a->score->passed ? _("%d out of 100, passed.") : _("%d out of 100, not passed."),
             a->score->total);
    sentence(s, ui_lang(), line);
}

/* The debrief lines on screen with 'shown' points and the score revealed
 * or not, leaving out those already on screen with 'had' points and
 * 'had_score' (pass had == 0, had_score false and 'all' for everything).
 * The lines are the debrief's sentences (interface language) except the
 * epilogue, the scenario's own text. */
static void debrief_lines(const App *a, Speech *s, size_t shown, bool revealed, size_t had,
                          bool had_score, bool all)
{
    if (score_shown(a, revealed) && (all || !score_shown(a, had_score))) {
        score_text(a, s);
    }
    for (size_t i = 0; a->debrief && i < a->debrief->n; i++) {
        const DebriefLine *l = &a->debrief->lines[i];
        if (l->kind == DEBRIEF_BACKGROUND || !debrief_line_visible(a, i, shown, revealed)) {
            continue;
        }
        if (all || !debrief_line_visible(a, i, had, had_score)) {
            sentence(s, l->kind == DEBRIEF_NOTE ? lang_of(a) : ui_lang(), l->text);
        }
    }
}

/* The debrief as it is on screen: in a classroom only the points revealed
 * so far (N), and the score once revealed (S), so that reading aloud never
 * gives away what the class has not discussed yet. */
static void debrief_text(const App *a, Speech *s)
{
    debrief_lines(a, s, a->debrief_shown, a->score_revealed, 0, false, true);
}

static void screen_speech(const App *a, Speech *s)
{
    if (a->screen == SCREEN_PLAY && a->run) {
        play_text(a, s);
    } else if (a->screen == SCREEN_DEBRIEF && a->run) {
        debrief_text(a, s);
    } else if (a->screen == SCREEN_TITLE) {
        sentence(s, ui_lang(), _("Beneath the Surface. Choose a call to start"));
    }
}

/* The focused item: an option's label (or a scenario's title on the title
 * screen) in its own language, the rest around it (the number, "New", the
 * menu's buttons) in the interface's. */
static void focus_speech(const App *a, Speech *s, const char *focus)
{
    const char *found = NULL, *lang = NULL;
    size_t len = 0;
    if (!a->paused && a->screen == SCREEN_PLAY && a->run) {
        Option opts[128];
        size_t n = run_options(a->run, opts, sizeof opts / sizeof opts[0]);
        for (size_t i = 0; i < n; i++) {
            const char *at = opts[i].label ? strstr(focus, opts[i].label) : NULL;
            if (at && strlen(opts[i].label) > len) {
                found = at;
                len = strlen(opts[i].label);
                lang = lang_of(a);
            }
        }
    } else if (!a->paused && a->screen == SCREEN_TITLE) {
        for (size_t i = 0; i < a->n_entries; i++) {
            const Scenario *sc = a->entries[i].sc;
            const char *at = sc && sc->title ? strstr(focus, sc->title) : NULL;
            if (at && strlen(sc->title) > len) {
                found = at;
                len = strlen(sc->title);
                lang = sc->language ? sc->language : "en";
            }
        }
    }
    if (!found) {
        say_raw(s, ui_lang(), focus, strlen(focus));
        return;
    }
    say_raw(s, ui_lang(), focus, (size_t)(found - focus));
    say_raw(s, lang, found, len);
    say_raw(s, ui_lang(), found + len, strlen(found + len));
}

/* ---- reading aloud ---------------------------------------------------------- */

char *speech_screen_text(const App *a)
{
    Speech s = {0};
    screen_speech(a, &s);
    StrBuf all = {0};
    for (size_t i = 0; i < s.n; i++) {
        strbuf_printf(&all, "%s", strbuf_str(&s.text[i]));
    }
    speech_free(&s);
    return strbuf_take(&all);
}

void speech_toggle(App *a)
{
    char err[300] = "";
    bool on = !voice_is_on(a->voice);
    if (!voice_set_on(a->voice, on, err, sizeof err)) {
        app_set_status(a, true, _("Reading aloud is not available: %s"), err);
        return;
    }
    a->settings.self_voicing = on;
    app_save_settings(a);
    a->spoken_screen[0] = '\0'; /* read the screen again */
    a->spoken_focus[0] = '\0';
    app_set_status(a, false, "%s", on ? _("Reading aloud on (V)") : _("Reading aloud off (V)"));
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
    Speech s = {0};
    if (same && a->screen == SCREEN_DEBRIEF && !a->paused &&
        (a->debrief_shown != a->spoken_points || a->score_revealed != a->spoken_score)) {
        /* classroom: N or S revealed more; read only what it added */
        debrief_lines(a, &s, a->debrief_shown, a->score_revealed, a->spoken_points, a->spoken_score,
                      false);
        a->spoken_points = a->debrief_shown;
        a->spoken_score = a->score_revealed;
    } else if (!same) {
        snprintf(a->spoken_screen, sizeof a->spoken_screen, "%s", key);
        snprintf(a->spoken_focus, sizeof a->spoken_focus, "%s", focus);
        a->spoken_points = a->debrief_shown;
        a->spoken_score = a->score_revealed;
        if (a->paused) {
            sentence(&s, ui_lang(), _("Menu."));
            focus_speech(a, &s, focus);
        } else {
            screen_speech(a, &s);
        }
    } else if (strcmp(focus, a->spoken_focus) != 0) {
        snprintf(a->spoken_focus, sizeof a->spoken_focus, "%s", focus);
        focus_speech(a, &s, focus);
    }
    speech_say(a, &s);
    speech_free(&s);
}

int speech_to_wav(const App *a, const char *path)
{
    Speech s = {0};
    screen_speech(a, &s);
    VoicePart parts[SPEECH_PARTS];
    for (size_t i = 0; i < s.n; i++) {
        parts[i] = (VoicePart){strbuf_str(&s.text[i]), s.lang[i]};
    }
    char err[300] = "", voices[200] = "";
    double seconds = 0;
    bool ok = voice_to_wav(parts, s.n, path, &seconds, voices, sizeof voices, err, sizeof err);
    speech_free(&s);
    if (!ok) {
        fprintf(stderr, _("beneath: cannot read aloud: %s\n"), err);
        return 1;
    }
    printf("spoke %.1f s in voices %s: %s\n", seconds, voices, path);
    return 0;
}
