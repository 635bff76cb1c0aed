/* settings.c: preferences as a small JSON object (see settings.h). */
#include "settings.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "safefile.h"

static const char *const size_names[TEXT_SIZE_COUNT] = {"Small", "Normal", "Large", "Extra large"};
static const char *const size_keys[TEXT_SIZE_COUNT] = {"small", "normal", "large", "huge"};

void settings_defaults(Settings *s)
{
    memset(s, 0, sizeof *s);
    s->text_size = TEXT_SIZE_NORMAL;
}

const char *settings_text_size_name(TextSize size)
{
    return size < TEXT_SIZE_COUNT ? size_names[size] : "Normal";
}

static int get_int(const cJSON *root, const char *key, int lo, int hi, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi) {
        return dflt;
    }
    return (int)v->valuedouble;
}

bool settings_load(const char *path, Settings *s, char *err, size_t err_size)
{
    settings_defaults(s);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        return true;
    }
    size_t len = 0;
    char *text = safefile_read(path, FILE_KIND_SETTINGS, SAFEFILE_FOLLOW, &len, NULL);
    if (!text) {
        snprintf(err, err_size, "cannot read settings %s", path);
        return false;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(err, err_size, "settings %s are not a JSON object; using defaults", path);
        cJSON_Delete(root);
        return false;
    }
    const char *size = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "text_size"));
    for (int i = 0; size && i < TEXT_SIZE_COUNT; i++) {
        if (strcmp(size, size_keys[i]) == 0) {
            s->text_size = (TextSize)i;
        }
    }
    s->high_contrast = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "high_contrast"));
    s->fullscreen = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "fullscreen"));
    s->window_w = get_int(root, "window_w", 0, 16384, 0);
    s->window_h = get_int(root, "window_h", 0, 16384, 0);
    const char *tr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "trainee"));
    if (tr && strlen(tr) < sizeof s->trainee) {
        memcpy(s->trainee, tr, strlen(tr) + 1);
    }
    cJSON_Delete(root);
    return true;
}

bool settings_save(const char *path, const Settings *s, char *err, size_t err_size)
{
    char *dir = malloc(strlen(path) + 1);
    if (!dir) {
        abort();
    }
    memcpy(dir, path, strlen(path) + 1);
    char *slash = strrchr(dir, '/');
    bool ok = true;
    if (slash && slash != dir) {
        *slash = '\0';
        ok = file_mkdirs(dir, err, err_size);
    }
    free(dir);
    if (!ok) {
        return false;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddStringToObject(root, "text_size",
                            size_keys[s->text_size < TEXT_SIZE_COUNT ? s->text_size : 1]);
    cJSON_AddBoolToObject(root, "high_contrast", s->high_contrast);
    cJSON_AddBoolToObject(root, "fullscreen", s->fullscreen);
    cJSON_AddNumberToObject(root, "window_w", s->window_w);
    cJSON_AddNumberToObject(root, "window_h", s->window_h);
    cJSON_AddStringToObject(root, "trainee", s->trainee);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        abort();
    }
    ok = file_write_atomic(path, text, strlen(text), err, err_size);
    free(text);
    return ok;
}
