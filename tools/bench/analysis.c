/* analysis.c: the analysis part of beneath-bench. Generates scenarios shaped
 * like authored ones (a call in a chain of scenes, each with details to look
 * closer at, a choice that acts on what was noticed, a step every few scenes,
 * a way back every fifth scene, errors and early exits, a deadline) and times
 * the whole-scenario analysis beneath-paths runs, with its peak memory, each
 * size in a child process of its own. */
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "arena.h"
#include "cli.h"
#include "strbuf.h"

static void items(StrBuf *b)
{
    strbuf_printf(b, "\"indicators\":[");
    for (int i = 0; i < 20; i++) {
        strbuf_printf(b,
                      "%s{\"id\":\"IND-%d\",\"label\":\"Sign %d\",\"category\":\"c\","
                      "\"explain\":\"e\",\"weight\":%d}",
                      i ? "," : "", i, i, 1 + i % 3);
    }
    strbuf_printf(b, "],\"steps\":[");
    for (int i = 0; i < 10; i++) {
        strbuf_printf(b,
                      "%s{\"id\":\"STEP-%d\",\"label\":\"Step %d\",\"category\":\"c\","
                      "\"explain\":\"e\"}",
                      i ? "," : "", i, i);
    }
    strbuf_printf(b, "],\"errors\":[{\"id\":\"ERR-0\",\"label\":\"E\",\"category\":\"c\","
                     "\"explain\":\"e\",\"penalty\":20,\"disqualifying\":true}],"
                     "\"order\":[{\"first\":\"STEP-0\",\"then\":[\"STEP-1\"],\"why\":\"w\","
                     "\"partial\":50}],");
}

/* Scene i of m: the indicator it shows belongs to a stretch of scenes, as
 * in an authored call where what is noticed in one room is acted on in the
 * next few. */
static void scene(StrBuf *b, size_t i, size_t m)
{
    int ind = (int)((i / 3) % 20);
    char next[32];
    snprintf(next, sizeof next, i + 1 < m ? "s%zu" : "final", i + 1);
    strbuf_printf(b,
                  "{\"id\":\"s%zu\",\"text\":\"Scene %zu.\",\"details\":["
                  "{\"id\":\"look\",\"label\":\"Look closer\",\"minutes\":1,\"text\":\"x\","
                  "\"observe\":[\"IND-%d\"]},"
                  "{\"id\":\"room\",\"label\":\"The room\",\"text\":\"Nothing.\"}],\"choices\":["
                  "{\"id\":\"on\",\"label\":\"Go on\",\"minutes\":2,\"goto\":\"%s\"%s},"
                  "{\"id\":\"act\",\"label\":\"Act on it\",\"if\":\"seen(IND-%d)\","
                  "\"act\":[\"IND-%d\"],\"minutes\":2,\"goto\":\"%s\"}",
                  i, i, ind, next, i % 4 == 0 ? ",\"steps\":[\"STEP-0\"]" : "", ind, ind, next);
    if (i % 4 == 2) {
        strbuf_printf(b,
                      ",{\"id\":\"step\",\"label\":\"Protocol\",\"steps\":[\"STEP-%d\"],"
                      "\"minutes\":2,\"goto\":\"%s\"}",
                      (int)(i % 10), next);
    }
    if (i % 5 == 4) {
        strbuf_printf(b, ",{\"id\":\"back\",\"label\":\"Go back\",\"goto\":\"s%zu\"}", i - 1);
    }
    if (i % 7 == 6) {
        strbuf_printf(b, ",{\"id\":\"push\",\"label\":\"Push\",\"errors\":[\"ERR-0\"],"
                         "\"goto\":\"end-error\"}");
    }
    if (i % 10 == 9) {
        strbuf_printf(b, ",{\"id\":\"leave\",\"label\":\"Leave\",\"goto\":\"end-missed\"}");
    }
    strbuf_printf(b, "]},");
}

char *bench_story(size_t n, size_t *len)
{
    size_t m = n > 5 ? n - 5 : 1; /* scenes before the final one and four endings */
    StrBuf b = {0};
    strbuf_printf(&b,
                  "{\"format\":1,\"id\":\"story-%zu\",\"title\":\"Story\",\"version\":\"1\","
                  "\"language\":\"en\",\"summary\":\"Synthetic.\",\"estimated_minutes\":30,"
                  "\"objectives\":[\"o\"],\"pass_mark\":60,\"time_budget\":%zu,",
                  n, 3 * m < 720 ? 3 * m : 720);
    items(&b);
    strbuf_printf(
        &b,
        "\"variables\":[{\"id\":\"trust\",\"type\":\"int\",\"initial\":0,\"min\":0,"
        "\"max\":3}],\"events\":[{\"id\":\"pull\",\"at\":%zu,\"if\":\"!done(STEP-0)\","
        "\"announce\":\"Dispatch pulls you\",\"announce_at\":%zu,\"goto\":\"end-pulled\"}],"
        "\"start\":\"s0\",\"nodes\":[",
        4 * m < 1440 ? 4 * m : 1440, 3 * m < 1380 ? 3 * m : 1380);
    for (size_t i = 0; i < m; i++) {
        scene(&b, i, m);
    }
    strbuf_printf(&b, "{\"id\":\"final\",\"text\":\"Decide.\",\"choices\":["
                      "{\"id\":\"report\",\"label\":\"Report\",\"if\":\"done(STEP-1)\","
                      "\"goto\":\"end-good\"},"
                      "{\"id\":\"close\",\"label\":\"Close\",\"goto\":\"end-missed\"}]}");
    const char *ends[][2] = {{"end-good", "identified"},
                             {"end-missed", "missed"},
                             {"end-error", "missed"},
                             {"end-pulled", "partial"}};
    for (int i = 0; i < 4; i++) {
        strbuf_printf(&b,
                      ",{\"id\":\"%s\",\"text\":\"The end.\",\"ending\":{\"outcome\":\"%s\","
                      "\"title\":\"End\",\"epilogue\":\"Synthetic.\"}}",
                      ends[i][0], ends[i][1]);
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

/* In a child process: load, analyse as beneath-paths does, print one line. */
static int analyse_one(size_t n, const char *dir)
{
    size_t len;
    char *text = bench_story(n, &len);
    char path[512];
    snprintf(path, sizeof path, "%s/story-%zu.json", dir, n);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "beneath-bench: cannot write %s\n", path);
        free(text);
        return 1;
    }
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_parse(path, text, len, dl);
    free(text);
    if (!sc) {
        cli_print_diags(stderr, dl);
        diag_list_free(dl);
        return 1;
    }
    double t0 = now_ms();
    AnalyzeOptions ao = {.no_scoring_checks = true};
    Analysis *a = analyze_new(sc, &ao);
    double ms = now_ms() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%6zu scenes | analysis %9.1f ms | peak RSS %7.1f MB | %9zu states | %s\n", n, ms,
           ru.ru_maxrss / 1024.0, a->n_states,
           a->complete ? "complete" : "PARTIAL (state or memory bound)");
    fflush(stdout);
    analyze_free(a);
    scenario_free(sc);
    diag_list_free(dl);
    return 0;
}

int bench_analysis(const char *sizes, const char *dir)
{
    int rc = 0;
    printf("analysis (beneath-paths) of generated stories, files in %s:\n", dir);
    fflush(stdout); /* before fork, or each child prints it again */
    for (const char *p = sizes; *p;) {
        size_t n = strtoul(p, NULL, 10);
        pid_t pid = fork();
        if (pid == 0) {
            _exit(analyse_one(n < 10 ? 10 : n, dir));
        }
        int st = 0;
        waitpid(pid, &st, 0);
        rc |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return rc;
}
