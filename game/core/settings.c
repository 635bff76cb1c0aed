/* settings.c: preferences and deployment settings as small JSON objects,
 * read in layers (system-wide, then the user's) and saved preferences-only
 * (see settings.h). */
#include "settings.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "files.h"
#include "i18n.h"
#include "safefile.h"

#ifndef BENEATH_SYSCONFDIR
#define BENEATH_SYSCONFDIR "/etc"
#endif

/* English names, marked for translation where they are shown (_()). */
static const char *const size_names[TEXT_SIZE_COUNT] = {N_("Small"), N_("Normal"), N_("Large"),
                                                        N_("Extra large")};
static const char *const size_keys[TEXT_SIZE_COUNT] = {"small", "normal", "large", "huge"};

void settings_defaults(Settings *s)
{
    memset(s, 0, sizeof *s);
    s->text_size = TEXT_SIZE_NORMAL;
    s->kiosk_idle_minutes = 15;
}

const char *settings_text_size_name(TextSize size)
{
    return size < TEXT_SIZE_COUNT ? size_names[size] : "Normal";
}

/* ---- reading one layer --------------------------------------------------- */

/* What one layer's reading found wrong first (later problems are dropped). */
typedef struct Problem {
    const char *path;
    char *err;
    size_t err_size;
    bool any;
} Problem;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
problem(Problem *p, const char *key, const char *fmt, ...)
{
    if (p->any) {
        return;
    }
    p->any = true;
    char what[SETTINGS_PATH_MAX + 96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    /* TRANSLATORS: the settings file, a setting's name, what is wrong with it */
    snprintf(p->err, p->err_size, _("settings %s: \"%s\" %s; ignored"), p->path, key, what);
}

static void merge_int(const cJSON *root, const char *key, int lo, int hi, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi) {
        *out = (int)v->valuedouble;
    }
}

static void merge_bool(const cJSON *root, const char *key, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (cJSON_IsBool(v)) {
        *out = cJSON_IsTrue(v);
    }
}

static bool has_control_chars(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return true;
        }
    }
    return false;
}

/* The string under 'key', or NULL if absent; a present non-string (or text
 * with control characters, or too long for 'cap') is a problem. */
static const char *get_text(const cJSON *root, const char *key, size_t cap, Problem *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v || cJSON_IsNull(v)) {
        return NULL;
    }
    const char *s = cJSON_GetStringValue(v);
    if (!s) {
        problem(p, key, _("is not a string"));
    } else if (has_control_chars(s)) {
        problem(p, key, _("has control characters"));
    } else if (strlen(s) >= cap) {
        problem(p, key, _("is longer than %zu bytes"), cap - 1);
    } else {
        return s;
    }
    return NULL;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* An absolute path, or "~/..." under $HOME; "" clears the setting. */
static void merge_path(const cJSON *root, const char *key, char *out, Problem *p)
{
    const char *s = get_text(root, key, SETTINGS_PATH_MAX, p);
    if (!s) {
        return;
    }
    const char *home = getenv("HOME");
    if (s[0] == '\0' || s[0] == '/') {
        copy_text(out, SETTINGS_PATH_MAX, s);
    } else if (s[0] == '~' && s[1] == '/' && home && home[0] == '/' &&
               strlen(home) + strlen(s) < SETTINGS_PATH_MAX) {
        snprintf(out, SETTINGS_PATH_MAX, "%s%s", home, s + 1);
    } else {
        problem(p, key, _("must be an absolute path or start with ~/, got \"%s\""), s);
    }
}

static void merge_endpoint(const cJSON *root, Settings *s, Problem *p)
{
    const char *v = get_text(root, "lrs_endpoint", sizeof s->lrs_endpoint, p);
    if (!v) {
        return;
    }
    bool ok = v[0] == '\0' || (strncmp(v, "https://", 8) == 0 && v[8]) ||
              (strncmp(v, "http://", 7) == 0 && v[7]);
    if (ok && !strchr(v, ' ')) {
        copy_text(s->lrs_endpoint, sizeof s->lrs_endpoint, v);
    } else {
        problem(p, "lrs_endpoint", _("must be an http:// or https:// address, got \"%s\""), v);
    }
}

/* A BCP 47 style tag: 2-3 letters, then '-' parts of 1-8 letters or digits. */
static bool is_language_tag(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')) {
        n++;
    }
    if (n < 2 || n > 3) {
        return false;
    }
    for (s += n; *s;) {
        if (*s++ != '-') {
            return false;
        }
        for (n = 0;
             (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
             s++) {
            n++;
        }
        if (n < 1 || n > 8) {
            return false;
        }
    }
    return true;
}

static void merge_language(const cJSON *root, Settings *s, Problem *p)
{
    const char *v = get_text(root, "language", sizeof s->language, p);
    if (v && (v[0] == '\0' || is_language_tag(v))) {
        copy_text(s->language, sizeof s->language, v);
    } else if (v) {
        problem(p, "language", _("must be a language tag such as en or es-US, got \"%s\""), v);
    }
}

static void merge_object(const cJSON *root, Settings *s, Problem *p)
{
    const char *size = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "text_size"));
    for (int i = 0; size && i < TEXT_SIZE_COUNT; i++) {
        if (strcmp(size, size_keys[i]) == 0) {
            s->text_size = (TextSize)i;
        }
    }
    merge_bool(root, "high_contrast", &s->high_contrast);
    merge_bool(root, "self_voicing", &s->self_voicing);
    merge_bool(root, "fullscreen", &s->fullscreen);
    merge_int(root, "window_w", 0, 16384, &s->window_w);
    merge_int(root, "window_h", 0, 16384, &s->window_h);
    const char *tr = get_text(root, "trainee", sizeof s->trainee, p);
    if (tr) {
        copy_text(s->trainee, sizeof s->trainee, tr);
    }
    merge_path(root, "records_path", s->records_path, p);
    merge_endpoint(root, s, p);
    merge_path(root, "lrs_auth_file", s->lrs_auth_file, p);
    const char *course = get_text(root, "course", sizeof s->course, p);
    if (course) {
        copy_text(s->course, sizeof s->course, course);
    }
    merge_language(root, s, p);
    bool kiosk = false;
    merge_bool(root, "kiosk", &kiosk);
    s->kiosk = s->kiosk || kiosk;
    merge_int(root, "kiosk_idle_minutes", 0, 24 * 60, &s->kiosk_idle_minutes);
}

/* The file's JSON object; NULL with err set if it exists but is unusable,
 * NULL with *missing set if it does not exist. Caller frees with cJSON_Delete. */
static cJSON *read_object(const char *path, bool *missing, char *err, size_t err_size)
{
    struct stat st;
    *missing = stat(path, &st) != 0 && errno == ENOENT;
    if (*missing) {
        return NULL;
    }
    size_t len = 0;
    DiagList *dl = diag_list_new();
    char *text = safefile_read(path, FILE_KIND_SETTINGS, SAFEFILE_FOLLOW, &len, dl);
    if (!text) {
        snprintf(err, err_size, _("cannot read settings %s: %s"), path,
                 diag_count(dl) ? diag_at(dl, 0)->msg : _("unknown error"));
        diag_list_free(dl);
        return NULL;
    }
    diag_list_free(dl);
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(err, err_size, _("settings %s are not a JSON object; ignored"), path);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

bool settings_merge(const char *path, Settings *s, char *err, size_t err_size)
{
    bool missing = false;
    cJSON *root = read_object(path, &missing, err, err_size);
    if (!root) {
        return missing;
    }
    Problem p = {path, err, err_size, false};
    merge_object(root, s, &p);
    cJSON_Delete(root);
    return !p.any;
}

bool settings_load(const char *path, Settings *s, char *err, size_t err_size)
{
    settings_defaults(s);
    return settings_merge(path, s, err, err_size);
}

/* ---- layers -------------------------------------------------------------- */

static void push_path(char ***paths, size_t *n, const char *dir, const char *tail)
{
    size_t len = strlen(dir) + strlen(tail) + 2;
    char *p = xmalloc(len);
    snprintf(p, len, "%s/%s", dir, tail);
    char **grown = realloc(*paths, (*n + 1) * sizeof **paths);
    if (!grown) {
        abort();
    }
    *paths = grown;
    (*paths)[(*n)++] = p;
}

size_t settings_system_paths(char ***paths)
{
    *paths = NULL;
    size_t n = 0;
    const char *only = getenv("BENEATH_SYSTEM_CONFIG_DIR");
    if (only && *only) {
        push_path(paths, &n, only, "settings.json");
        return n;
    }
    push_path(paths, &n, BENEATH_SYSCONFDIR, "beneath/settings.json");
    const char *xdg = getenv("XDG_CONFIG_DIRS");
    char *dirs = xstrdup(xdg && *xdg ? xdg : "/etc/xdg");
    size_t first = n;
    for (char *d = dirs, *colon; d; d = colon ? colon + 1 : NULL) {
        colon = strchr(d, ':');
        if (colon) {
            *colon = '\0';
        }
        if (d[0] == '/') { /* the XDG spec ignores relative entries */
            push_path(paths, &n, d, "beneath/settings.json");
        }
    }
    free(dirs);
    for (size_t i = first, j = n; i + 1 < j; i++, j--) { /* first listed wins: read it last */
        char *t = (*paths)[i];
        (*paths)[i] = (*paths)[j - 1];
        (*paths)[j - 1] = t;
    }
    return n;
}

void settings_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
    }
    free(paths);
}

bool settings_load_all(const char *user_path, Settings *s, char *err, size_t err_size)
{
    settings_defaults(s);
    char **paths;
    size_t n = settings_system_paths(&paths);
    bool ok = true;
    char one[512];
    for (size_t i = 0; i <= n; i++) {
        const char *path = i < n ? paths[i] : user_path;
        if (path && !settings_merge(path, s, one, sizeof one) && ok) {
            ok = false;
            snprintf(err, err_size, "%s", one);
        }
    }
    settings_paths_free(paths, n);
    return ok;
}

/* ---- saving and checks ----------------------------------------------------- */

static void set_item(cJSON *root, const char *key, cJSON *value)
{
    if (cJSON_HasObjectItem(root, key)) {
        cJSON_ReplaceItemInObjectCaseSensitive(root, key, value);
    } else {
        cJSON_AddItemToObject(root, key, value);
    }
}

static bool make_parent(const char *path, char *err, size_t err_size)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    bool ok = true;
    if (slash && slash != dir) {
        *slash = '\0';
        ok = file_mkdirs(dir, err, err_size);
    }
    free(dir);
    return ok;
}

bool settings_save(const char *path, const Settings *s, char *err, size_t err_size)
{
    if (!make_parent(path, err, err_size)) {
        return false;
    }
    bool missing = false;
    char ignored[8];
    cJSON *root = read_object(path, &missing, ignored, sizeof ignored);
    if (!root) {
        root = cJSON_CreateObject(); /* a damaged file is replaced by a good one */
    }
    set_item(root, "format", cJSON_CreateNumber(1));
    set_item(root, "text_size",
             cJSON_CreateString(size_keys[s->text_size < TEXT_SIZE_COUNT ? s->text_size : 1]));
    set_item(root, "high_contrast", cJSON_CreateBool(s->high_contrast));
    set_item(root, "self_voicing", cJSON_CreateBool(s->self_voicing));
    set_item(root, "fullscreen", cJSON_CreateBool(s->fullscreen));
    set_item(root, "window_w", cJSON_CreateNumber(s->window_w));
    set_item(root, "window_h", cJSON_CreateNumber(s->window_h));
    set_item(root, "trainee", cJSON_CreateString(s->trainee));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        abort();
    }
    bool ok = file_write_atomic(path, text, strlen(text), err, err_size);
    free(text);
    return ok;
}

bool settings_check_secret_file(const char *path, char *err, size_t err_size)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, err_size, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s is not a regular file", path);
        return false;
    }
    if (st.st_mode & (S_IROTH | S_IWOTH)) {
        snprintf(err, err_size,
                 "%s can be read or changed by every user (mode %03o); "
                 "make it chmod 0640 and owned by the group the game runs as",
                 path, (unsigned)(st.st_mode & 0777));
        return false;
    }
    return true;
}
