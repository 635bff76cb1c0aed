/* lint.c: beneath-bench --lint, the time and peak memory of beneath-lint on
 * the benchmark's generated files beside a JSON Schema check of the same
 * files by ajv (ajv-cli, installed by tools/bench/install-ajv.sh), each run
 * as its own process, so both pay their start-up and file reading. Also a
 * scene graph with no reachable ending, where every analysis must give up
 * by its bounds. */
#define _DEFAULT_SOURCE /* wait4 */
#include "analysis.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"

#ifndef BENEATH_SCHEMA
#define BENEATH_SCHEMA "scenarios/schema.json"
#endif

char *bench_no_ending(size_t n, size_t *len)
{
    StrBuf b = {0};
    strbuf_printf(
        &b,
        "{\"format\":1,\"id\":\"no-ending-%zu\",\"title\":\"No ending\",\"version\":\"1\","
        "\"language\":\"en\",\"summary\":\"Synthetic.\",\"estimated_minutes\":10,"
        "\"objectives\":[\"o\"],\"pass_mark\":50,\"time_budget\":60,"
        "\"indicators\":[{\"id\":\"IND-0\",\"label\":\"Sign\",\"category\":\"c\","
        "\"explain\":\"e\",\"weight\":1}],\"steps\":[],\"errors\":[],"
        "\"start\":\"s0\",\"nodes\":[",
        n);
    /* scenes in a loop with shortcuts: every scene reachable, none an exit */
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(&b,
                      "{\"id\":\"s%zu\",\"text\":\"Scene %zu.\",\"details\":[{\"id\":\"look\","
                      "\"label\":\"Look\",\"text\":\"x\",\"observe\":[\"IND-0\"]}],\"choices\":["
                      "{\"id\":\"a\",\"label\":\"On\",\"minutes\":1,\"goto\":\"s%zu\"},"
                      "{\"id\":\"b\",\"label\":\"Across\",\"minutes\":1,\"goto\":\"s%zu\"},"
                      "{\"id\":\"c\",\"label\":\"Back\",\"act\":[\"IND-0\"],\"goto\":\"s%zu\"}]},",
                      i, i, (i + 1) % n, (i * 7 + 3) % n, (i + n - 1) % n);
    }
    strbuf_printf(&b, "{\"id\":\"end\",\"text\":\"The end.\",\"ending\":{\"outcome\":"
                      "\"identified\",\"title\":\"End\",\"epilogue\":\"Synthetic.\"}}]}");
    *len = b.len;
    return strbuf_take(&b);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct Measure {
    double wall, cpu, rss_mb;
    int status;
} Measure;

/* Runs argv with output discarded; wall and CPU seconds, peak RSS. */
static Measure run_cmd(char *const argv[])
{
    Measure m = {0, 0, 0, -1};
    fflush(stdout); /* or the child prints what is buffered again */
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) {
            _exit(127);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &st, 0, &ru) != pid) {
        return m;
    }
    m.wall = now_s() - t0;
    m.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
            ru.ru_stime.tv_usec / 1e6;
    m.rss_mb = ru.ru_maxrss / 1024.0;
    m.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return m;
}

static int cmp_measure(const void *pa, const void *pb)
{
    const Measure *a = pa, *b = pb;
    return (a->wall > b->wall) - (a->wall < b->wall);
}

/* The run of median wall time among 'repeat' runs of argv. */
static Measure median_of(char *const argv[], int repeat)
{
    Measure m[16];
    for (int k = 0; k < repeat; k++) {
        m[k] = run_cmd(argv);
    }
    qsort(m, (size_t)repeat, sizeof *m, cmp_measure);
    return m[repeat / 2];
}

static bool write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(text, 1, len, f) == len;
    ok = f && fclose(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "beneath-bench: cannot write %s\n", path);
    }
    return ok;
}

static void line(const char *path, size_t len, char *lint, char *ajv, int repeat)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *lint_argv[] = {lint, (char *)path, NULL};
    Measure l = median_of(lint_argv, repeat);
    printf("%-22s %6.1f MB | lint %8.2f s (CPU %7.2f s) %7.1f MB exit %d", name, len / 1048576.0,
           l.wall, l.cpu, l.rss_mb, l.status);
    if (ajv) {
        char schema[] = BENEATH_SCHEMA, validate[] = "validate", lax[] = "--strict=false";
        char opt_s[] = "-s", opt_d[] = "-d";
        char *ajv_argv[] = {ajv, validate, lax, opt_s, schema, opt_d, (char *)path, NULL};
        Measure s = median_of(ajv_argv, repeat);
        printf(" | ajv %6.2f s (CPU %6.2f s) %7.1f MB%s | lint/ajv %5.2fx time, %5.2fx memory",
               s.wall, s.cpu, s.rss_mb, s.status ? " INVALID" : "",
               s.wall > 0 ? l.wall / s.wall : 0, s.rss_mb > 0 ? l.rss_mb / s.rss_mb : 0);
    }
    printf("\n");
    fflush(stdout);
}

/* The folder this program lies in, to find beneath-lint and bench-ajv. */
static void exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(buf, '/');
    snprintf(slash ? slash : buf, size - (size_t)(slash ? slash - buf : 0), "%s", slash ? "" : ".");
}

int bench_lint(const char *sizes, const char *dir, int repeat, BenchGenerator gen)
{
    char here[PATH_MAX], lint[PATH_MAX + 32], ajv[PATH_MAX + 64];
    exe_dir(here, sizeof here);
    snprintf(lint, sizeof lint, "%s/beneath-lint", here);
    const char *env = getenv("BENEATH_AJV");
    snprintf(ajv, sizeof ajv, "%s", env ? env : "");
    if (!env) {
        snprintf(ajv, sizeof ajv, "%s/bench-ajv/node_modules/.bin/ajv", here);
    }
    bool have_ajv = access(ajv, X_OK) == 0;
    if (access(lint, X_OK) != 0) {
        fprintf(stderr,
                "beneath-bench: %s is not built (cmake --build build --target beneath-lint)\n",
                lint);
        return 1;
    }
    printf("beneath-lint (every analysis) vs a JSON Schema check of the same file, median of %d "
           "runs each; files in %s\n",
           repeat, dir);
    if (!have_ajv) {
        printf(
            "ajv: SKIPPED, %s is not installed (tools/bench/install-ajv.sh BUILD_DIR installs it, "
            "or set BENEATH_AJV)\n",
            ajv);
    }
    fflush(stdout);
    char path[PATH_MAX];
    size_t len;
    for (const char *p = sizes; *p;) {
        size_t n = strtoul(p, NULL, 10);
        char *text = gen(n < 50 ? 50 : n, &len);
        snprintf(path, sizeof path, "%s/bench-%zu.json", dir, n < 50 ? 50 : n);
        bool ok = write_file(path, text, len);
        free(text);
        if (!ok) {
            return 1;
        }
        line(path, len, lint, have_ajv ? ajv : NULL, repeat);
        p += strcspn(p, ",");
        p += *p == ',';
    }
    char *text = bench_no_ending(1000, &len);
    snprintf(path, sizeof path, "%s/no-ending-1000.json", dir);
    bool ok = write_file(path, text, len);
    free(text);
    if (ok) {
        line(path, len, lint, have_ajv ? ajv : NULL, repeat);
    }
    return ok ? 0 : 1;
}
