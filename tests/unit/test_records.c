/* test_records.c: the records database (records.c, records_import.c,
 * records_outbox.c), digests and UUIDs (digest.c) and xAPI statements
 * (xapi.c). Each test works in a fresh temporary folder. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "digest.h"
#include "files.h"
#include "helpers.h"
#include "records.h"
#include "score.h"

static char dir[64];
static char db_path[128];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/beneath-records-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/records.sqlite", dir);
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static Records *open_db(void)
{
    char notice[600], err[600];
    Records *db = records_open(db_path, notice, sizeof notice, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    cr_assert_str_empty(notice);
    return db;
}

static void write_file(const char *path, const char *text)
{
    char err[300];
    cr_assert(file_write_atomic(path, text, strlen(text), err, sizeof err), "%s", err);
}

static void apply(Run *r, const char *id)
{
    Option o;
    cr_assert(run_find_option(r, id, &o), "no option %s", id);
    cr_assert(run_apply(r, &o));
}

static size_t count_rows(const char *sql)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "sqlite3 -batch '%s' \"%s\"", db_path, sql);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    long n = -1;
    cr_assert_eq(fscanf(p, "%ld", &n), 1, "no number from: %s", sql);
    pclose(p);
    return (size_t)n;
}

/* Starts recording an attempt of 'who' and records one action ("look"). */
static RecordsAttempt *begin_after_look(Records *db, Run *r, RecordsKind kind, const char *who,
                                        const char *klass)
{
    char err[600];
    RecordsAttempt *a =
        records_attempt_begin(db, r, kind, who, klass, "test", 1000, err, sizeof err);
    cr_assert_not_null(a, "%s", err);
    apply(r, "look");
    cr_assert(records_attempt_save(db, a, r, 2000, err, sizeof err), "%s", err);
    return a;
}

TestSuite(digest);

Test(digest, sha_test_vectors)
{
    uint8_t d[32];
    digest_sha1("abc", 3, d);
    cr_assert_eq(d[0], 0xa9);
    cr_assert_eq(d[19], 0x9d);
    char hex[65];
    digest_sha256_hex("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_sha256_hex("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_sha256_hex(two, strlen(two), hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(digest, uuid_v5_matches_rfc_example_and_v4_is_random)
{
    char u[DIGEST_UUID_TEXT], v[DIGEST_UUID_TEXT];
    /* uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") */
    cr_assert(digest_uuid_name("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", u));
    cr_assert_str_eq(u, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    cr_assert_not(digest_uuid_name("not-a-uuid", "x", u));
    cr_assert(digest_uuid_random(u) && digest_uuid_random(v));
    cr_assert(digest_is_uuid(u));
    cr_assert_eq(u[14], '4');
    cr_assert_str_neq(u, v);
}

TestSuite(records, .init = make_dir, .fini = remove_dir);

Test(records, name_rule_refuses_instead_of_cutting)
{
    char err[200];
    cr_assert(records_check_name("Nguyễn Thị Hương", err, sizeof err));
    cr_assert(records_check_name("Badge 4471", err, sizeof err));
    cr_assert_not(records_check_name("", err, sizeof err));
    cr_assert_not(records_check_name(NULL, err, sizeof err));
    cr_assert_not(records_check_name(" Sam", err, sizeof err));
    cr_assert_not(records_check_name("Sam\x1b[2J", err, sizeof err));
    cr_assert_not(records_check_name("Sam\xc2\x9b", err, sizeof err), "C1 control");
    cr_assert_not(records_check_name("Sam\xe2\x82", err, sizeof err), "cut UTF-8");
    char name[300] = "";
    for (int i = 0; i < 64; i++) {
        strcat(name, "\xc3\xa9"); /* 64 characters, 128 bytes */
    }
    cr_assert(records_check_name(name, err, sizeof err), "%s", err);
    strcat(name, "e");
    cr_assert_not(records_check_name(name, err, sizeof err));
    cr_assert(strstr(err, "65 characters") != NULL, "%s", err);
}

Test(records, times_round_trip)
{
    char out[32];
    records_format_time(0, out);
    cr_assert_str_eq(out, "1970-01-01T00:00:00.000Z");
    records_format_time(1795849509120LL, out);
    long long ms = 0;
    cr_assert(records_parse_time(out, &ms));
    cr_assert_eq(ms, 1795849509120LL);
    cr_assert(records_parse_time("2025-01-01T10:00:00.000+0200", &ms));
    records_format_time(ms, out);
    cr_assert_str_eq(out, "2025-01-01T08:00:00.000Z");
    cr_assert_not(records_parse_time("yesterday", &ms));
}

Test(records, every_action_is_written_and_the_result_at_the_end)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *db = open_db();
    Run *r = run_new(sc);
    char err[600];
    RecordsAttempt *a = records_attempt_begin(db, r, RECORDS_GRADED, "Mai Trần", "Class 7", "test",
                                              1000, err, sizeof err);
    cr_assert_not_null(a, "%s", err);
    apply(r, "look");
    cr_assert(records_attempt_save(db, a, r, 2000, err, sizeof err), "%s", err);
    cr_assert_eq(count_rows("SELECT count(*) FROM actions"), 1);
    size_t n = 0;
    RecordsUnfinished *list = records_list_unfinished(db, RECORDS_GRADED, "Mai Trần", &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(list[0].n_actions, 1);
    records_unfinished_free(list, n);
    list = records_list_unfinished(db, RECORDS_GRADED, "Someone Else", &n);
    cr_assert_eq(n, 0, "another trainee must not see this attempt");
    apply(r, "bad");
    cr_assert_eq(run_status(r), RUN_ENDED);
    cr_assert(records_attempt_save(db, a, r, 3000, err, sizeof err), "%s", err);
    cr_assert(records_attempt_finished(a));
    cr_assert_eq(count_rows("SELECT count(*) FROM attempts WHERE status = 'ended' AND result IS "
                            "NOT NULL AND class = 'Class 7' AND finished_ms = 3000"),
                 1);
    list = records_list_unfinished(db, RECORDS_GRADED, "Mai Trần", &n);
    cr_assert_eq(n, 0);
    DiagList *dl = diag_list_new();
    size_t skipped = 0;
    cr_assert_eq(records_verify(db, dl, &skipped), 1);
    cr_assert_eq(diag_count(dl), 0, "%s", diag_count(dl) ? diag_at(dl, 0)->msg : "");
    diag_list_free(dl);
    records_attempt_free(a);
    records_close(db);
    run_free(r);
    scenario_free(sc);
}

Test(records, verify_finds_a_tampered_result_and_ignores_newer_fields)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *db = open_db();
    Run *r = run_new(sc);
    char err[600], cmd[400];
    RecordsAttempt *a = begin_after_look(db, r, RECORDS_GRADED, "Sam", NULL);
    apply(r, "bad");
    cr_assert(records_attempt_save(db, a, r, 3000, err, sizeof err), "%s", err);
    /* a field this engine computes but the record predates: not a problem */
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"UPDATE attempts SET result = json_remove(result, '$.actions')\"",
             db_path);
    cr_assert_eq(system(cmd), 0);
    DiagList *dl = diag_list_new();
    size_t skipped = 0;
    cr_assert_eq(records_verify(db, dl, &skipped), 1);
    cr_assert_eq(diag_count(dl), 0, "%s", diag_count(dl) ? diag_at(dl, 0)->msg : "");
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"UPDATE attempts SET result = json_set(result, '$.score', 99)\"",
             db_path);
    cr_assert_eq(system(cmd), 0);
    records_verify(db, dl, &skipped);
    cr_assert_eq(diag_count(dl), 1);
    cr_assert(strstr(diag_at(dl, 0)->msg, "\"score\"") != NULL, "%s", diag_at(dl, 0)->msg);
    diag_list_free(dl);
    records_attempt_free(a);
    records_close(db);
    run_free(r);
    scenario_free(sc);
}

Test(records, resume_checks_the_full_name)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *db = open_db();
    Run *r = run_new(sc);
    char err[600];
    RecordsAttempt *a = begin_after_look(db, r, RECORDS_GRADED, "Sam", NULL);
    RecordsAttempt *b = NULL;
    DiagList *dl = diag_list_new();
    cr_assert_null(records_attempt_resume(db, records_attempt_id(a), "Sam ", sc, &b, dl));
    cr_assert_null(records_attempt_resume(db, records_attempt_id(a), "sam", sc, &b, dl));
    cr_assert_null(b);
    Run *back = records_attempt_resume(db, records_attempt_id(a), "Sam", sc, &b, dl);
    cr_assert_not_null(back);
    cr_assert_eq(run_n_actions(back), 1);
    cr_assert_str_eq(run_node(back)->id, run_node(r)->id);
    cr_assert_str_eq(records_attempt_uuid(b), records_attempt_uuid(a));
    apply(back, "bad");
    cr_assert(records_attempt_save(db, b, back, 3000, err, sizeof err), "%s", err);
    cr_assert_eq(count_rows("SELECT count(*) FROM actions"), 2);
    /* the first handle's attempt is finished now: a late write changes nothing */
    run_free(back);
    records_attempt_free(b);
    records_attempt_free(a);
    diag_list_free(dl);
    records_close(db);
    run_free(r);
    scenario_free(sc);
}

Test(records, classroom_sessions_are_apart_and_step_backs_counted)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *db = open_db();
    Run *r = run_new(sc);
    char err[600];
    RecordsAttempt *a =
        records_attempt_begin(db, r, RECORDS_CLASSROOM, "", NULL, "test", 1000, err, sizeof err);
    cr_assert_not_null(a, "%s", err);
    apply(r, "look");
    cr_assert(records_attempt_save(db, a, r, 2000, err, sizeof err), "%s", err);
    Run *back = run_rewind(r, 1);
    cr_assert(records_attempt_save(db, a, back, 2500, err, sizeof err), "%s", err);
    cr_assert_eq(count_rows("SELECT count(*) FROM actions"), 0);
    apply(back, "bad");
    cr_assert(records_attempt_save(db, a, back, 3000, err, sizeof err), "%s", err);
    cr_assert_eq(count_rows("SELECT step_backs FROM attempts"), 1);
    cr_assert_eq(count_rows("SELECT count(*) FROM attempts WHERE kind = 'classroom' AND "
                            "trainee_id IS NULL"),
                 1);
    cr_assert_eq(count_rows("SELECT count(*) FROM trainees"), 0);
    size_t n = 0;
    RecordsUnfinished *list = records_list_unfinished(db, RECORDS_GRADED, NULL, &n);
    cr_assert_eq(n, 0);
    records_unfinished_free(list, n);
    run_free(back);
    records_attempt_free(a);
    records_close(db);
    run_free(r);
    scenario_free(sc);
}

static void expect_set_aside(const char *content, size_t len, const char *why)
{
    FILE *f = fopen(db_path, "wb");
    cr_assert_not_null(f);
    fwrite(content, 1, len, f);
    fclose(f);
    char notice[800], err[600];
    Records *db = records_open(db_path, notice, sizeof notice, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    cr_assert(strstr(notice, why) != NULL, "notice: %s", notice);
    cr_assert(strstr(notice, ".unreadable-") != NULL, "notice: %s", notice);
    records_close(db);
}

static char *slurp_aside(int n, size_t *len)
{
    char p[200];
    snprintf(p, sizeof p, "%s.unreadable-%d", db_path, n);
    return file_read_all(p, len, NULL);
}

Test(records, garbage_is_kept_under_a_unique_name_twice)
{
    expect_set_aside("not a database at all, but a real attempt? keep me", 51, "could not be used");
    expect_set_aside("second garbage", 14, "could not be used");
    size_t len = 0;
    char *first = slurp_aside(1, &len);
    cr_assert_not_null(first);
    cr_assert_eq(len, 51, "the first set-aside file was overwritten");
    char *second = slurp_aside(2, &len);
    cr_assert_not_null(second);
    cr_assert_eq(len, 14);
    free(first);
    free(second);
}

Test(records, atomic_writes_never_follow_a_planted_temporary_file)
{
    char victim[200], target[200], planted[220];
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    snprintf(target, sizeof target, "%s/save.json", dir);
    snprintf(planted, sizeof planted, "%s.tmp", target);
    write_file(victim, "precious");
    cr_assert_eq(symlink(victim, planted), 0);
    write_file(target, "{\"new\":1}");
    size_t len = 0;
    char *v = file_read_all(victim, &len, NULL);
    cr_assert_str_eq(v, "precious", "the symlink's target was written");
    free(v);
    char *t = file_read_all(target, &len, NULL);
    cr_assert_str_eq(t, "{\"new\":1}");
    free(t);
}

Test(records, foreign_and_newer_databases_are_kept)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE mine(x); INSERT INTO mine VALUES(42)'",
             db_path);
    cr_assert_eq(system(cmd), 0);
    char notice[800], err[600];
    Records *db = records_open(db_path, notice, sizeof notice, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    cr_assert(strstr(notice, "not a Beneath the Surface records database") != NULL, "%s", notice);
    records_close(db);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 99'", db_path);
    cr_assert_eq(system(cmd), 0);
    db = records_open(db_path, notice, sizeof notice, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    cr_assert(strstr(notice, "newer version") != NULL, "%s", notice);
    records_close(db);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s.unreadable-1' 'SELECT x FROM mine' | grep -qx 42",
             db_path);
    cr_assert_eq(system(cmd), 0, "the foreign database was not kept intact");
}

Test(records, legacy_json_is_imported_once_and_kept)
{
    char sub[200];
    snprintf(sub, sizeof sub, "%s/records", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/saves", dir);
    mkdir(sub, 0700);
    const char *rec =
        "{\"format\":1,\"trainee\":\"Sam\",\"attempts\":[{\"trainee\":\"Sam\",\"scenario\":"
        "\"mini\",\"title\":\"Mini\",\"version\":\"1.0\",\"file\":\"\",\"started_at\":"
        "\"2025-01-01T10:00:00.000+0000\",\"finished_at\":\"2025-01-01T10:05:00.000+0000\","
        "\"tampered\":false,\"actions\":[{\"node\":\"start\",\"choice\":\"bad\"}],\"score\":"
        "{\"score\":12,\"passed\":false,\"outcome\":\"missed\",\"minutes\":3}}]}";
    char p[300];
    snprintf(p, sizeof p, "%s/records/sam-1234.json", dir);
    write_file(p, rec);
    snprintf(p, sizeof p, "%s/records/broken.json", dir);
    write_file(p, "[]");
    const char *save = "{\"format\":1,\"trainee\":\"Ana\",\"scenario_file\":\"x.json\","
                       "\"started_at\":\"2025-02-01T10:00:00.000+0000\",\"attempt\":{"
                       "\"scenario\":\"mini\",\"actions\":[{\"node\":\"start\",\"detail\":"
                       "\"look\"}],\"state\":{\"status\":\"playing\"}}}";
    snprintf(p, sizeof p, "%s/saves/ana--mini.json", dir);
    write_file(p, save);
    snprintf(p, sizeof p, "%s/saves/garbled.json", dir);
    write_file(p, "{\"format\":1,\"trainee\":");
    Records *db = open_db();
    char notice[1200], err[600];
    bool warns = false;
    cr_assert(records_import_legacy(db, dir, 5000, notice, sizeof notice, &warns, err, sizeof err),
              "%s", err);
    cr_assert(strstr(notice,
                     "Imported 2 attempts from the old files (1 completed, 1 interrupted)") != NULL,
              "%s", notice);
    cr_assert(strstr(notice, "could not be read: 2") != NULL, "%s", notice);
    cr_assert(warns, "unreadable files are a warning");
    cr_assert(records_import_legacy(db, dir, 6000, notice, sizeof notice, &warns, err, sizeof err));
    cr_assert_str_empty(notice, "imported twice: %s", notice);
    cr_assert_eq(count_rows("SELECT count(*) FROM attempts WHERE status = 'ended' AND score = 12"),
                 1);
    size_t n = 0;
    RecordsUnfinished *list = records_list_unfinished(db, RECORDS_GRADED, "Ana", &n);
    cr_assert_eq(n, 2, "Ana's save and the damaged one");
    size_t damaged = list[0].damaged ? 0 : 1;
    cr_assert(list[damaged].damaged);
    cr_assert(strstr(list[damaged].problem, "garbled.json") != NULL);
    records_unfinished_free(list, n);
    size_t len = 0;
    char *kept = file_read_all(p, &len, NULL);
    cr_assert_str_eq(kept, "{\"format\":1,\"trainee\":", "the old file was changed");
    free(kept);
    records_close(db);
}

/* Two processes finishing attempts at once, through SQLite's locking. */
Test(records, two_writers_lose_nothing)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *init = open_db();
    records_close(init);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        cr_assert_neq(kids[k], -1);
        if (kids[k] == 0) {
            char notice[600], err[600];
            Records *db = records_open(db_path, notice, sizeof notice, err, sizeof err);
            int bad = db ? 0 : 1;
            for (int i = 0; i < 40 && db; i++) {
                Run *r = run_new(sc);
                RecordsAttempt *a = records_attempt_begin(db, r, RECORDS_GRADED, "Sam", NULL,
                                                          "test", 1000 + i, err, sizeof err);
                Option o;
                run_find_option(r, "bad", &o);
                run_apply(r, &o);
                bad += !a || !records_attempt_save(db, a, r, 2000 + i, err, sizeof err);
                records_attempt_free(a);
                run_free(r);
            }
            records_close(db);
            _exit(bad ? 1 : 0);
        }
    }
    for (int k = 0; k < 2; k++) {
        int status = 0;
        waitpid(kids[k], &status, 0);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed", k);
    }
    cr_assert_eq(count_rows("SELECT count(*) FROM attempts WHERE status = 'ended'"), 80);
    scenario_free(sc);
}

static bool count_attempt(const RecordsRow *row, void *ctx)
{
    (void)row;
    (*(size_t *)ctx)++;
    return true;
}

static char *actor_of_export(Records *db)
{
    RecordsFilter f = {0};
    char err[600];
    char *text = records_xapi_export(db, &f, NULL, err, sizeof err);
    cr_assert_not_null(text, "%s", err);
    cJSON *all = cJSON_Parse(text);
    free(text);
    const cJSON *acc =
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(all, 0), "actor"), "account");
    char *name = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(acc, "name")));
    cJSON_Delete(all);
    return name;
}

/* Two PCs (two databases): one actor for a trainee with a shared namespace. */
Test(records, shared_actor_namespace_gives_one_actor_across_databases)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    char *actors[2][2];
    for (int shared = 0; shared < 2; shared++) {
        if (shared) {
            setenv("BENEATH_LRS_ACTOR_NAMESPACE", "2f1d4c8e-6a39-4b1e-9d0a-5c3f7e2b8a61", 1);
        }
        for (int pc = 0; pc < 2; pc++) {
            snprintf(db_path, sizeof db_path, "%s/pc%d-%d.sqlite", dir, pc, shared);
            Records *db = open_db();
            Run *r = run_new(sc);
            RecordsAttempt *a = begin_after_look(db, r, RECORDS_GRADED, "Sam", NULL);
            apply(r, "bad");
            char err[600];
            cr_assert(records_attempt_save(db, a, r, 3000, err, sizeof err), "%s", err);
            actors[shared][pc] = actor_of_export(db);
            records_attempt_free(a);
            records_close(db);
            run_free(r);
        }
    }
    unsetenv("BENEATH_LRS_ACTOR_NAMESPACE");
    cr_assert_str_neq(actors[0][0], actors[0][1], "separate PCs, separate namespaces");
    cr_assert_str_eq(actors[1][0], actors[1][1], "a shared namespace gives one actor");
    cr_assert_str_neq(actors[1][0], "Sam");
    for (int i = 0; i < 4; i++) {
        free(actors[i / 2][i % 2]);
    }
    scenario_free(sc);
}

Test(records, statements_are_valid_json_with_fixed_ids)
{
    Scenario *sc = t_load_clean(DATA_FILE("mini.json"));
    Records *db = open_db();
    records_set_outbox(db, true, "https://academy.example");
    Run *r = run_new(sc);
    char err[600];
    RecordsAttempt *a = begin_after_look(db, r, RECORDS_GRADED, "Sam", NULL);
    apply(r, "bad");
    cr_assert(records_attempt_save(db, a, r, 65000, err, sizeof err));
    size_t unsent = 0, sent = 0;
    cr_assert(records_outbox_counts(db, &unsent, &sent));
    cr_assert_gt(unsent, 4);
    RecordsFilter f = {0};
    char *one = records_xapi_export(db, &f, "https://academy.example", err, sizeof err);
    char *two = records_xapi_export(db, &f, "https://academy.example", err, sizeof err);
    cr_assert_str_eq(one, two, "statement ids must not change between exports");
    cJSON *all = cJSON_Parse(one);
    cr_assert(cJSON_IsArray(all));
    cr_assert_eq((size_t)cJSON_GetArraySize(all), unsent);
    bool saw_failed = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, all)
    {
        const cJSON *acc = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "actor"), "account");
        cr_assert_str_neq(cJSON_GetStringValue(cJSON_GetObjectItem(acc, "name")), "Sam");
        const char *verb =
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "verb"), "id"));
        if (strstr(verb, "/failed")) {
            saw_failed = true;
            const cJSON *res = cJSON_GetObjectItem(s, "result");
            cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(res, "duration")),
                             "PT64.00S");
            cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(res, "success")));
        }
        cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "context"),
                                                                  "registration")),
                         records_attempt_uuid(a));
    }
    cr_assert(saw_failed);
    cJSON_Delete(all);
    free(one);
    free(two);
    size_t queued = 9;
    cr_assert(
        records_outbox_fill(db, &f, "https://academy.example", 70000, &queued, err, sizeof err));
    cr_assert_eq(queued, 0, "already queued statements are not queued again");
    size_t n_rows = 0;
    cr_assert(records_each_attempt(db, &f, count_attempt, &n_rows, err, sizeof err));
    cr_assert_eq(n_rows, 1);
    records_attempt_free(a);
    records_close(db);
    run_free(r);
    scenario_free(sc);
}
