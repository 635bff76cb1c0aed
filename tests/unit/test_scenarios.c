/* test_scenarios.c: the bundled scenarios in scenarios/ (and the test data
 * scenarios): each loads clean, and 200 random playthroughs of each reach an
 * ending within 10,000 actions. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define PLAYTHROUGHS 200
#define MAX_ACTIONS 10000

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Bundled scenario files, as tools/list-scenarios lists them: every *.json
 * in scenarios/ except the catalogue, the schema and author test files.
 * Returns how many were written to 'out' (paths, caller frees each). */
static size_t bundled(char **out, size_t cap)
{
    DIR *d = opendir(SCENARIO_DIR);
    cr_assert_not_null(d, "cannot open %s", SCENARIO_DIR);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        const char *name = e->d_name;
        if (!ends_with(name, ".json") || strcmp(name, "catalog.json") == 0 ||
            strcmp(name, "schema.json") == 0 || ends_with(name, ".tests.json")) {
            continue;
        }
        cr_assert_lt(n, cap);
        size_t len = strlen(SCENARIO_DIR) + strlen(name) + 2;
        out[n] = malloc(len);
        snprintf(out[n], len, "%s/%s", SCENARIO_DIR, name);
        n++;
    }
    closedir(d);
    return n;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
    }
}

Test(scenarios, every_bundled_scenario_loads_without_diagnostics)
{
    char *paths[64];
    size_t n = bundled(paths, 64);
    if (n == 0) {
        cr_log_warn("no bundled scenarios in %s", SCENARIO_DIR);
    }
    for (size_t i = 0; i < n; i++) {
        scenario_free(t_load_clean(paths[i]));
    }
    free_paths(paths, n);
}

/* Plays one random attempt (choosing uniformly among run_options); returns
 * the number of actions it took to end. Asserts that it ends. */
static size_t play_random(const Scenario *sc, unsigned long long seed, const char *name)
{
    Run *r = run_new(sc);
    Option *opts = NULL;
    size_t cap = 0, actions = 0;
    while (run_status(r) == RUN_PLAYING && actions < MAX_ACTIONS) {
        size_t n = run_options(r, NULL, 0);
        cr_assert_gt(n, 0, "%s seed %llu: playing but nothing to do", name, seed);
        if (n > cap) {
            cap = n;
            opts = realloc(opts, cap * sizeof *opts);
        }
        run_options(r, opts, n);
        cr_assert(run_apply(r, &opts[t_rand(&seed) % n]), "%s: an offered option failed", name);
        actions++;
    }
    cr_assert_eq(run_status(r), RUN_ENDED, "%s: seed %llu %s after %zu actions in scene \"%s\"",
                 name, seed, run_status(r) == RUN_STUCK ? "got stuck" : "did not end", actions,
                 run_node(r)->id);
    cr_assert(run_node(r)->is_ending);
    free(opts);
    run_free(r);
    return actions;
}

static void play_many(const char *path)
{
    Scenario *sc = t_load_clean(path);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t most = 0, total = 0;
    for (unsigned long long seed = 1; seed <= PLAYTHROUGHS; seed++) {
        size_t n = play_random(sc, seed * 0x51ED270B27ull, name);
        most = n > most ? n : most;
        total += n;
    }
    cr_log_info("%s: %d random playthroughs ended, %zu actions on average, %zu at most", name,
                PLAYTHROUGHS, total / PLAYTHROUGHS, most);
    scenario_free(sc);
}

Test(scenarios, random_playthroughs_of_every_bundled_scenario_end)
{
    char *paths[64];
    size_t n = bundled(paths, 64);
    for (size_t i = 0; i < n; i++) {
        play_many(paths[i]);
    }
    free_paths(paths, n);
}

Test(scenarios, random_playthroughs_of_the_test_scenarios_end)
{
    static const char *const files[] = {"mini.json", "run.json", "score.json", "empty-lists.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, files[i]);
        play_many(path);
    }
}
