/* report.h: what beneath-report's parts share: the finished attempts of the
 * report, copied out of the records database, and the writers. */
#ifndef BENEATH_REPORT_H
#define BENEATH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "records.h"

/* One finished graded attempt with its result's lists. Strings live in the
 * Report's arena. */
typedef struct ReportAttempt {
    long long id;
    const char *who, *klass, *scenario_id, *scenario_title, *scenario_version, *scenario_hash;
    const char *scenario_file, *started_at, *finished_at;
    long long started_ms, finished_ms;
    int score, minutes;
    bool passed;
    const char **seen_only, **missed, **acted, **errors; /* indicator/error ids */
    size_t n_seen_only, n_missed, n_acted, n_errors;
} ReportAttempt;

typedef struct Report {
    Arena *arena;
    ReportAttempt *a;
    size_t n, cap;
    RecordsFilter filter;
    const char *since_text; /* the --since as given, for headings */
    long long generated_ms;
    struct ReportScenarios *scenarios; /* loaded for labels, by file */
} Report;

/* Reads the finished graded attempts matching r->filter. False with err. */
bool report_collect(Records *db, Report *r, char *err, size_t err_size);
void report_free(Report *r);

/* A label for an indicator, step or error id, from the scenario file of an
 * attempt when it still loads; else the id. Borrowed until report_free. */
const char *report_label(Report *r, const char *scenario_file, const char *id);

/* Pointers to the attempts sorted by trainee, scenario, start; caller
 * frees the array with free(). */
ReportAttempt **report_sorted(const Report *r);

/* Writers; each returns false after printing why. */
bool report_write_csv(const Report *r, FILE *out);
bool report_write_html(Report *r, FILE *out);
bool report_write_certificate(Report *r, const char *trainee, FILE *out);

/* Writes s with HTML's five special characters escaped. */
void report_html_text(FILE *out, const char *s);

#endif
