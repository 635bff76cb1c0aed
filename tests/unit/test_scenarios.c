/* test_scenarios.c: the bundled scenarios in scenarios/ (and the test data
 * scenarios): each loads clean, and 200 random playthroughs of each reach an
 * ending within 10,000 actions. Then the golden paths of domestic-call (its
 * author lists them in scenarios/domestic-call.paths.txt): the best path
 * passes with 100, the surface path fails and the debrief lists what it
 * missed, and the right choices made without ever looking closer fail. Each
 * expected score below was worked out by hand from the README formula and
 * the weights in scenarios/catalog.json; when the scenario's weights change,
 * work them out again rather than copying the new output.
 *
 * Suite "no_look" (ctest test_scenarios.no-look, minutes under the
 * sanitizers): the exhaustive analysis proves that no play-through of any
 * bundled scenario passes without looking closer at a detail, and the best
 * path of each scenarios/<id>.paths.txt with its details left out fails. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "helpers.h"
#include "score.h"
#include "strbuf.h"

#define PLAYTHROUGHS 200
#define MAX_ACTIONS 10000

/* Bundled scenario files by scenario_is_file_name(): every *.json
 * in scenarios/ except the catalogue, the schema and author test files.
 * Returns how many were written to 'out' (paths, caller frees each). */
static size_t bundled(char **out, size_t cap)
{
    DIR *d = opendir(SCENARIO_DIR);
    cr_assert_not_null(d, "cannot open %s", SCENARIO_DIR);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        const char *name = e->d_name;
        if (!scenario_is_file_name(name)) {
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
    static const char *const files[] = {"mini.json",        "run.json",   "score.json",
                                        "empty-lists.json", "rules.json", "deadline.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, files[i]);
        play_many(path);
    }
}

/* ---- nobody passes without looking closer ------------------------------------------ */

/* Plays the "best:" path of scenarios/<id>.paths.txt leaving out every
 * "Look closer"; the attempt must not pass. A choice the path needs may be
 * hidden until something was noticed ("if": "seen(...)"): the attempt then
 * stops there, which does not pass either. */
static void best_path_without_details_fails(const char *id)
{
    char path[512], paths_file[512];
    snprintf(path, sizeof path, "%s/%s.json", SCENARIO_DIR, id);
    snprintf(paths_file, sizeof paths_file, "%s/%s.paths.txt", SCENARIO_DIR, id);
    size_t len;
    char *text = t_slurp(paths_file, &len);
    char *best = strstr(text, "best:");
    cr_assert_not_null(best, "no \"best:\" line in %s", paths_file);
    best += 5;
    best[strcspn(best, "\r\n")] = '\0';
    Scenario *sc = t_load_clean(path);
    Run *r = run_new(sc);
    size_t skipped = 0;
    for (char *tok = strtok(best, ", \t"); tok && run_status(r) == RUN_PLAYING;
         tok = strtok(NULL, ", \t")) {
        const Node *nd = run_node(r);
        bool detail = false;
        for (size_t i = 0; i < nd->n_details; i++) {
            detail = detail || strcmp(nd->details[i].id, tok) == 0;
        }
        if (detail) {
            skipped++;
            continue;
        }
        Option opts[64];
        size_t n = run_options(r, opts, 64), k = 0;
        while (k < n && !(opts[k].kind == OPTION_CHOICE && strcmp(opts[k].id, tok) == 0)) {
            k++;
        }
        if (k == n) {
            cr_log_info("%s: \"%s\" is not offered without looking closer", id, tok);
            break;
        }
        run_apply(r, &opts[k]);
    }
    cr_expect_gt(skipped, 0, "%s: the best path looks closer at something", id);
    Score *s = score_compute(r);
    cr_expect_not(s->passed, "%s: the best choices without looking closer pass with %d/100", id,
                  s->total);
    score_free(s);
    run_free(r);
    scenario_free(sc);
    free(text);
}

/* The exhaustive search finds no play-through that passes without
 * examining a detail, and it finished, so there is none. */
static void no_play_passes_without_looking(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.json", SCENARIO_DIR, id);
    Scenario *sc = t_load_clean(path);
    Analysis *a = analyze_new(sc, NULL); /* beneath-lint's bound: what authors check with */
    cr_expect_not(a->no_look.found,
                  "%s: --choices \"%s\" passes with %d/100 without looking closer", id,
                  a->no_look.choices ? a->no_look.choices : "", a->no_look.score);
    cr_expect(a->no_look_exact, "%s: the search stopped at its bound of %zu states", id,
              a->max_states);
    analyze_free(a);
    scenario_free(sc);
}

/* The id of a bundled scenario file (its name without ".json"). */
static void scenario_id(const char *path, char *id, size_t size)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(id, size, "%.*s", (int)(strlen(base) - 5), base);
}

/* BENEATH_NO_LOOK_ONLY="a,b" limits the no-look proofs to those scenario
 * ids: the sanitizer build proves two (the proofs there take minutes each),
 * the normal build all. */
static bool no_look_wanted(const char *id)
{
    const char *only = getenv("BENEATH_NO_LOOK_ONLY");
    return !only || !*only || strbuf_list_has(only, id);
}

Test(no_look, nobody_passes_any_bundled_scenario_without_looking_closer)
{
    char *paths[64];
    size_t n = bundled(paths, 64), proved = 0;
    for (size_t i = 0; i < n; i++) {
        char id[256];
        scenario_id(paths[i], id, sizeof id);
        if (no_look_wanted(id)) {
            no_play_passes_without_looking(id);
            proved++;
        }
    }
    cr_expect_gt(proved, 0, "BENEATH_NO_LOOK_ONLY names no bundled scenario");
    free_paths(paths, n);
}

Test(no_look, the_best_path_of_each_paths_file_fails_without_its_details)
{
    char *paths[64];
    size_t n = bundled(paths, 64), checked = 0;
    for (size_t i = 0; i < n; i++) {
        char id[256], file[512];
        scenario_id(paths[i], id, sizeof id);
        snprintf(file, sizeof file, "%s/%s.paths.txt", SCENARIO_DIR, id);
        FILE *f = no_look_wanted(id) ? fopen(file, "r") : NULL;
        if (f) {
            fclose(f);
            best_path_without_details_fails(id);
            checked++;
        }
    }
    cr_expect_gt(checked, 0, "some bundled scenario has a paths file");
    free_paths(paths, n);
}

/* ---- golden paths of domestic-call ----------------------------------------------- */

#define DOMESTIC SCENARIO_DIR "/domestic-call.json"
#define DOMESTIC_PATHS SCENARIO_DIR "/domestic-call.paths.txt"

/* The ids after "name:" in the paths file, comma-separated. Caller frees. */
static char *path_named(const char *name)
{
    size_t len;
    char *text = t_slurp(DOMESTIC_PATHS, &len);
    size_t n = strlen(name);
    char *found = NULL;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
        }
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            char *ids = line + n + 1;
            while (*ids == ' ' || *ids == '\t') {
                ids++;
            }
            size_t k = strlen(ids);
            while (k && (ids[k - 1] == ' ' || ids[k - 1] == '\r')) {
                ids[--k] = '\0';
            }
            found = strdup(ids);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    cr_assert_not_null(found, "no \"%s:\" line in %s", name, DOMESTIC_PATHS);
    return found;
}

/* Plays the named path of domestic-call and scores it; *run_out receives
 * the run (caller frees both). Skips the test if the scenario is absent. */
static Score *play_domestic(const char *name, Scenario **sc_out, Run **run_out)
{
    FILE *f = fopen(DOMESTIC, "r");
    if (!f) {
        cr_skip_test("%s is not there yet", DOMESTIC);
    }
    fclose(f);
    Scenario *sc = t_load_clean(DOMESTIC);
    char *ids = path_named(name);
    Run *r = run_new(sc);
    t_play(r, ids);
    free(ids);
    *sc_out = sc;
    *run_out = r;
    return score_compute(r);
}

/* Comma-separated ids of the items of 'kind' with status 'st'. */
static char *ids_with(const Score *s, ItemKind kind, ItemStatus st)
{
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 0; i < s->n_items[kind]; i++) {
        if (s->items[kind][i].status == st) {
            strcat(buf, buf[0] ? "," : "");
            strcat(buf, s->items[kind][i].item->id);
        }
    }
    return buf;
}

static size_t count_with(const Score *s, ItemKind kind, ItemStatus st)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_items[kind]; i++) {
        n += s->items[kind][i].status == st;
    }
    return n;
}

Test(scenarios, domestic_call_best_path_passes_with_100)
{
    Scenario *sc;
    Run *r;
    Score *s = play_domestic("best", &sc, &r);
    /* 15 indicators all acted on after they were noticed: 40; 11 steps all
     * in order: 50; 91 minutes within the 100-minute budget: 10; no errors;
     * pass mark 80 */
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_str_eq(run_node(r)->id, "end-identified");
    cr_expect_eq(run_node(r)->ending.outcome, OUTCOME_IDENTIFIED);
    cr_expect_eq(s->indicator_points, 40);
    cr_expect_eq(s->step_points, 50);
    cr_expect_eq(s->time_points, 10);
    cr_expect_eq(s->error_penalty, 0);
    cr_expect_eq(s->total, 100);
    cr_expect(s->passed);
    cr_expect_not(s->disqualified);
    cr_expect_eq(count_with(s, ITEM_INDICATOR, STATUS_ACTED), sc->n_items[ITEM_INDICATOR]);
    cr_expect_eq(count_with(s, ITEM_STEP, STATUS_ACTED), sc->n_items[ITEM_STEP]);
    cr_expect_eq(s->n_items[ITEM_ERROR], 0);
    score_free(s);
    run_free(r);
    scenario_free(sc);
}

Test(scenarios, domestic_call_surface_path_fails_and_lists_what_it_missed)
{
    Scenario *sc;
    Run *r;
    Score *s = play_domestic("surface", &sc, &r);
    /* IND-SPEAKS-FOR in plain sight in the living room but never acted on:
     * a quarter of 3, of weight 39: 40 x 0.75/39 = 0.77 -> 1; only
     * PROTO-SAFETY (weight 3 of 54): 50 x 3/54 = 2.8 -> 3; time 10; joint
     * interview -20 and handing her back to him -30 (both disqualifying):
     * 1 + 3 + 10 - 50 < 0 -> 0 */
    cr_expect_eq(run_status(r), RUN_ENDED);
    cr_expect_str_eq(run_node(r)->id, "end-verbal");
    cr_expect_eq(run_node(r)->ending.outcome, OUTCOME_MISSED);
    cr_expect_eq(s->indicator_points, 1);
    cr_expect_eq(s->step_points, 3);
    cr_expect_eq(s->time_points, 10);
    cr_expect_eq(s->error_penalty, 50);
    cr_expect_eq(s->total, 0);
    cr_expect_not(s->passed);
    cr_expect(s->disqualified);
    cr_expect_str_eq(ids_with(s, ITEM_INDICATOR, STATUS_MISSED),
                     "IND-PARTNER-CONTROL,IND-DOCS-HELD,IND-INJURY,IND-PROTECTS-ABUSER,"
                     "IND-DEFERS,IND-FEAR-SUBMISSIVE,IND-LANG-LIMITED,IND-ORIGIN-RECENT,"
                     "IND-NO-BELONGINGS,IND-NO-FREE-MOVE,IND-SECURITY-INWARD,IND-ISOLATED,"
                     "IND-DEBT,IND-THREATS-LEGAL");
    cr_expect_str_eq(ids_with(s, ITEM_INDICATOR, STATUS_SEEN_ONLY), "IND-SPEAKS-FOR");
    cr_expect_str_eq(ids_with(s, ITEM_STEP, STATUS_MISSED),
                     "PROTO-SEPARATE,PROTO-INTERPRETER,PROTO-NEEDS,PROTO-RAPPORT,PROTO-SCREEN,"
                     "PROTO-DOCUMENT,PROTO-NOTIFY,PROTO-ADVOCATE,PROTO-IMMIG-REFER,"
                     "PROTO-SAFE-PLACE");
    cr_expect_str_eq(ids_with(s, ITEM_STEP, STATUS_ACTED), "PROTO-SAFETY");
    cr_expect_str_eq(ids_with(s, ITEM_ERROR, STATUS_COMMITTED),
                     "ERR-JOINT-INTERVIEW,ERR-RETURN-CONTROL");
    score_free(s);
    run_free(r);
    scenario_free(sc);
}

Test(scenarios, domestic_call_partial_path_scores_22_and_fails)
{
    Scenario *sc;
    Run *r;
    Score *s = play_domestic("partial", &sc, &r);
    /* IND-SPEAKS-FOR acted (3); IND-INJURY, IND-NO-FREE-MOVE (a quarter of 3
     * each) and IND-LANG-LIMITED (a quarter of 1) seen only, of weight 39:
     * 40 x 4.75/39 = 4.87 -> 5; PROTO-SAFETY and PROTO-SEPARATE (3 + 5 of
     * 54): 50 x 8/54 = 7.4 -> 7; 33 minutes: 10 */
    cr_expect_str_eq(run_node(r)->id, "end-dv");
    cr_expect_eq(run_node(r)->ending.outcome, OUTCOME_PARTIAL);
    cr_expect_eq(s->indicator_points, 5);
    cr_expect_eq(s->step_points, 7);
    cr_expect_eq(s->time_points, 10);
    cr_expect_eq(s->error_penalty, 0);
    cr_expect_eq(s->total, 22);
    cr_expect_not(s->passed);
    cr_expect_str_eq(ids_with(s, ITEM_INDICATOR, STATUS_ACTED), "IND-SPEAKS-FOR");
    cr_expect_str_eq(ids_with(s, ITEM_INDICATOR, STATUS_SEEN_ONLY),
                     "IND-INJURY,IND-LANG-LIMITED,IND-NO-FREE-MOVE");
    cr_expect_eq(count_with(s, ITEM_INDICATOR, STATUS_MISSED), 11);
    cr_expect_str_eq(ids_with(s, ITEM_STEP, STATUS_ACTED), "PROTO-SAFETY,PROTO-SEPARATE");
    score_free(s);
    run_free(r);
    scenario_free(sc);
}

Test(scenarios, domestic_call_right_choices_without_looking_closer_fail)
{
    Scenario *sc;
    Run *r;
    Score *s = play_domestic("nolook", &sc, &r);
    /* No detail examined: only IND-SPEAKS-FOR and IND-LANG-LIMITED (in plain
     * sight) and IND-THREATS-LEGAL (her own question) can be acted on, 3 + 1
     * + 3 of 39: 40 x 7/39 = 7.2 -> 7. She never trusts enough to tell her
     * story, so IND-ORIGIN-RECENT is never seen and PROTO-IMMIG-REFER never
     * offered: 50 x 51/54 = 47.2 -> 47; 62 minutes: 10. 64 < 80. */
    cr_expect_str_eq(run_node(r)->id, "end-no-disclosure");
    cr_expect_eq(s->indicator_points, 7);
    cr_expect_eq(s->step_points, 47);
    cr_expect_eq(s->time_points, 10);
    cr_expect_eq(s->error_penalty, 0);
    cr_expect_eq(s->total, 64);
    cr_expect_not(s->passed);
    cr_expect_str_eq(ids_with(s, ITEM_INDICATOR, STATUS_ACTED),
                     "IND-SPEAKS-FOR,IND-LANG-LIMITED,IND-THREATS-LEGAL");
    cr_expect_str_eq(ids_with(s, ITEM_STEP, STATUS_MISSED), "PROTO-IMMIG-REFER");
    score_free(s);
    run_free(r);
    scenario_free(sc);
}
