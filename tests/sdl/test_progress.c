/* test_progress.c: saved attempts, completed-attempt records and settings
 * (game/core/progress.c, settings.c), headless. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expr.h"
#include "files.h"
#include "progress.h"
#include "run.h"
#include "scenario.h"
#include "settings.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/beneath-progress-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static Scenario *load_mini(void)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(TEST_DATA_DIR "/mini.json", dl);
    cr_assert_not_null(sc, "mini.json should load");
    diag_list_free(dl);
    return sc;
}

TestSuite(progress, .init = make_dir, .fini = remove_dir);

Test(progress, slug_is_file_safe_and_distinct)
{
    char a[64], b[64];
    progress_slug("Nguyễn Thị Hương / Unit 4", a, sizeof a);
    progress_slug("Nguyen Thi Huong / Unit 4", b, sizeof b);
    cr_assert_eq(strpbrk(a, "/ \\."), NULL, "slug %s has unsafe characters", a);
    cr_assert_str_neq(a, b);
    progress_slug("", a, sizeof a);
    cr_assert_gt(strlen(a), 0);
}

Test(progress, save_list_restore_round_trip)
{
    Scenario *sc = load_mini();
    Run *r = run_new(sc);
    Option o;
    cr_assert(run_find_option(r, "look", &o) && run_apply(r, &o));
    cr_assert(run_find_option(r, "one", &o) && run_apply(r, &o));
    char err[256];
    cr_assert(progress_save(dir, r, "Mai Trần", "2025-01-01T10:00:00.000+0000",
                            "2025-01-01T10:05:00.000+0000", err, sizeof err),
              "%s", err);
    size_t n = 0;
    SaveInfo *saves = progress_list_saves(dir, &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(saves[0].trainee, "Mai Trần");
    cr_assert_str_eq(saves[0].scenario_id, "mini");
    cr_assert_eq(saves[0].n_actions, 2);
    cr_assert_not(saves[0].ended);
    DiagList *dl = diag_list_new();
    Run *back = progress_restore(&saves[0], sc, dl);
    cr_assert_not_null(back);
    cr_assert_str_eq(run_node(back)->id, run_node(r)->id);
    cr_assert_eq(run_clock(back), run_clock(r));
    run_free(back);
    diag_list_free(dl);
    progress_remove_save(dir, "Mai Trần", "mini");
    progress_saves_free(saves, n);
    saves = progress_list_saves(dir, &n);
    cr_assert_eq(n, 0);
    cr_assert_null(saves);
    run_free(r);
    scenario_free(sc);
}

Test(progress, records_append_once_per_attempt)
{
    Scenario *sc = load_mini();
    Run *r = run_new(sc);
    Option o;
    cr_assert(run_find_option(r, "bad", &o) && run_apply(r, &o));
    cr_assert_eq(run_status(r), RUN_ENDED);
    char err[256];
    cr_assert(progress_append_record(dir, r, "Sam", "t1", "t2", err, sizeof err), "%s", err);
    cr_assert(progress_append_record(dir, r, "Sam", "t1", "t2", err, sizeof err), "%s", err);
    cr_assert_eq(progress_count_records(dir, "Sam"), 1);
    cr_assert(progress_append_record(dir, r, "Sam", "t3", "t4", err, sizeof err), "%s", err);
    cr_assert_eq(progress_count_records(dir, "Sam"), 2);
    cr_assert_eq(progress_count_records(dir, "Nobody"), 0);
    run_free(r);
    scenario_free(sc);
}

Test(progress, unwritable_folder_reports_an_error)
{
    Scenario *sc = load_mini();
    Run *r = run_new(sc);
    char err[256] = "";
    cr_assert_not(
        progress_save("/proc/beneath-no-such-dir", r, "Sam", "t1", "t2", err, sizeof err));
    cr_assert_gt(strlen(err), 0);
    run_free(r);
    scenario_free(sc);
}

TestSuite(settings, .init = make_dir, .fini = remove_dir);

Test(settings, round_trip_and_defaults)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/cfg/settings.json", dir);
    Settings s;
    cr_assert(settings_load(path, &s, err, sizeof err), "missing file is not an error");
    cr_assert_eq(s.text_size, TEXT_SIZE_NORMAL);
    s.text_size = TEXT_SIZE_HUGE;
    s.high_contrast = true;
    snprintf(s.trainee, sizeof s.trainee, "Lucía");
    cr_assert(settings_save(path, &s, err, sizeof err), "%s", err);
    Settings t;
    cr_assert(settings_load(path, &t, err, sizeof err));
    cr_assert_eq(t.text_size, TEXT_SIZE_HUGE);
    cr_assert(t.high_contrast);
    cr_assert_str_eq(t.trainee, "Lucía");
}

Test(settings, corrupt_file_falls_back_to_defaults)
{
    char path[128], err[256] = "";
    snprintf(path, sizeof path, "%s/settings.json", dir);
    cr_assert(file_write_atomic(path, "{not json", 9, err, sizeof err));
    Settings s;
    cr_assert_not(settings_load(path, &s, err, sizeof err));
    cr_assert_gt(strlen(err), 0);
    cr_assert_eq(s.text_size, TEXT_SIZE_NORMAL);
}

Test(settings, unwritable_folder_reports_an_error)
{
    Settings s;
    settings_defaults(&s);
    char err[256] = "";
    cr_assert_not(settings_save("/proc/beneath-no-such-dir/settings.json", &s, err, sizeof err));
    cr_assert_gt(strlen(err), 0);
}
