/* beneath-lint: checks scenario files and prints every problem GCC-style.
 * Loader errors first; a file that loads is then analysed (analyze.h): scene
 * graph, state space, scoring, assets and text budgets.
 * Exit 0 clean, 1 findings (errors, or warnings with --werror), 2 usage/IO. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "arena.h"
#include "cli.h"
#include "course.h"
#include "files.h"
#include "safefile.h"
#include "scenario.h"
#include "textsafe.h"
#include "translate.h"

static const char usage[] =
    "usage: beneath-lint [--werror] [--json] [--quiet] [--max-states N] FILE|FOLDER...\n"
    "Checks scenario files and prints each problem as\n"
    "  FILE:LINE:COL: error|warning: PATH: MESSAGE [code]\n"
    "Beyond the loader's checks it finds unreachable scenes and endings, dead ends,\n"
    "indicators and steps that can never score, impossible or cyclic protocol order,\n"
    "conditions that can never be true, unused variables, a best score below 100,\n"
    "missing or escaping images, text too long for an 800x600 screen, scaffold\n"
    "text left in, blank or repeated labels, text variants that can never be\n"
    "shown, and missing objectives.\n"
    "  --werror        treat warnings as errors (exit 1 on any finding)\n"
    "  --json          print one JSON object per finding, one per line:\n"
    "                  {file, line, col, severity, code, message, path}\n"
    "  --quiet         print only the finding lines (no summary), for editors\n"
    "  --codes load|lint  print the table of the loader's or the analyses' codes\n"
    "                  (Markdown, as in scenarios/README.md) and exit\n"
    "  --max-states N  explore at most N play states per file (default 200000);\n"
    "                  past it, 20000 random play-throughs and a bounded best/worst\n"
    "                  search (by default up to 1000000 states on a scenario of up\n"
    "                  to 60 scenes) stand in, and unproven findings are notes\n"
    "Exit status: 0 clean, 1 problems found, 2 usage or unreadable file.\n";

/* Prints the README table of the codes of one group, from diag_codes.h. */
static int print_codes(const char *group)
{
    bool lint = strcmp(group, "lint") == 0;
    if (!lint && strcmp(group, "load") != 0) {
        fprintf(stderr, "beneath-lint: --codes takes load or lint, got %s\n", group);
        return EXIT_USAGE;
    }
    printf(lint ? "| code | level | what it means | how to fix it |\n|---|---|---|---|\n"
                : "| code | what it means | how to fix it |\n|---|---|---|\n");
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        if ((diag_code_group((DiagCode)c) == DIAG_GROUP_LINT) != lint) {
            continue;
        }
        printf("| `%s` |", diag_code_name((DiagCode)c));
        if (lint) {
            printf(" %s |", diag_code_level_doc((DiagCode)c));
        }
        printf(" %s | %s |\n", diag_code_meaning((DiagCode)c), diag_code_fix((DiagCode)c));
    }
    return EXIT_CLEAN;
}

/* Lower than beneath-paths' default: linting should feel instant. */
#define LINT_MAX_STATES 200000
/* Unless --max-states is given, the branch and bound beside the state search
 * may enter this many states on a scenario of up to LINT_PROOF_MAX_SCENES
 * scenes (the size people write: the bundled calls have 21 to 34): enough
 * to prove the best score of every bundled scenario, in about a second at
 * most. Where it cannot prove it, it costs up to about 1.5 s more (a
 * generated 100-scene story: 0.9 -> 2.3 s), so larger files keep lint's
 * bound and lint stays quick. */
#define LINT_PROOF_STATES 1000000
#define LINT_PROOF_MAX_SCENES 60

typedef struct Opts {
    bool werror, json, quiet;
    size_t max_states; /* --max-states, or 0: LINT_MAX_STATES, and LINT_PROOF_STATES */
} Opts;

/* Lints one file into 'dl'; *id receives a copy of the scenario's id if it
 * loads (caller frees), else NULL. Returns false if it could not be read. */
static bool lint_file(const char *path, const Opts *o, DiagList *dl, char **id)
{
    const char *slash = strrchr(path, '/');
    if (translate_is_file_name(slash ? slash + 1 : path)) {
        *id = NULL; /* a catalogue translation: checked against its catalogue */
        translate_check(path, dl);
        return !cli_has_io_error(dl);
    }
    Scenario *sc = scenario_load(path, dl);
    *id = sc ? xstrdup(sc->id) : NULL;
    if (!sc) {
        return !cli_has_io_error(dl);
    }
    size_t len = 0;
    DiagList *ignore = diag_list_new();
    char *text = safefile_read(path, FILE_KIND_SCENARIO, SAFEFILE_FOLLOW, &len, ignore);
    diag_list_free(ignore);
    /* --max-states, when given, is the one bound for every search */
    AnalyzeOptions ao = {.max_states = o->max_states ? o->max_states : LINT_MAX_STATES};
    if (!o->max_states && sc->n_nodes <= LINT_PROOF_MAX_SCENES) {
        ao.proof_states = LINT_PROOF_STATES;
    }
    Analysis *a = analyze_new(sc, &ao);
    analyze_lint(a, text, len, dl);
    analyze_free(a);
    free(text);
    scenario_free(sc);
    return true;
}

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--werror") == 0) {
            o->werror = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            o->json = true;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            o->quiet = true;
        } else if (strcmp(argv[i], "--max-states") == 0) {
            if (!cli_parse_size("beneath-lint", "--max-states", i + 1 < argc ? argv[i + 1] : NULL,
                                &o->max_states)) {
                return EXIT_USAGE;
            }
            argv[i + 1] = NULL; /* consumed: not a file */
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "beneath-lint: unknown option %s\n%s", argv[i], usage);
            return EXIT_USAGE;
        }
    }
    return EXIT_CLEAN;
}

/* Lints one file, prints its findings and folds them into *status. */
/* Prints the findings about 'what' (a file), a count line, and folds them
 * into *status. Frees 'dl'. */
static void report(const char *what, DiagList *dl, bool readable, const Opts *o, int *status)
{
    if (o->json) {
        cli_print_diags_json(stdout, dl);
    } else {
        cli_print_diags(stdout, dl);
    }
    size_t errs = diag_error_count(dl), warns = 0;
    for (size_t k = 0; k < diag_count(dl); k++) {
        warns += diag_at(dl, k)->level == DIAG_WARNING;
    }
    if (!o->quiet && !o->json && errs + warns) {
        fflush(stdout); /* the findings first: a shared terminal or file keeps lines whole */
        char *shown = textsafe_dup(what, 0); /* a file name is data too */
        fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", shown, errs, errs == 1 ? "" : "s",
                warns, warns == 1 ? "" : "s");
        free(shown);
    }
    if (!readable) {
        *status = EXIT_USAGE;
    } else if ((errs || (o->werror && warns)) && *status == EXIT_CLEAN) {
        *status = EXIT_FINDINGS;
    }
    diag_list_free(dl);
}

/* Lints one file, prints its findings and folds them into *status; returns
 * the scenario's id if it loaded (caller frees), else NULL. */
static char *lint_one(const char *path, const Opts *o, int *status)
{
    DiagList *dl = diag_list_new();
    char *id;
    bool readable = lint_file(path, o, dl, &id);
    report(path, dl, readable, o, status);
    return id;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every catalogue translation in a folder (catalog.es.json), in name order. */
static void lint_translations(const char *folder, const Opts *o, int *status)
{
    DIR *d = opendir(folder);
    if (!d) {
        return;
    }
    char **found = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (translate_is_file_name(e->d_name)) {
            found = xrealloc(found, (n + 1) * sizeof *found);
            size_t len = strlen(folder) + strlen(e->d_name) + 2;
            found[n] = xmalloc(len);
            size_t fl = strlen(folder);
            snprintf(found[n++], len, "%s%s%s", folder, fl && folder[fl - 1] == '/' ? "" : "/",
                     e->d_name);
        }
    }
    closedir(d);
    if (n > 1) {
        qsort(found, n, sizeof *found, cmp_str);
    }
    for (size_t i = 0; i < n; i++) {
        free(lint_one(found[i], o, status));
        free(found[i]);
    }
    free(found);
}

/* A folder with a course file: every id it lists is a scenario of the
 * folder, and every scenario of the folder is in the course. 'ids' are the
 * ids lint_one found for 'names' (NULL where a file did not load). */
static void lint_course(const char *folder, char **names, char **ids, size_t n, const Opts *o,
                        int *status)
{
    char *path = course_file_in(folder);
    if (access(path, F_OK) != 0) {
        free(path);
        return;
    }
    DiagList *dl = diag_list_new();
    Course *c = course_load(path, dl);
    bool *listed = c ? xcalloc(c->n + 1, 1) : NULL;
    for (size_t k = 0; c && k < n; k++) {
        if (!ids[k]) {
            continue; /* its own errors are reported by lint_one */
        }
        size_t pos = course_position(c, ids[k]);
        if (pos == COURSE_NONE) {
            diag_add(dl, DIAG_WARNING, DIAG_COURSE, names[k], 0, 0, NULL,
                     "scenario \"%s\" is not in the course (%s): add its id where it belongs "
                     "in the order",
                     ids[k], path);
        } else {
            listed[pos] = true;
        }
    }
    for (size_t i = 0; c && i < c->n; i++) {
        if (!listed[i]) {
            char where[48];
            snprintf(where, sizeof where, "/scenarios/%zu", i);
            diag_add(dl, DIAG_ERROR, DIAG_COURSE, path, c->lines[i], c->cols[i], where,
                     "no scenario in this folder has the id \"%s\"", c->ids[i]);
        }
    }
    free(listed);
    course_free(c);
    report(path, dl, true, o, status);
    free(path);
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-lint", usage)) {
        return EXIT_CLEAN;
    }
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--codes") == 0) {
            return print_codes(argv[i + 1]);
        }
    }
    Opts o = {false, false, false, 0};
    if (parse_args(argc, argv, &o) != EXIT_CLEAN) {
        return EXIT_USAGE;
    }
    int n_files = 0, status = EXIT_CLEAN;
    for (int i = 1; i < argc; i++) {
        if (!argv[i] || (argv[i][0] == '-' && argv[i][1])) {
            continue;
        }
        char **names = NULL;
        size_t n = cli_scenarios_in(argv[i], &names);
        if (n == (size_t)-1) { /* not a folder: the file itself */
            n_files++;
            free(lint_one(argv[i], &o, &status));
            continue;
        }
        char **ids = xcalloc(n + 1, sizeof(char *));
        for (size_t k = 0; k < n; k++) {
            n_files++;
            ids[k] = lint_one(names[k], &o, &status);
        }
        lint_course(argv[i], names, ids, n, &o, &status);
        lint_translations(argv[i], &o, &status);
        for (size_t k = 0; k < n; k++) {
            free(names[k]);
            free(ids[k]);
        }
        free(names);
        free(ids);
    }
    if (n_files == 0) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    return status;
}
