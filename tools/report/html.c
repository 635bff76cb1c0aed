/* html.c: the class report and the completion record: each one
 * self-contained HTML page (inline CSS and SVG; no script, no network), that
 * prints cleanly. Every text from the records is escaped. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define TOP_N 10

void report_html_text(FILE *out, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*p, out);
        }
    }
}

static const char STYLE[] =
    "<style>\n"
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1b1f24;margin:2rem auto;"
    "max-width:60rem;padding:0 1rem;line-height:1.45}\n"
    "h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;"
    "border-bottom:2px solid #1f4e79;padding-bottom:.2rem;color:#1f4e79}\n"
    ".meta{color:#555;font-size:.9rem}.note{color:#555;font-size:.85rem}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #c8ccd0;"
    "padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eef2f6}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".pass{color:#0b6b2b;font-weight:bold}.fail{color:#9b1c1c}\n"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:12px;fill:#1b1f24}\n"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:"
    "avoid}}\n"
    "</style>\n";

static void page_start(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n<title>",
          out);
    report_html_text(out, title);
    fputs("</title>\n", out);
    fputs(STYLE, out);
    fputs("</head>\n<body>\n", out);
}

/* ---- counting ------------------------------------------------------------ */

typedef struct Tally {
    const char *key, *file; /* id (or scenario id), and a scenario file for labels */
    const char *title;
    size_t count, total;
} Tally;

typedef struct Tallies {
    Tally *t;
    size_t n, cap;
} Tallies;

static Tally *tally_get(Tallies *ts, const char *key, const char *file)
{
    for (size_t i = 0; i < ts->n; i++) {
        if (strcmp(ts->t[i].key, key) == 0) {
            return &ts->t[i];
        }
    }
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 16;
        ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
    }
    ts->t[ts->n] = (Tally){key, file, key, 0, 0};
    return &ts->t[ts->n++];
}

static int by_count_desc(const void *x, const void *y)
{
    const Tally *a = x, *b = y;
    if (a->count != b->count) {
        return a->count < b->count ? 1 : -1;
    }
    return strcmp(a->key, b->key);
}

static void tally_ids(Tallies *ts, const char **ids, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        tally_get(ts, ids[i], file)->count++;
    }
}

/* ---- charts -------------------------------------------------------------- */

/* A horizontal bar chart: one bar per row, value/max of the width, with the
 * label on the left and the figure on the right. */
static void bar_chart(FILE *out, const char *aria, const Tally *rows, size_t n, bool percent,
                      const char *color)
{
    const int row_h = 26, label_w = 330, bar_w = 360, w = label_w + bar_w + 90;
    size_t max = 1;
    for (size_t i = 0; i < n; i++) {
        size_t v = percent ? 100 : rows[i].count;
        max = v > max ? v : max;
    }
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%%\" "
            "style=\"max-width:%dpx\" viewBox=\"0 0 %d %zu\" aria-label=\"",
            w, w, n * row_h + 8);
    report_html_text(out, aria);
    fputs("\">\n", out);
    for (size_t i = 0; i < n; i++) {
        size_t y = i * row_h + 4;
        size_t v = percent && rows[i].total ? rows[i].count * 100 / rows[i].total : rows[i].count;
        size_t len = v * (size_t)bar_w / (percent ? 100 : max);
        fputs("<text x=\"0\" y=\"", out);
        fprintf(out, "%zu\">", y + 17);
        char label[64];
        snprintf(label, sizeof label, "%s", rows[i].title);
        if (strlen(rows[i].title) > 46) {
            /* shorten on a character boundary; the table below has the full text */
            size_t cut = 44;
            while (cut > 0 && ((unsigned char)rows[i].title[cut] & 0xC0) == 0x80) {
                cut--;
            }
            snprintf(label, sizeof label, "%.*s\xE2\x80\xA6", (int)cut, rows[i].title);
        }
        report_html_text(out, label);
        fprintf(out,
                "</text><rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"18\" fill=\"#e6e9ed\"/>"
                "<rect x=\"%d\" y=\"%zu\" width=\"%zu\" height=\"18\" fill=\"%s\"/>",
                label_w, y + 3, bar_w, label_w, y + 3, len, color);
        if (percent) {
            fprintf(out, "<text x=\"%d\" y=\"%zu\">%zu%% (%zu/%zu)</text>\n", label_w + bar_w + 6,
                    y + 17, v, rows[i].count, rows[i].total);
        } else {
            fprintf(out, "<text x=\"%d\" y=\"%zu\">%zu</text>\n", label_w + bar_w + 6, y + 17, v);
        }
    }
    fputs("</svg>\n", out);
}

/* A small line of one trainee's scores over their attempts at a scenario. */
static void sparkline(FILE *out, ReportAttempt **p, size_t n)
{
    const int w = 120, h = 28;
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
            "aria-label=\"scores over %zu attempts\"><polyline fill=\"none\" stroke=\"#1f4e79\" "
            "stroke-width=\"2\" points=\"",
            w, h, n);
    for (size_t i = 0; i < n; i++) {
        int x = n > 1 ? (int)(i * (size_t)(w - 8) / (n - 1)) + 4 : w / 2;
        int y = h - 4 - p[i]->score * (h - 8) / 100;
        fprintf(out, "%s%d,%d", i ? " " : "", x, y);
    }
    fputs("\"/>", out);
    for (size_t i = 0; i < n; i++) {
        int x = n > 1 ? (int)(i * (size_t)(w - 8) / (n - 1)) + 4 : w / 2;
        int y = h - 4 - p[i]->score * (h - 8) / 100;
        fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>", x, y,
                p[i]->passed ? "#0b6b2b" : "#9b1c1c");
    }
    fputs("</svg>", out);
}

/* ---- the class report ---------------------------------------------------- */

static void heading_block(Report *r, FILE *out)
{
    fputs("<h1>Beneath the Surface: class report</h1>\n<p class=\"meta\">", out);
    if (r->filter.klass) {
        fputs("Class ", out);
        report_html_text(out, r->filter.klass);
        fputs(" \xC2\xB7 ", out);
    }
    if (r->filter.scenario) {
        fputs("Scenario ", out);
        report_html_text(out, r->filter.scenario);
        fputs(" \xC2\xB7 ", out);
    }
    if (r->filter.trainee) {
        fputs("Trainee ", out);
        report_html_text(out, r->filter.trainee);
        fputs(" \xC2\xB7 ", out);
    }
    if (r->since_text) {
        fputs("Since ", out);
        report_html_text(out, r->since_text);
        fputs(" \xC2\xB7 ", out);
    }
    char now[32];
    records_format_time(r->generated_ms, now);
    size_t trainees = 0;
    ReportAttempt **p = report_sorted(r);
    for (size_t i = 0; i < r->n; i++) {
        trainees += i == 0 || strcmp(p[i]->who, p[i - 1]->who) != 0;
    }
    free(p);
    fprintf(out, "%zu completed attempts by %zu trainees \xC2\xB7 generated %.10s %.5s UTC</p>\n",
            r->n, trainees, now, now + 11);
}

static void pass_rates(Report *r, FILE *out)
{
    Tallies ts = {0};
    for (size_t i = 0; i < r->n; i++) {
        Tally *t = tally_get(&ts, r->a[i].scenario_id, r->a[i].scenario_file);
        t->title = r->a[i].scenario_title;
        t->total++;
        t->count += r->a[i].passed;
    }
    fputs("<h2>Pass rate per scenario</h2>\n", out);
    if (ts.n == 0) {
        fputs("<p>No completed attempts match.</p>\n", out);
    } else {
        bar_chart(out, "Pass rate per scenario", ts.t, ts.n, true, "#1f4e79");
        fputs("<p class=\"note\">Share of completed attempts that passed.</p>\n", out);
    }
    free(ts.t);
}

/* One chart and table of the ids most often in 'which' list. */
static void top_items(Report *r, FILE *out, const char *title, const char *note, int which,
                      const char *color)
{
    Tallies ts = {0};
    for (size_t i = 0; i < r->n; i++) {
        const ReportAttempt *a = &r->a[i];
        if (which == 0) {
            tally_ids(&ts, a->missed, a->n_missed, a->scenario_file);
        } else if (which == 1) {
            tally_ids(&ts, a->seen_only, a->n_seen_only, a->scenario_file);
        } else {
            tally_ids(&ts, a->errors, a->n_errors, a->scenario_file);
        }
    }
    qsort(ts.t, ts.n, sizeof *ts.t, by_count_desc);
    size_t n = ts.n < TOP_N ? ts.n : TOP_N;
    for (size_t i = 0; i < n; i++) {
        ts.t[i].title = report_label(r, ts.t[i].file, ts.t[i].key);
    }
    fputs("<h2>", out);
    report_html_text(out, title);
    fputs("</h2>\n", out);
    if (n == 0) {
        fputs("<p>None in these attempts.</p>\n", out);
        free(ts.t);
        return;
    }
    bar_chart(out, title, ts.t, n, false, color);
    fputs("<table><tr><th>Id</th><th>What</th><th>Attempts</th></tr>\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs("<tr><td>", out);
        report_html_text(out, ts.t[i].key);
        fputs("</td><td>", out);
        report_html_text(out, ts.t[i].title);
        fprintf(out, "</td><td class=\"num\">%zu</td></tr>\n", ts.t[i].count);
    }
    fputs("</table>\n<p class=\"note\">", out);
    report_html_text(out, note);
    fputs("</p>\n", out);
    free(ts.t);
}

static void progress_table(Report *r, FILE *out)
{
    fputs("<h2>Each trainee's progress</h2>\n", out);
    if (r->n == 0) {
        fputs("<p>No completed attempts match.</p>\n", out);
        return;
    }
    fputs("<table><tr><th>Trainee</th><th>Class</th><th>Scenario</th><th>Attempts</th>"
          "<th>Best</th><th>Result</th><th>Scores</th><th>Last</th></tr>\n",
          out);
    ReportAttempt **p = report_sorted(r);
    for (size_t i = 0; i < r->n;) {
        size_t j = i;
        int best = 0;
        bool passed = false;
        while (j < r->n && strcmp(p[j]->who, p[i]->who) == 0 &&
               strcmp(p[j]->scenario_id, p[i]->scenario_id) == 0) {
            best = p[j]->score > best ? p[j]->score : best;
            passed |= p[j]->passed;
            j++;
        }
        fputs("<tr><td>", out);
        report_html_text(out, p[i]->who);
        fputs("</td><td>", out);
        report_html_text(out, p[j - 1]->klass);
        fputs("</td><td>", out);
        report_html_text(out, p[i]->scenario_title);
        fprintf(out,
                "</td><td class=\"num\">%zu</td><td class=\"num\">%d</td><td class=\"%s\">%s"
                "</td><td>",
                j - i, best, passed ? "pass" : "fail", passed ? "Passed" : "Not yet");
        sparkline(out, &p[i], j - i);
        fprintf(out, "</td><td>%.10s</td></tr>\n", p[j - 1]->finished_at);
        i = j;
    }
    fputs("</table>\n", out);
    free(p);
}

bool report_write_html(Report *r, FILE *out)
{
    page_start(out, "Beneath the Surface: class report");
    heading_block(r, out);
    pass_rates(r, out);
    top_items(r, out, "Indicators most often missed",
              "Never noticed in that many completed attempts.", 0, "#9b1c1c");
    top_items(r, out, "Indicators most often seen but not acted on",
              "Noticed, then walked past: the trainee saw it and did nothing about it.", 1,
              "#b7791f");
    top_items(r, out, "Most common critical errors", "Committed in that many completed attempts.",
              2, "#6b2b8a");
    progress_table(r, out);
    fputs("<p class=\"note\">From the Beneath the Surface training records. Only completed, "
          "graded attempts count; classroom sessions are not graded.</p>\n</body>\n</html>\n",
          out);
    return !ferror(out);
}

/* ---- the completion record ---------------------------------------------- */

bool report_write_certificate(Report *r, const char *trainee, FILE *out)
{
    page_start(out, "Completion record");
    fputs("<h1>Completion record</h1>\n<p style=\"font-size:1.3rem\"><strong>", out);
    report_html_text(out, trainee);
    fputs("</strong>", out);
    const char *klass = r->n ? r->a[r->n - 1].klass : "";
    if (*klass) {
        fputs(" \xC2\xB7 class ", out);
        report_html_text(out, klass);
    }
    fputs("</p>\n", out);
    long long total_ms = 0;
    size_t passed = 0;
    for (size_t i = 0; i < r->n; i++) {
        long long d = r->a[i].finished_ms - r->a[i].started_ms;
        total_ms += d > 0 ? d : 0;
    }
    fputs("<h2>Scenarios passed</h2>\n<table><tr><th>Scenario</th><th>Version</th>"
          "<th>Passed on</th><th>Best score</th><th>Attempts</th><th>Content hash</th></tr>\n",
          out);
    ReportAttempt **p = report_sorted(r);
    for (size_t i = 0; i < r->n;) {
        size_t j = i, first = (size_t)-1;
        int best = 0;
        for (; j < r->n && strcmp(p[j]->scenario_id, p[i]->scenario_id) == 0; j++) {
            if (p[j]->passed && first == (size_t)-1) {
                first = j;
            }
            best = p[j]->passed && p[j]->score > best ? p[j]->score : best;
        }
        if (first != (size_t)-1) {
            passed++;
            fputs("<tr><td>", out);
            report_html_text(out, p[first]->scenario_title);
            fputs("</td><td>", out);
            report_html_text(out, p[first]->scenario_version);
            fprintf(out,
                    "</td><td>%.10s</td><td class=\"num\">%d</td><td class=\"num\">%zu</td>"
                    "<td><code>%.12s</code></td></tr>\n",
                    p[first]->finished_at, best, j - i, p[first]->scenario_hash);
        }
        i = j;
    }
    free(p);
    if (passed == 0) {
        fputs("<tr><td colspan=\"6\">No scenario passed yet.</td></tr>\n", out);
    }
    fprintf(out,
            "</table>\n<p>%zu scenario%s passed in %zu completed attempt%s; total time in "
            "training %lld h %02lld min.</p>\n",
            passed, passed == 1 ? "" : "s", r->n, r->n == 1 ? "" : "s", total_ms / 3600000,
            total_ms / 60000 % 60);
    char now[32];
    records_format_time(r->generated_ms, now);
    fprintf(out,
            "<p class=\"note\">Issued %.10s from the Beneath the Surface training records. "
            "Each attempt is kept with every action, so it can be replayed and checked "
            "(<code>beneath-report --verify</code>).</p>\n"
            "<p style=\"margin-top:3rem\">Instructor: ______________________ &nbsp; Date: "
            "____________</p>\n</body>\n</html>\n",
            now);
    return !ferror(out);
}
