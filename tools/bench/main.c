/* beneath-bench: load and play benchmark of the engine core against a floor.
 * Generates synthetic scenarios of 1k, 10k and 100k scenes (each scene with
 * text, two details, three choices and a condition) and measures, per size,
 * the engine (scenario_load: read, parse, build, index, validate; then
 * 10,000 play steps) against a floor built here from the same file: a bare
 * read + cJSON parse + hash index of the scenes (then 10,000 random steps
 * through the cJSON tree). It prints the ratios of time and of peak memory.
 * Every measurement runs in a process exec'd for it alone (so peak memory is
 * its own) and is timed in CPU time (user + system, page faults included);
 * floor and engine runs are interleaved and the medians printed. */
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
#include "strmap.h"

static const char usage[] =
    "usage: beneath-bench [--sizes N,N,...] [--repeat R] [--keep DIR]\n"
    "       beneath-bench --analysis [--sizes N,N,...] [--keep DIR]\n"
    "       beneath-bench --lint [--sizes N,N,...] [--repeat R] [--keep DIR]\n"
    "Prints load and play CPU times and peak memory for synthetic scenarios, each\n"
    "against a floor (read + cJSON parse + index + walk, no model); with --analysis, the\n"
    "time, peak memory and states of the analysis beneath-paths runs on generated\n"
    "scenarios shaped like authored calls (default sizes 30,100,1000); with --lint,\n"
    "beneath-lint's time and memory on the files of each size and on a 1,000-scene\n"
    "graph with no reachable ending, beside ajv's schema check of the same files\n"
    "(tools/bench/install-ajv.sh BUILD_DIR installs ajv; skipped when missing).\n"
    "  --sizes    scene counts (default 1000,10000,100000)\n"
    "  --repeat   runs per measurement; the median is printed (default 7)\n"
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

/* CPU time of this process in ms: user + system (page faults included), so
 * other jobs on a shared machine change it far less than wall time. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

/* ---- the floor: bare read + cJSON parse + index + walk ------------------ */

/* What the simplest C program would do with the same file: read it whole,
 * cJSON_ParseWithLength, index the scenes by id in a hash map, drop the
 * text. No validation, no model, no diagnostics. */
typedef struct Floor {
    cJSON *root;
    const cJSON **scenes;
    size_t n;
    StrMap *index;
    size_t start;
} Floor;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0) {
        if (f) {
            fclose(f);
        }
        return NULL;
    }
    long size = ftell(f);
    rewind(f);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return text;
}

static bool floor_load(const char *path, Floor *fl)
{
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text) {
        return false;
    }
    fl->root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(fl->root, "nodes");
    fl->n = (size_t)cJSON_GetArraySize(nodes);
    fl->scenes = malloc((fl->n ? fl->n : 1) * sizeof *fl->scenes);
    fl->index = strmap_new(fl->n);
    size_t i = 0;
    for (const cJSON *o = nodes ? nodes->child : NULL; o; o = o->next, i++) {
        fl->scenes[i] = o;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(id)) {
            strmap_put(fl->index, id->valuestring, i);
        }
    }
    fl->start = strmap_get(
        fl->index, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fl->root, "start")));
    return fl->root && fl->start != (size_t)-1;
}

/* One step: a random choice of the current scene, its "goto" looked up in
 * the index; back to the start at an ending. */
static size_t floor_step(const Floor *fl, size_t at, uint64_t *seed)
{
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(fl->scenes[at], "choices");
    int n = cJSON_GetArraySize(choices);
    if (n == 0) {
        return fl->start;
    }
    const cJSON *c = cJSON_GetArrayItem(choices, (int)(rng(seed) % (uint64_t)n));
    size_t to =
        strmap_get(fl->index, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "goto")));
    return to == (size_t)-1 ? fl->start : to;
}

/* ---- measurements, each in a fresh process ------------------------------ */

/* beneath-bench --measure WHAT FILE: runs one measurement in this process
 * (exec'd fresh by measure(), so its peak memory is its own) and prints
 * "CPU_MS PEAK_KB" (the peak is a high-water mark: freeing afterwards does
 * not lower it). WHAT: floor-load, floor-walk, load, play. */
static int run_measure(const char *what, const char *path)
{
    double ms = -1;
    uint64_t seed = 42;
    if (strcmp(what, "floor-load") == 0 || strcmp(what, "floor-walk") == 0) {
        Floor fl = {0};
        double t0 = cpu_ms();
        bool ok = floor_load(path, &fl);
        ms = cpu_ms() - t0;
        if (ok && strcmp(what, "floor-walk") == 0) {
            size_t at = fl.start;
            t0 = cpu_ms();
            for (int s = 0; s < STEPS; s++) {
                at = floor_step(&fl, at, &seed);
            }
            ms = cpu_ms() - t0;
        }
        cJSON_Delete(fl.root);
        strmap_free(fl.index);
        free(fl.scenes);
        if (!ok) {
            return 1;
        }
    } else if (strcmp(what, "load") == 0 || strcmp(what, "play") == 0) {
        DiagList *dl = diag_list_new();
        double t0 = cpu_ms();
        Scenario *sc = scenario_load(path, dl);
        ms = cpu_ms() - t0;
        if (!sc) {
            cli_print_diags(stderr, dl);
            diag_list_free(dl);
            return 1;
        }
        diag_list_free(dl);
        if (strcmp(what, "play") == 0) {
            Run *r = run_new(sc);
            Option opts[16];
            t0 = cpu_ms();
            for (int s = 0; s < STEPS; s++) {
                if (run_status(r) != RUN_PLAYING) {
                    run_free(r);
                    r = run_new(sc);
                }
                size_t m = run_options(r, opts, 16);
                run_apply(r, &opts[rng(&seed) % m]);
            }
            ms = cpu_ms() - t0;
            run_free(r);
        }
        scenario_free(sc);
    } else {
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.3f %ld\n", ms, ru.ru_maxrss);
    return 0;
}

typedef struct Sample {
    double ms, peak_mb;
} Sample;

/* Runs "beneath-bench --measure WHAT PATH" in a fresh process. */
static bool measure(const char *self, const char *what, const char *path, Sample *out)
{
    int fd[2];
    if (pipe(fd) != 0) {
        return false;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], STDOUT_FILENO);
        close(fd[1]);
        execl(self, self, "--measure", what, path, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[64] = {0};
    ssize_t got = read(fd[0], buf, sizeof buf - 1);
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    long kb = 0;
    if (got <= 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
        sscanf(buf, "%lf %ld", &out->ms, &kb) != 2) {
        fprintf(stderr, "beneath-bench: --measure %s %s failed\n", what, path);
        return false;
    }
    out->peak_mb = kb / 1024.0;
    return true;
}

enum { M_FLOOR_LOAD, M_LOAD, M_FLOOR_WALK, M_PLAY, M_COUNT };
static const char *const m_names[M_COUNT] = {"floor-load", "load", "floor-walk", "play"};

static int bench_size(const char *self, size_t n, int repeat, const char *dir)
{
    size_t len;
    char *text = generate(n, &len);
    char path[512];
    snprintf(path, sizeof path, "%s/bench-%zu.json", dir, n);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "beneath-bench: cannot write %s\n", path);
        free(text);
        return 1;
    }
    free(text);
    double ms[M_COUNT][16], mb[M_COUNT][16];
    for (int k = 0; k < repeat; k++) {
        /* interleaved, so a burst of load elsewhere hits floor and engine alike */
        for (int m = 0; m < M_COUNT; m++) {
            Sample s;
            if (!measure(self, m_names[m], path, &s)) {
                return 1;
            }
            ms[m][k] = s.ms;
            mb[m][k] = s.peak_mb;
        }
    }
    double t[M_COUNT], p[M_COUNT];
    for (int m = 0; m < M_COUNT; m++) {
        t[m] = median(ms[m], repeat);
        p[m] = median(mb[m], repeat);
    }
    printf("%7zu scenes %6.1f MB | load %8.2f ms, floor %8.2f ms: %.2fx | peak %6.1f MB, "
           "floor %6.1f MB: %.2fx | %d steps %6.2f ms, floor walk %6.2f ms: %.2fx\n",
           n, len / 1048576.0, t[M_LOAD], t[M_FLOOR_LOAD], t[M_LOAD] / t[M_FLOOR_LOAD], p[M_LOAD],
           p[M_FLOOR_LOAD], p[M_LOAD] / p[M_FLOOR_LOAD], STEPS, t[M_PLAY], t[M_FLOOR_WALK],
           t[M_PLAY] / t[M_FLOOR_WALK]);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-bench", usage)) {
        return EXIT_CLEAN;
    }
    if (argc == 4 && strcmp(argv[1], "--measure") == 0) {
        return run_measure(argv[2], argv[3]);
    }
    char self[4096];
    ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (self_len <= 0) {
        perror("beneath-bench: /proc/self/exe");
        return EXIT_USAGE;
    }
    self[self_len] = '\0';
    const char *sizes = NULL, *dir = NULL;
    bool analysis = false, lint = false;
    char tmpdir[] = "/tmp/beneath-bench-XXXXXX";
    int repeat = 7;
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
        rc |= bench_size(self, n, repeat, dir);
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return rc ? EXIT_FINDINGS : EXIT_CLEAN;
}
