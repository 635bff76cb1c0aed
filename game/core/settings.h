/* settings.h: the player's preferences and an academy's deployment settings,
 * kept as JSON. System-wide files (/etc/beneath/settings.json, then the XDG
 * config dirs) are read first and the user's own file overrides them key by
 * key. Unknown keys are ignored and bad values keep what the earlier layer
 * (or the default) gave, so an old or hand-edited file never stops the game
 * from starting. Saving writes back only the player's preferences, so a
 * user's file never freezes a copy of the system-wide values. */
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

/* Longest path a setting may hold (longer values are refused with a message). */
#define SETTINGS_PATH_MAX 1024

typedef struct Settings {
    /* the player's preferences (saved by the game) */
    TextSize text_size;
    bool high_contrast;
    bool self_voicing; /* read the screen aloud (V) */
    bool fullscreen;
    int window_w, window_h; /* last windowed size, 0 = default */
    char trainee[128];      /* last trainee name, prefilled on the title screen */

    /* deployment: usually set system-wide, never written by the game.
     * Every string is "" when not set. */
    char records_path[SETTINGS_PATH_MAX];  /* records store for a shared PC; "" = per user */
    char lrs_endpoint[SETTINGS_PATH_MAX];  /* xAPI LRS base URL, http:// or https:// */
    char lrs_auth_file[SETTINGS_PATH_MAX]; /* file holding the LRS credentials */
    char course[128];                      /* course or class name shown and recorded */
    char language[36];                     /* default language, e.g. "en" or "es-US" */
    bool kiosk; /* classroom kiosk; once on in any layer, later layers cannot turn it off */
    int kiosk_idle_minutes; /* kiosk: sign out after this long without input; 0 = never */
} Settings;

void settings_defaults(Settings *s);

/* Reads 'path' into s (starting from defaults). A missing file is not an
 * error. Returns false and writes err if the file exists but is unreadable
 * or not JSON, or a value is refused; s then holds the defaults plus every
 * value that was good. */
bool settings_load(const char *path, Settings *s, char *err, size_t err_size);

/* Applies the keys present in 'path' over s; keys the file lacks keep their
 * value. A missing file is not an error and changes nothing. Returns false
 * and writes err (naming the file and key) if the file is unreadable, not a
 * JSON object, or holds a value that is refused (a relative path, an
 * endpoint that is not http(s), a malformed language tag); every other key
 * is still applied. */
bool settings_merge(const char *path, Settings *s, char *err, size_t err_size);

/* The system-wide settings files, lowest precedence first:
 * BENEATH_SYSTEM_CONFIG_DIR/settings.json alone if that variable is set;
 * otherwise SYSCONFDIR/beneath/settings.json (SYSCONFDIR is /etc for a
 * package), then beneath/settings.json under each $XDG_CONFIG_DIRS folder
 * (default /etc/xdg), the first listed read last so it wins. The files need
 * not exist. Returns their number; caller frees with settings_paths_free. */
size_t settings_system_paths(char ***paths);
void settings_paths_free(char **paths, size_t n);

/* Defaults, then every system-wide file, then the user's file 'user_path'
 * (may be NULL). Returns false if any layer had a problem: err then holds
 * the first one; every good value of every layer is still applied. */
bool settings_load_all(const char *user_path, Settings *s, char *err, size_t err_size);

/* Writes the player's preferences in s to 'path' atomically, creating its
 * folder. Keys already in the file that are not preferences (deployment
 * keys, unknown keys) are kept as they are. Returns false and writes err
 * on failure. */
bool settings_save(const char *path, const Settings *s, char *err, size_t err_size);

/* Checks that a secret file (the LRS credentials) is a regular file that
 * other users cannot read or anyone but its owner and group can change.
 * Returns true if so; otherwise false with the reason in err. */
bool settings_check_secret_file(const char *path, char *err, size_t err_size);

/* "Small", "Normal", "Large", "Extra large" (English: the screen shows
 * _(name), i18n.h). */
const char *settings_text_size_name(TextSize size);

#endif
