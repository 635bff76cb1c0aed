/* records_db.h: what the records modules share inside the core (records.c,
 * records_import.c, records_outbox.c): the handles' layout and small SQLite
 * helpers. Not for use outside game/core. */
#ifndef BENEATH_RECORDS_DB_H
#define BENEATH_RECORDS_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "digest.h"
#include "records.h"

/* 'BTS1': marks a database as ours (PRAGMA application_id). */
#define RECORDS_APP_ID 0x42545331

struct Records {
    sqlite3 *db;
    char *path;
    bool outbox;    /* queue xAPI statements when attempts finish */
    char *homepage; /* account home page of the actors */
};

struct RecordsAttempt {
    long long id;
    char uuid[DIGEST_UUID_TEXT];
    char *who;
    RecordsKind kind;
    size_t written; /* history entries stored */
    bool finished;
};

/* Writes a printf message to err (if any) and returns false. */
bool rdb_fail(char *err, size_t err_size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "records database PATH: WHAT: sqlite's message"; returns false. */
bool rdb_db_fail(Records *db, char *err, size_t err_size, const char *what);
/* Runs SQL with no results; false with err on failure. */
bool rdb_exec(Records *db, const char *sql, char *err, size_t err_size);
/* A prepared statement (caller finalizes), or NULL. */
sqlite3_stmt *rdb_prep(Records *db, const char *sql);
/* Binds text, or NULL for a NULL pointer. */
void rdb_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text copied (caller frees; "" for NULL) or borrowed (may be NULL). */
char *rdb_col_dup(sqlite3_stmt *st, int i);
const char *rdb_col_str(sqlite3_stmt *st, int i);
/* BEGIN IMMEDIATE (waits for other writers up to the busy timeout), COMMIT
 * (rolls back if it fails), ROLLBACK. */
bool rdb_begin(Records *db, char *err, size_t err_size);
bool rdb_commit(Records *db, char *err, size_t err_size);
void rdb_rollback(Records *db);

/* The recorded actions of attempt 'id' as run_save() JSON (for
 * run_restore); caller frees with free(). NULL on a database error. */
char *rdb_actions_as_save(Records *db, long long id, const char *scenario_id);

/* Queues the xAPI statements of finished attempt 'id' (records_outbox.c);
 * call inside a transaction. Adds the number newly queued to *queued. */
bool rdb_queue_statements(Records *db, long long id, const char *homepage, long long now_ms,
                          size_t *queued);

#endif
