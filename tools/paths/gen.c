/* beneath-paths-gen: writes a synthetic scenario for the beneath-paths
 * benchmark: LAYERS scenes in a row, each with four or five choices that
 * observe, act, take steps, commit an error or change trust, so the number
 * of distinct paths grows about 4^LAYERS while distinct states stay few.
 * The output is an ordinary scenario that beneath-lint accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: beneath-paths-gen [LAYERS] > bench.json\n"
    "Writes a synthetic scenario with LAYERS scenes in a row (default 20, at most\n"
    "60) and roughly 4^LAYERS distinct paths, for timing beneath-paths.\n";

static void print_items(void)
{
    printf("  \"indicators\": [\n");
    for (int i = 0; i < 4; i++) {
        printf("    {\"id\": \"IND-%d\", \"label\": \"Sign %d\", \"category\": \"Bench\", "
               "\"explain\": \"Synthetic indicator.\", \"weight\": %d}%s\n",
               i, i, 1 + i % 2, i < 3 ? "," : "");
    }
    printf("  ],\n  \"steps\": [\n");
    for (int i = 0; i < 3; i++) {
        printf("    {\"id\": \"STEP-%d\", \"label\": \"Step %d\", \"category\": \"Bench\", "
               "\"explain\": \"Synthetic step.\"}%s\n",
               i, i, i < 2 ? "," : "");
    }
    printf("  ],\n  \"errors\": [{\"id\": \"ERR-PUSH\", \"label\": \"Pushed too hard\", "
           "\"category\": \"Bench\", \"explain\": \"Synthetic error.\", \"penalty\": 10}],\n");
    printf("  \"order\": [{\"first\": \"STEP-0\", \"then\": [\"STEP-1\"], \"why\": \"Bench.\"}],\n");
}

static void print_layer(int k, int layers)
{
    const char *next_fmt = k + 1 < layers ? "s%d" : "final";
    char next[16];
    snprintf(next, sizeof next, next_fmt, k + 1);
    printf("    {\"id\": \"s%d\", \"text\": \"Layer %d of the call.\", \"choices\": [\n", k, k);
    printf("      {\"id\": \"ask\", \"label\": \"Ask\", \"act\": [\"IND-%d\"], \"add\": "
           "{\"trust\": 1}, \"minutes\": 2, \"goto\": \"%s\"},\n",
           k % 4, next);
    printf("      {\"id\": \"look\", \"label\": \"Look\", \"observe\": [\"IND-%d\"], "
           "\"minutes\": 1, \"goto\": \"%s\"},\n",
           (k + 1) % 4, next);
    printf("      {\"id\": \"note\", \"label\": \"Note it\", \"steps\": [\"STEP-%d\"], "
           "\"minutes\": 1, \"goto\": \"%s\"},\n",
           k % 3, next);
    printf("      {\"id\": \"push\", \"label\": \"Push\", \"errors\": [\"ERR-PUSH\"], \"add\": "
           "{\"trust\": -1}, \"goto\": \"%s\"}%s\n",
           next, k ? "," : "");
    if (k) { /* trust starts at 1: nobody can leave before the first push */
        printf("      {\"id\": \"leave\", \"label\": \"Leave\", \"if\": \"trust < 1\", "
               "\"goto\": \"end-left\"}\n");
    }
    printf("    ]},\n");
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-paths-gen", usage)) {
        return EXIT_CLEAN;
    }
    long layers = 20;
    if (argc > 2 || (argc == 2 && ((layers = strtol(argv[1], NULL, 10)) < 1 || layers > 60))) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    printf("{\n  \"format\": 1, \"id\": \"bench-%ld\", \"title\": \"Benchmark\", "
           "\"version\": \"1\", \"language\": \"en\",\n",
           layers);
    printf("  \"summary\": \"Synthetic scenario for timing beneath-paths.\", "
           "\"estimated_minutes\": 10, \"objectives\": [\"Time the analysis\"],\n");
    printf("  \"pass_mark\": 50, \"time_budget\": %ld,\n", layers + layers / 2);
    print_items();
    printf("  \"variables\": [{\"id\": \"trust\", \"type\": \"int\", \"initial\": 1, "
           "\"min\": 0, \"max\": 5}],\n");
    printf("  \"events\": [{\"id\": \"pull\", \"at\": %ld, \"if\": \"!done(STEP-0)\", "
           "\"goto\": \"end-pulled\"}],\n",
           layers + layers / 3);
    printf("  \"start\": \"s0\",\n  \"nodes\": [\n");
    for (int k = 0; k < layers; k++) {
        print_layer(k, (int)layers);
    }
    printf("    {\"id\": \"final\", \"text\": \"Time to decide.\", \"choices\": [\n"
           "      {\"id\": \"report\", \"label\": \"Report\", \"if\": \"trust >= 3\", \"goto\": "
           "\"end-good\"},\n"
           "      {\"id\": \"close\", \"label\": \"Close\", \"goto\": \"end-missed\"}\n    ]},\n");
    const char *ends[][2] = {{"end-good", "identified"},
                             {"end-missed", "missed"},
                             {"end-left", "missed"},
                             {"end-pulled", "partial"}};
    for (int i = 0; i < 4; i++) {
        printf("    {\"id\": \"%s\", \"text\": \"The end.\", \"ending\": {\"outcome\": \"%s\", "
               "\"title\": \"End\", \"epilogue\": \"Synthetic.\"}}%s\n",
               ends[i][0], ends[i][1], i < 3 ? "," : "");
    }
    printf("  ]\n}\n");
    return EXIT_CLEAN;
}
