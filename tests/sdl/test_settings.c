/* test_settings.c: the player's settings file (game/core/settings.c),
 * headless. (Attempts and records: tests/unit/test_records.c.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expr.h"
#include "files.h"
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
