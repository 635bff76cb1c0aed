/* records_outbox.c: xAPI statements from the records, and the outbox the
 * sender drains (see records.h). A statement is queued once (its id is
 * unique in the table) and stays in the table after it is sent, so the
 * records show what the learning record store was told and when. Actors
 * are pseudonyms: a version-5 UUID of the trainee's name in a namespace
 * drawn at random once per database (or $BENEATH_LRS_ACTOR_NAMESPACE, one
 * UUID shared by an academy's PCs), so the name never leaves it. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "records_db.h"
#include "strbuf.h"
#include "xapi.h"

void records_set_outbox(Records *db, bool on, const char *homepage)
{
    db->outbox = on;
    free(db->homepage);
    db->homepage = xstrdup(homepage && *homepage ? homepage : XAPI_DEFAULT_HOMEPAGE);
}

/* The per-database namespace of actor pseudonyms, created on first use. */
static bool actor_namespace(Records *db, char ns[DIGEST_UUID_TEXT])
{
    /* An academy with several PCs sets one namespace for all of them, so a
     * trainee is the same actor at the LRS whichever PC they trained on. */
    const char *shared = getenv("BENEATH_LRS_ACTOR_NAMESPACE");
    if (shared && digest_is_uuid(shared)) {
        snprintf(ns, DIGEST_UUID_TEXT, "%s", shared);
        return true;
    }
    sqlite3_stmt *st = rdb_prep(db, "SELECT value FROM meta WHERE key = 'actor_namespace'");
    bool found = st && sqlite3_step(st) == SQLITE_ROW && digest_is_uuid(rdb_col_str(st, 0));
    if (found) {
        snprintf(ns, DIGEST_UUID_TEXT, "%s", rdb_col_str(st, 0));
    }
    sqlite3_finalize(st);
    if (found) {
        return true;
    }
    if (!digest_uuid_random(ns)) {
        return false;
    }
    st = rdb_prep(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('actor_namespace', ?1)");
    bool ok = st != NULL;
    if (ok) {
        rdb_bind_text(st, 1, ns);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

typedef struct Acts {
    RecordsActionRow *rows;
    size_t n, cap;
    Arena *arena;
} Acts;

static bool collect_action(const RecordsActionRow *row, void *ctx)
{
    Acts *a = ctx;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->rows = xrealloc(a->rows, a->cap * sizeof *a->rows);
    }
    RecordsActionRow *r = &a->rows[a->n++];
    *r = *row;
    r->kind = arena_strdup(a->arena, row->kind);
    r->node = arena_strdup(a->arena, row->node);
    r->item = arena_strdup(a->arena, row->item);
    r->at = arena_strdup(a->arena, row->at);
    return true;
}

typedef struct Export {
    Records *db;
    const char *homepage;
    char ns[DIGEST_UUID_TEXT];
    cJSON *all;
    bool ok;
} Export;

/* Appends the statements of one finished graded attempt to x->all. */
static bool export_attempt(const RecordsRow *row, void *ctx)
{
    Export *x = ctx;
    Acts acts = {NULL, 0, 0, arena_new()};
    x->ok = records_each_action(x->db, row->id, collect_action, &acts, NULL, 0);
    if (x->ok) {
        char actor[DIGEST_UUID_TEXT];
        digest_uuid_name(x->ns, row->who, actor);
        char *text = xapi_attempt_statements(row, acts.rows, acts.n, x->homepage, actor);
        cJSON *list = cJSON_Parse(text);
        free(text);
        cJSON *s;
        while (list && (s = cJSON_DetachItemFromArray(list, 0)) != NULL) {
            cJSON_AddItemToArray(x->all, s);
        }
        cJSON_Delete(list);
    }
    free(acts.rows);
    arena_free(acts.arena);
    return x->ok;
}

static cJSON *statements_of(Records *db, const RecordsFilter *f, const char *homepage)
{
    Export x = {db, homepage && *homepage ? homepage : XAPI_DEFAULT_HOMEPAGE, "",
                cJSON_CreateArray(), true};
    RecordsFilter g = *f;
    g.classroom = false; /* classroom sessions are nobody's record */
    g.finished_only = true;
    if (!actor_namespace(db, x.ns) || !records_each_attempt(db, &g, export_attempt, &x, NULL, 0) ||
        !x.ok) {
        cJSON_Delete(x.all);
        return NULL;
    }
    return x.all;
}

char *records_xapi_export(Records *db, const RecordsFilter *f, const char *homepage, char *err,
                          size_t err_size)
{
    RecordsFilter none = {0};
    if (!rdb_begin(db, err, err_size)) {
        return NULL;
    }
    cJSON *all = statements_of(db, f ? f : &none, homepage);
    if (!all) {
        rdb_db_fail(db, err, err_size, _("cannot read the attempts"));
        rdb_rollback(db);
        return NULL;
    }
    rdb_commit(db, NULL, 0); /* only the actor namespace may have been written */
    char *text = cJSON_Print(all);
    cJSON_Delete(all);
    if (!text) {
        abort();
    }
    return text;
}

/* Queues every statement of 'all' not queued yet; counts the new ones. */
static bool queue_all(Records *db, const cJSON *all, long long id, long long now_ms, size_t *queued)
{
    char now[32];
    records_format_time(now_ms, now);
    sqlite3_stmt *st = rdb_prep(db, "INSERT OR IGNORE INTO outbox(statement_id, attempt_id, body,"
                                    " created_at, next_ms) VALUES(?1, ?2, ?3, ?4, 0)");
    bool ok = st != NULL;
    const cJSON *s;
    cJSON_ArrayForEach(s, all)
    {
        if (!ok) {
            break;
        }
        char *body = cJSON_PrintUnformatted(s);
        sqlite3_reset(st);
        rdb_bind_text(st, 1, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "id")));
        if (id > 0) {
            sqlite3_bind_int64(st, 2, id);
        } else {
            sqlite3_bind_null(st, 2);
        }
        rdb_bind_text(st, 3, body);
        rdb_bind_text(st, 4, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        *queued += ok ? (size_t)sqlite3_changes(db->db) : 0;
        free(body);
    }
    sqlite3_finalize(st);
    return ok;
}

bool rdb_queue_statements(Records *db, long long id, const char *homepage, long long now_ms,
                          size_t *queued)
{
    RecordsFilter f = {0};
    f.id = id;
    cJSON *all = statements_of(db, &f, homepage);
    bool ok = all && queue_all(db, all, id, now_ms, queued);
    cJSON_Delete(all);
    return ok;
}

bool records_outbox_fill(Records *db, const RecordsFilter *f, const char *homepage,
                         long long now_ms, size_t *queued, char *err, size_t err_size)
{
    RecordsFilter none = {0};
    *queued = 0;
    if (!rdb_begin(db, err, err_size)) {
        return false;
    }
    cJSON *all = statements_of(db, f ? f : &none, homepage);
    bool ok = all && queue_all(db, all, 0, now_ms, queued);
    cJSON_Delete(all);
    if (!ok) {
        rdb_db_fail(db, err, err_size, _("cannot queue the statements"));
        rdb_rollback(db);
        return false;
    }
    return rdb_commit(db, err, err_size);
}

RecordsOutboxItem *records_outbox_due(Records *db, long long now_ms, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st =
        rdb_prep(db, "SELECT id, statement_id, body, tries FROM outbox"
                     " WHERE sent_at IS NULL AND next_ms <= ?1 ORDER BY id LIMIT ?2");
    if (!st) {
        return NULL;
    }
    sqlite3_bind_int64(st, 1, now_ms);
    sqlite3_bind_int64(st, 2, (long long)max);
    RecordsOutboxItem *out = NULL;
    while (*n < max && sqlite3_step(st) == SQLITE_ROW) {
        out = xrealloc(out, (*n + 1) * sizeof *out);
        RecordsOutboxItem *it = &out[(*n)++];
        it->id = sqlite3_column_int64(st, 0);
        it->statement_id = rdb_col_dup(st, 1);
        it->body = rdb_col_dup(st, 2);
        it->tries = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    return out;
}

void records_outbox_free(RecordsOutboxItem *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].statement_id);
        free(items[i].body);
    }
    free(items);
}

/* Runs 'sql' (?1 = outbox id, ?2 and ?3 as given) for every id, in one
 * transaction. */
static bool update_ids(Records *db, const char *sql, const long long *ids, size_t n,
                       const char *text, long long value)
{
    if (!rdb_begin(db, NULL, 0)) {
        return false;
    }
    sqlite3_stmt *st = rdb_prep(db, sql);
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[i]);
        rdb_bind_text(st, 2, text);
        sqlite3_bind_int64(st, 3, value);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!ok) {
        rdb_rollback(db);
        return false;
    }
    return rdb_commit(db, NULL, 0);
}

bool records_outbox_sent(Records *db, const long long *ids, size_t n, long long now_ms)
{
    char now[32];
    records_format_time(now_ms, now);
    return update_ids(db,
                      "UPDATE outbox SET sent_at = ?2, tries = tries + 1, last_error = NULL"
                      " WHERE id = ?1 AND sent_at IS NULL",
                      ids, n, now, 0);
}

bool records_outbox_failed(Records *db, const long long *ids, size_t n, long long next_ms,
                           const char *why)
{
    return update_ids(db,
                      "UPDATE outbox SET tries = tries + 1, last_error = ?2, next_ms = ?3"
                      " WHERE id = ?1 AND sent_at IS NULL",
                      ids, n, why, next_ms);
}

bool records_outbox_counts(Records *db, size_t *unsent, size_t *sent)
{
    sqlite3_stmt *st = rdb_prep(db, "SELECT count(*) - count(sent_at), count(sent_at) FROM outbox");
    bool ok = st && sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        *unsent = (size_t)sqlite3_column_int64(st, 0);
        *sent = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
}
