/* voice.h: self-voicing. Reads text aloud with espeak-ng in the voice of
 * the text's language: the scenario's language for Latin script, and for a
 * line in another script (a person's Arabic, Chinese or Hindi words) that
 * script's language, so each part is spoken by a voice that can say it.
 * Speech is made on a worker thread that feeds an SDL audio device, so it
 * never blocks the event loop; saying something new cuts off what was being
 * said. Nothing (espeak-ng, the audio device, the thread) is started until
 * self-voicing is turned on, so it costs nothing when off. */
#ifndef BENEATH_SDL_VOICE_H
#define BENEATH_SDL_VOICE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Voice Voice;

/* A voice that is off. Caller frees with voice_free. */
Voice *voice_new(void);
/* Stops speaking, ends the thread, closes the device; NULL is fine. */
void voice_free(Voice *v);

/* Turns self-voicing on (starting espeak-ng, the audio device and the
 * thread the first time) or off (silence at once). Returns false with a
 * message in err if it cannot start (no espeak-ng data, no audio device). */
bool voice_set_on(Voice *v, bool on, char *err, size_t err_size);
bool voice_is_on(const Voice *v);

/* Says text (UTF-8) in language lang (a code such as "en", "es"; NULL: "en"),
 * cutting off whatever was being said. Does nothing when off. */
void voice_say(Voice *v, const char *text, const char *lang);
/* Says text after whatever is being said. Does nothing when off. */
void voice_add(Voice *v, const char *text, const char *lang);
/* Silence, at once. */
void voice_hush(Voice *v);

/* A text and its language, one of the parts of what is said (the game's
 * own words and the scenario's can be in different languages). */
typedef struct VoicePart {
    const char *text, *lang;
} VoicePart;

/* Headless: speaks the n parts, in order, into a WAV file (16-bit mono PCM)
 * instead of a device; *seconds gets its length. The voices used, in order
 * of first use, are written to voices (comma-separated) if it is not NULL. */
bool voice_to_wav(const VoicePart *parts, size_t n, const char *path, double *seconds, char *voices,
                  size_t voices_size, char *err, size_t err_size);

#endif
