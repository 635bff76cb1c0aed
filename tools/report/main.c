/* beneath-report: the instructor's view of the training records: a
 * gradebook (CSV), a class report (HTML), a trainee's completion record,
 * xAPI statements for a learning record store (a file, or sent), instructor
 * notes, and a check that every recorded attempt still replays. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "files.h"
#include "lrs.h"
#include "records.h"
#include "report.h"
#include "xapi.h"

static const char usage[] =
    "usage: beneath-report [--records DB] [FILTERS] OUTPUT...\n"
    "Reads the training records (default: $BENEATH_RECORDS, else the records_path\n"
    "setting, else records.sqlite in the game's data folder) and writes:\n"
    "  --csv OUT             gradebook: one row per trainee and scenario (attempts,\n"
    "                        best score, passed, dates) for a spreadsheet\n"
    "  --html OUT            class report: one self-contained page (pass rate per\n"
    "                        scenario, indicators most often missed and seen but not\n"
    "                        acted on, critical errors, each trainee's progress)\n"
    "  --certificate OUT     with --trainee: a printable completion record\n"
    "  --xapi OUT            xAPI 1.0.3 statements of the attempts, as a JSON array\n"
    "  --send                queue the attempts' statements and send every unsent one\n"
    "                        to the learning record store ($BENEATH_LRS_ENDPOINT or\n"
    "                        the lrs_endpoint setting; credentials from\n"
    "                        $BENEATH_LRS_AUTH, or the file named by\n"
    "                        $BENEATH_LRS_AUTH_FILE or the lrs_auth_file setting);\n"
    "                        exit 1 if some are left unsent\n"
    "  --verify              check the database and replay every attempt through the\n"
    "                        engine; exit 1 on any problem\n"
    "  --note ATTEMPT SEQ TEXT  add an instructor's note to action SEQ of ATTEMPT\n"
    "                        (SEQ -1: the whole attempt); --author NAME signs it\n"
    "Filters: --trainee NAME, --class NAME, --scenario ID, --since YYYY-MM-DD\n"
    "  --homepage URL        account home page of xAPI actors (default\n"
    "                        $BENEATH_LRS_HOMEPAGE, else " XAPI_DEFAULT_HOMEPAGE ")\n"
    "Exit status: 0 done, 1 problems found or statements left unsent, 2 bad usage\n"
    "or unreadable database.\n";

typedef struct Opts {
    const char *records, *csv, *html, *certificate, *xapi, *homepage, *author;
    const char *note_attempt, *note_seq, *note_text, *since;
    bool verify, send;
    RecordsFilter filter;
} Opts;

static bool take(int argc, char **argv, int *i, const char *name, const char **out)
{
    if (strcmp(argv[*i], name) != 0) {
        return false;
    }
    if (*i + 1 >= argc) {
        fprintf(stderr, "beneath-report: %s needs a value (see --help)\n", name);
        exit(EXIT_USAGE);
    }
    *out = argv[++*i];
    return true;
}

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (take(argc, argv, &i, "--records", &o->records) ||
            take(argc, argv, &i, "--csv", &o->csv) || take(argc, argv, &i, "--html", &o->html) ||
            take(argc, argv, &i, "--certificate", &o->certificate) ||
            take(argc, argv, &i, "--xapi", &o->xapi) ||
            take(argc, argv, &i, "--homepage", &o->homepage) ||
            take(argc, argv, &i, "--author", &o->author) ||
            take(argc, argv, &i, "--trainee", &o->filter.trainee) ||
            take(argc, argv, &i, "--class", &o->filter.klass) ||
            take(argc, argv, &i, "--scenario", &o->filter.scenario) ||
            take(argc, argv, &i, "--since", &o->since)) {
            continue;
        }
        if (strcmp(a, "--verify") == 0) {
            o->verify = true;
        } else if (strcmp(a, "--send") == 0) {
            o->send = true;
        } else if (strcmp(a, "--note") == 0 && i + 3 < argc) {
            o->note_attempt = argv[++i];
            o->note_seq = argv[++i];
            o->note_text = argv[++i];
        } else {
            fprintf(stderr, "beneath-report: unknown option or missing value: %s (see --help)\n",
                    a);
            return EXIT_USAGE;
        }
    }
    if (o->since && !records_parse_time(o->since, &o->filter.since_ms)) {
        fprintf(stderr, "beneath-report: --since expects a date like 2026-09-01, got \"%s\"\n",
                o->since);
        return EXIT_USAGE;
    }
    if (o->certificate && !o->filter.trainee) {
        fprintf(stderr, "beneath-report: --certificate needs --trainee NAME\n");
        return EXIT_USAGE;
    }
    if (!o->csv && !o->html && !o->certificate && !o->xapi && !o->verify && !o->send &&
        !o->note_attempt) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (!o->homepage) {
        o->homepage = getenv("BENEATH_LRS_HOMEPAGE");
    }
    return EXIT_CLEAN;
}

/* Opens OUT for writing through a temporary file renamed into place at the
 * end (write_done), so a failed run never leaves half a report. */
typedef struct Out {
    FILE *f;
    char *buf;
    size_t len;
    const char *path;
} Out;

static bool write_done(Out *o)
{
    fclose(o->f);
    char err[400];
    bool ok = file_write_atomic(o->path, o->buf, o->len, err, sizeof err);
    if (!ok) {
        fprintf(stderr, "beneath-report: %s\n", err);
    }
    free(o->buf);
    return ok;
}

/* Fills *o; the stream writes into o->buf, so 'o' must stay in place. */
static FILE *out_open(Out *o, const char *path)
{
    *o = (Out){NULL, NULL, 0, path};
    o->f = open_memstream(&o->buf, &o->len);
    if (!o->f) {
        abort();
    }
    return o->f;
}

static int do_verify(Records *db)
{
    DiagList *dl = diag_list_new();
    size_t skipped = 0;
    size_t checked = records_verify(db, dl, &skipped);
    cli_print_diags(stderr, dl);
    size_t problems = diag_count(dl);
    printf("%zu attempts replayed, %zu problems, %zu not checked (scenario file changed or "
           "missing)\n",
           checked, problems, skipped);
    diag_list_free(dl);
    return problems ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int do_note(Records *db, const Opts *o)
{
    char *end1, *end2;
    long long id = strtoll(o->note_attempt, &end1, 10);
    long long seq = strtoll(o->note_seq, &end2, 10);
    if (*end1 || *end2 || id <= 0 || seq < -1) {
        fprintf(stderr, "beneath-report: --note expects an attempt number and an action "
                        "number (-1 for the whole attempt)\n");
        return EXIT_USAGE;
    }
    char err[600];
    if (!records_add_note(db, id, seq, o->author ? o->author : "", o->note_text, cli_now_ms(), err,
                          sizeof err)) {
        fprintf(stderr, "beneath-report: %s\n", err);
        return EXIT_FINDINGS;
    }
    return EXIT_CLEAN;
}

static int do_xapi(Records *db, const Opts *o)
{
    char err[600];
    char *json = records_xapi_export(db, &o->filter, o->homepage, err, sizeof err);
    if (!json) {
        fprintf(stderr, "beneath-report: %s\n", err);
        return EXIT_USAGE;
    }
    bool ok = file_write_atomic(o->xapi, json, strlen(json), err, sizeof err);
    free(json);
    if (!ok) {
        fprintf(stderr, "beneath-report: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

static int do_send(Records *db, const Opts *o)
{
    LrsConfig cfg;
    char err[600];
    Settings s;
    cli_system_settings("beneath-report", &s);
    if (!lrs_config_load(&cfg, &s, err, sizeof err)) {
        fprintf(stderr, "beneath-report: %s\n", err);
        return EXIT_USAGE;
    }
    size_t queued = 0;
    if (!records_outbox_fill(db, &o->filter, o->homepage, cli_now_ms(), &queued, err, sizeof err)) {
        fprintf(stderr, "beneath-report: %s\n", err);
        lrs_config_fini(&cfg);
        return EXIT_USAGE;
    }
    LrsStats st;
    lrs_drain(db, &cfg, LLONG_MAX, &st); /* asked for now: no backoff */
    size_t unsent = 0, sent = 0;
    records_outbox_counts(db, &unsent, &sent);
    printf("%zu statements queued now; %zu sent in this run (%zu tries failed); %zu sent in all, "
           "%zu waiting%s%s\n",
           queued, st.sent, st.failed_tries, sent, unsent, st.last_error[0] ? "; last error: " : "",
           st.last_error);
    lrs_config_fini(&cfg);
    return unsent ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int do_reports(Records *db, const Opts *o)
{
    Report r = {0};
    r.filter = o->filter;
    r.since_text = o->since;
    r.generated_ms = cli_now_ms();
    char err[600];
    if (!report_collect(db, &r, err, sizeof err)) {
        fprintf(stderr, "beneath-report: %s\n", err);
        report_free(&r);
        return EXIT_USAGE;
    }
    bool ok = true;
    if (o->csv) {
        Out out;
        ok = report_write_csv(&r, out_open(&out, o->csv)) && write_done(&out) && ok;
    }
    if (o->html) {
        Out out;
        ok = report_write_html(&r, out_open(&out, o->html)) && write_done(&out) && ok;
    }
    if (o->certificate) {
        Out out;
        ok = report_write_certificate(&r, o->filter.trainee, out_open(&out, o->certificate)) &&
             write_done(&out) && ok;
    }
    report_free(&r);
    return ok ? EXIT_CLEAN : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-report", usage)) {
        return EXIT_CLEAN;
    }
    Opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc != EXIT_CLEAN) {
        return rc;
    }
    Records *db = cli_open_records("beneath-report", o.records, false);
    if (!db) {
        return EXIT_USAGE;
    }
    int worst = EXIT_CLEAN;
    if (o.note_attempt) {
        worst = do_note(db, &o);
    }
    if (o.csv || o.html || o.certificate) {
        rc = do_reports(db, &o);
        worst = rc > worst ? rc : worst;
    }
    if (o.xapi) {
        rc = do_xapi(db, &o);
        worst = rc > worst ? rc : worst;
    }
    if (o.send) {
        rc = do_send(db, &o);
        worst = rc > worst ? rc : worst;
    }
    if (o.verify) {
        rc = do_verify(db);
        worst = rc > worst ? rc : worst;
    }
    records_close(db);
    return worst;
}
