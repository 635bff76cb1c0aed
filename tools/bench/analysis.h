/* analysis.h: beneath-bench --analysis, the timing of the whole-scenario
 * analysis (beneath-paths) on generated scenarios of a given size. */
#ifndef BENEATH_BENCH_ANALYSIS_H
#define BENEATH_BENCH_ANALYSIS_H

#include <stddef.h>

/* A valid scenario of about n scenes shaped like an authored call; the
 * caller frees it. */
char *bench_story(size_t n, size_t *len);

/* Analyses one generated scenario per comma-separated size, each in a child
 * process, writing the files to 'dir' and a line per size to stdout.
 * Returns 0 if every size ran. */
int bench_analysis(const char *sizes, const char *dir);

#endif
