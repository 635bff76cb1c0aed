/* beneath-play: plays a scenario in the terminal, interactively, from a
 * --choices list, or along a random valid path; prints a transcript and the
 * debrief, or the result as JSON. All game logic is in beneath_core. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include "authortest.h"
#include "cli.h"
#include "arena.h"
#include "debrief.h"
#include "files.h"
#include "i18n.h"
#include "records.h"
#include "safefile.h"
#include "run.h"
#include "score.h"
#include "strbuf.h"
#include "textsafe.h"
#include "translate.h"

#define RANDOM_MAX_ACTIONS 10000

/* (translated: the --language option and the setting are read before
 * --help; the options' names stay as they are) */
static const char *const usage =
    N_("usage: beneath-play SCENARIO [--choices LIST | --random SEED] [--seed N] [--json]\n"
       "                             [--quiet] [--save FILE] [--resume FILE] [--language CODE]\n"
       "                             [--trainee NAME [--class NAME] [--records DB] [--continue]]\n"
       "       beneath-play --check TESTS.json [SCENARIO]\n"
       "Plays a scenario in the terminal. Without --choices or --random it asks you at\n"
       "each step: type the number or id of a choice or detail, or q to stop.\n"
       "  --choices LIST  play these actions: comma-separated ids of choices/details in\n"
       "                  the current scene, or 1-based numbers in the list shown\n"
       "                  (choices first, then details not yet examined)\n"
       "  --random SEED   play a random valid path (same seed, same path)\n"
       "  --seed N        the order choices are listed in (kept in saves): 0 keeps\n"
       "                  the author's order; default 0 with --choices or --random,\n"
       "                  a new random order for each interactive attempt\n"
       "  --json          print only the final result as one JSON object\n"
       "  --quiet         print no transcript, only the result\n"
       "  --save FILE     save the attempt to FILE after every action (crash-safe)\n"
       "  --resume FILE   continue the attempt saved in FILE\n"
       "  --language CODE the language of the prompts, the debrief and the catalogue\n"
       "                  (e.g. es); default: the \"language\" setting, else LANG\n"
       "  --trainee NAME  record the attempt for this trainee (name or officer ID, 1 to\n"
       "                  64 characters) in the records database, after every action\n"
       "  --class NAME    the trainee's class or cohort, kept in the records\n"
       "  --records DB    the records database (default: $BENEATH_RECORDS, else\n"
       "                  records.sqlite in the game's data folder)\n"
       "  --continue      with --trainee: continue the trainee's latest unfinished\n"
       "                  attempt of this scenario instead of starting a new one\n"
       "  --check TESTS   run the author tests in TESTS (e.g. scenarios/ID.tests.json)\n"
       "                  and print each as PASS or FAIL with expected vs actual; the\n"
       "                  scenario is the file's \"scenario\" field, or SCENARIO\n"
       "Exit status: 0 reached an ending, 1 the scenario has errors, 2 bad usage or\n"
       "unreadable file, 3 stopped before an ending. With --check: 0 all tests pass,\n"
       "1 a test failed or the scenario has errors, 2 bad usage or unreadable file.\n");

typedef struct Opts {
    const char *scenario, *choices, *save, *resume, *check;
    const char *trainee, *klass, *records, *language;
    bool json, quiet, random, cont, has_order_seed;
    uint64_t seed;
    uint32_t order_seed;
} Opts;

/* ---- output -------------------------------------------------------------- */

static FILE *tx; /* transcript stream, NULL when silent */

#define WRAP_COLUMNS 78
#define WRAP_MIN 40

static size_t wrap_columns = WRAP_COLUMNS;

/* Wraps to the terminal's width when printing to one (at least WRAP_MIN,
 * one column spare), and to WRAP_COLUMNS into files and pipes. */
static void set_wrap_columns(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        wrap_columns = ws.ws_col > WRAP_MIN ? ws.ws_col - 1u : WRAP_MIN;
    }
}

/* Prints text to 'out' word-wrapped to the wrap width (UTF-8 aware), each
 * line starting with 'prefix' (later lines with as many spaces, plus the
 * text's own leading spaces); keeps the author's line breaks. */
static void fprint_wrapped(FILE *out, const char *prefix, const char *text)
{
    if (!out || !text) {
        return;
    }
    char indent[24]; /* later lines line up under the first line's text */
    size_t n_indent = strlen(prefix) + strspn(text, " ");
    n_indent = n_indent < sizeof indent - 1 ? n_indent : sizeof indent - 1;
    memset(indent, ' ', n_indent);
    indent[n_indent] = '\0';
    size_t width = wrap_columns - strlen(prefix);
    const char *p = text;
    while (*p) {
        /* take words while they fit; a word longer than a line goes alone */
        const char *line = p, *cut = NULL;
        size_t chars = 0;
        for (const char *q = p; *q && *q != '\n'; q++) {
            if (*q == ' ' && chars <= width) {
                cut = q;
            }
            chars += ((unsigned char)*q & 0xC0) != 0x80;
            if (chars > width && cut) {
                break;
            }
            p = q + 1;
        }
        if (chars > width && cut) {
            p = cut;
        }
        fprintf(out, "%s%.*s\n", prefix, (int)(p - line), line);
        while (*p == ' ' || *p == '\n') {
            p++;
        }
        prefix = indent;
        width = wrap_columns - n_indent;
    }
}

static void print_wrapped(const char *prefix, const char *text)
{
    fprint_wrapped(tx, prefix, text);
}

static void print_events_since(const Run *r, size_t from)
{
    size_t n;
    const Action *h = run_history(r, &n);
    const Scenario *sc = run_scenario(r);
    for (size_t i = from; tx && i < n; i++) {
        if (h[i].kind == ACTION_EVENT) {
            const Event *e = &sc->events[h[i].index];
            if (e->text) {
                char head[64];
                snprintf(head, sizeof head, _("  [minute %d] %s%s"), h[i].minute,
                         e->speaker ? e->speaker : "", e->speaker ? ": " : "");
                fputs("\n", tx);
                print_wrapped(head, e->text);
            }
        }
    }
}

static void print_scene(const Run *r)
{
    if (!tx) {
        return;
    }
    const Node *nd = run_node(r);
    if (nd->title) {
        fprintf(tx, _("\n== %s  [%s]  (minute %d) ==\n"), nd->title, nd->id, run_clock(r));
    } else {
        fprintf(tx, _("\n== %s  (minute %d) ==\n"), nd->id, run_clock(r));
    }
    Deadline dl[4];
    size_t nd_dl = run_deadlines(r, dl, 4);
    for (size_t i = 0; i < nd_dl && i < 4; i++) {
        char line[300];
        if (dl[i].minutes_left > 0) {
            snprintf(line, sizeof line,
                     i18n_plural("%s: %d minute left (minute %d)",
                                 "%s: %d minutes left (minute %d)", dl[i].minutes_left),
                     dl[i].label, dl[i].minutes_left, run_clock(r) + dl[i].minutes_left);
        } else {
            snprintf(line, sizeof line, _("%s: time is up, after your next action"), dl[i].label);
        }
        fprint_wrapped(tx, _("  [countdown] "), line);
    }
    if (nd->speaker) {
        fprintf(tx, "%s:\n", nd->speaker);
    }
    print_wrapped("", run_text(r));
    size_t n = run_options(r, NULL, 0);
    Option *opts = xmalloc((n + 1) * sizeof(Option));
    run_options(r, opts, n);
    for (size_t i = 0; i < n; i++) {
        char num[32];
        StrBuf line = {0};
        snprintf(num, sizeof num, "  %zu. ", i + 1);
        if (opts[i].kind == OPTION_CHOICE) {
            strbuf_printf(&line, "%s  [%s]", opts[i].label, opts[i].id);
        } else {
            strbuf_printf(&line, _("Look closer: %s (%d min)  [%s]"), opts[i].label,
                          opts[i].minutes, opts[i].id);
        }
        char *text = strbuf_take(&line);
        fprint_wrapped(tx, num, text);
        free(text);
    }
    free(opts);
}

static void print_after(const Run *r, const Option *o, const Node *from)
{
    if (!tx) {
        return;
    }
    if (o->kind == OPTION_DETAIL) {
        print_wrapped(_("> Look closer: "), o->label);
        print_wrapped("  ", from->details[o->index].text);
    } else {
        print_wrapped("> ", o->label);
        print_wrapped("  ", from->choices[o->index].reply);
    }
    (void)r;
}

static void print_debrief(const Run *r, const Score *s)
{
    const Scenario *sc = run_scenario(r);
    char line[512];
    snprintf(line, sizeof line, _("==== Debrief: %s ===="), sc->title);
    printf("\n");
    fprint_wrapped(stdout, "", line);
    snprintf(line, sizeof line,
             _("Score: %d/100 (pass mark %d): indicators %d/%d, protocol steps %d/%d, time "
               "%d/%d, errors -%d"),
             s->total, sc->pass_mark, s->indicator_points, SCORE_PART_INDICATORS, s->step_points,
             SCORE_PART_STEPS, s->time_points, SCORE_PART_TIME, s->error_penalty);
    fprint_wrapped(stdout, "", line);
    Debrief *d = debrief_build(r, s);
    for (size_t i = 0; i < d->n; i++) {
        const DebriefLine *l = &d->lines[i];
        switch (l->kind) {
        case DEBRIEF_HEADING:
            printf("\n%s:\n", l->text);
            break;
        case DEBRIEF_ENDING:
        case DEBRIEF_VERDICT:
            fprint_wrapped(stdout, "", l->text);
            break;
        case DEBRIEF_GOOD:
            fprint_wrapped(stdout, "  [+] ", l->text);
            break;
        case DEBRIEF_PARTIAL:
            fprint_wrapped(stdout, "  [~] ", l->text);
            break;
        case DEBRIEF_BAD:
            fprint_wrapped(stdout, "  [-] ", l->text);
            break;
        default:
            fprint_wrapped(stdout, "  ", l->text);
            break;
        }
    }
    debrief_free(d);
}

/* ---- playing ------------------------------------------------------------- */

typedef struct Player {
    Run *run;
    const Opts *o;
    Records *db;         /* with --trainee */
    RecordsAttempt *att; /* the attempt being recorded */
    bool record_failed;
} Player;

/* Writes the attempt to the records (before anything is printed about the
 * action, so what the trainee saw is always recorded). */
static bool record(Player *p)
{
    char err[600];
    if (p->att && !records_attempt_save(p->db, p->att, p->run, cli_now_ms(), err, sizeof err)) {
        fprintf(stderr, _("beneath-play: the attempt is NOT being recorded: %s\n"), err);
        p->record_failed = true;
        return false;
    }
    return true;
}

static void autosave(const Player *p)
{
    if (!p->o->save) {
        return;
    }
    char *json = run_save(p->run, NULL);
    char err[256];
    if (!file_write_atomic(p->o->save, json, strlen(json), err, sizeof err)) {
        fprintf(stderr, "beneath-play: %s\n", err);
    }
    free(json);
}

static bool act(Player *p, const Option *o)
{
    const Node *from = run_node(p->run);
    size_t n_before;
    run_history(p->run, &n_before);
    if (!run_apply(p->run, o)) {
        return false;
    }
    if (!record(p)) {
        return false;
    }
    print_after(p->run, o, from);
    print_events_since(p->run, n_before);
    autosave(p);
    return true;
}

static void list_available(const Run *r)
{
    size_t n = run_options(r, NULL, 0);
    Option *opts = xmalloc((n + 1) * sizeof(Option));
    run_options(r, opts, n);
    fprintf(stderr, _("  available here (scene \"%s\"):"), run_node(r)->id);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s %zu=%s", i ? "," : "", i + 1, opts[i].id);
    }
    fprintf(stderr, "%s\n", n ? "" : _(" nothing"));
    free(opts);
}

/* Plays the comma-separated list. Returns false on a token that does not
 * name an available option (reported on stderr). */
static bool play_list(Player *p, const char *list)
{
    char tok[256];
    for (size_t step = 1; run_next_choice(&list, tok, sizeof tok); step++) {
        print_scene(p->run);
        Option o;
        if (run_status(p->run) != RUN_PLAYING) {
            fprintf(stderr,
                    _("beneath-play: --choices item %zu \"%s\": the run has already ended\n"), step,
                    tok);
            return false;
        }
        if (!run_find_option(p->run, tok, &o) || !act(p, &o)) {
            if (p->record_failed) {
                return false;
            }
            fprintf(stderr, _("beneath-play: --choices item %zu: no option \"%s\" here\n"), step,
                    tok);
            list_available(p->run);
            return false;
        }
    }
    return true;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void play_random(Player *p, uint64_t seed)
{
    uint64_t state = seed;
    for (size_t i = 0; i < RANDOM_MAX_ACTIONS && run_status(p->run) == RUN_PLAYING; i++) {
        size_t n = run_options(p->run, NULL, 0);
        Option *opts = xmalloc(n * sizeof(Option));
        run_options(p->run, opts, n);
        print_scene(p->run);
        Option o = opts[splitmix(&state) % n];
        free(opts);
        if (!act(p, &o) && p->record_failed) {
            return;
        }
    }
}

static void play_interactive(Player *p)
{
    char line[256];
    while (run_status(p->run) == RUN_PLAYING) {
        print_scene(p->run);
        fputs(_("Your choice (number or id, q to stop): "), stdout);
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin)) {
            printf("\n");
            return;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0) {
            return;
        }
        Option o;
        if (!run_find_option(p->run, line, &o)) {
            puts(_("Type the number or id of an option, or q to stop."));
            continue;
        }
        if (!act(p, &o) && p->record_failed) {
            return;
        }
    }
}

/* ---- author tests ---------------------------------------------------------- */

static void print_diff(const char *diff)
{
    for (const char *p = diff; p && *p;) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        printf("      %.*s\n", n, p);
        p = nl ? nl + 1 : NULL;
    }
}

/* Runs every test of the tests file: PASS/FAIL lines, a GCC-style line per
 * failure (for editors), then a count. */
static int run_checks(const Opts *o)
{
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(o->check, dl);
    if (!t) {
        cli_print_diags(stderr, dl);
        int rc = cli_has_io_error(dl) ? EXIT_USAGE : EXIT_FINDINGS;
        diag_list_free(dl);
        return rc;
    }
    const char *path = o->scenario ? o->scenario : authortest_scenario_path(t);
    Scenario *sc = scenario_load(path, dl);
    if (!sc) {
        cli_print_diags(stderr, dl);
        int rc = cli_has_io_error(dl) ? EXIT_USAGE : EXIT_FINDINGS;
        diag_list_free(dl);
        authortest_free(t);
        return rc;
    }
    cli_print_diags(stdout, dl); /* mistakes in single tests: those tests do not run */
    /* names, paths and expectations come from the tests file: data (textsafe.h) */
    char *check_shown = textsafe_dup(o->check, 0), *path_shown = textsafe_dup(path, 0);
    printf(i18n_plural("%s: %zu test of %s\n", "%s: %zu tests of %s\n", (long)authortest_count(t)),
           check_shown, authortest_count(t), path_shown);
    free(check_shown);
    free(path_shown);
    size_t failed = 0;
    for (size_t i = 0; i < authortest_count(t); i++) {
        char *diff = NULL, summary[160];
        DiagList *one = diag_list_new();
        bool ok = authortest_run(t, i, sc, one, &diff, summary, sizeof summary);
        char *name = textsafe_dup(authortest_name(t, i), 0), *sum = textsafe_dup(summary, 0);
        char *shown = textsafe_dup(diff, TEXTSAFE_KEEP_NEWLINES);
        /* TRANSLATORS: a test's name and its summary (score, passed, ending) */
        printf(ok ? _("PASS  %s  (%s)\n") : _("FAIL  %s  (%s)\n"), name, sum);
        if (!ok) {
            failed++;
            cli_print_diags(stdout, one);
            /* the diagnostic line already gave the first difference: once is enough */
            const char *rest = shown && diag_count(one) ? strchr(shown, '\n') : shown;
            print_diff(rest && *rest == '\n' ? rest + 1 : rest);
        }
        free(name);
        free(sum);
        free(shown);
        free(diff);
        diag_list_free(one);
    }
    size_t passed = authortest_count(t) - failed;
    /* TRANSLATORS: "4 passed, 1 failed" counts tests */
    printf(i18n_plural("%zu passed", "%zu passed", (long)passed), passed);
    fputs(", ", stdout);
    /* TRANSLATORS: "4 passed, 1 failed" counts tests */
    printf(i18n_plural("%zu failed", "%zu failed", (long)failed), failed);
    putchar('\n');
    scenario_free(sc);
    authortest_free(t);
    diag_list_free(dl);
    return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* ---- main ---------------------------------------------------------------- */

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (strcmp(a, "--choices") == 0 && has_val) {
            o->choices = argv[++i];
        } else if (strcmp(a, "--save") == 0 && has_val) {
            o->save = argv[++i];
        } else if (strcmp(a, "--resume") == 0 && has_val) {
            o->resume = argv[++i];
        } else if (strcmp(a, "--trainee") == 0 && has_val) {
            o->trainee = argv[++i];
        } else if (strcmp(a, "--class") == 0 && has_val) {
            o->klass = argv[++i];
        } else if (strcmp(a, "--records") == 0 && has_val) {
            o->records = argv[++i];
        } else if (strcmp(a, "--continue") == 0) {
            o->cont = true;
        } else if (strcmp(a, "--language") == 0 && has_val) {
            o->language = argv[++i];
        } else if (strcmp(a, "--check") == 0 && has_val) {
            o->check = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && has_val) {
            char *end;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (*end || !argv[i][0] || v > UINT32_MAX) {
                fprintf(stderr,
                        _("beneath-play: --seed expects a number from 0 to %u, got \"%s\"\n"),
                        UINT32_MAX, argv[i]);
                return EXIT_USAGE;
            }
            o->order_seed = (uint32_t)v;
            o->has_order_seed = true;
        } else if (strcmp(a, "--random") == 0 && has_val) {
            char *end;
            o->seed = strtoull(argv[++i], &end, 10);
            o->random = true;
            if (*end || !argv[i][0]) {
                fprintf(stderr, _("beneath-play: --random expects a number, got \"%s\"\n"),
                        argv[i]);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, _("beneath-play: unknown option or missing value: %s\n"), a);
            fputs(_(usage), stderr);
            return EXIT_USAGE;
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            fprintf(stderr, _("beneath-play: one scenario at a time (got %s and %s)\n"),
                    o->scenario, a);
            return EXIT_USAGE;
        }
    }
    if (o->check && (o->choices || o->random || o->save || o->resume || o->json)) {
        fprintf(stderr, _("beneath-play: --check runs a tests file; it takes no play options\n"));
        return EXIT_USAGE;
    }
    if ((o->klass || o->records || o->cont) && !o->trainee) {
        fprintf(stderr, _("beneath-play: --class, --records and --continue go with --trainee\n"));
        return EXIT_USAGE;
    }
    char err[200];
    if (o->trainee && !records_check_name(o->trainee, err, sizeof err)) {
        fprintf(stderr, _("beneath-play: --trainee: %s\n"), err);
        return EXIT_USAGE;
    }
    if ((!o->scenario && !o->check) || (o->choices && o->random)) {
        fputs(_(usage), stderr);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* With --continue: the trainee's newest unfinished attempt of this scenario,
 * or NULL (then a new one starts). */
static Run *continue_recorded(Player *p, const Scenario *sc)
{
    size_t n = 0;
    RecordsUnfinished *list = records_list_unfinished(p->db, RECORDS_GRADED, p->o->trainee, &n);
    Run *r = NULL;
    for (size_t i = 0; i < n && !r; i++) {
        if (list[i].damaged || strcmp(list[i].scenario_id, sc->id) != 0) {
            continue;
        }
        DiagList *dl = diag_list_new();
        r = records_attempt_resume(p->db, list[i].id, p->o->trainee, sc, &p->att, dl);
        cli_print_diags(stderr, dl);
        diag_list_free(dl);
        if (r && tx) {
            fprintf(tx,
                    i18n_plural("Continuing the attempt started %s (%zu action).\n",
                                "Continuing the attempt started %s (%zu actions).\n",
                                (long)list[i].n_actions),
                    list[i].started_at, list[i].n_actions);
        }
    }
    records_unfinished_free(list, n);
    return r;
}

/* Starts recording a new attempt; false after saying why. */
static bool begin_recorded(Player *p)
{
    char err[600];
    p->att = records_attempt_begin(p->db, p->run, RECORDS_GRADED, p->o->trainee, p->o->klass,
                                   "beneath-play", cli_now_ms(), err, sizeof err);
    if (!p->att) {
        fprintf(stderr, "beneath-play: %s\n", err);
        return false;
    }
    return record(p);
}

static Run *start_run(const Scenario *sc, const Opts *o)
{
    if (!o->resume) {
        /* scripted play keeps the author's order unless told otherwise, so
         * positions in --choices stay meaningful */
        bool scripted = o->choices || o->random;
        uint32_t seed = o->has_order_seed ? o->order_seed : scripted ? 0 : run_random_seed();
        return run_new_seeded(sc, seed);
    }
    DiagList *dl = diag_list_new();
    size_t len = 0;
    char *text = safefile_read(o->resume, FILE_KIND_SAVE, SAFEFILE_FOLLOW, &len, dl);
    Run *r = text ? run_restore(sc, text, len, NULL, dl) : NULL;
    diag_list_set_file(dl, o->resume);
    cli_print_diags(stderr, dl);
    diag_list_free(dl);
    free(text);
    return r;
}

/* The value of the last --language option, or NULL: read before the other
 * options so that --help and the errors about them are in that language. */
static const char *language_option(int argc, char **argv)
{
    const char *lang = NULL;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--language") == 0) {
            lang = argv[++i];
        }
    }
    return lang;
}

int main(int argc, char **argv)
{
    Settings st;
    cli_system_settings("beneath-play", &st);
    char lang[40];
    cli_language(language_option(argc, argv), st.language, lang, sizeof lang);
    if (cli_help_or_version(argc, argv, "beneath-play", _(usage))) {
        return EXIT_CLEAN;
    }
    Opts o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc != EXIT_CLEAN) {
        return rc;
    }
    if (o.check) {
        return run_checks(&o);
    }
    Scenario *sc = cli_load_scenario(o.scenario, &rc);
    if (!sc) {
        return rc;
    }
    translate_apply(sc, lang); /* the catalogue's words in that language */
    tx = (o.json || o.quiet) ? NULL : stdout;
    set_wrap_columns();
    Player p = {NULL, &o, NULL, NULL, false};
    if (o.trainee && !(p.db = cli_open_records("beneath-play", o.records, true))) {
        scenario_free(sc);
        return EXIT_USAGE;
    }
    const char *lrs = getenv("BENEATH_LRS_ENDPOINT");
    if (p.db && ((lrs && *lrs) || st.lrs_endpoint[0])) {
        /* queued with the result; the game or beneath-report --send sends them */
        records_set_outbox(p.db, true, getenv("BENEATH_LRS_HOMEPAGE"));
    }
    if (p.db && o.cont && !o.resume) {
        p.run = continue_recorded(&p, sc);
    }
    if (!p.run) {
        p.run = start_run(sc, &o);
    }
    if (!p.run || (p.db && !p.att && !begin_recorded(&p))) {
        run_free(p.run);
        records_close(p.db);
        scenario_free(sc);
        return EXIT_USAGE;
    }
    bool ok = true;
    if (o.choices) {
        ok = play_list(&p, o.choices);
    } else if (o.random) {
        play_random(&p, o.seed);
    } else {
        play_interactive(&p);
    }
    if (tx && run_status(p.run) == RUN_ENDED) {
        print_scene(p.run);
    }
    Score *s = score_compute(p.run);
    if (o.json) {
        char *json = score_to_json(s, p.run);
        printf("%s\n", json);
        free(json);
    } else {
        print_debrief(p.run, s);
    }
    if (run_status(p.run) == RUN_STUCK) {
        fprintf(stderr, _("beneath-play: stuck in scene \"%s\": no choice is available\n"),
                run_node(p.run)->id);
    }
    rc = !ok || p.record_failed           ? EXIT_USAGE
         : run_status(p.run) == RUN_ENDED ? EXIT_CLEAN
                                          : EXIT_UNFINISHED;
    score_free(s);
    run_free(p.run);
    records_attempt_free(p.att);
    records_close(p.db);
    scenario_free(sc);
    return rc;
}
