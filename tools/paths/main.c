/* beneath-paths: the state space of a scenario: best and worst score with a
 * replayable --choices list, reachable endings with their number of distinct
 * paths, and the score distribution. Counting is over the memoised state
 * graph (analyze.h), never path by path. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analyze.h"
#include "cli.h"
#include "files.h"
#include "scenario.h"
#include "score.h"
#include "strbuf.h"

static const char usage[] =
    "usage: beneath-paths SCENARIO [--json] [--max-states N] [--tests FILE]\n"
    "Analyses every way through a scenario, without listing paths one by one:\n"
    "best and worst score (each with a --choices list that beneath-play replays to\n"
    "exactly that score), which endings can be reached and by how many distinct\n"
    "paths, and how the paths' scores are distributed.\n"
    "A path is a sequence of trainee actions (choices and look-closer details) from\n"
    "the start to an ending. If some actions can lead back to an earlier state,\n"
    "the paths through that loop are infinitely many and are reported so.\n"
    "  --json          print one JSON object (see scenarios/README.md)\n"
    "  --max-states N  stop after N distinct states (default 1000000); the result is\n"
    "                  then partial: counts are lower bounds, and best and worst\n"
    "                  come from a bounded branch-and-bound search\n"
    "  --tests FILE    write a ready author-tests file (scenarios/README.md, \"Testing\n"
    "                  your scenario\"): the shortest best play-through, the shortest\n"
    "                  surface one (a \"missed\" ending) and the shortest one that\n"
    "                  commits each critical error, each expecting what it gives now;\n"
    "                  a FILE that exists is not replaced (it may hold your own\n"
    "                  tests) unless --force is given\n"
    "  --force         with --tests: replace FILE if it exists\n"
    "Exit status: 0 complete, 1 the scenario has errors or the bound was reached,\n"
    "2 usage or unreadable file.\n";

typedef struct Opts {
    const char *file;
    const char *tests; /* --tests FILE, or NULL */
    bool force;        /* --force: --tests may replace FILE */
    bool json;
    size_t max_states;
} Opts;

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            o->json = true;
        } else if (strcmp(argv[i], "--max-states") == 0) {
            if (!cli_parse_size("beneath-paths", "--max-states", i + 1 < argc ? argv[i + 1] : NULL,
                                &o->max_states)) {
                return EXIT_USAGE;
            }
            i++;
        } else if (strcmp(argv[i], "--force") == 0) {
            o->force = true;
        } else if (strcmp(argv[i], "--tests") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "beneath-paths: --tests needs a file name\n%s", usage);
                return EXIT_USAGE;
            }
            o->tests = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "beneath-paths: unknown option %s\n%s", argv[i], usage);
            return EXIT_USAGE;
        } else if (!o->file) {
            o->file = argv[i];
        } else {
            fprintf(stderr, "beneath-paths: one scenario at a time (got %s and %s)\n", o->file,
                    argv[i]);
            return EXIT_USAGE;
        }
    }
    if (!o->file) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (cli_output_is_input("beneath-paths", o->tests, o->file)) {
        return EXIT_USAGE; /* not even with --force */
    }
    struct stat st;
    if (o->tests && !o->force && lstat(o->tests, &st) == 0) {
        /* before the analysis: nothing is spent on a file that is not written */
        fprintf(stderr,
                "beneath-paths: %s exists and may hold tests you wrote, so it is not replaced: "
                "give another file name (and copy across the tests you want), or add --force "
                "to replace it\n",
                o->tests);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* A count of 0 for something reached: only a play-through outside the
 * explored states got there (a partial search: a random one, or one the
 * branch and bound or a witness search made), so there is at least one
 * path, which the explored states do not count. */
static bool outside_only(PathCount c)
{
    return c.n == 0 && !c.infinite && !c.saturated;
}

/* Is the distribution shown the random play-throughs' (a partial result
 * that has them)? */
static bool by_walks(const Analysis *a)
{
    return !a->complete && a->n_walks;
}

/* The score distribution to show, into by[0..100], and what it counts:
 * every path when the search finished; else the random play-throughs, or
 * without any (a search stopped by the work bound) the paths through the
 * explored states, each a lower bound. */
static const char *distribution_of(const Analysis *a, PathCount *by)
{
    bool walks = by_walks(a);
    for (int s = 0; s <= 100; s++) {
        by[s] = walks ? (PathCount){.n = a->walk_scores[s]} : a->by_score[s];
    }
    return a->complete ? "paths" : walks ? "random play-throughs" : "explored states";
}

/* The endings some explored state or other play-through reached; the
 * scenario's endings into *n_end (if not NULL). */
static size_t endings_reached(const Analysis *a, size_t *n_end)
{
    size_t reached = 0, all = 0;
    for (size_t n = 0; n < a->sc->n_nodes; n++) {
        all += a->sc->nodes[n].is_ending;
        reached += a->sc->nodes[n].is_ending && a->reached[n];
    }
    if (n_end) {
        *n_end = all;
    }
    return reached;
}

/* A count as a JSON value: an exact integer, or "infinite" / "more than ...". */
static cJSON *count_json(PathCount c)
{
    char buf[64];
    if (c.infinite) {
        return cJSON_CreateString("infinite");
    }
    if (c.saturated) {
        return cJSON_CreateString(analyze_count_str(c, buf, sizeof buf));
    }
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)c.n);
    return cJSON_CreateRaw(buf);
}

static cJSON *play_json(const Analysis *a, const AnalyzePlay *p, bool exact)
{
    if (!p->found) {
        return cJSON_CreateNull();
    }
    const Node *nd = &a->sc->nodes[p->node];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "score", p->score);
    cJSON_AddBoolToObject(o, "passed", p->passed);
    cJSON_AddStringToObject(o, "ending", nd->id);
    cJSON_AddStringToObject(o, "outcome", outcome_name(nd->ending.outcome));
    cJSON_AddStringToObject(o, "choices", p->choices);
    cJSON_AddNumberToObject(o, "actions", (double)p->length);
    cJSON_AddBoolToObject(o, "exact", exact);
    /* fewest actions among the play-throughs with this score: proven only
     * by a finished search, breadth first */
    cJSON_AddBoolToObject(o, "shortest", p->shortest);
    return o;
}

static void print_json(const Analysis *a, double ms)
{
    const Scenario *sc = a->sc;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", sc->id);
    cJSON_AddStringToObject(o, "file", sc->file);
    cJSON_AddBoolToObject(o, "complete", a->complete);
    cJSON_AddNumberToObject(o, "states", (double)a->n_states);
    cJSON_AddNumberToObject(o, "transitions", (double)a->n_edges);
    cJSON_AddNumberToObject(o, "max_states", (double)a->max_states);
    cJSON_AddBoolToObject(o, "cyclic", a->cyclic);
    cJSON_AddItemToObject(o, "best", play_json(a, &a->best, a->best_exact));
    cJSON_AddItemToObject(o, "worst", play_json(a, &a->worst, a->worst_exact));
    cJSON *ends = cJSON_AddObjectToObject(o, "endings");
    /* "never reached" only when proven: by the scene graph, or by a search
     * that finished; otherwise "not reached within the bound" */
    cJSON *never = cJSON_AddArrayToObject(o, "unreachable_endings");
    cJSON *unsure = cJSON_AddArrayToObject(o, "endings_not_reached_within_bound");
    for (size_t n = 0; n < sc->n_nodes; n++) {
        if (!sc->nodes[n].is_ending) {
            continue;
        }
        if (a->reached[n]) {
            PathCount c = a->node_paths[n];
            c.n += outside_only(c); /* reached, so at least one path (a lower bound) */
            cJSON_AddItemToObject(ends, sc->nodes[n].id, count_json(c));
        } else {
            bool proven = a->complete || !a->static_reach[n];
            cJSON_AddItemToArray(proven ? never : unsure, cJSON_CreateString(sc->nodes[n].id));
        }
    }
    PathCount all = a->paths;
    all.n += endings_reached(a, NULL) && outside_only(all);
    cJSON_AddItemToObject(o, "paths", count_json(all));
    cJSON_AddItemToObject(o, "stuck_paths", count_json(a->stuck_paths));
    /* exact when complete (paths); otherwise a sample: the random
     * play-throughs, or without them the explored states' paths (each
     * count a lower bound) */
    PathCount by[101];
    const char *of = distribution_of(a, by);
    cJSON_AddBoolToObject(o, "distribution_exact", a->complete);
    cJSON_AddStringToObject(o, "distribution_of", of);
    if (by_walks(a)) {
        cJSON_AddNumberToObject(o, "random_play_throughs", (double)a->n_walks);
        cJSON_AddNumberToObject(o, "random_passed", (double)a->walks_passed);
    }
    cJSON *dist = cJSON_AddObjectToObject(o, "distribution");
    for (int s = 0; s <= 100; s++) {
        PathCount c = by[s];
        if (c.n || c.infinite || c.saturated) {
            char key[8];
            snprintf(key, sizeof key, "%d", s);
            cJSON_AddItemToObject(dist, key, count_json(c));
        }
    }
    cJSON_AddNumberToObject(o, "milliseconds", (double)(long long)ms);
    char *s = cJSON_PrintUnformatted(o);
    printf("%s\n", s ? s : "{}");
    cJSON_free(s);
    cJSON_Delete(o);
}

static void print_play(const Analysis *a, const char *what, const AnalyzePlay *p, bool exact)
{
    if (!p->found) {
        printf("%s: no ending reached\n", what);
        return;
    }
    const Node *nd = &a->sc->nodes[p->node];
    printf("%s: %d/100, %s, ending \"%s\" (%s), %zu action%s%s", what, p->score,
           p->passed ? "passed" : "not passed", nd->id, outcome_name(nd->ending.outcome), p->length,
           p->length == 1 ? "" : "s", p->shortest ? " (the fewest for this score)" : "");
    if (!exact) {
        printf("  [the %s found, not proven]", what);
    }
    printf("\n");
    printf("  beneath-play %s --choices %s\n", a->sc->file, p->choices);
}

static void print_distribution(const Analysis *a)
{
    PathCount by[101], band[11];
    distribution_of(a, by);
    memset(band, 0, sizeof band);
    long double most = 0;
    for (int s = 0; s <= 100; s++) {
        int b = s == 100 ? 10 : s / 10;
        band[b].n += by[s].n; /* display only */
        band[b].infinite = band[b].infinite || by[s].infinite;
        band[b].saturated = band[b].saturated || by[s].saturated;
    }
    for (int b = 0; b <= 10; b++) {
        most = band[b].n > most ? (long double)band[b].n : most;
    }
    if (a->complete) {
        printf("score distribution (paths to an ending, by final score; exact):\n");
    } else if (by_walks(a)) {
        size_t ended = 0;
        for (int s = 0; s <= 100; s++) {
            ended += a->walk_scores[s];
        }
        printf("score distribution of %zu random play-throughs, every option equally likely "
               "at every step\n(a SAMPLE of how an attempt without a plan scores, not a count of "
               "paths): %zu ended, %zu passed\n",
               a->n_walks, ended, a->walks_passed);
    } else {
        printf("score distribution of the explored states only (a SAMPLE, not the whole "
               "scenario: each count is a lower bound):\n");
    }
    for (int b = 0; b <= 10; b++) {
        char num[64], range[16];
        int bar = most > 0 ? (int)(30.0L * band[b].n / most + 0.5L) : 0;
        snprintf(range, sizeof range, b == 10 ? "100" : "%d-%d", b * 10, b * 10 + 9);
        printf("  %7s | %-30.*s %s\n", range, bar, "##############################",
               analyze_count_str(band[b], num, sizeof num));
    }
}

/* A path count as text: a partial search's finite counts are lower
 * bounds, and say so ("infinitely many" is proven by the loop found). */
static const char *count_text(const Analysis *a, PathCount c, char *buf, size_t size)
{
    const char *pre = !a->complete && !c.infinite ? "at least " : "";
    size_t n = strlen(pre) < size ? strlen(pre) : 0;
    memcpy(buf, pre, n);
    analyze_count_str(c, buf + n, size - n);
    return buf;
}

static void print_text(const Analysis *a, double ms)
{
    const Scenario *sc = a->sc;
    char num[64];
    printf("scenario \"%s\" (%s)\n", sc->id, sc->file);
    printf("states: %zu distinct, %zu transitions, %.0f ms", a->n_states, a->n_edges, ms);
    if (!a->complete) {
        char why[160];
        printf(" - STOPPED at the %s: counts below are lower bounds",
               analyze_bound_text(a, why, sizeof why));
    }
    printf("\n");
    if (a->cyclic) {
        printf("note: some actions lead back to an earlier state (a loop), so some endings have "
               "infinitely many paths\n");
    }
    size_t n_end, n_reached = endings_reached(a, &n_end);
    printf("paths to an ending: %s\n",
           n_reached && outside_only(a->paths)
               ? "at least 1 (found by play-throughs outside the explored states)"
               : count_text(a, a->paths, num, sizeof num));
    if (a->stuck_paths.n || a->stuck_paths.infinite) {
        printf("paths that get stuck: %s\n", count_text(a, a->stuck_paths, num, sizeof num));
    }
    if (a->complete || n_reached == n_end) {
        printf("endings reachable: %zu of %zu\n", n_reached, n_end);
    } else { /* the others are not proven unreachable */
        printf("endings reached: %zu of %zu (%zu not reached within the bound)\n", n_reached, n_end,
               n_end - n_reached);
    }
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        if (nd->is_ending) {
            const char *none = a->complete || !a->static_reach[n]
                                   ? "never reached"
                                   : "not reached within the bound (not proven unreachable)";
            printf("  %-24s %-10s %s\n", nd->id, outcome_name(nd->ending.outcome),
                   !a->reached[n] ? none
                   : outside_only(a->node_paths[n])
                       ? "at least 1 (a play-through outside the explored states)"
                       : count_text(a, a->node_paths[n], num, sizeof num));
        }
    }
    print_play(a, "best", &a->best, a->best_exact);
    print_play(a, "worst", &a->worst, a->worst_exact);
    print_distribution(a);
}

/* The name of the test of a play-through that commits error 'e': "alone"
 * when it commits no other, else the others it commits too. */
static void error_test_name(char *name, size_t size, const Score *s, const Item *e)
{
    size_t n = s->n_items[ITEM_ERROR];
    if (n <= 1) {
        snprintf(name, size, "committing %s alone fails", e->id);
        return;
    }
    int len = snprintf(name, size, "committing %s fails (with", e->id);
    for (size_t i = 0, k = 0; i < n && len > 0 && (size_t)len < size; i++) {
        const Item *o = s->items[ITEM_ERROR][i].item;
        if (o != e) {
            len += snprintf(name + len, size - (size_t)len, "%s %s", k++ ? "," : "", o->id);
        }
    }
    if (len > 0 && (size_t)len < size) {
        snprintf(name + len, size - (size_t)len, ")");
    }
}

/* One test: the play-through and what it gives now, named 'name', or for
 * the test of error 'err' (name NULL) by error_test_name. */
static void add_test(cJSON *tests, const Scenario *sc, const char *name, const Item *err,
                     const AnalyzePlay *p)
{
    Run *r = analyze_replay(sc, p->choices, NULL);
    if (!r) {
        return;
    }
    Score *s = score_compute(r);
    char err_name[512];
    if (!name) {
        error_test_name(err_name, sizeof err_name, s, err);
        name = err_name;
    }
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "name", name);
    cJSON_AddStringToObject(t, "choices", p->choices);
    cJSON *e = cJSON_AddObjectToObject(t, "expect");
    const Node *nd = run_node(r);
    cJSON_AddStringToObject(e, "ending", nd->id);
    cJSON_AddStringToObject(e, "outcome", outcome_name(nd->ending.outcome));
    cJSON_AddBoolToObject(e, "passed", s->passed);
    cJSON_AddNumberToObject(e, "score", s->total);
    cJSON *errs = cJSON_AddArrayToObject(e, "errors");
    for (size_t i = 0; i < s->n_items[ITEM_ERROR]; i++) {
        cJSON_AddItemToArray(errs, cJSON_CreateString(s->items[ITEM_ERROR][i].item->id));
    }
    cJSON_AddItemToArray(tests, t);
    score_free(s);
    run_free(r);
}

/* Writes the tests file: the shortest best play-through, the shortest
 * surface one, and the shortest that commits each error (alone, where a
 * play-through can). Returns false
 * (with a message) if the file cannot be written. */
static bool write_tests(Analysis *a, const char *path)
{
    const Scenario *sc = a->sc;
    size_t n_err = sc->n_items[ITEM_ERROR];
    AnalyzePlay surface = {0}, *errs = calloc(n_err + 1, sizeof(AnalyzePlay));
    analyze_test_plays(a, &surface, errs);
    cJSON *root = cJSON_CreateObject();
    const char *base = strrchr(sc->file, '/');
    cJSON_AddStringToObject(root, "scenario", base ? base + 1 : sc->file);
    cJSON *tests = cJSON_AddArrayToObject(root, "tests");
    char name[256];
    if (a->best.found) {
        snprintf(name, sizeof name, "the %s best play-through scores %d",
                 a->best.shortest ? "shortest" : "shortest found", a->best.score);
        add_test(tests, sc, name, NULL, &a->best);
    }
    if (surface.found) {
        snprintf(name, sizeof name, "the %s surface reading ends in \"%s\"",
                 surface.shortest ? "shortest" : "shortest found", sc->nodes[surface.node].id);
        add_test(tests, sc, name, NULL, &surface);
    }
    for (size_t e = 0; e < n_err; e++) {
        if (errs[e].found) {
            add_test(tests, sc, NULL, &sc->items[ITEM_ERROR][e], &errs[e]);
        }
        free(errs[e].choices);
    }
    free(errs);
    free(surface.choices);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    StrBuf out = {0};
    strbuf_printf(&out, "%s\n", text ? text : "");
    char err[256] = "out of memory";
    /* whole or not at all: a crash while writing leaves the old file */
    bool ok = text && file_write_atomic_mode(path, out.s, out.len, FILE_SHARED, err, sizeof err);
    if (!ok) {
        fprintf(stderr, "beneath-paths: cannot write %s: %s\n", path, err);
    }
    free(out.s);
    free(text);
    return ok;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-paths", usage)) {
        return EXIT_CLEAN;
    }
    Opts o = {0};
    if (parse_args(argc, argv, &o) != EXIT_CLEAN) {
        return EXIT_USAGE;
    }
    int rc;
    Scenario *sc = cli_load_scenario(o.file, &rc);
    if (!sc) {
        return rc;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    AnalyzeOptions ao = {.max_states = o.max_states,
                         .no_scoring_checks = true, /* lint reports them */
                         .shortest_plays = true};
    Analysis *a = analyze_new(sc, &ao);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (o.json) {
        print_json(a, ms);
    } else {
        print_text(a, ms);
    }
    if (!a->complete) {
        char why[160];
        fprintf(stderr,
                "beneath-paths: %zu states explored, stopped at the %s: the result is partial\n",
                a->n_states, analyze_bound_text(a, why, sizeof why));
    }
    rc = a->complete ? EXIT_CLEAN : EXIT_FINDINGS;
    if (o.tests && !write_tests(a, o.tests)) {
        rc = EXIT_USAGE;
    }
    analyze_free(a);
    scenario_free(sc);
    return rc;
}
