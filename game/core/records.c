/* records.c: the SQLite records store (see records.h). Invariants:
 * - every write is one BEGIN IMMEDIATE ... COMMIT, so a reader or a killed
 *   process sees either all of a change or none of it;
 * - an attempt row is only ever written WHERE its stored name is the
 *   writer's, so no attempt can be written under another trainee's name;
 * - a file we cannot use is renamed aside with link() (which never replaces
 *   an existing name), never written over. */
#include "records.h"

#include "records_db.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "digest.h"
#include "files.h"
#include "i18n.h"
#include "score.h"
#include "strbuf.h"

/* ---- small helpers ------------------------------------------------------ */

bool rdb_fail(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool rdb_db_fail(Records *db, char *err, size_t err_size, const char *what)
{
    return rdb_fail(err, err_size, _("records database %s: %s: %s"), db->path, what,
                    sqlite3_errmsg(db->db));
}

bool rdb_exec(Records *db, const char *sql, char *err, size_t err_size)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rdb_fail(err, err_size, _("records database %s: %s"), db->path, msg ? msg : "error");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

sqlite3_stmt *rdb_prep(Records *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

void rdb_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) {
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, i);
    }
}

char *rdb_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return xstrdup(s ? (const char *)s : "");
}

const char *rdb_col_str(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

bool rdb_begin(Records *db, char *err, size_t err_size)
{
    return rdb_exec(db, "BEGIN IMMEDIATE", err, err_size);
}

bool rdb_commit(Records *db, char *err, size_t err_size)
{
    if (rdb_exec(db, "COMMIT", err, err_size)) {
        return true;
    }
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return false;
}

void rdb_rollback(Records *db)
{
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- names and times ---------------------------------------------------- */

/* Decodes one UTF-8 character at s; returns its length, 0 if invalid. */
static size_t utf8_char(const unsigned char *s, uint32_t *cp)
{
    size_t n;
    uint32_t c = s[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

bool records_check_name(const char *name, char *err, size_t err_size)
{
    if (!name || !*name) {
        return rdb_fail(err, err_size, _("A name or officer ID is required."));
    }
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        uint32_t cp;
        size_t n = utf8_char(p, &cp);
        if (n == 0) {
            return rdb_fail(err, err_size, _("The name is not valid UTF-8 text."));
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            return rdb_fail(err, err_size, _("The name contains a control character."));
        }
        p += n;
        chars++;
    }
    size_t len = strlen(name);
    if (name[0] == ' ' || name[len - 1] == ' ') {
        return rdb_fail(err, err_size, _("The name begins or ends with a space."));
    }
    if (chars > RECORDS_NAME_MAX_CHARS) {
        return rdb_fail(err, err_size, _("The name is %zu characters long; the limit is %d."),
                        chars, RECORDS_NAME_MAX_CHARS);
    }
    return true;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s%s%s", a, (*a && a[strlen(a) - 1] == '/') ? "" : "/", b);
    return p;
}

char *records_default_data_dir(void)
{
    const char *e = getenv("BENEATH_DATA_DIR");
    if (e && *e) {
        return xstrdup(e);
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/') {
        return join(xdg, "beneath-the-surface");
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        return join(home, ".local/share/beneath-the-surface");
    }
    return xstrdup("beneath-the-surface-data");
}

char *records_default_path(const char *setting)
{
    const char *e = getenv("BENEATH_RECORDS");
    if (e && *e) {
        return xstrdup(e);
    }
    if (setting && *setting) {
        return xstrdup(setting);
    }
    char *dir = records_default_data_dir();
    char *p = join(dir, "records.sqlite");
    free(dir);
    return p;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void records_format_time(long long ms, char out[32])
{
    long long secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int milli = (int)(ms - secs * 1000);
    long long z = (secs >= 0 ? secs : secs - 86399) / 86400;
    long long sod = secs - z * 86400;
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    long long y = yoe + era * 400 + (m <= 2);
    /* the ranges are known; the modulos tell the compiler the widths */
    unsigned year = (unsigned)(y < 0 ? 0 : y > 9999 ? 9999 : y);
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", year % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u, (unsigned)(sod / 3600) % 100u, (unsigned)(sod / 60 % 60) % 100u,
             (unsigned)(sod % 60) % 100u, (unsigned)milli % 1000u);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool records_parse_time(const char *s, long long *ms)
{
    int y, mo, d, h = 0, mi = 0, se = 0, milli = 0;
    if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
        return false;
    }
    const char *p = s + 10;
    if (*p == 'T' || *p == ' ') {
        if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi)) {
            return false;
        }
        p += 6;
        if (*p == ':') {
            if (!digits(p + 1, 2, &se)) {
                return false;
            }
            p += 3;
            if (*p == '.') {
                int scale = 100;
                for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10) {
                    milli += (*p - '0') * scale;
                }
            }
        }
    }
    int off = 0, oh, om;
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        const char *q = p + 1;
        if (!digits(q, 2, &oh)) {
            return false;
        }
        q += 2 + (q[2] == ':');
        if (!digits(q, 2, &om)) {
            return false;
        }
        off = sign * (oh * 60 + om);
        p = q + 2;
    } else if (*p == 'Z') {
        p++;
    }
    if (*p) {
        return false;
    }
    long long t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off * 60LL;
    *ms = t * 1000 + milli;
    return true;
}

/* ---- opening, setting aside, migrating -------------------------------- */

/* Each entry takes the schema from version i to i + 1. Columns that other
 * engineers' result fields might need live in 'result' (JSON), so a new
 * score field needs no migration. */
static const char *const MIGRATIONS[] = {
    "CREATE TABLE trainees("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  class TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE attempts("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK(kind IN ('graded','classroom')),"
    "  who TEXT NOT NULL,"
    "  trainee_id INTEGER REFERENCES trainees(id),"
    "  class TEXT,"
    "  scenario_id TEXT NOT NULL,"
    "  scenario_title TEXT NOT NULL DEFAULT '',"
    "  scenario_version TEXT NOT NULL DEFAULT '',"
    "  scenario_hash TEXT NOT NULL DEFAULT '',"
    "  scenario_file TEXT NOT NULL DEFAULT '',"
    "  seed INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL,"
    "  started_at TEXT NOT NULL,"
    "  started_ms INTEGER NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  finished_at TEXT,"
    "  finished_ms INTEGER,"
    "  n_actions INTEGER NOT NULL DEFAULT 0,"
    "  step_backs INTEGER NOT NULL DEFAULT 0,"
    "  tampered INTEGER NOT NULL DEFAULT 0,"
    "  score INTEGER,"
    "  passed INTEGER,"
    "  outcome TEXT,"
    "  minutes INTEGER,"
    "  result TEXT,"
    "  source TEXT,"
    "  problem TEXT);"
    "CREATE INDEX attempts_by_who ON attempts(kind, who, status);"
    "CREATE INDEX attempts_by_scenario ON attempts(scenario_id, started_ms);"
    "CREATE TABLE actions("
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  seq INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  node TEXT NOT NULL,"
    "  item TEXT NOT NULL,"
    "  minute INTEGER,"
    "  minute_after INTEGER,"
    "  at TEXT,"
    "  PRIMARY KEY(attempt_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE notes("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  seq INTEGER NOT NULL,"
    "  author TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE outbox("
    "  id INTEGER PRIMARY KEY,"
    "  statement_id TEXT NOT NULL UNIQUE,"
    "  attempt_id INTEGER REFERENCES attempts(id),"
    "  body TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  tries INTEGER NOT NULL DEFAULT 0,"
    "  next_ms INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  sent_at TEXT);"
    "CREATE INDEX outbox_due ON outbox(sent_at, next_ms);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);",
};
#define N_MIGRATIONS (sizeof MIGRATIONS / sizeof MIGRATIONS[0])

typedef enum Shape { SHAPE_OK, SHAPE_EMPTY, SHAPE_FOREIGN, SHAPE_NEWER, SHAPE_BROKEN } Shape;

static long long pragma_int(sqlite3 *db, const char *sql, int *rc)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    *rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (*rc == SQLITE_OK) {
        *rc = sqlite3_step(st);
        if (*rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            *rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return v;
}

/* What the open file is. 'why' receives the reason for anything not OK. */
static Shape db_shape(sqlite3 *db, char *why, size_t why_size)
{
    int rc;
    long long app = pragma_int(db, "PRAGMA application_id", &rc);
    if (rc != SQLITE_OK) {
        rdb_fail(why, why_size, "%s", sqlite3_errmsg(db));
        return rc == SQLITE_BUSY ? SHAPE_OK : SHAPE_BROKEN;
    }
    long long tables = pragma_int(db, "SELECT count(*) FROM sqlite_master", &rc);
    long long version = pragma_int(db, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK) {
        rdb_fail(why, why_size, "%s", sqlite3_errmsg(db));
        return SHAPE_BROKEN;
    }
    if (app == 0 && tables == 0) {
        return SHAPE_EMPTY;
    }
    if (app != RECORDS_APP_ID) {
        rdb_fail(why, why_size, _("it is not a Beneath the Surface records database"));
        return SHAPE_FOREIGN;
    }
    if (version > (long long)N_MIGRATIONS) {
        rdb_fail(why, why_size,
                 _("it was written by a newer version (format %lld; this one reads %d)"), version,
                 (int)N_MIGRATIONS);
        return SHAPE_NEWER;
    }
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok) {
        rdb_fail(why, why_size, _("it is damaged (%s)"),
                 st && sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                                  : sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return ok ? SHAPE_OK : SHAPE_BROKEN;
}

/* Renames 'path' (and its -wal, if any) to the first free PATH.unreadable-N
 * without ever replacing a file: link() fails on an existing name. Returns
 * the new name (caller frees) or NULL. */
static char *set_aside(const char *path)
{
    size_t n = strlen(path) + 40;
    char *aside = xmalloc(n);
    for (int i = 1; i < 100000; i++) {
        snprintf(aside, n, "%s.unreadable-%d", path, i);
        if (link(path, aside) == 0) {
            unlink(path);
            char *from = xmalloc(n + 8), *to = xmalloc(n + 8);
            snprintf(from, n + 8, "%s-wal", path);
            snprintf(to, n + 8, "%s-wal", aside);
            if (link(from, to) == 0) {
                unlink(from);
            }
            snprintf(from, n + 8, "%s-shm", path);
            unlink(from); /* only an index of the -wal, rebuilt from it */
            free(from);
            free(to);
            return aside;
        }
        if (errno != EEXIST) {
            break;
        }
    }
    free(aside);
    return NULL;
}

static bool migrate(Records *db, char *err, size_t err_size)
{
    int rc;
    if (pragma_int(db->db, "PRAGMA user_version", &rc) == (long long)N_MIGRATIONS &&
        rc == SQLITE_OK) {
        return true; /* current: no write, no wait for other writers */
    }
    if (!rdb_begin(db, err, err_size)) {
        return false;
    }
    /* read again inside the write lock: another process may have migrated */
    long long version = pragma_int(db->db, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK) {
        rdb_rollback(db);
        return rdb_db_fail(db, err, err_size, _("cannot read its version"));
    }
    for (long long v = version; v < (long long)N_MIGRATIONS; v++) {
        if (!rdb_exec(db, MIGRATIONS[v], err, err_size)) {
            rdb_rollback(db);
            return false;
        }
    }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             RECORDS_APP_ID, (int)N_MIGRATIONS);
    if (!rdb_exec(db, sql, err, err_size)) {
        rdb_rollback(db);
        return false;
    }
    return rdb_commit(db, err, err_size);
}

static sqlite3 *open_file(const char *path, char *err, size_t err_size)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rdb_fail(err, err_size, _("cannot open the records database %s: %s"), path,
                 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, RECORDS_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(h, 1);
    return h;
}

static char *parent_dir(const char *path)
{
    char *d = xstrdup(path);
    char *slash = strrchr(d, '/');
    if (!slash) {
        free(d);
        return NULL;
    }
    if (slash == d) {
        slash[1] = '\0';
    } else {
        *slash = '\0';
    }
    return d;
}

Records *records_open(const char *path, char *notice, size_t notice_size, char *err,
                      size_t err_size)
{
    if (notice && notice_size) {
        notice[0] = '\0';
    }
    char *dir = parent_dir(path);
    if (dir && !file_mkdirs(dir, err, err_size)) {
        free(dir);
        return NULL;
    }
    free(dir);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        rdb_fail(err, err_size, _("the records database %s is not a regular file"), path);
        return NULL;
    }
    Records *db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    for (int round = 0; round < 2; round++) {
        db->db = open_file(path, err, err_size);
        if (!db->db) {
            break;
        }
        char why[300] = "";
        Shape shape = db_shape(db->db, why, sizeof why);
        if (shape == SHAPE_OK || shape == SHAPE_EMPTY) {
            if (rdb_exec(db,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         "PRAGMA foreign_keys=ON",
                         err, err_size) &&
                migrate(db, err, err_size)) {
                return db;
            }
            break;
        }
        sqlite3_close(db->db);
        db->db = NULL;
        char *aside = round == 0 ? set_aside(path) : NULL;
        if (!aside && round == 0 && stat(path, &st) != 0) {
            continue; /* another process set it aside first: start afresh */
        }
        if (!aside) {
            rdb_fail(err, err_size, _("the records database %s cannot be used (%s) or set aside"),
                     path, why);
            break;
        }
        rdb_fail(notice, notice_size,
                 _("The records database could not be used (%s). It was kept, unchanged, as %s; "
                   "new records go to a new database."),
                 why, aside);
        free(aside);
    }
    records_close(db);
    return NULL;
}

void records_close(Records *db)
{
    if (!db) {
        return;
    }
    sqlite3_close(db->db);
    free(db->path);
    free(db->homepage);
    free(db);
}

const char *records_path(const Records *db)
{
    return db->path;
}

/* ---- writing attempts ------------------------------------------------- */

static const char *status_word(RunStatus s)
{
    return s == RUN_ENDED ? "ended" : s == RUN_STUCK ? "stuck" : "playing";
}

static const char *kind_word(RecordsKind k)
{
    return k == RECORDS_CLASSROOM ? "classroom" : "graded";
}

/* Hash of the scenario file as loaded, or "" if it cannot be read. */
static void scenario_hash(const Scenario *sc, char out[65])
{
    out[0] = '\0';
    size_t len = 0;
    char *text = sc->file ? file_read_all(sc->file, &len, NULL) : NULL;
    if (text) {
        digest_sha256_hex(text, len, out);
        free(text);
    }
}

/* 'path' made absolute against the current folder, so the attempt can be
 * replayed from anywhere ("" for NULL). Caller frees. */
static char *absolute_path(const char *path)
{
    char cwd[4096];
    if (!path || path[0] == '/' || !getcwd(cwd, sizeof cwd)) {
        return xstrdup(path ? path : "");
    }
    const char *rel = strncmp(path, "./", 2) == 0 ? path + 2 : path;
    return join(cwd, rel);
}

static long long trainee_row(Records *db, const char *name, const char *klass, const char *now)
{
    sqlite3_stmt *st =
        rdb_prep(db, "INSERT INTO trainees(name, class, created_at) VALUES(?1, ?2, ?3)"
                     " ON CONFLICT(name) DO UPDATE SET class = coalesce(?2, class)"
                     " RETURNING id");
    long long id = -1;
    if (st) {
        rdb_bind_text(st, 1, name);
        rdb_bind_text(st, 2, klass && *klass ? klass : NULL);
        rdb_bind_text(st, 3, now);
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
        }
    }
    sqlite3_finalize(st);
    return id;
}

RecordsAttempt *records_attempt_begin(Records *db, const Run *r, RecordsKind kind, const char *who,
                                      const char *klass, const char *source, long long now_ms,
                                      char *err, size_t err_size)
{
    if (kind == RECORDS_GRADED || (who && *who)) {
        if (!records_check_name(who, err, err_size)) {
            return NULL;
        }
    }
    const Scenario *sc = run_scenario(r);
    RecordsAttempt *a = xcalloc(1, sizeof *a);
    a->who = xstrdup(who ? who : "");
    a->kind = kind;
    if (!digest_uuid_random(a->uuid)) {
        rdb_fail(err, err_size, _("no random numbers for the attempt's identifier"));
        records_attempt_free(a);
        return NULL;
    }
    char now[32], hash[65];
    records_format_time(now_ms, now);
    scenario_hash(sc, hash);
    if (!rdb_begin(db, err, err_size)) {
        records_attempt_free(a);
        return NULL;
    }
    long long tid = -1;
    if (kind == RECORDS_GRADED) {
        tid = trainee_row(db, who, klass, now);
        sqlite3_stmt *st = rdb_prep(db, "UPDATE attempts SET status = 'abandoned', updated_at = ?3"
                                        " WHERE kind = 'graded' AND who = ?1 AND scenario_id = ?2"
                                        " AND status = 'playing'");
        bool ok = st && tid > 0;
        if (ok) {
            rdb_bind_text(st, 1, who);
            rdb_bind_text(st, 2, sc->id);
            rdb_bind_text(st, 3, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (!ok) {
            rdb_db_fail(db, err, err_size, _("cannot register the trainee"));
            rdb_rollback(db);
            records_attempt_free(a);
            return NULL;
        }
    }
    sqlite3_stmt *st =
        rdb_prep(db, "INSERT INTO attempts(uuid, kind, who, trainee_id, class, scenario_id,"
                     " scenario_title, scenario_version, scenario_hash, scenario_file, status,"
                     " started_at, started_ms, updated_at, source, seed)"
                     " VALUES(?1, ?2, ?3, ?4, (SELECT class FROM trainees WHERE id = ?4), ?5, ?6,"
                     " ?7, ?8, ?9, 'playing', ?10, ?11, ?10, ?12, ?13)");
    bool ok = st != NULL;
    if (ok) {
        rdb_bind_text(st, 1, a->uuid);
        rdb_bind_text(st, 2, kind_word(kind));
        rdb_bind_text(st, 3, a->who);
        if (tid > 0) {
            sqlite3_bind_int64(st, 4, tid);
        } else {
            sqlite3_bind_null(st, 4);
        }
        rdb_bind_text(st, 5, sc->id);
        rdb_bind_text(st, 6, sc->title);
        rdb_bind_text(st, 7, sc->version);
        rdb_bind_text(st, 8, hash);
        char *abs = absolute_path(sc->file);
        rdb_bind_text(st, 9, abs);
        free(abs);
        rdb_bind_text(st, 10, now);
        sqlite3_bind_int64(st, 11, now_ms);
        rdb_bind_text(st, 12, source ? source : "");
        sqlite3_bind_int64(st, 13, (sqlite3_int64)run_seed(r));
        ok = sqlite3_step(st) == SQLITE_DONE;
        a->id = sqlite3_last_insert_rowid(db->db);
    }
    sqlite3_finalize(st);
    if (!ok) {
        rdb_db_fail(db, err, err_size, _("cannot start recording the attempt"));
        rdb_rollback(db);
        records_attempt_free(a);
        return NULL;
    }
    if (!rdb_commit(db, err, err_size)) {
        records_attempt_free(a);
        return NULL;
    }
    return a;
}

static const char *action_kind(ActionKind k)
{
    switch (k) {
    case ACTION_CHOICE:
        return "choice";
    case ACTION_EXAMINE:
        return "detail";
    case ACTION_EVENT:
        return "event";
    default:
        return "jump";
    }
}

static const char *action_item(const Scenario *sc, const Action *h)
{
    const Node *nd = &sc->nodes[h->node];
    switch (h->kind) {
    case ACTION_CHOICE:
        return nd->choices[h->index].id;
    case ACTION_EXAMINE:
        return nd->details[h->index].id;
    case ACTION_EVENT:
        return sc->events[h->index].id;
    default:
        return sc->nodes[h->index].id;
    }
}

/* Writes history entries [from, n) and drops any stored beyond n. */
static bool write_actions(Records *db, RecordsAttempt *a, const Run *r, const char *now)
{
    size_t n;
    const Action *h = run_history(r, &n);
    const Scenario *sc = run_scenario(r);
    size_t from = a->written < n ? a->written : n;
    sqlite3_stmt *del = rdb_prep(db, "DELETE FROM actions WHERE attempt_id = ?1 AND seq >= ?2");
    bool ok = del != NULL;
    if (ok) {
        sqlite3_bind_int64(del, 1, a->id);
        sqlite3_bind_int64(del, 2, (long long)from);
        ok = sqlite3_step(del) == SQLITE_DONE;
    }
    sqlite3_finalize(del);
    sqlite3_stmt *ins = ok ? rdb_prep(db, "INSERT INTO actions(attempt_id, seq, kind, node, item,"
                                          " minute, minute_after, at) VALUES(?,?,?,?,?,?,?,?)")
                           : NULL;
    ok = ins != NULL;
    for (size_t i = from; ok && i < n; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, a->id);
        sqlite3_bind_int64(ins, 2, (long long)i);
        rdb_bind_text(ins, 3, action_kind(h[i].kind));
        rdb_bind_text(ins, 4, sc->nodes[h[i].node].id);
        rdb_bind_text(ins, 5, action_item(sc, &h[i]));
        sqlite3_bind_int(ins, 6, h[i].minute);
        sqlite3_bind_int(ins, 7, h[i].minute_after);
        rdb_bind_text(ins, 8, now);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    sqlite3_finalize(ins);
    return ok;
}

/* The attempt's row: progress, and the result once it has ended. Only the
 * row with the handle's id, uuid and name is written. */
static bool write_attempt(Records *db, RecordsAttempt *a, const Run *r, const char *now,
                          long long now_ms, bool finish, size_t step_backs)
{
    char *result = NULL;
    Score *s = NULL;
    if (finish) {
        s = score_compute(r);
        result = score_to_json(s, r);
    }
    sqlite3_stmt *st =
        rdb_prep(db, "UPDATE attempts SET status = ?4, updated_at = ?5, n_actions = ?6,"
                     " tampered = ?7, step_backs = step_backs + ?8,"
                     " finished_at = CASE WHEN ?9 THEN ?5 ELSE finished_at END,"
                     " finished_ms = CASE WHEN ?9 THEN ?10 ELSE finished_ms END,"
                     " score = CASE WHEN ?9 THEN ?11 ELSE score END,"
                     " passed = CASE WHEN ?9 THEN ?12 ELSE passed END,"
                     " outcome = CASE WHEN ?9 THEN ?13 ELSE outcome END,"
                     " minutes = CASE WHEN ?9 THEN ?14 ELSE minutes END,"
                     " result = CASE WHEN ?9 THEN ?15 ELSE result END"
                     " WHERE id = ?1 AND uuid = ?2 AND who = ?3 AND finished_ms IS NULL");
    bool ok = st != NULL;
    if (ok) {
        sqlite3_bind_int64(st, 1, a->id);
        rdb_bind_text(st, 2, a->uuid);
        rdb_bind_text(st, 3, a->who);
        rdb_bind_text(st, 4, status_word(run_status(r)));
        rdb_bind_text(st, 5, now);
        sqlite3_bind_int64(st, 6, (long long)run_n_actions(r));
        sqlite3_bind_int(st, 7, run_is_tampered(r));
        sqlite3_bind_int64(st, 8, (long long)step_backs);
        sqlite3_bind_int(st, 9, finish);
        sqlite3_bind_int64(st, 10, now_ms);
        if (s) {
            sqlite3_bind_int(st, 11, s->total);
            sqlite3_bind_int(st, 12, s->passed);
            rdb_bind_text(st, 13, s->ending ? outcome_name(s->ending->ending.outcome) : NULL);
            sqlite3_bind_int(st, 14, s->minutes);
        }
        rdb_bind_text(st, 15, result);
        ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db->db) == 1;
    }
    sqlite3_finalize(st);
    free(result);
    score_free(s);
    return ok;
}

bool records_attempt_save(Records *db, RecordsAttempt *a, const Run *r, long long now_ms, char *err,
                          size_t err_size)
{
    if (a->finished) {
        return true; /* a finished attempt's record never changes */
    }
    char now[32];
    records_format_time(now_ms, now);
    size_t n;
    run_history(r, &n);
    size_t step_backs = n < a->written ? 1 : 0;
    bool finish = run_status(r) != RUN_PLAYING;
    if (!rdb_begin(db, err, err_size)) {
        return false;
    }
    if (!write_attempt(db, a, r, now, now_ms, finish, step_backs)) {
        if (sqlite3_errcode(db->db) == SQLITE_OK || sqlite3_errcode(db->db) == SQLITE_DONE) {
            /* TRANSLATORS: the second %s is a trainee's name or "the instructor" */
            rdb_fail(err, err_size,
                     _("the attempt is no longer in the records database %s as %s's unfinished "
                       "attempt"),
                     db->path, *a->who ? a->who : _("the instructor"));
        } else {
            rdb_db_fail(db, err, err_size, _("cannot save the attempt"));
        }
        rdb_rollback(db);
        return false;
    }
    if (!write_actions(db, a, r, now)) {
        rdb_db_fail(db, err, err_size, _("cannot save the actions"));
        rdb_rollback(db);
        return false;
    }
    size_t queued = 0;
    if (finish && db->outbox && a->kind == RECORDS_GRADED &&
        !rdb_queue_statements(db, a->id, db->homepage, now_ms, &queued)) {
        rdb_db_fail(db, err, err_size,
                    _("cannot queue the statements for the learning record store"));
        rdb_rollback(db);
        return false;
    }
    if (!rdb_commit(db, err, err_size)) {
        return false;
    }
    a->written = n;
    a->finished = finish;
    return true;
}

long long records_attempt_id(const RecordsAttempt *a)
{
    return a->id;
}

const char *records_attempt_uuid(const RecordsAttempt *a)
{
    return a->uuid;
}

bool records_attempt_finished(const RecordsAttempt *a)
{
    return a->finished;
}

void records_attempt_free(RecordsAttempt *a)
{
    if (a) {
        free(a->who);
        free(a);
    }
}

/* ---- resuming ------------------------------------------------------------ */

RecordsUnfinished *records_list_unfinished(Records *db, RecordsKind kind, const char *who,
                                           size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = rdb_prep(
        db, "SELECT id, who, scenario_id, scenario_title, scenario_file, started_at, updated_at,"
            " n_actions, status, problem FROM attempts WHERE kind = ?1 AND"
            " ((status = 'playing' AND (?2 IS NULL OR who = ?2)) OR"
            "  (status = 'damaged' AND (?2 IS NULL OR who = ?2 OR who = '')))"
            " ORDER BY updated_at DESC, id DESC LIMIT 100");
    if (!st) {
        return NULL;
    }
    rdb_bind_text(st, 1, kind_word(kind));
    rdb_bind_text(st, 2, who);
    RecordsUnfinished *out = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            out = xrealloc(out, cap * sizeof *out);
        }
        RecordsUnfinished *u = &out[(*n)++];
        u->id = sqlite3_column_int64(st, 0);
        u->kind = kind;
        u->who = rdb_col_dup(st, 1);
        u->scenario_id = rdb_col_dup(st, 2);
        u->scenario_title = rdb_col_dup(st, 3);
        u->scenario_file = rdb_col_dup(st, 4);
        u->started_at = rdb_col_dup(st, 5);
        u->updated_at = rdb_col_dup(st, 6);
        u->n_actions = (size_t)sqlite3_column_int64(st, 7);
        u->damaged = strcmp(rdb_col_str(st, 8), "damaged") == 0;
        u->problem = u->damaged ? rdb_col_dup(st, 9) : NULL;
    }
    sqlite3_finalize(st);
    return out;
}

void records_unfinished_free(RecordsUnfinished *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].who);
        free(list[i].scenario_id);
        free(list[i].scenario_title);
        free(list[i].scenario_file);
        free(list[i].started_at);
        free(list[i].updated_at);
        free(list[i].problem);
    }
    free(list);
}

/* The recorded actions as run_save() JSON, for run_restore. */
char *rdb_actions_as_save(Records *db, long long id, const char *scenario_id)
{
    sqlite3_stmt *st = rdb_prep(db, "SELECT kind, node, item FROM actions WHERE attempt_id = ?1"
                                    " AND kind <> 'event' ORDER BY seq");
    if (!st) {
        return NULL;
    }
    sqlite3_bind_int64(st, 1, id);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddStringToObject(root, "scenario", scenario_id);
    sqlite3_stmt *sst = rdb_prep(db, "SELECT seed FROM attempts WHERE id = ?1");
    if (sst) {
        sqlite3_bind_int64(sst, 1, id);
        if (sqlite3_step(sst) == SQLITE_ROW) {
            cJSON_AddNumberToObject(root, "seed", (double)sqlite3_column_int64(sst, 0));
        }
        sqlite3_finalize(sst);
    }
    cJSON *acts = cJSON_AddArrayToObject(root, "actions");
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        const char *kind = rdb_col_str(st, 0);
        cJSON_AddStringToObject(o, "node", rdb_col_str(st, 1));
        cJSON_AddStringToObject(o,
                                strcmp(kind, "detail") == 0 ? "detail"
                                : strcmp(kind, "jump") == 0 ? "jump"
                                                            : "choice",
                                rdb_col_str(st, 2));
        cJSON_AddItemToArray(acts, o);
    }
    sqlite3_finalize(st);
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text) {
        abort();
    }
    return text;
}

Run *records_attempt_resume(Records *db, long long id, const char *who, const Scenario *sc,
                            RecordsAttempt **out, DiagList *dl)
{
    *out = NULL;
    sqlite3_stmt *st = rdb_prep(db, "SELECT uuid, kind, scenario_id, status, problem FROM attempts"
                                    " WHERE id = ?1 AND who = ?2");
    if (!st) {
        diag_add(dl, DIAG_ERROR, DIAG_IO, db->path, 0, 0, NULL, "%s", sqlite3_errmsg(db->db));
        return NULL;
    }
    sqlite3_bind_int64(st, 1, id);
    rdb_bind_text(st, 2, who ? who : "");
    if (sqlite3_step(st) != SQLITE_ROW) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, db->path, 0, 0, NULL,
                 "attempt %lld is not an attempt of %s", id, who && *who ? who : "this user");
        sqlite3_finalize(st);
        return NULL;
    }
    RecordsAttempt *a = xcalloc(1, sizeof *a);
    snprintf(a->uuid, sizeof a->uuid, "%s", rdb_col_str(st, 0));
    a->kind = strcmp(rdb_col_str(st, 1), "classroom") == 0 ? RECORDS_CLASSROOM : RECORDS_GRADED;
    a->who = xstrdup(who ? who : "");
    a->id = id;
    const char *status = rdb_col_str(st, 3);
    bool ok = false;
    if (strcmp(status, "damaged") == 0) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, db->path, 0, 0, NULL, "%s",
                 rdb_col_str(st, 4) ? rdb_col_str(st, 4) : "this saved attempt is damaged");
    } else if (strcmp(status, "playing") != 0) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, db->path, 0, 0, NULL,
                 "attempt %lld is %s and cannot be continued", id, status);
    } else if (strcmp(rdb_col_str(st, 2), sc->id) != 0) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, db->path, 0, 0, NULL,
                 "attempt %lld is of scenario \"%s\", not \"%s\"", id, rdb_col_str(st, 2), sc->id);
    } else {
        ok = true;
    }
    sqlite3_finalize(st);
    char *text = ok ? rdb_actions_as_save(db, id, sc->id) : NULL;
    Run *r = text ? run_restore(sc, text, strlen(text), NULL, dl) : NULL;
    free(text);
    if (!r) {
        records_attempt_free(a);
        return NULL;
    }
    a->written = 0; /* the next save rewrites the history as replayed */
    *out = a;
    return r;
}

Run *records_attempt_replay(Records *db, long long id, const Scenario *sc, DiagList *dl)
{
    sqlite3_stmt *st = rdb_prep(db, "SELECT scenario_id FROM attempts WHERE id = ?1");
    bool ok = st != NULL;
    if (ok) {
        sqlite3_bind_int64(st, 1, id);
        ok = sqlite3_step(st) == SQLITE_ROW && strcmp(rdb_col_str(st, 0), sc->id) == 0;
    }
    sqlite3_finalize(st);
    if (!ok) {
        diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, db->path, 0, 0, NULL,
                 "there is no attempt %lld of scenario \"%s\"", id, sc->id);
        return NULL;
    }
    char *text = rdb_actions_as_save(db, id, sc->id);
    Run *r = text ? run_restore(sc, text, strlen(text), NULL, dl) : NULL;
    free(text);
    return r;
}

bool records_add_note(Records *db, long long id, long long seq, const char *author,
                      const char *text, long long now_ms, char *err, size_t err_size)
{
    if (!text || !*text) {
        return rdb_fail(err, err_size, _("a note needs some text"));
    }
    char now[32];
    records_format_time(now_ms, now);
    sqlite3_stmt *st = rdb_prep(db, "INSERT INTO notes(attempt_id, seq, author, text, created_at)"
                                    " SELECT id, ?2, ?3, ?4, ?5 FROM attempts WHERE id = ?1");
    bool ok = st != NULL;
    if (ok) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, seq);
        rdb_bind_text(st, 3, author ? author : "");
        rdb_bind_text(st, 4, text);
        rdb_bind_text(st, 5, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!ok) {
        return rdb_db_fail(db, err, err_size, _("cannot add the note"));
    }
    if (sqlite3_changes(db->db) != 1) {
        return rdb_fail(err, err_size, _("there is no attempt %lld in %s"), id, db->path);
    }
    return true;
}

/* ---- reading -------------------------------------------------------------- */

#define ROW_COLUMNS                                                                                \
    "id, uuid, kind, who, class, status, scenario_id, scenario_title, scenario_version,"           \
    " scenario_hash, scenario_file, seed, started_at, finished_at, started_ms,"                    \
    " coalesce(finished_ms, 0), n_actions, step_backs, tampered, result IS NOT NULL,"              \
    " coalesce(passed, 0), coalesce(score, 0), coalesce(minutes, 0), outcome, result, source"

static void row_from(sqlite3_stmt *st, RecordsRow *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->uuid = rdb_col_str(st, 1);
    r->kind = rdb_col_str(st, 2);
    r->who = rdb_col_str(st, 3);
    r->klass = rdb_col_str(st, 4);
    r->status = rdb_col_str(st, 5);
    r->scenario_id = rdb_col_str(st, 6);
    r->scenario_title = rdb_col_str(st, 7);
    r->scenario_version = rdb_col_str(st, 8);
    r->scenario_hash = rdb_col_str(st, 9);
    r->scenario_file = rdb_col_str(st, 10);
    r->seed = sqlite3_column_int64(st, 11);
    r->started_at = rdb_col_str(st, 12);
    r->finished_at = rdb_col_str(st, 13);
    r->started_ms = sqlite3_column_int64(st, 14);
    r->finished_ms = sqlite3_column_int64(st, 15);
    r->n_actions = (size_t)sqlite3_column_int64(st, 16);
    r->step_backs = (size_t)sqlite3_column_int64(st, 17);
    r->tampered = sqlite3_column_int(st, 18) != 0;
    r->has_result = sqlite3_column_int(st, 19) != 0;
    r->passed = sqlite3_column_int(st, 20) != 0;
    r->score = sqlite3_column_int(st, 21);
    r->minutes = sqlite3_column_int(st, 22);
    r->outcome = rdb_col_str(st, 23);
    r->result = rdb_col_str(st, 24);
    r->source = rdb_col_str(st, 25);
}

bool records_each_attempt(Records *db, const RecordsFilter *f,
                          bool (*visit)(const RecordsRow *row, void *ctx), void *ctx, char *err,
                          size_t err_size)
{
    RecordsFilter none = {0};
    if (!f) {
        f = &none;
    }
    sqlite3_stmt *st = rdb_prep(db, "SELECT " ROW_COLUMNS " FROM attempts WHERE kind = ?1"
                                    " AND (?2 IS NULL OR who = ?2) AND (?3 IS NULL OR class = ?3)"
                                    " AND (?4 IS NULL OR scenario_id = ?4) AND started_ms >= ?5"
                                    " AND (NOT ?6 OR result IS NOT NULL) AND (?7 = 0 OR id = ?7)"
                                    " ORDER BY started_ms, id");
    if (!st) {
        return rdb_db_fail(db, err, err_size, _("cannot read the attempts"));
    }
    rdb_bind_text(st, 1, f->classroom ? "classroom" : "graded");
    rdb_bind_text(st, 2, f->trainee);
    rdb_bind_text(st, 3, f->klass);
    rdb_bind_text(st, 4, f->scenario);
    sqlite3_bind_int64(st, 5, f->since_ms);
    sqlite3_bind_int(st, 6, f->finished_only);
    sqlite3_bind_int64(st, 7, f->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsRow row;
        row_from(st, &row);
        if (!visit(&row, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rdb_db_fail(db, err, err_size, _("cannot read the attempts"));
}

bool records_each_action(Records *db, long long id,
                         bool (*visit)(const RecordsActionRow *row, void *ctx), void *ctx,
                         char *err, size_t err_size)
{
    sqlite3_stmt *st = rdb_prep(
        db, "SELECT seq, kind, node, item, coalesce(minute, -1), coalesce(minute_after, -1),"
            " at FROM actions WHERE attempt_id = ?1 ORDER BY seq");
    if (!st) {
        return rdb_db_fail(db, err, err_size, _("cannot read the actions"));
    }
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsActionRow a = {(size_t)sqlite3_column_int64(st, 0),
                              rdb_col_str(st, 1),
                              rdb_col_str(st, 2),
                              rdb_col_str(st, 3),
                              sqlite3_column_int(st, 4),
                              sqlite3_column_int(st, 5),
                              rdb_col_str(st, 6)};
        if (!visit(&a, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rdb_db_fail(db, err, err_size, _("cannot read the actions"));
}

bool records_each_note(Records *db, long long id,
                       bool (*visit)(const RecordsNoteRow *row, void *ctx), void *ctx, char *err,
                       size_t err_size)
{
    sqlite3_stmt *st = rdb_prep(db, "SELECT seq, author, text, created_at FROM notes"
                                    " WHERE attempt_id = ?1 ORDER BY seq, id");
    if (!st) {
        return rdb_db_fail(db, err, err_size, _("cannot read the notes"));
    }
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RecordsNoteRow n = {sqlite3_column_int64(st, 0), rdb_col_str(st, 1), rdb_col_str(st, 2),
                            rdb_col_str(st, 3)};
        if (!visit(&n, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rdb_db_fail(db, err, err_size, _("cannot read the notes"));
}
