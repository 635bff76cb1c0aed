/* test_settings.c: layered settings (game/core/settings.c): system-wide files
 * overridden per user, the deployment keys and their validation, saving that
 * keeps what the user's file holds, and the credentials file check. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "helpers.h"
#include "settings.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/beneath-settings-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char sys[128];
    snprintf(sys, sizeof sys, "%s/system", dir);
    cr_assert_eq(mkdir(sys, 0700), 0);
    setenv("BENEATH_SYSTEM_CONFIG_DIR", sys, 1);
    setenv("HOME", "/home/trainee", 1);
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Writes 'text' to DIR/NAME and puts that path in 'path'. */
static void put(const char *name, const char *text, char *path, size_t size)
{
    char err[256];
    snprintf(path, size, "%s/%s", dir, name);
    cr_assert(file_write_atomic(path, text, strlen(text), err, sizeof err), "%s", err);
}

TestSuite(settings, .init = make_dir, .fini = remove_dir);

Test(settings, user_file_overrides_system_file_key_by_key)
{
    char sys[128], user[128], err[512] = "";
    put("system/settings.json",
        "{\"records_path\": \"/srv/beneath/records\", \"lrs_endpoint\": "
        "\"https://lrs.academy.example/xapi/\", \"lrs_auth_file\": \"/etc/beneath/lrs-auth\","
        " \"course\": \"Basic Academy 2026-3\", \"language\": \"en\", \"kiosk\": true,"
        " \"text_size\": \"large\", \"kiosk_idle_minutes\": 5}",
        sys, sizeof sys);
    put("user.json", "{\"course\": \"Night class\", \"language\": \"es-US\", \"kiosk\": false}",
        user, sizeof user);
    Settings s;
    cr_assert(settings_load_all(user, &s, err, sizeof err), "%s", err);
    cr_assert_str_eq(s.records_path, "/srv/beneath/records");
    cr_assert_str_eq(s.lrs_endpoint, "https://lrs.academy.example/xapi/");
    cr_assert_str_eq(s.lrs_auth_file, "/etc/beneath/lrs-auth");
    cr_assert_str_eq(s.course, "Night class", "the user's value wins");
    cr_assert_str_eq(s.language, "es-US");
    cr_assert_eq(s.text_size, TEXT_SIZE_LARGE, "a key the user's file lacks keeps the system's");
    cr_assert(s.kiosk, "a user's file cannot switch a system kiosk off");
    cr_assert_eq(s.kiosk_idle_minutes, 5);
}

Test(settings, no_files_at_all_gives_defaults)
{
    char user[128], err[256] = "";
    snprintf(user, sizeof user, "%s/nothing/settings.json", dir);
    Settings s;
    cr_assert(settings_load_all(user, &s, err, sizeof err), "%s", err);
    cr_assert_eq(s.text_size, TEXT_SIZE_NORMAL);
    cr_assert_str_eq(s.records_path, "");
    cr_assert_str_eq(s.language, "");
    cr_assert_not(s.kiosk);
    cr_assert_eq(s.kiosk_idle_minutes, 15);
}

Test(settings, refused_values_are_named_and_the_rest_applies)
{
    const char *bad[][2] = {
        {"{\"records_path\": \"records\", \"course\": \"A\"}", "records_path"},
        {"{\"lrs_endpoint\": \"ftp://lrs\", \"course\": \"A\"}", "lrs_endpoint"},
        {"{\"lrs_endpoint\": \"https://\", \"course\": \"A\"}", "lrs_endpoint"},
        {"{\"language\": \"english!\", \"course\": \"A\"}", "language"},
        {"{\"language\": \"e\", \"course\": \"A\"}", "language"},
        {"{\"lrs_auth_file\": 7, \"course\": \"A\"}", "lrs_auth_file"},
        {"{\"course\": \"A\", \"trainee\": \"x\\u0007y\"}", "trainee"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[128], err[512] = "";
        put("bad.json", bad[i][0], path, sizeof path);
        Settings s;
        cr_assert_not(settings_load(path, &s, err, sizeof err), "%s is refused", bad[i][0]);
        cr_assert(strstr(err, bad[i][1]) && strstr(err, path), "names key and file: %s", err);
        cr_assert_str_eq(s.course, "A", "other keys still apply (%s)", bad[i][0]);
        cr_assert_str_eq(s.records_path, "");
        cr_assert_str_eq(s.lrs_endpoint, "");
    }
}

Test(settings, home_relative_paths_and_long_values)
{
    char path[128], err[512] = "";
    put("home.json", "{\"records_path\": \"~/records\", \"lrs_auth_file\": \"\"}", path,
        sizeof path);
    Settings s;
    cr_assert(settings_load(path, &s, err, sizeof err), "%s", err);
    cr_assert_str_eq(s.records_path, "/home/trainee/records");

    char course[201], big[300];
    memset(course, 'c', 200);
    course[200] = '\0';
    snprintf(big, sizeof big, "{\"course\": \"%s\"}", course);
    put("long.json", big, path, sizeof path);
    cr_assert_not(settings_load(path, &s, err, sizeof err));
    cr_assert(strstr(err, "longer than 127 bytes"), "%s", err);
    cr_assert_str_eq(s.course, "");
}

Test(settings, saving_keeps_the_users_deployment_and_unknown_keys)
{
    char sys[128], user[128], err[512] = "";
    put("system/settings.json", "{\"course\": \"System course\", \"records_path\": \"/srv/r\"}",
        sys, sizeof sys);
    put("user.json", "{\"lrs_endpoint\": \"http://localhost:8080/xapi\", \"future\": [1, 2]}", user,
        sizeof user);
    Settings s;
    cr_assert(settings_load_all(user, &s, err, sizeof err), "%s", err);
    s.high_contrast = true;
    cr_assert(settings_save(user, &s, err, sizeof err), "%s", err);
    char *text = t_slurp(user, NULL);
    cr_assert(strstr(text, "\"future\""), "unknown keys are kept: %s", text);
    cr_assert(strstr(text, "http://localhost:8080/xapi"), "the user's own endpoint is kept");
    cr_assert_null(strstr(text, "System course"), "system values are not copied: %s", text);
    cr_assert_null(strstr(text, "records_path"), "system values are not copied: %s", text);
    free(text);
    Settings t;
    cr_assert(settings_load_all(user, &t, err, sizeof err), "%s", err);
    cr_assert(t.high_contrast);
    cr_assert_str_eq(t.course, "System course");
}

Test(settings, system_paths_follow_xdg_config_dirs)
{
    unsetenv("BENEATH_SYSTEM_CONFIG_DIR");
    setenv("XDG_CONFIG_DIRS", "/first:relative:/second", 1);
    char **paths;
    size_t n = settings_system_paths(&paths);
    cr_assert_eq(n, 3);
    cr_assert(strstr(paths[0], "/beneath/settings.json"), "%s", paths[0]);
    cr_assert_str_eq(paths[1], "/second/beneath/settings.json", "lower precedence first");
    cr_assert_str_eq(paths[2], "/first/beneath/settings.json", "the first listed is read last");
    settings_paths_free(paths, n);
    unsetenv("XDG_CONFIG_DIRS");
    n = settings_system_paths(&paths);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(paths[1], "/etc/xdg/beneath/settings.json");
    settings_paths_free(paths, n);
}

Test(settings, credentials_file_must_not_be_world_readable)
{
    char path[128], err[512] = "";
    put("lrs-auth", "user:secret\n", path, sizeof path);
    cr_assert_eq(chmod(path, 0644), 0);
    cr_assert_not(settings_check_secret_file(path, err, sizeof err));
    cr_assert(strstr(err, "every user") && strstr(err, "644"), "%s", err);
    cr_assert_eq(chmod(path, 0640), 0);
    cr_assert(settings_check_secret_file(path, err, sizeof err), "%s", err);
    snprintf(path, sizeof path, "%s/missing", dir);
    cr_assert_not(settings_check_secret_file(path, err, sizeof err));
    cr_assert(strstr(err, "missing"), "%s", err);
}
