/* records.h: the training records, one SQLite database (WAL mode) holding
 * every attempt, graded or classroom, with every action and its minute, the
 * result, instructor notes and the xAPI outbox. Each change is one
 * transaction, written before the game shows its effect, so a crash or kill
 * loses at most the action being taken; concurrent writers (two games, the
 * game and beneath-play) are serialised by SQLite's locking with a busy
 * timeout. A trainee is identified by their full name, stored in every
 * attempt and compared on every read and write of it. No clocks are read
 * here: callers pass the time (milliseconds since 1970, UTC). */
#ifndef BENEATH_RECORDS_H
#define BENEATH_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "expr.h" /* run.h uses ExprEnv without including expr.h */
#include "run.h"

/* The schema version this build writes; older databases are migrated,
 * newer ones are set aside (see records_open). */
#define RECORDS_SCHEMA_VERSION 1
/* Trainee names and IDs: 1 to 64 characters (Unicode code points) of valid
 * UTF-8, no control characters, no leading or trailing space. Longer names
 * are refused, never cut. */
#define RECORDS_NAME_MAX_CHARS 64
/* Bytes a buffer needs for any valid name (4 bytes a character, a NUL). */
#define RECORDS_NAME_MAX_BYTES (RECORDS_NAME_MAX_CHARS * 4 + 1)
/* How long a writer waits for another one to finish before giving up. */
#define RECORDS_BUSY_TIMEOUT_MS 10000

typedef struct Records Records;
typedef struct RecordsAttempt RecordsAttempt;

typedef enum RecordsKind {
    RECORDS_GRADED,   /* a trainee's attempt: counts in reports and certificates */
    RECORDS_CLASSROOM /* an instructor-led session: recorded apart, never graded */
} RecordsKind;

/* Checks a trainee name against the rule above. Returns false and writes a
 * sentence saying what is wrong ("... is 70 characters; the limit is 64"). */
bool records_check_name(const char *name, char *err, size_t err_size);

/* The database path when none is given: $BENEATH_RECORDS, else 'setting'
 * (the 'records_path' setting, e.g. a shared PC's store; NULL or "" when not
 * set), else DATA_DIR/records.sqlite where DATA_DIR is $BENEATH_DATA_DIR,
 * else $XDG_DATA_HOME/beneath-the-surface, else
 * ~/.local/share/beneath-the-surface. Caller frees with free(). */
char *records_default_path(const char *setting);
/* The data folder used by records_default_path (for the old JSON files). */
char *records_default_data_dir(void);

/* Writes 'ms' (milliseconds since 1970) as ISO 8601 UTC with milliseconds,
 * "2026-12-01T07:05:09.120Z". */
void records_format_time(long long ms, char out[32]);
/* Parses ISO 8601 as written above or with a "+hhmm"/"+hh:mm" offset;
 * returns false if 's' is not such a time. */
bool records_parse_time(const char *s, long long *ms);

/* Opens the database at 'path', creating it (and its folder) or migrating
 * it as needed. A file that is not a readable records database of this or
 * an older version (garbage, another program's database, a newer format) is
 * never overwritten: it is renamed to PATH.unreadable-N (the first free N,
 * with its -wal file) and a new database is started; 'notice' then says so
 * and where the old file is, for the caller to show on screen. 'notice' is
 * "" otherwise. Returns NULL and writes err if the database cannot be opened
 * or created at all. Close with records_close. */
Records *records_open(const char *path, char *notice, size_t notice_size, char *err,
                      size_t err_size);
/* Closes the database; NULL does nothing. */
void records_close(Records *db);
/* The file the database lives in. Borrowed. */
const char *records_path(const Records *db);

/* Imports the old JSON saves (DIR/saves/\*.json) and records
 * (DIR/records/\*.json) once per database, keeping the files as they were.
 * What was imported is told in 'notice' (in the interface language; ""
 * when there was nothing to import); *warns (if not NULL) is set when some
 * file could not be read, which the notice then names; an unreadable save
 * becomes a damaged entry on the Resume list. Returns false and writes err
 * on a database error (nothing is then marked as imported). */
bool records_import_legacy(Records *db, const char *data_dir, long long now_ms, char *notice,
                           size_t notice_size, bool *warns, char *err, size_t err_size);

/* Starts recording an attempt of run's scenario by 'who' (a trainee name
 * that passes records_check_name; for classroom sessions the instructor's
 * name, which may be ""), optionally in class 'klass' (NULL keeps the
 * trainee's class). 'source' says which program ("beneath", "beneath-play").
 * Earlier unfinished graded attempts of the same trainee and scenario are
 * marked abandoned (kept, off the Resume list). Returns NULL and writes err
 * on failure. Free the handle with records_attempt_free. */
RecordsAttempt *records_attempt_begin(Records *db, const Run *r, RecordsKind kind, const char *who,
                                      const char *klass, const char *source, long long now_ms,
                                      char *err, size_t err_size);

/* Writes the attempt's history as it now stands (new actions, or fewer after
 * a classroom step back) and, once the run has ended, its result, in one
 * transaction. The attempt's stored name must still be 'who' of the handle.
 * Returns false and writes err on failure (nothing is then written). */
bool records_attempt_save(Records *db, RecordsAttempt *a, const Run *r, long long now_ms, char *err,
                          size_t err_size);

/* The attempt's id (its row), its registration UUID and whether its result
 * has been written. */
long long records_attempt_id(const RecordsAttempt *a);
const char *records_attempt_uuid(const RecordsAttempt *a);
bool records_attempt_finished(const RecordsAttempt *a);
void records_attempt_free(RecordsAttempt *a);

/* An unfinished attempt, as listed for "resume". Strings are owned. */
typedef struct RecordsUnfinished {
    long long id;
    RecordsKind kind;
    char *who;
    char *scenario_id, *scenario_title, *scenario_file;
    char *started_at, *updated_at;
    size_t n_actions;
    bool damaged;  /* cannot be resumed; 'problem' says why and where it is */
    char *problem; /* NULL unless damaged */
} RecordsUnfinished;

/* Unfinished attempts of this kind, newest first: those of 'who' (NULL: of
 * everyone), and damaged ones whose owner is unknown. Sets *n; free with
 * records_unfinished_free. Returns NULL with *n = 0 when there are none or
 * on a database error. */
RecordsUnfinished *records_list_unfinished(Records *db, RecordsKind kind, const char *who,
                                           size_t *n);
void records_unfinished_free(RecordsUnfinished *list, size_t n);

/* Rebuilds unfinished attempt 'id' of 'who' against 'sc' by replaying its
 * recorded actions (see run_restore for a changed scenario). Refuses, with a
 * DIAG_ERROR, an attempt that is not 'who's, not of this scenario, finished
 * or damaged. On success *out receives the handle to keep recording it. */
Run *records_attempt_resume(Records *db, long long id, const char *who, const Scenario *sc,
                            RecordsAttempt **out, DiagList *dl);

/* Replays recorded attempt 'id' (finished or not, graded or classroom)
 * through the engine on 'sc', read-only, for review. Returns NULL with a
 * DIAG_ERROR if it is not an attempt of this scenario; a DIAG_WARNING if
 * the scenario has changed and the replay stopped early. */
Run *records_attempt_replay(Records *db, long long id, const Scenario *sc, DiagList *dl);

/* Adds an instructor's note to action 'seq' of attempt 'id' (seq -1: the
 * whole attempt). Returns false and writes err on failure. */
bool records_add_note(Records *db, long long id, long long seq, const char *author,
                      const char *text, long long now_ms, char *err, size_t err_size);

/* ---- reading for reports ------------------------------------------------ */

/* Which attempts a report covers; NULL or 0 fields do not filter. */
typedef struct RecordsFilter {
    const char *trainee;  /* exact name */
    const char *klass;    /* exact class */
    const char *scenario; /* scenario id */
    long long since_ms;   /* started at or after */
    bool classroom;       /* classroom sessions instead of graded attempts */
    bool finished_only;   /* only attempts with a result */
    long long id;         /* one attempt */
} RecordsFilter;

/* One attempt as stored. Every string is borrowed for the visit only. */
typedef struct RecordsRow {
    long long id;
    const char *uuid, *kind, *who, *klass, *status;
    const char *scenario_id, *scenario_title, *scenario_version, *scenario_hash, *scenario_file;
    long long seed;
    const char *started_at, *finished_at; /* finished_at NULL if not finished */
    long long started_ms, finished_ms;    /* finished_ms 0 if not finished */
    size_t n_actions, step_backs;
    bool tampered, has_result, passed;
    int score, minutes;
    const char *outcome; /* NULL if not ended */
    const char *result;  /* score_to_json of the finished attempt, or NULL */
    const char *source;
} RecordsRow;

/* One entry of an attempt's history (choices, details, jumps and events). */
typedef struct RecordsActionRow {
    size_t seq;
    const char *kind; /* "choice", "detail", "jump", "event" */
    const char *node, *item;
    int minute, minute_after; /* -1 when not known (imported records) */
    const char *at;           /* when it was recorded (ISO 8601), may be NULL */
} RecordsActionRow;

/* A note as stored (see records_add_note). */
typedef struct RecordsNoteRow {
    long long seq;
    const char *author, *text, *created_at;
} RecordsNoteRow;

/* Calls 'visit' for every attempt matching 'f', oldest first; stops early
 * if it returns false. Returns false and writes err on a database error. */
bool records_each_attempt(Records *db, const RecordsFilter *f,
                          bool (*visit)(const RecordsRow *row, void *ctx), void *ctx, char *err,
                          size_t err_size);
/* Calls 'visit' for every history entry of attempt 'id', in order. */
bool records_each_action(Records *db, long long id,
                         bool (*visit)(const RecordsActionRow *row, void *ctx), void *ctx,
                         char *err, size_t err_size);
/* Calls 'visit' for every note on attempt 'id', in order of moment. */
bool records_each_note(Records *db, long long id,
                       bool (*visit)(const RecordsNoteRow *row, void *ctx), void *ctx, char *err,
                       size_t err_size);

/* Checks the database file (SQLite's integrity check) and that every attempt
 * replays: its recorded actions, played through the engine on its scenario
 * file (when that file still has the recorded hash), give the recorded
 * state and result. Adds one diagnostic per problem; attempts whose
 * scenario is not available are counted in *skipped. Returns the number of
 * attempts checked. */
size_t records_verify(Records *db, DiagList *dl, size_t *skipped);

/* ---- the xAPI outbox -------------------------------------------------- */

/* Turns on queuing: from now on each attempt that finishes also puts its
 * xAPI statements (see xapi.h) in the outbox, in the same transaction, with
 * actors under account home page 'homepage'. */
void records_set_outbox(Records *db, bool on, const char *homepage);

/* The statements of the finished graded attempts matching 'f', as one JSON
 * array an LRS can import. Actors are pseudonyms: a UUID of the trainee's
 * name in $BENEATH_LRS_ACTOR_NAMESPACE (a UUID an academy shares across
 * its PCs) or else in a namespace drawn once for this database (caller frees with free()), or NULL
 * with err. */
char *records_xapi_export(Records *db, const RecordsFilter *f, const char *homepage, char *err,
                          size_t err_size);

/* Queues the statements of finished attempts matching 'f' that are not
 * queued yet (by statement id). Sets *queued. */
bool records_outbox_fill(Records *db, const RecordsFilter *f, const char *homepage,
                         long long now_ms, size_t *queued, char *err, size_t err_size);

/* One queued statement batch. Owned strings. */
typedef struct RecordsOutboxItem {
    long long id;
    char *statement_id;
    char *body; /* the statement as JSON */
    int tries;
} RecordsOutboxItem;

/* Up to 'max' unsent statements due at 'now_ms', oldest first. Sets *n;
 * free with records_outbox_free. */
RecordsOutboxItem *records_outbox_due(Records *db, long long now_ms, size_t max, size_t *n);
void records_outbox_free(RecordsOutboxItem *items, size_t n);
/* Marks statements sent (the LRS accepted them or already had them). */
bool records_outbox_sent(Records *db, const long long *ids, size_t n, long long now_ms);
/* Records a failed try: next try at 'next_ms', and the reason (no secrets). */
bool records_outbox_failed(Records *db, const long long *ids, size_t n, long long next_ms,
                           const char *why);
/* Counts of unsent and sent statements. */
bool records_outbox_counts(Records *db, size_t *unsent, size_t *sent);

#endif
