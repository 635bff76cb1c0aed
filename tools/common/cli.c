/* cli.c: shared helpers for the command-line tools. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "arena.h"
#include "records.h"
#include "scenario.h"
#include "i18n.h"
#include "textsafe.h"
#include "translate.h"

void cli_print_diags(FILE *out, DiagList *dl)
{
    char buf[1024];
    diag_list_sort(dl);
    for (size_t i = 0; i < diag_count(dl); i++) {
        fprintf(out, "%s\n", diag_format(diag_at(dl, i), buf, sizeof buf));
    }
}

bool cli_help_or_version(int argc, char **argv, const char *prog, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return true;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("%s %s\n", prog, BENEATH_VERSION);
            return true;
        }
    }
    return false;
}

void cli_print_diags_json(FILE *out, DiagList *dl)
{
    diag_list_sort(dl);
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        cJSON *o = cJSON_CreateObject();
        /* escaped as diag_format does: cJSON leaves DEL, C1 and bad UTF-8 raw */
        char *file = textsafe_dup(d->file ? d->file : "", 0);
        char *msg = textsafe_dup(d->msg, 0), *path = textsafe_dup(d->path, 0);
        cJSON_AddStringToObject(o, "file", file);
        cJSON_AddNumberToObject(o, "line", d->line);
        cJSON_AddNumberToObject(o, "col", d->col);
        cJSON_AddStringToObject(o, "severity", diag_level_name(d->level));
        cJSON_AddStringToObject(o, "code", diag_code_name(d->code));
        cJSON_AddStringToObject(o, "message", msg);
        cJSON_AddStringToObject(o, "path", path);
        free(file);
        free(msg);
        free(path);
        char *s = cJSON_PrintUnformatted(o);
        if (s) {
            fprintf(out, "%s\n", s);
        }
        cJSON_free(s);
        cJSON_Delete(o);
    }
}

bool cli_parse_size(const char *prog, const char *opt, const char *text, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text ? text : "", &end, 10);
    if (!text || !*text || *end || errno || v == 0 || text[0] == '-' || v > SIZE_MAX) {
        fprintf(stderr, "%s: %s expects a whole number above 0, got \"%s\"\n", prog, opt,
                text ? text : "");
        return false;
    }
    *out = (size_t)v;
    return true;
}

bool cli_has_io_error(const DiagList *dl)
{
    for (size_t i = 0; i < diag_count(dl); i++) {
        if (diag_at(dl, i)->code == DIAG_IO) {
            return true;
        }
    }
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t cli_scenarios_in(const char *path, char ***names)
{
    DIR *d = opendir(path);
    if (!d) {
        return (size_t)-1;
    }
    size_t n = 0, cap = 0;
    *names = NULL;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (!scenario_is_file_name(e->d_name)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            *names = xrealloc(*names, cap * sizeof(char *));
        }
        /* "dir/" and "dir" both give "dir/file" (the root stays "/file") */
        int dlen = (int)strlen(path);
        while (dlen > 1 && path[dlen - 1] == '/') {
            dlen--;
        }
        size_t len = (size_t)dlen + strlen(e->d_name) + 2;
        (*names)[n] = xmalloc(len);
        snprintf((*names)[n], len, "%.*s%s%s", dlen, path, path[dlen - 1] == '/' ? "" : "/",
                 e->d_name);
        n++;
    }
    closedir(d);
    if (n) {
        qsort(*names, n, sizeof(char *), cmp_names);
    }
    return n;
}

Scenario *cli_load_scenario(const char *path, int *rc)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    cli_print_diags(stderr, dl);
    *rc = sc ? EXIT_CLEAN : cli_has_io_error(dl) ? EXIT_USAGE : EXIT_FINDINGS;
    diag_list_free(dl);
    return sc;
}

long long cli_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cli_system_settings(const char *prog, Settings *s)
{
    char err[SETTINGS_PATH_MAX + 200];
    if (!settings_load_all(NULL, s, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", prog, err);
    }
}

/* Writes BASE/REL/locale to out; true if that folder exists. */
static bool locale_in(char *out, size_t size, const char *base, const char *rel)
{
    struct stat st;
    int n = snprintf(out, size, "%s%s/locale", base, rel);
    return n > 0 && (size_t)n < size && stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_language(const char *option, const char *setting, char *buf, size_t size)
{
    translate_pick_language(option, setting, buf, size);
    char dir[4096];
    const char *env = getenv("BENEATH_ASSETS_DIR");
    bool found = false;
    if (env && *env) {
        found = locale_in(dir, sizeof dir, env, "");
    } else {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        char *slash = n > 0 ? (self[n] = '\0', strrchr(self, '/')) : NULL;
        if (slash) {
            *slash = '\0';
            found = locale_in(dir, sizeof dir, self, "/../share/beneath/assets");
        }
#ifdef BENEATH_SOURCE_DATA_DIR
        found = found || locale_in(dir, sizeof dir, BENEATH_SOURCE_DATA_DIR, "/assets");
#endif
    }
    if (found) {
        i18n_load(dir, buf);
    }
    return buf;
}

Records *cli_open_records(const char *prog, const char *path, bool import)
{
    Settings s;
    if (!path) {
        cli_system_settings(prog, &s);
    }
    char *p = path ? xstrdup(path) : records_default_path(s.records_path);
    char notice[1200], err[600];
    Records *db = records_open(p, notice, sizeof notice, err, sizeof err);
    free(p);
    if (!db) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return NULL;
    }
    if (notice[0]) {
        fprintf(stderr, "%s: %s\n", prog, notice);
    }
    if (!import) {
        return db;
    }
    char *dir = records_default_data_dir();
    if (!records_import_legacy(db, dir, cli_now_ms(), notice, sizeof notice, NULL, err,
                               sizeof err)) {
        fprintf(stderr, "%s: %s\n", prog, err);
    } else if (notice[0]) {
        fprintf(stderr, "%s: %s\n", prog, notice);
    }
    free(dir);
    return db;
}

bool cli_output_is_input(const char *prog, const char *out, const char *scenario)
{
    struct stat so, ss;
    if (!out || stat(out, &so) != 0 || stat(scenario, &ss) != 0 || so.st_dev != ss.st_dev ||
        so.st_ino != ss.st_ino) {
        return false;
    }
    fprintf(stderr, "%s: %s is the scenario itself: not written over\n", prog, out);
    return true;
}
