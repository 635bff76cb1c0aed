/* beneath-paths: the state space of a scenario: best and worst score with a
 * replayable --choices list, reachable endings with their number of distinct
 * paths, and the score distribution. Counting is over the memoised state
 * graph (analyze.h), never path by path. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "cli.h"
#include "scenario.h"

static const char usage[] =
    "usage: beneath-paths SCENARIO [--json] [--max-states N]\n"
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
    "Exit status: 0 complete, 1 the scenario has errors or the bound was reached,\n"
    "2 usage or unreadable file.\n";

typedef struct Opts {
    const char *file;
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
    return EXIT_CLEAN;
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
    cJSON *never = cJSON_AddArrayToObject(o, "unreachable_endings");
    for (size_t n = 0; n < sc->n_nodes; n++) {
        if (!sc->nodes[n].is_ending) {
            continue;
        }
        if (a->reached[n]) {
            cJSON_AddItemToObject(ends, sc->nodes[n].id, count_json(a->node_paths[n]));
        } else {
            cJSON_AddItemToArray(never, cJSON_CreateString(sc->nodes[n].id));
        }
    }
    cJSON_AddItemToObject(o, "paths", count_json(a->paths));
    cJSON_AddItemToObject(o, "stuck_paths", count_json(a->stuck_paths));
    cJSON *dist = cJSON_AddObjectToObject(o, "distribution");
    for (int s = 0; s <= 100; s++) {
        PathCount c = a->by_score[s];
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
    printf("%s: %d/100, %s, ending \"%s\" (%s), %zu actions%s\n", what, p->score,
           p->passed ? "passed" : "not passed", nd->id, outcome_name(nd->ending.outcome), p->length,
           exact ? "" : "  [best found, not proven]");
    printf("  beneath-play %s --choices %s\n", a->sc->file, p->choices);
}

static void print_distribution(const Analysis *a)
{
    PathCount band[11];
    memset(band, 0, sizeof band);
    long double most = 0;
    for (int s = 0; s <= 100; s++) {
        int b = s == 100 ? 10 : s / 10;
        band[b].n += a->by_score[s].n; /* display only */
        band[b].infinite = band[b].infinite || a->by_score[s].infinite;
        band[b].saturated = band[b].saturated || a->by_score[s].saturated;
    }
    for (int b = 0; b <= 10; b++) {
        most = band[b].n > most ? (long double)band[b].n : most;
    }
    printf("score distribution (paths to an ending, by final score):\n");
    for (int b = 0; b <= 10; b++) {
        char num[64], range[16];
        int bar = most > 0 ? (int)(30.0L * band[b].n / most + 0.5L) : 0;
        snprintf(range, sizeof range, b == 10 ? "100" : "%d-%d", b * 10, b * 10 + 9);
        printf("  %7s | %-30.*s %s\n", range, bar, "##############################",
               analyze_count_str(band[b], num, sizeof num));
    }
}

static void print_text(const Analysis *a, double ms)
{
    const Scenario *sc = a->sc;
    char num[64];
    printf("scenario \"%s\" (%s)\n", sc->id, sc->file);
    printf("states: %zu distinct, %zu transitions, %.0f ms%s\n", a->n_states, a->n_edges, ms,
           a->complete ? "" : " - STOPPED at the state bound: counts below are lower bounds");
    if (a->cyclic) {
        printf("note: some actions lead back to an earlier state (a loop), so some endings have "
               "infinitely many paths\n");
    }
    printf("paths to an ending: %s\n", analyze_count_str(a->paths, num, sizeof num));
    if (a->stuck_paths.n || a->stuck_paths.infinite) {
        printf("paths that get stuck: %s\n", analyze_count_str(a->stuck_paths, num, sizeof num));
    }
    size_t n_end = 0, n_reached = 0;
    for (size_t n = 0; n < sc->n_nodes; n++) {
        n_end += sc->nodes[n].is_ending;
        n_reached += sc->nodes[n].is_ending && a->reached[n];
    }
    printf("endings reachable: %zu of %zu\n", n_reached, n_end);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        const Node *nd = &sc->nodes[n];
        if (nd->is_ending) {
            printf("  %-24s %-10s %s\n", nd->id, outcome_name(nd->ending.outcome),
                   a->reached[n] ? analyze_count_str(a->node_paths[n], num, sizeof num)
                                 : "never reached");
        }
    }
    print_play(a, "best", &a->best, a->best_exact);
    print_play(a, "worst", &a->worst, a->worst_exact);
    print_distribution(a);
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
                         .no_scoring_checks = true}; /* lint reports them */
    Analysis *a = analyze_new(sc, &ao);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (o.json) {
        print_json(a, ms);
    } else {
        print_text(a, ms);
    }
    if (!a->complete) {
        fprintf(stderr, "beneath-paths: stopped at %zu states (%s): the result is partial\n",
                a->max_states,
                a->memory_bound ? "the memory bound for a scenario this large" : "--max-states");
    }
    rc = a->complete ? EXIT_CLEAN : EXIT_FINDINGS;
    analyze_free(a);
    scenario_free(sc);
    return rc;
}
