/* authortest.c: reads author test transcripts and runs them (authortest.h).
 * The tests file is parsed with cJSON and kept as a tree; positions for
 * diagnostics come from jsonpos on the kept text. Replays go through the
 * ordinary Run API, exactly as beneath-play --choices does. */
#include "authortest.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "safefile.h"
#include "jsonpos.h"
#include "run.h"
#include "score.h"

struct AuthorTests {
    char *file, *text, *scenario;
    size_t len;
    cJSON *root;
    const cJSON **tests;
    bool *broken; /* per test: has errors of its own, so it is not run */
    size_t n_tests;
};

/* ---- reading -------------------------------------------------------------- */

typedef struct Reader {
    AuthorTests *t;
    DiagList *dl;
    size_t errors;
} Reader;

static void rd_error(Reader *R, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void rd_error(Reader *R, const char *path, const char *fmt, ...)
{
    int line = 0, col = 0;
    if (R->t->text) {
        size_t off = jsonpos_find(R->t->text, R->t->len, path, NULL);
        jsonpos_line_col(R->t->text, R->t->len, off, &line, &col, NULL);
    }
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(R->dl, DIAG_ERROR, DIAG_BAD_VALUE, R->t->file, line, col, path, "%s", msg);
    R->errors++;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++) {
        if (strcmp(s, *list) == 0) {
            return true;
        }
    }
    return false;
}

static void check_keys(Reader *R, const cJSON *o, const char *path, const char *const *allowed,
                       const char *what)
{
    for (const cJSON *c = o->child; c; c = c->next) {
        char p[192];
        snprintf(p, sizeof p, "%s/%s", path, c->string);
        if (!in_list(c->string, allowed)) {
            char list[200] = "";
            size_t n = 0;
            for (const char *const *a = allowed; *a && n < sizeof list; a++) {
                int k = snprintf(list + n, sizeof list - n, "%s%s", a == allowed ? "" : ", ", *a);
                n += k > 0 ? (size_t)k : 0;
            }
            rd_error(R, p, "unknown field \"%s\" in %s (expected one of: %s)", c->string, what,
                     list);
        }
        for (const cJSON *d = c->next; d; d = d->next) {
            if (strcmp(c->string, d->string) == 0) {
                rd_error(R, p, "key \"%s\" appears more than once", c->string);
            }
        }
    }
}

static bool is_range(const cJSON *v, int lo, int hi)
{
    if (cJSON_IsNumber(v)) {
        return v->valuedouble == (int)v->valuedouble && v->valuedouble >= lo &&
               v->valuedouble <= hi;
    }
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(v, "min");
    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(v, "max");
    if (!cJSON_IsObject(v) || cJSON_GetArraySize(v) != (mn != NULL) + (mx != NULL) ||
        (!mn && !mx)) {
        return false;
    }
    return (!mn || is_range(mn, lo, hi)) && (!mx || is_range(mx, lo, hi));
}

static bool is_string_list(const cJSON *v)
{
    if (!cJSON_IsArray(v)) {
        return false;
    }
    for (const cJSON *c = v->child; c; c = c->next) {
        if (!cJSON_IsString(c)) {
            return false;
        }
    }
    return true;
}

static void check_expect(Reader *R, const cJSON *e, const char *path)
{
    static const char *const keys[] = {
        "ending", "outcome", "passed", "score",        "minutes", "acted",        "seen", "missed",
        "steps",  "errors",  "status", "out_of_order", "cut_off", "acted_unseen", NULL};
    static const char *const lists[] = {"acted",  "seen",         "missed",       "steps",
                                        "errors", "out_of_order", "acted_unseen", NULL};
    if (!cJSON_IsObject(e)) {
        rd_error(R, path, "expected an object of expectations");
        return;
    }
    check_keys(R, e, path, keys, "\"expect\"");
    for (const cJSON *c = e->child; c; c = c->next) {
        char p[192];
        snprintf(p, sizeof p, "%s/%s", path, c->string);
        const char *k = c->string;
        if ((strcmp(k, "ending") == 0) && !cJSON_IsString(c)) {
            rd_error(R, p, "expected a scene id string");
        } else if (strcmp(k, "outcome") == 0 &&
                   !(cJSON_IsString(c) &&
                     in_list(c->valuestring,
                             (const char *const[]){"missed", "partial", "identified", NULL}))) {
            rd_error(R, p, "expected \"missed\", \"partial\" or \"identified\"");
        } else if (strcmp(k, "status") == 0 &&
                   !(cJSON_IsString(c) &&
                     in_list(c->valuestring,
                             (const char *const[]){"ended", "stuck", "playing", NULL}))) {
            rd_error(R, p, "expected \"ended\", \"stuck\" or \"playing\"");
        } else if (strcmp(k, "cut_off") == 0 && !cJSON_IsFalse(c) && !cJSON_IsString(c)) {
            rd_error(R, p, "expected false (no deadline ended the call) or an event id");
        } else if (strcmp(k, "passed") == 0 && !cJSON_IsBool(c)) {
            rd_error(R, p, "expected true or false");
        } else if (strcmp(k, "score") == 0 && !is_range(c, 0, 100)) {
            rd_error(R, p, "expected a score 0-100 or {\"min\": N, \"max\": N}");
        } else if (strcmp(k, "minutes") == 0 && !is_range(c, 0, 100000)) {
            rd_error(R, p, "expected minutes or {\"min\": N, \"max\": N}");
        } else if (in_list(k, lists) && !is_string_list(c)) {
            rd_error(R, p, "expected a list of id strings");
        }
    }
}

static void check_test(Reader *R, const cJSON *o, size_t i)
{
    static const char *const keys[] = {"name", "choices", "expect", "note", NULL};
    char path[64], p[96];
    snprintf(path, sizeof path, "/tests/%zu", i);
    if (!cJSON_IsObject(o)) {
        rd_error(R, path, "expected a test (an object with name, choices and expect)");
        return;
    }
    check_keys(R, o, path, keys, "a test");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(o, "choices");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(o, "expect");
    if (!cJSON_IsString(name) || !name->valuestring[0]) {
        rd_error(R, path, "a test needs a \"name\" (a non-empty string)");
    }
    snprintf(p, sizeof p, "%s/choices", path);
    if (!choices || !(cJSON_IsString(choices) || is_string_list(choices))) {
        rd_error(R, choices ? p : path, "a test needs \"choices\": \"id,id,...\" or a list of ids");
    }
    snprintf(p, sizeof p, "%s/expect", path);
    if (!expect) {
        rd_error(R, path, "a test needs \"expect\" (what must come of it)");
    } else {
        check_expect(R, expect, p);
    }
    for (size_t j = 0; j < i && cJSON_IsString(name); j++) {
        const char *other =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(R->t->tests[j], "name"));
        if (other && strcmp(other, name->valuestring) == 0) {
            snprintf(p, sizeof p, "%s/name", path);
            rd_error(R, p, "two tests are named \"%s\"", other);
        }
    }
}

static char *scenario_path_for(const char *file, const char *rel)
{
    if (!rel) {
        size_t n = strlen(file);
        const char *suffix = ".tests.json";
        size_t s = strlen(suffix);
        char *out = xmalloc(n + 8);
        if (n > s && strcmp(file + n - s, suffix) == 0) {
            memcpy(out, file, n - s);
            strcpy(out + n - s, ".json");
        } else {
            strcpy(out, file);
        }
        return out;
    }
    if (rel[0] == '/') {
        return xstrdup(rel);
    }
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file) + 1 : 0;
    char *out = xmalloc(dir + strlen(rel) + 1);
    memcpy(out, file, dir);
    strcpy(out + dir, rel);
    return out;
}

AuthorTests *authortest_load(const char *path, DiagList *dl)
{
    static const char *const top[] = {"$schema", "scenario", "tests", NULL};
    AuthorTests *t = xcalloc(1, sizeof *t);
    Reader R = {t, dl, 0};
    t->file = xstrdup(path);
    t->text = safefile_read(path, FILE_KIND_TESTS, SAFEFILE_FOLLOW, &t->len, dl);
    if (!t->text) {
        authortest_free(t);
        return NULL;
    }
    const char *end = NULL;
    t->root = cJSON_ParseWithLengthOpts(t->text, t->len + 1, &end, 1); /* with the NUL */
    if (!t->root) {
        int line = 0, col = 0;
        size_t off = end && end >= t->text ? (size_t)(end - t->text) : 0;
        jsonpos_line_col(t->text, t->len, off, &line, &col, NULL);
        diag_add(dl, DIAG_ERROR, DIAG_JSON_SYNTAX, path, line, col, "",
                 "the tests file is not valid JSON");
        authortest_free(t);
        return NULL;
    }
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(t->root, "tests");
    const cJSON *scen = cJSON_GetObjectItemCaseSensitive(t->root, "scenario");
    if (!cJSON_IsObject(t->root)) {
        rd_error(&R, "", "expected an object with \"tests\"");
    } else {
        check_keys(&R, t->root, "", top, "the tests file");
        if (!cJSON_IsArray(tests)) {
            rd_error(&R, tests ? "/tests" : "", "expected \"tests\": a list of tests");
        }
        if (scen && !cJSON_IsString(scen)) {
            rd_error(&R, "/scenario", "expected the scenario file name, relative to this file");
        }
    }
    if (R.errors) {
        authortest_free(t);
        return NULL;
    }
    /* a mistake in one test keeps that test from running, not the others */
    size_t n = (size_t)cJSON_GetArraySize(tests);
    t->tests = xcalloc(n + 1, sizeof(cJSON *));
    t->broken = xcalloc(n + 1, sizeof(bool));
    for (const cJSON *c = tests->child; c; c = c->next) {
        size_t before = R.errors;
        t->tests[t->n_tests] = c;
        check_test(&R, c, t->n_tests);
        t->broken[t->n_tests++] = R.errors > before;
    }
    t->scenario = scenario_path_for(path, cJSON_GetStringValue(scen));
    return t;
}

void authortest_free(AuthorTests *t)
{
    if (!t) {
        return;
    }
    cJSON_Delete(t->root);
    free(t->tests);
    free(t->broken);
    free(t->file);
    free(t->text);
    free(t->scenario);
    free(t);
}

const char *authortest_scenario_path(const AuthorTests *t)
{
    return t->scenario;
}

size_t authortest_count(const AuthorTests *t)
{
    return t->n_tests;
}

const char *authortest_name(const AuthorTests *t, size_t i)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t->tests[i], "name"));
    return name ? name : "(no name)";
}

bool authortest_is_broken(const AuthorTests *t, size_t i)
{
    return t->broken[i];
}

/* ---- running ---------------------------------------------------------------- */

/* Expected-versus-actual lines of one test, one per mismatch. */
typedef struct Diff {
    StrBuf text;
    int n;
} Diff;

static void diff_add(Diff *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void diff_add(Diff *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&d->text, fmt, ap);
    va_end(ap);
    strbuf_printf(&d->text, "\n");
    d->n++;
}

/* Checks 'got' against a number or {"min", "max"}; a missing bound is
 * no bound, and the message says only the bounds the author wrote. */
static void check_range(Diff *d, const cJSON *want, const char *what, int got)
{
    if (!want) {
        return;
    }
    if (cJSON_IsNumber(want)) {
        if (got != (int)want->valuedouble) {
            diff_add(d, "%s: expected %d, got %d", what, (int)want->valuedouble, got);
        }
        return;
    }
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(want, "min");
    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(want, "max");
    int lo = mn ? (int)mn->valuedouble : INT_MIN, hi = mx ? (int)mx->valuedouble : INT_MAX;
    if (got >= lo && got <= hi) {
        return;
    }
    if (mn && mx) {
        diff_add(d, "%s: expected %d..%d, got %d", what, lo, hi, got);
    } else if (mn) {
        diff_add(d, "%s: expected at least %d, got %d", what, lo, got);
    } else {
        diff_add(d, "%s: expected at most %d, got %d", what, hi, got);
    }
}

/* Replays the choices; on an unavailable item describes it in the diff. */
static Run *replay(const cJSON *choices, const Scenario *sc, Diff *d)
{
    Run *r = run_new(sc);
    size_t n = 0;
    const cJSON *item = cJSON_IsArray(choices) ? choices->child : NULL;
    const char *list = cJSON_IsString(choices) ? choices->valuestring : NULL;
    char buf[256];
    for (;;) {
        const char *tok;
        if (list) {
            if (!run_next_choice(&list, buf, sizeof buf)) {
                break;
            }
            tok = buf;
        } else {
            if (!item) {
                break;
            }
            tok = item->valuestring;
            item = item->next;
        }
        n++;
        Option o;
        if (run_status(r) != RUN_PLAYING) {
            diff_add(d, "choices: item %zu \"%s\" comes after the play-through has ended in \"%s\"",
                     n, tok, run_node(r)->id);
            break;
        }
        if (!run_find_option(r, tok, &o) || !run_apply(r, &o)) {
            size_t k = run_options(r, NULL, 0);
            Option *opts = xmalloc((k + 1) * sizeof(Option));
            run_options(r, opts, k);
            char avail[256] = "";
            size_t used = 0;
            for (size_t i = 0; i < k && used + 2 < sizeof avail; i++) {
                int w =
                    snprintf(avail + used, sizeof avail - used, "%s%s", i ? ", " : "", opts[i].id);
                used += w > 0 ? (size_t)w : 0;
            }
            free(opts);
            diff_add(d, "choices: item %zu \"%s\" is not available in scene \"%s\" (available: %s)",
                     n, tok, run_node(r)->id, k ? avail : "nothing");
            break;
        }
    }
    return r;
}

static const char *status_name(RunStatus s)
{
    return s == RUN_ENDED ? "ended" : s == RUN_STUCK ? "stuck" : "playing";
}

/* Checks each id of list 'key' against 'holds'; unknown ids are reported. */
static void check_ids(Diff *d, const cJSON *expect, const char *key, const Scenario *sc,
                      ItemKind kind, const Run *r, bool (*holds)(const Run *, size_t),
                      const char *fails)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(expect, key);
    for (const cJSON *c = list ? list->child : NULL; c; c = c->next) {
        size_t i = scenario_find_item(sc, kind, c->valuestring);
        if (i == SCENARIO_NONE) {
            diff_add(d, "%s: \"%s\" is not a%s %s of this scenario (a typo?)", key, c->valuestring,
                     kind == ITEM_INDICATOR ? "n" : "", item_kind_name(kind));
        } else if (!holds(r, i)) {
            diff_add(d, "%s: expected \"%s\" %s", key, c->valuestring, fails);
        }
    }
}

static bool is_acted(const Run *r, size_t i)
{
    return run_indicator(r, i) == MARK_ACTED;
}
static bool is_seen(const Run *r, size_t i)
{
    return run_indicator(r, i) != MARK_NONE;
}
static bool is_missed(const Run *r, size_t i)
{
    return run_indicator(r, i) == MARK_NONE;
}
static bool is_done(const Run *r, size_t i)
{
    return run_step_done(r, i);
}
static bool is_ooo(const Run *r, size_t i)
{
    return run_step_done(r, i) && run_step_out_of_order(r, i);
}

static bool is_blind(const Run *r, size_t i)
{
    return run_indicator_blind(r, i);
}

static void list_str(char *buf, size_t size, const char *id, size_t *used)
{
    int w = snprintf(buf + *used, size - *used, "%s\"%s\"", *used > 1 ? ", " : "", id);
    *used += w > 0 && *used + (size_t)w < size ? (size_t)w : 0;
}

/* "errors" is the exact set committed: listed ones must be, others not. */
static void check_errors(Diff *d, const cJSON *e, const Scenario *sc, const Run *r)
{
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(e, "errors");
    if (!want) {
        return;
    }
    size_t n = sc->n_items[ITEM_ERROR];
    bool *wanted = xcalloc(n + 1, 1), differ = false;
    for (const cJSON *c = want->child; c; c = c->next) {
        size_t i = scenario_find_item(sc, ITEM_ERROR, c->valuestring);
        if (i == SCENARIO_NONE) {
            diff_add(d, "errors: \"%s\" is not an error of this scenario (a typo?)",
                     c->valuestring);
        } else {
            wanted[i] = true;
        }
    }
    char exp[200] = "[", got[200] = "[";
    size_t ne = 1, ng = 1;
    for (size_t i = 0; i < n; i++) {
        bool committed = run_error_count(r, i) > 0;
        differ = differ || committed != wanted[i];
        if (wanted[i]) {
            list_str(exp, sizeof exp - 1, sc->items[ITEM_ERROR][i].id, &ne);
        }
        if (committed) {
            list_str(got, sizeof got - 1, sc->items[ITEM_ERROR][i].id, &ng);
        }
    }
    if (differ) {
        diff_add(d, "errors: expected %s], got %s]", exp, got);
    }
    free(wanted);
}

static void compare(Diff *d, const cJSON *e, const Scenario *sc, const Run *r, const Score *s)
{
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "status"));
    if (status && strcmp(status, status_name(run_status(r))) != 0) {
        diff_add(d, "status: expected %s, got %s (in scene \"%s\")", status,
                 status_name(run_status(r)), run_node(r)->id);
    }
    const char *ending = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "ending"));
    if (ending && scenario_find_node(sc, ending) == SCENARIO_NONE) {
        diff_add(d, "ending: \"%s\" is not a scene of this scenario (a typo?)", ending);
    } else if (ending && (!s->ending || strcmp(ending, s->ending->id) != 0)) {
        diff_add(d, "ending: expected \"%s\", got %s%s%s", ending, s->ending ? "\"" : "",
                 s->ending ? s->ending->id : "no ending", s->ending ? "\"" : "");
    }
    const char *outcome = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "outcome"));
    const char *got_outcome = s->ending ? outcome_name(s->ending->ending.outcome) : "none";
    if (outcome && strcmp(outcome, got_outcome) != 0) {
        diff_add(d, "outcome: expected %s, got %s", outcome, got_outcome);
    }
    const cJSON *passed = cJSON_GetObjectItemCaseSensitive(e, "passed");
    if (passed && cJSON_IsTrue(passed) != s->passed) {
        diff_add(d, "passed: expected %s, got %s", cJSON_IsTrue(passed) ? "true" : "false",
                 s->passed ? "true" : "false");
    }
    const cJSON *cut = cJSON_GetObjectItemCaseSensitive(e, "cut_off");
    size_t by = run_cut_off_by(r);
    const char *got_cut = by == SCENARIO_NONE ? NULL : sc->events[by].id;
    if (cJSON_IsFalse(cut) && got_cut) {
        diff_add(d, "cut_off: expected no deadline to end the call, but \"%s\" did", got_cut);
    } else if (cJSON_IsString(cut) && (!got_cut || strcmp(cut->valuestring, got_cut) != 0)) {
        diff_add(d, "cut_off: expected \"%s\" to end the call, got %s%s%s", cut->valuestring,
                 got_cut ? "\"" : "", got_cut ? got_cut : "no deadline", got_cut ? "\"" : "");
    }
    check_range(d, cJSON_GetObjectItemCaseSensitive(e, "score"), "score", s->total);
    check_range(d, cJSON_GetObjectItemCaseSensitive(e, "minutes"), "minutes", s->minutes);
    check_ids(d, e, "acted", sc, ITEM_INDICATOR, r, is_acted, "to be acted on");
    check_ids(d, e, "seen", sc, ITEM_INDICATOR, r, is_seen, "to be seen");
    check_ids(d, e, "missed", sc, ITEM_INDICATOR, r, is_missed, "never to be seen");
    check_ids(d, e, "steps", sc, ITEM_STEP, r, is_done, "to be done");
    check_ids(d, e, "out_of_order", sc, ITEM_STEP, r, is_ooo, "to be done out of order");
    check_ids(d, e, "acted_unseen", sc, ITEM_INDICATOR, r, is_blind,
              "to be acted on before it was noticed");
    check_errors(d, e, sc, r);
}

bool authortest_run(const AuthorTests *t, size_t i, const Scenario *sc, DiagList *dl, char **diff,
                    char *summary, size_t size)
{
    const cJSON *test = t->tests[i];
    if (t->broken[i]) { /* its errors were reported when the file was read */
        if (summary && size) {
            snprintf(summary, size, "%s", _("not run"));
        }
        if (diff) {
            *diff = xstrdup("the test has mistakes of its own (above): fix them to run it\n");
        }
        return false;
    }
    Diff d = {{0}, 0};
    Run *r = replay(cJSON_GetObjectItemCaseSensitive(test, "choices"), sc, &d);
    Score *s = score_compute(r);
    if (d.n == 0) {
        compare(&d, cJSON_GetObjectItemCaseSensitive(test, "expect"), sc, r, s);
    }
    if (summary && size) {
        /* shown on beneath-play --check's PASS/FAIL line, in the user's
         * language; the differences below are diagnostics, in English */
        const char *fmt = s->ending   ? s->passed ? _("score %d, passed, ending %s")
                                                  : _("score %d, not passed, ending %s")
                            : s->passed ? _("score %d, passed, stopped in %s")
                                      : _("score %d, not passed, stopped in %s");
        snprintf(summary, size, fmt, s->total, run_node(r)->id);
    }
    if (d.n) {
        char path[64];
        int line = 0, col = 0;
        snprintf(path, sizeof path, "/tests/%zu", i);
        size_t off = jsonpos_find(t->text, t->len, path, NULL);
        jsonpos_line_col(t->text, t->len, off, &line, &col, NULL);
        const char *text = strbuf_str(&d.text);
        diag_add(dl, DIAG_ERROR, DIAG_TEST_FAILED, t->file, line, col, path,
                 "test \"%s\" failed: %.*s%s", authortest_name(t, i), (int)strcspn(text, "\n"),
                 text, d.n > 1 ? " (and more)" : "");
    }
    score_free(s);
    run_free(r);
    bool ok = d.n == 0;
    if (diff) {
        *diff = ok ? NULL : strbuf_take(&d.text);
    }
    strbuf_free(&d.text);
    return ok;
}
