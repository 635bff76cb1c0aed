/* settings.h: the player's preferences, kept as JSON in the config folder.
 * Unknown keys are ignored and out-of-range values fall back to defaults, so
 * an old or hand-edited file never stops the game from starting. */
#ifndef BENEATH_SETTINGS_H
#define BENEATH_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum TextSize {
    TEXT_SIZE_SMALL,
    TEXT_SIZE_NORMAL,
    TEXT_SIZE_LARGE,
    TEXT_SIZE_HUGE,
    TEXT_SIZE_COUNT
} TextSize;

typedef struct Settings {
    TextSize text_size;
    bool high_contrast;
    bool fullscreen;
    int window_w, window_h; /* last windowed size, 0 = default */
    char trainee[128];      /* last trainee name, prefilled on the title screen */
} Settings;

void settings_defaults(Settings *s);

/* Reads 'path' into s (starting from defaults). A missing file is not an
 * error. Returns false and writes err if the file exists but is unreadable
 * or not JSON; s then holds the defaults. */
bool settings_load(const char *path, Settings *s, char *err, size_t err_size);

/* Writes s to 'path' atomically, creating its folder. Returns false and
 * writes err on failure. */
bool settings_save(const char *path, const Settings *s, char *err, size_t err_size);

/* "Small", "Normal", "Large", "Extra large". */
const char *settings_text_size_name(TextSize size);

#endif
