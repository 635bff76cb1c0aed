/* csv.c: the gradebook, one row per trainee and scenario (RFC 4180; cells
 * that a spreadsheet would run as a formula are prefixed with '). */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int by_trainee_scenario(const void *x, const void *y)
{
    const ReportAttempt *a = *(const ReportAttempt *const *)x;
    const ReportAttempt *b = *(const ReportAttempt *const *)y;
    int c = strcmp(a->who, b->who);
    if (c == 0) {
        c = strcmp(a->scenario_id, b->scenario_id);
    }
    if (c == 0) {
        c = a->started_ms < b->started_ms ? -1 : a->started_ms > b->started_ms;
    }
    return c;
}

static void cell(FILE *out, const char *s, bool last)
{
    bool formula = s[0] && strchr("=+-@\t", s[0]) != NULL;
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote) {
        fputc('"', out);
        if (formula) {
            fputc('\'', out);
        }
        for (const char *p = s; *p; p++) {
            if (*p == '"') {
                fputc('"', out);
            }
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

ReportAttempt **report_sorted(const Report *r)
{
    ReportAttempt **p = xmalloc((r->n + 1) * sizeof *p);
    for (size_t i = 0; i < r->n; i++) {
        p[i] = &r->a[i];
    }
    qsort(p, r->n, sizeof *p, by_trainee_scenario);
    return p;
}

bool report_write_csv(const Report *r, FILE *out)
{
    static const char *const head[] = {"trainee",      "class",      "scenario", "title",
                                       "attempts",     "best score", "passed",   "first passed",
                                       "last attempt", "versions"};
    size_t nh = sizeof head / sizeof head[0];
    for (size_t i = 0; i < nh; i++) {
        cell(out, head[i], i + 1 == nh);
    }
    ReportAttempt **p = report_sorted(r);
    for (size_t i = 0; i < r->n;) {
        size_t j = i;
        int best = -1;
        const char *first_pass = "", *versions = p[i]->scenario_version;
        bool mixed = false;
        for (; j < r->n && strcmp(p[j]->who, p[i]->who) == 0 &&
               strcmp(p[j]->scenario_id, p[i]->scenario_id) == 0;
             j++) {
            best = p[j]->score > best ? p[j]->score : best;
            if (p[j]->passed && !*first_pass) {
                first_pass = p[j]->finished_at;
            }
            mixed |= strcmp(p[j]->scenario_version, versions) != 0;
        }
        char n[24], b[16], last[16], fp[16];
        snprintf(n, sizeof n, "%zu", j - i);
        snprintf(b, sizeof b, "%d", best);
        snprintf(last, sizeof last, "%.10s", p[j - 1]->finished_at);
        snprintf(fp, sizeof fp, "%.10s", first_pass);
        cell(out, p[i]->who, false);
        cell(out, p[j - 1]->klass, false);
        cell(out, p[i]->scenario_id, false);
        cell(out, p[i]->scenario_title, false);
        cell(out, n, false);
        cell(out, b, false);
        cell(out, *first_pass ? "yes" : "no", false);
        cell(out, fp, false);
        cell(out, last, false);
        cell(out, mixed ? "several" : versions, true);
        i = j;
    }
    free(p);
    return !ferror(out);
}
