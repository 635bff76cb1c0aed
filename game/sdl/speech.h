/* speech.h: what self-voicing reads on each screen (see speech.c). */
#ifndef BENEATH_SDL_SPEECH_H
#define BENEATH_SDL_SPEECH_H

#include "app.h"

/* The text that reading the current screen says (caller frees). */
char *speech_screen_text(const App *a);
/* V: turns reading aloud on or off, saves the setting, tells the user. */
void speech_toggle(App *a);
/* After each frame: reads a new screen whole, or the newly focused item. */
void speech_after_draw(App *a);
/* --speak-to: the current screen read into a WAV file; prints its length
 * and voices. Returns the exit status. */
int speech_to_wav(const App *a, const char *path);

#endif
