/* beneath-bench: load and play benchmark of the engine core.
 * Generates synthetic scenarios of 1k, 10k and 100k scenes (each scene with
 * text, two details, three choices and a condition), then prints per size:
 * the time of cJSON_Parse alone, of the full scenario load (parse, build,
 * index, validate, free the tree), of 10,000 play steps, and peak memory.
 * Each size runs in its own child process so peak memory is per size, and
 * each timing in a fresh process of its own so none inherits another's heap. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "arena.h"
#include "cli.h"
#include "run.h"
#include "strbuf.h"

static const char usage[] =
    "usage: beneath-bench [--sizes N,N,...] [--repeat R] [--keep DIR]\n"
    "       beneath-bench --analysis [--sizes N,N,...] [--keep DIR]\n"
    "       beneath-bench --lint [--sizes N,N,...] [--repeat R] [--keep DIR]\n"
    "Prints load and play timings for synthetic scenarios; with --analysis, the\n"
    "time, peak memory and states of the analysis beneath-paths runs on generated\n"
    "scenarios shaped like authored calls (default sizes 30,100,1000); with --lint,\n"
    "beneath-lint's time and memory on the files of each size and on a 1,000-scene\n"
    "graph with no reachable ending, beside ajv's schema check of the same files\n"
    "(tools/bench/install-ajv.sh BUILD_DIR installs ajv; skipped when missing).\n"
    "  --sizes    scene counts (default 1000,10000,100000)\n"
    "  --repeat   runs per measurement; the median is printed (default 5)\n"
    "  --keep DIR write the generated files to DIR (default: a new folder in /tmp)\n";

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* A valid scenario with n scenes; every 50th scene is an ending. */
static char *generate(size_t n, size_t *len)
{
    StrBuf b = {0};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    strbuf_printf(
        &b,
        "{\"format\":1,\"id\":\"bench\",\"title\":\"Bench\",\"version\":\"1\",\"language\":\"en\","
        "\"summary\":\"Synthetic.\",\"estimated_minutes\":10,\"objectives\":[\"o\"],"
        "\"pass_mark\":50,\"time_budget\":1440,\"indicators\":[");
    for (int i = 0; i < 20; i++) {
        strbuf_printf(&b,
                      "%s{\"id\":\"IND-%d\",\"label\":\"Indicator %d\",\"category\":\"c\","
                      "\"explain\":\"e\",\"weight\":2}",
                      i ? "," : "", i, i);
    }
    strbuf_printf(&b, "],\"steps\":[");
    for (int i = 0; i < 10; i++) {
        strbuf_printf(
            &b, "%s{\"id\":\"STEP-%d\",\"label\":\"Step %d\",\"category\":\"c\",\"explain\":\"e\"}",
            i ? "," : "", i, i);
    }
    strbuf_printf(
        &b, "],\"errors\":[{\"id\":\"ERR-0\",\"label\":\"E\",\"category\":\"c\",\"explain\":\"e\","
            "\"penalty\":5}],\"order\":[{\"first\":\"STEP-0\",\"then\":[\"STEP-1\",\"STEP-2\"]}],"
            "\"variables\":[{\"id\":\"trust\",\"type\":\"int\",\"initial\":2,\"min\":0,"
            "\"max\":10},{\"id\":\"interp\",\"type\":\"bool\",\"initial\":false}],"
            "\"events\":[{\"id\":\"ev\",\"at\":30,\"text\":\"Dispatch.\",\"add\":{\"trust\":-1}}],"
            "\"start\":\"n0\",\"nodes\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(
            &b,
            "%s{\"id\":\"n%zu\",\"speaker\":\"Narrator\",\"text\":\"Scene %zu. The kitchen is "
            "small and warm; a radio plays in the next room while the officer asks who "
            "called and why, and a woman by the sink looks at the man before answering.\"",
            i ? "," : "", i, i);
        if (i % 50 == 49) {
            strbuf_printf(&b,
                          ",\"ending\":{\"outcome\":\"partial\",\"title\":\"End %zu\",\"epilogue\":"
                          "\"What was really happening.\"}}",
                          i);
            continue;
        }
        strbuf_printf(
            &b,
            ",\"variants\":[{\"if\":\"trust >= 5 && interp\",\"text\":\"She answers.\"}],"
            "\"details\":[{\"id\":\"d1\",\"label\":\"Her hands\",\"minutes\":1,\"text\":\"x\","
            "\"observe\":[\"IND-%d\"]},{\"id\":\"d2\",\"label\":\"The radio\",\"minutes\":1,"
            "\"text\":\"Nothing.\"}],\"choices\":[",
            (int)(i % 20));
        for (int c = 0; c < 3; c++) {
            size_t to = rng(&seed) % n;
            strbuf_printf(
                &b, "%s{\"id\":\"c%d\",\"label\":\"Choice %d\",\"goto\":\"n%zu\",\"minutes\":1",
                c ? "," : "", c, c, to);
            if (c == 1) {
                strbuf_printf(&b,
                              ",\"if\":\"trust > 1 || seen(IND-%d)\",\"add\":{\"trust\":1},"
                              "\"steps\":[\"STEP-%d\"]",
                              (int)(i % 20), (int)(i % 10));
            }
            if (c == 2) {
                strbuf_printf(&b, ",\"act\":[\"IND-%d\"],\"set\":{\"interp\":true}", (int)(i % 20));
            }
            strbuf_printf(&b, "}");
        }
        strbuf_printf(&b, "]}");
    }
    strbuf_printf(&b, "]}");
    *len = b.len;
    return strbuf_take(&b);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

#define STEPS 10000

typedef double (*Timing)(const char *text, size_t len, const char *path);

/* Runs f in a child process and returns its result in ms (-1 on failure). */
static double in_child(Timing f, const char *text, size_t len, const char *path)
{
    int fd[2];
    if (pipe(fd) != 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double ms = f(text, len, path);
        _exit(write(fd[1], &ms, sizeof ms) == (ssize_t)sizeof ms ? 0 : 1);
    }
    close(fd[1]);
    double ms = -1;
    if (read(fd[0], &ms, sizeof ms) != (ssize_t)sizeof ms) {
        ms = -1;
    }
    close(fd[0]);
    waitpid(pid, NULL, 0);
    return ms;
}

static double time_parse(const char *text, size_t len, const char *path)
{
    (void)path;
    double t0 = now_ms();
    cJSON *root = cJSON_ParseWithLength(text, len);
    double ms = now_ms() - t0;
    cJSON_Delete(root);
    return ms;
}

static double time_load(const char *text, size_t len, const char *path)
{
    DiagList *dl = diag_list_new();
    double t0 = now_ms();
    Scenario *sc = scenario_parse(path, text, len, dl);
    double ms = now_ms() - t0;
    if (!sc) {
        cli_print_diags(stderr, dl);
        ms = -1;
    }
    diag_list_free(dl);
    scenario_free(sc);
    return ms;
}

/* 10,000 random play steps, starting a new attempt at each ending. */
static double time_play(const char *text, size_t len, const char *path)
{
    Scenario *sc = scenario_parse(path, text, len, NULL);
    if (!sc) {
        return -1;
    }
    uint64_t seed = 42;
    Run *r = run_new(sc);
    Option opts[16];
    double t0 = now_ms();
    for (int s = 0; s < STEPS; s++) {
        if (run_status(r) != RUN_PLAYING) {
            run_free(r);
            r = run_new(sc);
        }
        size_t m = run_options(r, opts, 16);
        run_apply(r, &opts[rng(&seed) % m]);
    }
    double ms = now_ms() - t0;
    run_free(r);
    scenario_free(sc);
    return ms;
}

static int bench_size(size_t n, int repeat, const char *dir)
{
    size_t len;
    char *text = generate(n, &len);
    char path[512];
    snprintf(path, sizeof path, "%s/bench-%zu.json", dir, n);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "beneath-bench: cannot write %s\n", path);
        return 1;
    }
    double parse[16], load[16], play[16];
    for (int k = 0; k < repeat; k++) {
        /* each timing in a fresh process, so neither inherits the other's heap */
        parse[k] = in_child(time_parse, text, len, path);
        load[k] = in_child(time_load, text, len, path);
        play[k] = in_child(time_play, text, len, path);
        if (parse[k] < 0 || load[k] < 0 || play[k] < 0) {
            return 1;
        }
    }
    /* peak memory of one full load and play, in this process */
    time_play(text, len, path);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double p = median(parse, repeat), l = median(load, repeat), s = median(play, repeat);
    printf("%7zu scenes %7.1f MB | cJSON_Parse %8.2f ms | full load %8.2f ms (%.2fx parse) | "
           "%d steps %7.2f ms (%.2f us/step) | peak RSS %6.1f MB\n",
           n, len / 1048576.0, p, l, l / p, STEPS, s, s * 1000.0 / STEPS, ru.ru_maxrss / 1024.0);
    fflush(stdout);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-bench", usage)) {
        return EXIT_CLEAN;
    }
    const char *sizes = NULL, *dir = NULL;
    bool analysis = false, lint = false;
    char tmpdir[] = "/tmp/beneath-bench-XXXXXX";
    int repeat = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--analysis") == 0) {
            analysis = true;
        } else if (strcmp(argv[i], "--lint") == 0) {
            lint = true;
        } else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
            sizes = argv[++i];
        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fputs(usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (!dir) {
        /* a folder of our own: a catalog.json lying in /tmp must not apply */
        dir = mkdtemp(tmpdir);
        if (!dir) {
            perror("beneath-bench: mkdtemp");
            return EXIT_USAGE;
        }
    }
    if (analysis) {
        return bench_analysis(sizes ? sizes : "30,100,1000", dir) ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    if (!sizes) {
        sizes = "1000,10000,100000";
    }
    if (repeat < 1 || repeat > 16) {
        fprintf(stderr, "beneath-bench: --repeat must be 1..16\n");
        return EXIT_USAGE;
    }
    if (lint) {
        return bench_lint(sizes, dir, repeat, generate) ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    int rc = 0;
    for (const char *p = sizes; *p;) {
        size_t n = strtoul(p, NULL, 10);
        if (n < 50) {
            fprintf(stderr, "beneath-bench: sizes must be >= 50\n");
            return EXIT_USAGE;
        }
        pid_t pid = fork();
        if (pid == 0) {
            _exit(bench_size(n, repeat, dir));
        }
        int st = 0;
        waitpid(pid, &st, 0);
        rc |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return rc ? EXIT_FINDINGS : EXIT_CLEAN;
}
