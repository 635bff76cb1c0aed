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

/* A generator of a scenario of about n scenes; the caller frees it. */
typedef char *(*BenchGenerator)(size_t n, size_t *len);

/* A scenario of n scenes in a loop (with shortcuts) whose one ending no
 * choice leads to: every analysis runs to its bounds. Caller frees. */
char *bench_no_ending(size_t n, size_t *len);

/* beneath-bench --lint: times beneath-lint (beside this program) and, when
 * installed, ajv's schema check on the file 'gen' makes for each size and
 * on bench_no_ending(1000), 'repeat' runs each, a line per file. Returns 0
 * if every file could be written. */
int bench_lint(const char *sizes, const char *dir, int repeat, BenchGenerator gen);

#endif
