/* progress.c: saved attempts and completed-attempt records (see progress.h).
 * A save is an envelope around run_save() output:
 *   {"format":1,"trainee":T,"scenario_file":F,"started_at":S,"saved_at":N,
 *    "attempt":{...run_save...}}
 * A records file is {"format":1,"trainee":T,"attempts":[{...}, ...]}. */
#include "progress.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "files.h"
#include "score.h"

char *progress_slug(const char *name, char *buf, size_t size)
{
    uint32_t h = 2166136261u; /* FNV-1a over the full name */
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h = (h ^ *p) * 16777619u;
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep && n + 10 < size && n < 40) {
            if (dash && n > 0) {
                buf[n++] = '-';
            }
            buf[n++] = (char)c;
            dash = false;
        } else if (!keep) {
            dash = true;
        }
    }
    snprintf(buf + n, size - n, "%s%08x", n ? "-" : "", (unsigned)h);
    return buf;
}

static char *path_join3(const char *dir, const char *sub, const char *file)
{
    size_t n = strlen(dir) + strlen(sub) + (file ? strlen(file) : 0) + 3;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s%s%s", dir, sub, file ? "/" : "", file ? file : "");
    return p;
}

static char *save_path(const char *dir, const char *trainee, const char *scenario_id)
{
    char a[64], b[64], file[140];
    snprintf(file, sizeof file, "%s--%s.json", progress_slug(trainee, a, sizeof a),
             progress_slug(scenario_id, b, sizeof b));
    return path_join3(dir, "saves", file);
}

static char *records_path(const char *dir, const char *trainee)
{
    char a[64], file[80];
    snprintf(file, sizeof file, "%s.json", progress_slug(trainee, a, sizeof a));
    return path_join3(dir, "records", file);
}

static bool write_json(const char *path, cJSON *root, char *err, size_t err_size)
{
    char *text = cJSON_Print(root);
    if (!text) {
        abort(); /* cJSON only fails here on out-of-memory */
    }
    bool ok = file_write_atomic(path, text, strlen(text), err, err_size);
    free(text);
    return ok;
}

static bool ensure_dir(const char *dir, const char *sub, char *err, size_t err_size)
{
    char *p = path_join3(dir, sub, NULL);
    bool ok = file_mkdirs(p, err, err_size);
    free(p);
    return ok;
}

bool progress_save(const char *dir, const Run *r, const char *trainee, const char *started_at,
                   const char *now, char *err, size_t err_size)
{
    const Scenario *sc = run_scenario(r);
    if (!ensure_dir(dir, "saves", err, err_size)) {
        return false;
    }
    char *attempt = run_save(r, trainee);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddStringToObject(root, "trainee", trainee);
    cJSON_AddStringToObject(root, "scenario_file", sc->file ? sc->file : "");
    cJSON_AddStringToObject(root, "started_at", started_at);
    cJSON_AddStringToObject(root, "saved_at", now);
    cJSON_AddNumberToObject(root, "n_actions", (double)run_n_actions(r));
    cJSON_AddItemToObject(root, "attempt", cJSON_Parse(attempt));
    free(attempt);
    char *path = save_path(dir, trainee, sc->id);
    bool ok = write_json(path, root, err, err_size);
    free(path);
    cJSON_Delete(root);
    return ok;
}

static cJSON *read_json(const char *path)
{
    size_t len = 0;
    char *text = file_read_all(path, &len, NULL);
    if (!text) {
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    return root;
}

static char *dup_field(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return xstrdup(s ? s : "");
}

/* Fills 'info' from a save file; false if it is not one. */
static bool read_save_info(const char *path, SaveInfo *info)
{
    cJSON *root = read_json(path);
    const cJSON *attempt = cJSON_GetObjectItemCaseSensitive(root, "attempt");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(attempt, "scenario");
    if (!cJSON_IsObject(attempt) || !cJSON_IsString(id)) {
        cJSON_Delete(root);
        return false;
    }
    memset(info, 0, sizeof *info);
    info->path = xstrdup(path);
    info->trainee = dup_field(root, "trainee");
    info->scenario_id = xstrdup(id->valuestring);
    info->scenario_file = dup_field(root, "scenario_file");
    info->started_at = dup_field(root, "started_at");
    info->saved_at = dup_field(root, "saved_at");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, "n_actions");
    info->n_actions = cJSON_IsNumber(n) && n->valuedouble > 0 ? (size_t)n->valuedouble : 0;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(attempt, "state");
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "status"));
    info->ended = status && strcmp(status, "ended") == 0;
    cJSON_Delete(root);
    return true;
}

static int by_saved_at_desc(const void *a, const void *b)
{
    const SaveInfo *x = a, *y = b;
    return strcmp(y->saved_at, x->saved_at);
}

SaveInfo *progress_list_saves(const char *dir, size_t *n)
{
    *n = 0;
    char *sdir = path_join3(dir, "saves", NULL);
    DIR *d = opendir(sdir);
    SaveInfo *out = NULL;
    size_t cap = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0) {
            continue;
        }
        char *path = path_join3(sdir, de->d_name, NULL);
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            out = xrealloc(out, cap * sizeof *out);
        }
        if (read_save_info(path, &out[*n])) {
            (*n)++;
        }
        free(path);
    }
    if (d) {
        closedir(d);
    }
    free(sdir);
    if (*n > 1) {
        qsort(out, *n, sizeof *out, by_saved_at_desc);
    }
    if (*n == 0) {
        free(out);
        out = NULL;
    }
    return out;
}

void progress_saves_free(SaveInfo *saves, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(saves[i].path);
        free(saves[i].trainee);
        free(saves[i].scenario_id);
        free(saves[i].scenario_file);
        free(saves[i].started_at);
        free(saves[i].saved_at);
    }
    free(saves);
}

Run *progress_restore(const SaveInfo *save, const Scenario *sc, DiagList *dl)
{
    cJSON *root = read_json(save->path);
    const cJSON *attempt = cJSON_GetObjectItemCaseSensitive(root, "attempt");
    if (!cJSON_IsObject(attempt)) {
        diag_add(dl, DIAG_ERROR, DIAG_IO, save->path, 0, 0, NULL, "not a readable saved attempt");
        cJSON_Delete(root);
        return NULL;
    }
    char *text = cJSON_PrintUnformatted(attempt);
    cJSON_Delete(root);
    if (!text) {
        abort();
    }
    Run *r = run_restore(sc, text, strlen(text), NULL, dl);
    free(text);
    return r;
}

void progress_remove_save(const char *dir, const char *trainee, const char *scenario_id)
{
    char *path = save_path(dir, trainee, scenario_id);
    unlink(path);
    free(path);
}

static cJSON *record_new(const Run *r, const char *trainee, const char *started_at, const char *now)
{
    const Scenario *sc = run_scenario(r);
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "trainee", trainee);
    cJSON_AddStringToObject(rec, "scenario", sc->id);
    cJSON_AddStringToObject(rec, "title", sc->title);
    cJSON_AddStringToObject(rec, "version", sc->version);
    cJSON_AddStringToObject(rec, "file", sc->file ? sc->file : "");
    cJSON_AddStringToObject(rec, "started_at", started_at);
    cJSON_AddStringToObject(rec, "finished_at", now);
    cJSON_AddBoolToObject(rec, "tampered", run_is_tampered(r));
    char *attempt = run_save(r, trainee);
    cJSON *a = cJSON_Parse(attempt);
    free(attempt);
    cJSON_AddItemToObject(rec, "actions", cJSON_DetachItemFromObject(a, "actions"));
    cJSON_Delete(a);
    Score *s = score_compute(r);
    char *sj = score_to_json(s, r);
    cJSON_AddItemToObject(rec, "score", cJSON_Parse(sj));
    free(sj);
    score_free(s);
    return rec;
}

static bool has_record(const cJSON *attempts, const char *scenario_id, const char *started_at)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, attempts)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "scenario"));
        const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "started_at"));
        if (id && st && strcmp(id, scenario_id) == 0 && strcmp(st, started_at) == 0) {
            return true;
        }
    }
    return false;
}

bool progress_append_record(const char *dir, const Run *r, const char *trainee,
                            const char *started_at, const char *now, char *err, size_t err_size)
{
    if (!ensure_dir(dir, "records", err, err_size)) {
        return false;
    }
    char *path = records_path(dir, trainee);
    cJSON *root = read_json(path);
    struct stat st;
    if (!root && stat(path, &st) == 0) {
        /* Never overwrite a records file we cannot read: keep it aside. */
        size_t n = strlen(path) + 10;
        char *aside = xmalloc(n);
        snprintf(aside, n, "%s.corrupt", path);
        rename(path, aside);
        free(aside);
    }
    cJSON *attempts = cJSON_GetObjectItemCaseSensitive(root, "attempts");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(attempts)) {
        cJSON_Delete(root);
        root = cJSON_CreateObject();
        cJSON_AddNumberToObject(root, "format", 1);
        cJSON_AddStringToObject(root, "trainee", trainee);
        attempts = cJSON_AddArrayToObject(root, "attempts");
    }
    bool ok = true;
    if (!has_record(attempts, run_scenario(r)->id, started_at)) {
        cJSON_AddItemToArray(attempts, record_new(r, trainee, started_at, now));
        ok = write_json(path, root, err, err_size);
    }
    cJSON_Delete(root);
    free(path);
    return ok;
}

size_t progress_count_records(const char *dir, const char *trainee)
{
    char *path = records_path(dir, trainee);
    cJSON *root = read_json(path);
    free(path);
    int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "attempts"));
    cJSON_Delete(root);
    return n > 0 ? (size_t)n : 0;
}
