/* beneath-coverage: which catalogue indicators, protocol steps and critical
 * errors each scenario of a folder exercises, as a Markdown table in course
 * order. --check FILE fails when the table between the coverage markers in
 * FILE is not the one the files give today (so the README cannot go
 * stale); --min N fails when an entry is exercised by fewer than N
 * scenarios. All reading goes through beneath_core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "course.h"
#include "files.h"
#include "scenario.h"
#include "strbuf.h"

#define MARK_BEGIN "<!-- coverage:begin (made by beneath-coverage; do not edit) -->\n"
#define MARK_END "<!-- coverage:end -->\n"

static const char usage[] =
    "usage: beneath-coverage FOLDER [--check FILE] [--min N]\n"
    "Prints a Markdown table of the catalogue's indicators, protocol steps and\n"
    "critical errors (rows) against the scenarios of FOLDER (columns, in the\n"
    "order of FOLDER/course.json), marking what each scenario exercises: an\n"
    "indicator it can show (observe, plain_sight) or act on, a step it can take,\n"
    "an error it can commit.\n"
    "  --check FILE  compare with the table between the coverage markers in FILE\n"
    "                and exit 1 if it differs (print nothing else)\n"
    "  --min N       exit 1 listing every entry exercised by fewer than N scenarios\n"
    "Exit status: 0 clean, 1 out of date or under the minimum, 2 bad usage or\n"
    "unreadable files.\n";

typedef struct Library {
    Scenario **sc;
    size_t n;
} Library;

static void mark_ids(unsigned char *used, const size_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        used[ids[i]] = 1;
    }
}

static void mark_effects(unsigned char **used, const Effects *fx)
{
    mark_ids(used[ITEM_INDICATOR], fx->observe, fx->n_observe);
    mark_ids(used[ITEM_INDICATOR], fx->act, fx->n_act);
    mark_ids(used[ITEM_STEP], fx->steps, fx->n_steps);
    mark_ids(used[ITEM_ERROR], fx->errors, fx->n_errors);
}

/* Per kind, per scenario item: does some effect or scene use it? */
static void scenario_uses(const Scenario *sc, unsigned char **used)
{
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        mark_ids(used[ITEM_INDICATOR], nd->plain_sight.ids, nd->plain_sight.n);
        for (size_t v = 0; v < nd->n_variants; v++) {
            mark_ids(used[ITEM_INDICATOR], nd->variants[v].plain_sight.ids,
                     nd->variants[v].plain_sight.n);
        }
        for (size_t i = 0; i < nd->n_details; i++) {
            mark_effects(used, &nd->details[i].fx);
        }
        for (size_t i = 0; i < nd->n_choices; i++) {
            mark_effects(used, &nd->choices[i].fx);
        }
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        mark_effects(used, &sc->events[i].fx);
    }
}

static bool uses(const Scenario *sc, ItemKind k, const char *id, unsigned char **used)
{
    size_t i = scenario_find_item(sc, k, id);
    return i != SCENARIO_NONE && used[k][i];
}

/* Writes the table; returns how many entries fall under 'min'. */
static size_t make_table(const Library *lib, unsigned char ***used, size_t min, StrBuf *out,
                         StrBuf *under)
{
    static const char *const heads[ITEM_KIND_COUNT] = {"Indicator", "Protocol step",
                                                       "Critical error"};
    const Scenario *first = lib->sc[0];
    size_t n_under = 0;
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        strbuf_printf(out, "\n| %s |", heads[k]);
        for (size_t s = 0; s < lib->n; s++) {
            strbuf_printf(out, " %zu |", s + 1);
        }
        strbuf_printf(out, " scenarios |\n|---|");
        for (size_t s = 0; s <= lib->n; s++) {
            strbuf_printf(out, "---|");
        }
        strbuf_printf(out, "\n");
        for (size_t i = 0; i < first->n_catalog[k]; i++) {
            const Item *it = &first->catalog[k][i];
            size_t count = 0;
            strbuf_printf(out, "| `%s` %s |", it->id, it->label);
            for (size_t s = 0; s < lib->n; s++) {
                bool u = uses(lib->sc[s], (ItemKind)k, it->id, used[s]);
                count += u;
                strbuf_printf(out, " %s |", u ? "\xE2\x97\x8F" : "");
            }
            strbuf_printf(out, " %zu |\n", count);
            if (count < min) {
                strbuf_printf(under, "%s %s is exercised by %zu scenario%s (at least %zu wanted)\n",
                              item_kind_name((ItemKind)k), it->id, count, count == 1 ? "" : "s",
                              min);
                n_under++;
            }
        }
    }
    return n_under;
}

/* The scenarios of the folder in course order (then by file name). */
static int load_library(const char *folder, Library *lib, StrBuf *legend)
{
    char **names = NULL;
    size_t n = cli_scenarios_in(folder, &names);
    if (n == (size_t)-1 || n == 0) {
        fprintf(stderr, "beneath-coverage: %s is not a folder with scenarios\n", folder);
        return EXIT_USAGE;
    }
    char *path = course_file_in(folder);
    DiagList *dl = diag_list_new();
    Course *c = course_load(path, dl); /* no course: file-name order */
    diag_list_free(dl);
    free(path);
    lib->sc = xcalloc(n + 1, sizeof(Scenario *));
    size_t *pos = xcalloc(n + 1, sizeof(size_t));
    int rc = EXIT_CLEAN;
    for (size_t i = 0; i < n; i++) {
        Scenario *sc = cli_load_scenario(names[i], &rc);
        free(names[i]);
        if (!sc) {
            continue;
        }
        /* insertion by course position keeps file-name order among equals */
        size_t p = course_position(c, sc->id), at = lib->n;
        while (at > 0 && pos[at - 1] > p) {
            lib->sc[at] = lib->sc[at - 1];
            pos[at] = pos[at - 1];
            at--;
        }
        lib->sc[at] = sc;
        pos[at] = p;
        lib->n++;
    }
    free(names);
    free(pos);
    course_free(c);
    for (size_t s = 0; s < lib->n; s++) {
        strbuf_printf(legend, "%s%zu `%s`", s ? ", " : "Columns: ", s + 1, lib->sc[s]->id);
    }
    strbuf_printf(legend, ".\n");
    return lib->n ? rc : EXIT_FINDINGS;
}

/* The text between the markers in FILE, or NULL. */
static char *section_of(const char *file)
{
    DiagList *dl = diag_list_new();
    size_t len = 0;
    char *text = file_read_all(file, &len, dl);
    diag_list_free(dl);
    char *b = text ? strstr(text, MARK_BEGIN) : NULL;
    char *e = b ? strstr(b, MARK_END) : NULL;
    char *out = NULL;
    if (b && e) {
        b += strlen(MARK_BEGIN);
        out = xmalloc((size_t)(e - b) + 1);
        memcpy(out, b, (size_t)(e - b));
        out[e - b] = '\0';
    }
    free(text);
    return out;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-coverage", usage)) {
        return EXIT_CLEAN;
    }
    const char *folder = NULL, *check = NULL;
    size_t min = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0 && i + 1 < argc) {
            check = argv[++i];
        } else if (strcmp(argv[i], "--min") == 0) {
            if (!cli_parse_size("beneath-coverage", "--min", i + 1 < argc ? argv[i + 1] : NULL,
                                &min)) {
                return EXIT_USAGE;
            }
            i++;
        } else if (argv[i][0] != '-' && !folder) {
            folder = argv[i];
        } else {
            fputs(usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (!folder) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    Library lib = {0};
    StrBuf table = {0}, under = {0};
    int rc = load_library(folder, &lib, &table);
    unsigned char ***used = xcalloc(lib.n + 1, sizeof(unsigned char **));
    for (size_t s = 0; s < lib.n; s++) {
        used[s] = xcalloc(ITEM_KIND_COUNT, sizeof(unsigned char *));
        for (int k = 0; k < ITEM_KIND_COUNT; k++) {
            used[s][k] = xcalloc(lib.sc[s]->n_items[k] + 1, 1);
        }
        scenario_uses(lib.sc[s], used[s]);
    }
    size_t n_under = lib.n ? make_table(&lib, used, min, &table, &under) : 0;
    if (rc == EXIT_CLEAN && check) {
        char *have = section_of(check);
        if (!have || strcmp(have, table.s ? table.s : "") != 0) {
            fprintf(stderr,
                    "beneath-coverage: the coverage table in %s is %s; write it again with\n"
                    "  beneath-coverage %s and paste it between the coverage markers\n",
                    check, have ? "out of date" : "missing (no coverage markers)", folder);
            rc = EXIT_FINDINGS;
        }
        free(have);
    } else if (rc == EXIT_CLEAN) {
        fputs(table.s ? table.s : "", stdout);
    }
    if (rc == EXIT_CLEAN && n_under) {
        fputs(under.s, stderr);
        rc = EXIT_FINDINGS;
    }
    for (size_t s = 0; s < lib.n; s++) {
        for (int k = 0; k < ITEM_KIND_COUNT; k++) {
            free(used[s][k]);
        }
        free(used[s]);
        scenario_free(lib.sc[s]);
    }
    free(used);
    free(lib.sc);
    strbuf_free(&table);
    strbuf_free(&under);
    return rc;
}
