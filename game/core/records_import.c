/* records_import.c: the one-time import of the old JSON saves and records
 * (game/core/progress.c, before the database), and records_verify. The old
 * files are read, never changed or removed. The import runs in one
 * transaction that also writes the 'legacy_import' mark, so it happens
 * exactly once even when two games start at the same moment. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "files.h"
#include "i18n.h"
#include "records_db.h"
#include "score.h"
#include "strbuf.h"

typedef struct Import {
    Records *db;
    long long now_ms;
    size_t attempts, saves, unreadable;
    StrBuf unreadable_list; /* the first few unreadable files, for the notice */
    bool ok;
} Import;

static const char *jstr(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static void note_unreadable(Import *im, const char *path)
{
    if (im->unreadable++ < 3) {
        strbuf_printf(&im->unreadable_list, "%s%s", im->unreadable > 1 ? ", " : "", path);
    }
}

/* A stable id for an imported attempt, so it is never imported twice. */
static void legacy_uuid(const char *who, const char *scenario, const char *started,
                        const char *kind, char out[DIGEST_UUID_TEXT])
{
    StrBuf b = {0};
    strbuf_printf(&b, "%s\n%s\n%s\n%s", kind, who, scenario, started);
    digest_uuid_name("6ba7b811-9dad-11d1-80b4-00c04fd430c8", strbuf_str(&b), out);
    strbuf_free(&b);
}

static long long time_or(const char *s, long long fallback)
{
    long long ms;
    return s && records_parse_time(s, &ms) ? ms : fallback;
}

/* Inserts the attempt row; returns its id, 0 if it was already there, -1
 * on error. 'score' may be NULL (an unfinished save). */
static long long insert_attempt(Import *im, const cJSON *a, const char *who, const char *status,
                                const cJSON *score, const char *source, const char *problem)
{
    const char *scenario = jstr(a, "scenario");
    const char *started = jstr(a, "started_at");
    const char *finished = jstr(a, "finished_at");
    char uuid[DIGEST_UUID_TEXT], started_iso[32], finished_iso[32];
    legacy_uuid(who, scenario ? scenario : "", started ? started : source, status, uuid);
    long long started_ms = time_or(started, im->now_ms);
    records_format_time(started_ms, started_iso);
    long long finished_ms = score ? time_or(finished, started_ms) : 0;
    records_format_time(finished_ms, finished_iso);
    sqlite3_stmt *st = rdb_prep(
        im->db,
        "INSERT OR IGNORE INTO attempts(uuid, kind, who, trainee_id, scenario_id, scenario_title,"
        " scenario_version, scenario_file, status, started_at, started_ms, updated_at,"
        " finished_at, finished_ms, n_actions, tampered, score, passed, outcome, minutes, result,"
        " source, problem) VALUES(?1, 'graded', ?2, (SELECT id FROM trainees WHERE name = ?2),"
        " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)");
    if (!st) {
        return -1;
    }
    char *result = score ? cJSON_PrintUnformatted(score) : NULL;
    const cJSON *acts = cJSON_GetObjectItemCaseSensitive(a, "actions");
    rdb_bind_text(st, 1, uuid);
    rdb_bind_text(st, 2, who);
    rdb_bind_text(st, 3, scenario ? scenario : "");
    rdb_bind_text(st, 4, jstr(a, "title") ? jstr(a, "title") : "");
    rdb_bind_text(st, 5, jstr(a, "version") ? jstr(a, "version") : "");
    rdb_bind_text(st, 6, jstr(a, "file") ? jstr(a, "file") : "");
    rdb_bind_text(st, 7, status);
    rdb_bind_text(st, 8, started_iso);
    sqlite3_bind_int64(st, 9, started_ms);
    rdb_bind_text(st, 10, score ? finished_iso : NULL);
    if (score) {
        sqlite3_bind_int64(st, 11, finished_ms);
    }
    sqlite3_bind_int(st, 12, cJSON_GetArraySize(acts));
    sqlite3_bind_int(st, 13, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "tampered")));
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(score, "score");
    const cJSON *mins = cJSON_GetObjectItemCaseSensitive(score, "minutes");
    if (score) {
        sqlite3_bind_int(st, 14, cJSON_IsNumber(total) ? total->valueint : 0);
        sqlite3_bind_int(st, 15, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(score, "passed")));
        rdb_bind_text(st, 16, jstr(score, "outcome"));
        sqlite3_bind_int(st, 17, cJSON_IsNumber(mins) ? mins->valueint : 0);
    }
    rdb_bind_text(st, 18, result);
    rdb_bind_text(st, 19, source);
    rdb_bind_text(st, 20, problem);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    long long id = !ok                           ? -1
                   : sqlite3_changes(im->db->db) ? sqlite3_last_insert_rowid(im->db->db)
                                                 : 0;
    sqlite3_finalize(st);
    free(result);
    return id;
}

/* The old actions ({"node":N,"choice"|"detail"|"jump":X}) with no minutes. */
static bool insert_actions(Import *im, long long id, const cJSON *acts)
{
    sqlite3_stmt *st = rdb_prep(im->db, "INSERT INTO actions(attempt_id, seq, kind, node, item)"
                                        " VALUES(?1, ?2, ?3, ?4, ?5)");
    bool ok = st != NULL;
    long long seq = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, acts)
    {
        static const char *const kinds[] = {"choice", "detail", "jump"};
        const char *kind = NULL, *item = NULL;
        for (size_t k = 0; k < 3 && !item; k++) {
            item = jstr(a, kinds[k]);
            kind = kinds[k];
        }
        if (!ok || !item || !jstr(a, "node")) {
            continue;
        }
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, seq++);
        rdb_bind_text(st, 3, kind);
        rdb_bind_text(st, 4, jstr(a, "node"));
        rdb_bind_text(st, 5, item);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

static void ensure_trainee(Import *im, const char *who)
{
    char now[32];
    records_format_time(im->now_ms, now);
    sqlite3_stmt *st = rdb_prep(im->db, "INSERT OR IGNORE INTO trainees(name, created_at)"
                                        " VALUES(?1, ?2)");
    if (st) {
        rdb_bind_text(st, 1, who);
        rdb_bind_text(st, 2, now);
        im->ok = im->ok && sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
}

static cJSON *read_json(const char *path)
{
    size_t len = 0;
    char *text = file_read_all(path, &len, NULL);
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    return root;
}

static void import_records_file(Import *im, const char *path)
{
    cJSON *root = read_json(path);
    const cJSON *attempts = cJSON_GetObjectItemCaseSensitive(root, "attempts");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(attempts)) {
        note_unreadable(im, path);
        cJSON_Delete(root);
        return;
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, attempts)
    {
        const char *who = jstr(a, "trainee") ? jstr(a, "trainee") : jstr(root, "trainee");
        const cJSON *score = cJSON_GetObjectItemCaseSensitive(a, "score");
        if (!who || !*who || !jstr(a, "scenario") || !cJSON_IsObject(score)) {
            note_unreadable(im, path);
            continue;
        }
        ensure_trainee(im, who);
        long long id = insert_attempt(im, a, who, "ended", score, path, NULL);
        if (id > 0) {
            im->attempts++;
            im->ok =
                im->ok && insert_actions(im, id, cJSON_GetObjectItemCaseSensitive(a, "actions"));
        }
        im->ok = im->ok && id >= 0;
    }
    cJSON_Delete(root);
}

/* An old save: an unfinished attempt, or a damaged entry on the Resume list
 * if it cannot be read (its owner is then unknown). */
static void import_save_file(Import *im, const char *path)
{
    cJSON *root = read_json(path);
    const cJSON *attempt = cJSON_GetObjectItemCaseSensitive(root, "attempt");
    const char *who = jstr(root, "trainee");
    if (!cJSON_IsObject(attempt) || !jstr(attempt, "scenario") || !who || !*who) {
        StrBuf why = {0};
        strbuf_printf(&why,
                      "An interrupted attempt saved by an earlier version cannot be read; the "
                      "file is kept, unchanged, at %s.",
                      path);
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "scenario", "");
        long long id = insert_attempt(im, a, "", "damaged", NULL, path, strbuf_str(&why));
        cJSON_Delete(a);
        strbuf_free(&why);
        im->ok = im->ok && id >= 0;
        note_unreadable(im, path);
        cJSON_Delete(root);
        return;
    }
    cJSON *a = cJSON_Duplicate(attempt, 1);
    cJSON_AddStringToObject(a, "started_at",
                            jstr(root, "started_at") ? jstr(root, "started_at") : "");
    cJSON_AddStringToObject(a, "file",
                            jstr(root, "scenario_file") ? jstr(root, "scenario_file") : "");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(attempt, "state");
    const char *status = jstr(st, "status");
    ensure_trainee(im, who);
    /* an ended save was recorded too (or is in a records file): skip it */
    long long id = status && strcmp(status, "playing") != 0
                       ? 0
                       : insert_attempt(im, a, who, "playing", NULL, path, NULL);
    if (id > 0) {
        im->saves++;
        im->ok = im->ok && insert_actions(im, id, cJSON_GetObjectItemCaseSensitive(a, "actions"));
    }
    im->ok = im->ok && id >= 0;
    cJSON_Delete(a);
    cJSON_Delete(root);
}

static void import_dir(Import *im, const char *data_dir, const char *sub,
                       void (*one)(Import *, const char *))
{
    size_t n = strlen(data_dir) + strlen(sub) + 2;
    char *dir = xmalloc(n);
    snprintf(dir, n, "%s/%s", data_dir, sub);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && im->ok && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0) {
            continue;
        }
        size_t m = n + len + 1;
        char *path = xmalloc(m);
        snprintf(path, m, "%s/%s", dir, de->d_name);
        one(im, path);
        free(path);
    }
    if (d) {
        closedir(d);
    }
    free(dir);
}

static bool already_imported(Records *db)
{
    sqlite3_stmt *st = rdb_prep(db, "SELECT 1 FROM meta WHERE key = 'legacy_import'");
    bool done = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return done;
}

bool records_import_legacy(Records *db, const char *data_dir, long long now_ms, char *notice,
                           size_t notice_size, bool *warns, char *err, size_t err_size)
{
    if (notice && notice_size) {
        notice[0] = '\0';
    }
    if (!rdb_begin(db, err, err_size)) {
        return false;
    }
    if (already_imported(db)) {
        rdb_rollback(db);
        return true;
    }
    Import im = {db, now_ms, 0, 0, 0, {0}, true};
    import_dir(&im, data_dir, "records", import_records_file);
    import_dir(&im, data_dir, "saves", import_save_file);
    char now[32];
    records_format_time(now_ms, now);
    sqlite3_stmt *st = rdb_prep(db, "INSERT INTO meta(key, value) VALUES('legacy_import', ?1)");
    im.ok = im.ok && st;
    if (im.ok) {
        rdb_bind_text(st, 1, now);
        im.ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!im.ok) {
        rdb_db_fail(db, err, err_size, _("cannot import the old records"));
        rdb_rollback(db);
        strbuf_free(&im.unreadable_list);
        return false;
    }
    if (!rdb_commit(db, err, err_size)) {
        strbuf_free(&im.unreadable_list);
        return false;
    }
    if (warns) {
        *warns = im.unreadable > 0;
    }
    size_t total = im.attempts + im.saves;
    if (im.unreadable) {
        /* TRANSLATORS: counts: attempts imported (completed, interrupted),
         * files that could not be read; then their names */
        rdb_fail(notice, notice_size,
                 i18n_plural("Imported %zu attempt from the old files (%zu completed, %zu "
                             "interrupted); files that could not be read: %zu, kept as they "
                             "were (%s%s).",
                             "Imported %zu attempts from the old files (%zu completed, %zu "
                             "interrupted); files that could not be read: %zu, kept as they "
                             "were (%s%s).",
                             (long)total),
                 total, im.attempts, im.saves, im.unreadable, strbuf_str(&im.unreadable_list),
                 im.unreadable > 3 ? ", ..." : "");
    } else if (total) {
        rdb_fail(notice, notice_size,
                 i18n_plural("Imported %zu attempt from the old files (%zu completed, %zu "
                             "interrupted), which are kept as they were.",
                             "Imported %zu attempts from the old files (%zu completed, %zu "
                             "interrupted), which are kept as they were.",
                             (long)total),
                 total, im.attempts, im.saves);
    }
    strbuf_free(&im.unreadable_list);
    return true;
}

/* ---- verify --------------------------------------------------------------- */

typedef struct Verify {
    Records *db;
    DiagList *dl;
    size_t checked, skipped;
    char *loaded_path;
    Scenario *sc;
    char hash[65];
} Verify;

static const Scenario *verify_scenario(Verify *v, const char *path)
{
    if (v->loaded_path && strcmp(v->loaded_path, path) == 0) {
        return v->sc;
    }
    scenario_free(v->sc);
    free(v->loaded_path);
    v->loaded_path = xstrdup(path);
    DiagList *quiet = diag_list_new();
    v->sc = *path ? scenario_load(path, quiet) : NULL;
    diag_list_free(quiet);
    v->hash[0] = '\0';
    size_t len = 0;
    char *text = v->sc ? file_read_all(path, &len, NULL) : NULL;
    if (text) {
        digest_sha256_hex(text, len, v->hash);
    }
    free(text);
    return v->sc;
}

static void verify_problem(Verify *v, const RecordsRow *row, const char *what)
{
    diag_add(v->dl, DIAG_ERROR, DIAG_BAD_VALUE, records_path(v->db), 0, 0, NULL,
             "attempt %lld (%s, %s, started %s): %s", row->id, *row->who ? row->who : "classroom",
             row->scenario_id, row->started_at, what);
}

/* The first field of the recorded result that the replay gives otherwise,
 * or NULL. Fields the engine added since the attempt was recorded are not
 * in the record and so are not compared; a changed scoring formula shows
 * up here, as it should. */
static const char *result_differs(const cJSON *recorded, const cJSON *replayed)
{
    if (!cJSON_IsObject(recorded) || !cJSON_IsObject(replayed)) {
        return "result";
    }
    const cJSON *field;
    cJSON_ArrayForEach(field, recorded)
    {
        const cJSON *now = cJSON_GetObjectItemCaseSensitive(replayed, field->string);
        if (!now || !cJSON_Compare(field, now, 1)) {
            return field->string;
        }
    }
    return NULL;
}

static bool verify_attempt(const RecordsRow *row, void *ctx)
{
    Verify *v = ctx;
    if (strcmp(row->status, "damaged") == 0) {
        return true;
    }
    bool ended = strcmp(row->status, "ended") == 0 || strcmp(row->status, "stuck") == 0;
    if (ended != row->has_result) {
        verify_problem(v, row, ended ? "ended without a result" : "has a result but is not ended");
    }
    const Scenario *sc = verify_scenario(v, row->scenario_file);
    if (!sc || !*row->scenario_hash || strcmp(v->hash, row->scenario_hash) != 0) {
        v->skipped++;
        return true;
    }
    v->checked++;
    RecordsAttempt *a = NULL;
    DiagList *dl = diag_list_new();
    /* replay through the same path resume takes, without writing */
    Run *r = NULL;
    if (strcmp(row->status, "playing") == 0) {
        r = records_attempt_resume(v->db, row->id, row->who, sc, &a, dl);
    } else {
        r = records_attempt_replay(v->db, row->id, sc, dl);
    }
    if (!r || diag_count(dl)) {
        verify_problem(v, row, diag_count(dl) ? diag_at(dl, 0)->msg : "does not replay");
    } else if (run_n_actions(r) != row->n_actions) {
        verify_problem(v, row, "the number of actions differs from the recorded count");
    } else if (row->has_result) {
        Score *s = score_compute(r);
        char *json = score_to_json(s, r);
        cJSON *now = cJSON_Parse(json), *then = cJSON_Parse(row->result);
        const char *key = result_differs(then, now);
        if (key) {
            char what[200];
            snprintf(what, sizeof what, "replaying the actions gives a different \"%s\"", key);
            verify_problem(v, row, what);
        }
        cJSON_Delete(now);
        cJSON_Delete(then);
        free(json);
        score_free(s);
    }
    run_free(r);
    records_attempt_free(a);
    diag_list_free(dl);
    return true;
}

size_t records_verify(Records *db, DiagList *dl, size_t *skipped)
{
    Verify v = {db, dl, 0, 0, NULL, NULL, ""};
    sqlite3_stmt *st = rdb_prep(db, "PRAGMA integrity_check");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        if (strcmp(rdb_col_str(st, 0), "ok") != 0) {
            diag_add(dl, DIAG_ERROR, DIAG_IO, records_path(db), 0, 0, NULL, "%s",
                     rdb_col_str(st, 0));
        }
    }
    sqlite3_finalize(st);
    for (int classroom = 0; classroom < 2; classroom++) {
        RecordsFilter f = {0};
        f.classroom = classroom;
        char err[400];
        if (!records_each_attempt(db, &f, verify_attempt, &v, err, sizeof err)) {
            diag_add(dl, DIAG_ERROR, DIAG_IO, records_path(db), 0, 0, NULL, "%s", err);
        }
    }
    scenario_free(v.sc);
    free(v.loaded_path);
    *skipped = v.skipped;
    return v.checked;
}
