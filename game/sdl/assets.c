/* assets.c: path resolution for read-only data and per-user files. */
#include "assets.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#define APP_DIR "beneath-the-surface"

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (!p) {
        abort();
    }
    bool slash = *a && a[strlen(a) - 1] == '/';
    snprintf(p, n, "%s%s%s", a, slash ? "" : "/", b);
    return p;
}

static bool exists(const char *dir, const char *probe)
{
    char *p = join(dir, probe);
    struct stat st;
    bool ok = stat(p, &st) == 0;
    free(p);
    return ok;
}

/* First candidate folder containing 'probe'. */
static char *find_dir(const char *env, const char *sub, const char *probe)
{
    const char *e = getenv(env);
    if (e && *e) {
        return exists(e, probe) ? join(e, "") : NULL;
    }
    char *base = SDL_GetBasePath();
    char *found = NULL;
    if (base) {
        const char *rel[] = {"", "../share/beneath/", "../"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0] && !found; i++) {
            char *b = join(base, rel[i]);
            char *d = join(b, sub);
            free(b);
            if (exists(d, probe)) {
                found = join(d, "");
            }
            free(d);
        }
        SDL_free(base);
    }
#ifdef BENEATH_SOURCE_DATA_DIR
    if (!found) {
        char *d = join(BENEATH_SOURCE_DATA_DIR, sub);
        if (exists(d, probe)) {
            found = join(d, "");
        }
        free(d);
    }
#endif
    return found;
}

char *assets_find_dir(void)
{
    return find_dir("BENEATH_ASSETS_DIR", "assets", "fonts/DejaVuSans.ttf");
}

char *assets_find_scenarios_dir(void)
{
    return find_dir("BENEATH_SCENARIOS_DIR", "scenarios", ".");
}

char *assets_data_dir(void)
{
    const char *e = getenv("BENEATH_DATA_DIR");
    if (e && *e) {
        return join(e, "");
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg) {
        return join(xdg, APP_DIR);
    }
    if (home && *home) {
        return join(home, ".local/share/" APP_DIR);
    }
    char *pref = SDL_GetPrefPath("beneath", APP_DIR);
    if (pref) {
        char *p = join(pref, "");
        SDL_free(pref);
        return p;
    }
    return join(".", APP_DIR "-data");
}

char *assets_config_path(void)
{
    const char *e = getenv("BENEATH_CONFIG_DIR");
    if (e && *e) {
        return join(e, "settings.json");
    }
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg) {
        return join(xdg, APP_DIR "/settings.json");
    }
    if (home && *home) {
        return join(home, ".config/" APP_DIR "/settings.json");
    }
    char *data = assets_data_dir();
    char *p = join(data, "settings.json");
    free(data);
    return p;
}

char *assets_system_font(void)
{
    static const char *const paths[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0) {
            size_t n = strlen(paths[i]) + 1;
            char *p = malloc(n);
            if (!p) {
                abort();
            }
            memcpy(p, paths[i], n);
            return p;
        }
    }
    return NULL;
}
