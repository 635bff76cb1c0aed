/* assets.h: where the game finds its files and keeps the user's.
 * Read-only data (fonts, bundled scenarios) is looked up relative to the
 * executable, then an install prefix, then the source tree the build came
 * from; never the current directory. Environment overrides come first:
 * BENEATH_ASSETS_DIR, BENEATH_SCENARIOS_DIR, BENEATH_DATA_DIR,
 * BENEATH_CONFIG_DIR. Every returned path is caller-freed with free(). */
#ifndef BENEATH_SDL_ASSETS_H
#define BENEATH_SDL_ASSETS_H

/* Folder holding fonts/DejaVuSans.ttf, or NULL if none is found. */
char *assets_find_dir(void);
/* Folder of bundled scenarios, or NULL. */
char *assets_find_scenarios_dir(void);
/* Per-user data folder for saves and records (may not exist yet). */
char *assets_data_dir(void);
/* Per-user settings file path (its folder may not exist yet). */
char *assets_config_path(void);
/* A system copy of DejaVu Sans to fall back on, or NULL. */
char *assets_system_font(void);

#endif
