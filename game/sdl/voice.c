/* voice.c: self-voicing with espeak-ng (see voice.h). One worker thread owns
 * espeak-ng; the event loop only hands it texts. espeak-ng runs in its
 * synchronous mode and gives the samples to a callback, which queues them
 * on the SDL audio device (or, for voice_to_wav, appends them to a buffer);
 * the callback returns 1 to cut speech off when something newer is said. */
#include "voice.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <espeak-ng/espeak_ng.h>

#include "scripts.h"
#include "strbuf.h"

/* ---- which voice says which part -------------------------------------------- */

/* The language of a script's text when it is not the scenario's own. */
static const struct {
    const char *tag, *voice;
} SCRIPT_VOICES[] = {
    {"Arab", "ar"},  {"Hebr", "he"}, {"Deva", "hi"}, {"Beng", "bn"}, {"Guru", "pa"},
    {"Gujr", "gu"},  {"Taml", "ta"}, {"Telu", "te"}, {"Thai", "th"}, {"Mymr", "my"},
    {"Ethi", "am"},  {"Geor", "ka"}, {"Armn", "hy"}, {"Grek", "el"}, {"Cyrl", "ru"},
    {"Hani", "cmn"}, {"Hira", "ja"}, {"Kana", "ja"}, {"Hang", "ko"},
};

/* The voice for a script tag (NULL tag or Latin: the scenario's language). */
static const char *voice_for(const char *tag, const char *lang)
{
    if (tag) {
        for (size_t i = 0; i < sizeof SCRIPT_VOICES / sizeof SCRIPT_VOICES[0]; i++) {
            if (strcmp(SCRIPT_VOICES[i].tag, tag) == 0) {
                return SCRIPT_VOICES[i].voice;
            }
        }
    }
    return lang;
}

/* Length of the segment at s that one voice says: characters of scripts
 * with the same voice, and common characters (spaces, digits, punctuation)
 * between them. *voice gets the voice. */
static size_t segment(const char *s, size_t len, const char *lang, const char **voice)
{
    const char *cur = NULL;
    size_t i = 0, end = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = script_utf8_next(s + i, len - i, &cp);
        const ScriptInfo *si = script_of(cp);
        const char *tag = si ? si->tag : NULL;
        if (tag) {
            const char *v = voice_for(strcmp(tag, "Latn") == 0 ? NULL : tag, lang);
            if (cur && strcmp(cur, v) != 0) {
                break;
            }
            cur = v;
            end = i + n;
        } else if (!cur) {
            end = i + n;
        }
        i += n;
    }
    if (i >= len) {
        end = len;
    }
    *voice = cur ? cur : lang;
    return end ? end : len;
}

/* ---- espeak-ng ----------------------------------------------------------- */

typedef struct Sink {
    /* device playback */
    SDL_AudioDeviceID dev;
    SDL_atomic_t *cancel; /* set: cut the current speech off */
    /* WAV capture */
    int16_t *pcm;
    size_t n, cap;
} Sink;

static Sink *g_sink; /* the sink of the synthesis running now (one at a time) */

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    Sink *k = g_sink;
    if (!k) {
        return 1;
    }
    if (k->cancel && SDL_AtomicGet(k->cancel)) {
        return 1;
    }
    if (!wav || n <= 0) {
        return 0;
    }
    if (k->dev) {
        SDL_QueueAudio(k->dev, wav, (Uint32)n * sizeof(short));
    } else {
        if (k->n + (size_t)n > k->cap) {
            size_t cap = (k->n + (size_t)n) * 2;
            int16_t *p = realloc(k->pcm, cap * sizeof *p);
            if (!p) {
                return 1;
            }
            k->pcm = p;
            k->cap = cap;
        }
        memcpy(k->pcm + k->n, wav, (size_t)n * sizeof(short));
        k->n += (size_t)n;
    }
    return 0;
}

static bool espeak_start(char *err, size_t err_size)
{
    static bool started;
    if (started) {
        return true;
    }
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st != ENS_OK) {
        char msg[200] = "";
        espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
        snprintf(err, err_size, "cannot start espeak-ng: %s", msg);
        espeak_ng_ClearErrorContext(&ctx);
        return false;
    }
    st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    if (st != ENS_OK) {
        snprintf(err, err_size, "cannot start espeak-ng's output");
        return false;
    }
    espeak_SetSynthCallback(on_samples);
    espeak_ng_SetParameter(espeakRATE, 165, 0);
    started = true;
    return true;
}

/* Speaks text in lang into the sink; returns false if it was cut off. The
 * voices used are appended to voices (if not NULL). */
static bool speak(Sink *k, const char *text, const char *lang, char *voices, size_t voices_size)
{
    size_t len = strlen(text);
    char *part = malloc(len + 1);
    if (!part) {
        return false;
    }
    bool whole = true;
    g_sink = k;
    for (size_t at = 0; at < len;) {
        const char *v = NULL;
        size_t n = segment(text + at, len - at, lang ? lang : "en", &v);
        memcpy(part, text + at, n);
        part[n] = '\0';
        at += n;
        if (espeak_ng_SetVoiceByName(v) != ENS_OK) {
            espeak_ng_SetVoiceByName("en");
            v = "en";
        }
        if (voices && !strbuf_list_has(voices, v)) {
            size_t used = strlen(voices);
            snprintf(voices + used, voices_size - used, "%s%s", used ? "," : "", v);
        }
        espeak_ng_Synthesize(part, n + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
        if (k->cancel && SDL_AtomicGet(k->cancel)) {
            whole = false;
            break;
        }
    }
    g_sink = NULL;
    free(part);
    return whole;
}

/* ---- the worker ------------------------------------------------------------ */

typedef struct Utterance {
    char *text;
    char *lang;
    struct Utterance *next;
} Utterance;

struct Voice {
    bool on, started;
    SDL_AudioDeviceID dev;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    Utterance *head, *tail; /* waiting to be said */
    bool quit;
    SDL_atomic_t cancel;
};

static void queue_clear(Voice *v)
{
    while (v->head) {
        Utterance *u = v->head;
        v->head = u->next;
        free(u->text);
        free(u->lang);
        free(u);
    }
    v->tail = NULL;
}

static int worker(void *data)
{
    Voice *v = data;
    Sink k = {.dev = v->dev, .cancel = &v->cancel};
    SDL_LockMutex(v->lock);
    for (;;) {
        while (!v->head && !v->quit) {
            SDL_CondWait(v->wake, v->lock);
        }
        if (v->quit) {
            break;
        }
        Utterance *u = v->head;
        v->head = u->next;
        if (!v->head) {
            v->tail = NULL;
        }
        SDL_AtomicSet(&v->cancel, 0);
        SDL_UnlockMutex(v->lock);
        speak(&k, u->text, u->lang, NULL, 0);
        free(u->text);
        free(u->lang);
        free(u);
        SDL_LockMutex(v->lock);
    }
    SDL_UnlockMutex(v->lock);
    return 0;
}

Voice *voice_new(void)
{
    Voice *v = calloc(1, sizeof *v);
    if (!v) {
        abort();
    }
    return v;
}

static bool voice_start(Voice *v, char *err, size_t err_size)
{
    if (!espeak_start(err, err_size)) {
        return false;
    }
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(err, err_size, "cannot start audio: %s", SDL_GetError());
        return false;
    }
    SDL_AudioSpec want = {0}, have;
    want.freq = espeak_ng_GetSampleRate();
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    v->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!v->dev) {
        snprintf(err, err_size, "cannot open an audio device: %s", SDL_GetError());
        return false;
    }
    v->lock = SDL_CreateMutex();
    v->wake = SDL_CreateCond();
    v->thread = SDL_CreateThread(worker, "voice", v);
    if (!v->lock || !v->wake || !v->thread) {
        snprintf(err, err_size, "cannot start the speech thread: %s", SDL_GetError());
        return false;
    }
    SDL_PauseAudioDevice(v->dev, 0);
    v->started = true;
    return true;
}

bool voice_set_on(Voice *v, bool on, char *err, size_t err_size)
{
    if (on && !v->started && !voice_start(v, err, err_size)) {
        return false;
    }
    if (!on) {
        voice_hush(v);
    }
    v->on = on;
    return true;
}

bool voice_is_on(const Voice *v)
{
    return v && v->on;
}

static void enqueue(Voice *v, const char *text, const char *lang, bool cut)
{
    if (!v || !v->on || !v->started || !text || !*text) {
        return;
    }
    Utterance *u = calloc(1, sizeof *u);
    if (!u) {
        abort();
    }
    u->text = strdup(text);
    u->lang = strdup(lang ? lang : "en");
    if (!u->text || !u->lang) {
        abort();
    }
    SDL_LockMutex(v->lock);
    if (cut) {
        queue_clear(v);
        SDL_AtomicSet(&v->cancel, 1);
        SDL_ClearQueuedAudio(v->dev);
    }
    if (v->tail) {
        v->tail->next = u;
    } else {
        v->head = u;
    }
    v->tail = u;
    SDL_CondSignal(v->wake);
    SDL_UnlockMutex(v->lock);
}

void voice_say(Voice *v, const char *text, const char *lang)
{
    enqueue(v, text, lang, true);
}

void voice_add(Voice *v, const char *text, const char *lang)
{
    enqueue(v, text, lang, false);
}

void voice_hush(Voice *v)
{
    if (!v || !v->started) {
        return;
    }
    SDL_LockMutex(v->lock);
    queue_clear(v);
    SDL_AtomicSet(&v->cancel, 1);
    SDL_ClearQueuedAudio(v->dev);
    SDL_UnlockMutex(v->lock);
}

void voice_free(Voice *v)
{
    if (!v) {
        return;
    }
    if (v->started) {
        SDL_LockMutex(v->lock);
        v->quit = true;
        queue_clear(v);
        SDL_AtomicSet(&v->cancel, 1);
        SDL_CondSignal(v->wake);
        SDL_UnlockMutex(v->lock);
        SDL_WaitThread(v->thread, NULL);
        SDL_CloseAudioDevice(v->dev);
        SDL_DestroyCond(v->wake);
        SDL_DestroyMutex(v->lock);
        espeak_ng_Terminate();
    }
    free(v);
}

/* ---- WAV ------------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t x)
{
    p[0] = (unsigned char)x;
    p[1] = (unsigned char)(x >> 8);
    p[2] = (unsigned char)(x >> 16);
    p[3] = (unsigned char)(x >> 24);
}

static void put16(unsigned char *p, uint16_t x)
{
    p[0] = (unsigned char)x;
    p[1] = (unsigned char)(x >> 8);
}

bool voice_to_wav(const VoicePart *parts, size_t n, const char *path, double *seconds, char *voices,
                  size_t voices_size, char *err, size_t err_size)
{
    if (voices && voices_size) {
        voices[0] = '\0';
    }
    if (!espeak_start(err, err_size)) {
        return false;
    }
    Sink k = {0};
    for (size_t i = 0; i < n; i++) {
        speak(&k, parts[i].text, parts[i].lang, voices, voices_size);
    }
    uint32_t rate = (uint32_t)espeak_ng_GetSampleRate();
    uint32_t bytes = (uint32_t)(k.n * 2);
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put32(h + 4, 36 + bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 16);
    put16(h + 20, 1); /* PCM */
    put16(h + 22, 1); /* mono */
    put32(h + 24, rate);
    put32(h + 28, rate * 2);
    put16(h + 32, 2);
    put16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put32(h + 40, bytes);
    FILE *f = fopen(path, "wb");
    bool ok =
        f && fwrite(h, 1, sizeof h, f) == sizeof h && (k.n == 0 || fwrite(k.pcm, 2, k.n, f) == k.n);
    if (f && fclose(f) != 0) {
        ok = false;
    }
    if (!ok) {
        snprintf(err, err_size, "cannot write %s", path);
    }
    *seconds = rate ? (double)k.n / rate : 0;
    free(k.pcm);
    return ok;
}
