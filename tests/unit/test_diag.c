/* test_diag.c: the diagnostic list: storing, the 200 limit, sorting and the
 * printed GCC-style form; and every code has a row in scenarios/README.md. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(diag, stores_copies_of_what_it_is_given)
{
    DiagList *dl = diag_list_new();
    char file[] = "a.json", path[] = "/nodes/1";
    const Diag *d =
        diag_add(dl, DIAG_ERROR, DIAG_UNKNOWN_NODE, file, 3, 7, path, "no %s \"%d\"", "scene", 4);
    cr_assert_not_null(d);
    file[0] = path[1] = 'X';
    d = diag_at(dl, 0);
    cr_expect_str_eq(d->file, "a.json");
    cr_expect_str_eq(d->path, "/nodes/1");
    cr_expect_str_eq(d->msg, "no scene \"4\"");
    cr_expect_eq(d->line, 3);
    cr_expect_eq(d->col, 7);
    cr_expect_eq(d->code, DIAG_UNKNOWN_NODE);
    cr_expect_eq(diag_count(dl), 1);
    diag_list_free(dl);
    diag_list_free(NULL);
}

Test(diag, counts_errors_but_not_warnings)
{
    DiagList *dl = diag_list_new();
    diag_add(dl, DIAG_WARNING, DIAG_UNREACHABLE, "f", 1, 1, NULL, "w");
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", 1, 1, NULL, "e");
    diag_add(dl, DIAG_NOTE, DIAG_TYPE, "f", 1, 1, NULL, "n");
    cr_expect_eq(diag_count(dl), 3);
    cr_expect_eq(diag_error_count(dl), 1);
    cr_expect_eq(diag_error_count(NULL), 0);
    cr_expect_eq(diag_count(NULL), 0);
    diag_list_free(dl);
}

Test(diag, ignores_adds_to_no_list)
{
    cr_expect_null(diag_add(NULL, DIAG_ERROR, DIAG_TYPE, "f", 1, 1, NULL, "x"));
}

Test(diag, stops_at_the_limit_with_one_too_many_entry)
{
    DiagList *dl = diag_list_new();
    for (int i = 0; i < DIAG_LIMIT; i++) {
        cr_assert_not_null(diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", i + 1, 1, NULL, "%d", i));
    }
    cr_expect_null(diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", 1, 1, NULL, "one more"));
    cr_expect_null(diag_add(dl, DIAG_WARNING, DIAG_TYPE, "f", 1, 1, NULL, "and more"));
    cr_assert_eq(diag_count(dl), DIAG_LIMIT + 1);
    cr_expect_eq(diag_at(dl, DIAG_LIMIT)->code, DIAG_TOO_MANY);
    cr_expect_eq(diag_at(dl, DIAG_LIMIT)->level, DIAG_ERROR);
    cr_expect_str_eq(diag_at(dl, DIAG_LIMIT)->file, "f");
    DiagList *copy = diag_list_new();
    diag_list_append(copy, dl);
    cr_expect_eq(diag_count(copy), DIAG_LIMIT + 1, "appending a full list stops at the limit");
    diag_list_free(copy);
    diag_list_free(dl);
}

Test(diag, appends_every_entry_of_another_list)
{
    DiagList *a = diag_list_new(), *b = diag_list_new();
    diag_add(a, DIAG_ERROR, DIAG_TYPE, "a", 1, 2, "/x", "one");
    diag_add(b, DIAG_WARNING, DIAG_UNREACHABLE, "b", 3, 4, "/y", "two");
    diag_list_append(a, b);
    cr_assert_eq(diag_count(a), 2);
    const Diag *d = diag_at(a, 1);
    cr_expect_str_eq(d->file, "b");
    cr_expect_str_eq(d->path, "/y");
    cr_expect_str_eq(d->msg, "two");
    cr_expect_eq(d->level, DIAG_WARNING);
    cr_expect(d->line == 3 && d->col == 4);
    diag_list_append(a, NULL);
    cr_expect_eq(diag_count(a), 2);
    diag_list_free(a);
    diag_list_free(b);
}

Test(diag, sorts_by_file_line_and_column)
{
    DiagList *dl = diag_list_new();
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "b.json", 1, 1, NULL, "b1");
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "a.json", 9, 1, NULL, "a9");
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "a.json", 2, 8, NULL, "a2.8");
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "a.json", 2, 3, NULL, "a2.3");
    diag_list_sort(dl);
    static const char *const want[] = {"a2.3", "a2.8", "a9", "b1"};
    for (size_t i = 0; i < 4; i++) {
        cr_expect_str_eq(diag_at(dl, i)->msg, want[i]);
    }
    diag_list_free(dl);
}

/* Golden lint output depends on diagnostics at one place (e.g. several
 * missing fields at 1:1) keeping the order they were found in. */
Test(diag, sorting_keeps_the_order_of_diagnostics_at_one_place)
{
    DiagList *dl = diag_list_new();
    for (int i = 0; i < 150; i++) {
        diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", 1 + (i % 3 == 0), 1, NULL, "%03d", i);
    }
    diag_list_sort(dl);
    int last_line = 0, last = -1;
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        int n = atoi(d->msg);
        if (d->line == last_line) {
            cr_assert_gt(n, last, "%d sorted after %d at the same place", n, last);
        }
        last_line = d->line;
        last = n;
    }
    diag_list_free(dl);
}

Test(diag, sorts_the_too_many_entry_last_in_its_file)
{
    DiagList *dl = diag_list_new();
    for (int i = 0; i < DIAG_LIMIT; i++) {
        diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", DIAG_LIMIT - i, 1, NULL, "x");
    }
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, "f", 1, 1, NULL, "over the limit");
    diag_list_sort(dl);
    cr_expect_eq(diag_at(dl, DIAG_LIMIT)->code, DIAG_TOO_MANY);
    cr_expect_eq(diag_at(dl, 0)->line, 1);
    diag_list_free(dl);
}

Test(diag, formats_gcc_style_lines)
{
    char buf[512];
    DiagList *dl = diag_list_new();
    diag_add(dl, DIAG_ERROR, DIAG_UNKNOWN_NODE, "s.json", 41, 17, "/nodes/3/choices/1/goto",
             "no scene has the id \"exit_b\"");
    diag_add(dl, DIAG_WARNING, DIAG_UNREACHABLE, "s.json", 2, 0, "", "unreachable");
    diag_add(dl, DIAG_ERROR, DIAG_IO, "s.json", 0, 0, NULL, "cannot open: No such file");
    diag_add(dl, DIAG_ERROR, DIAG_TYPE, NULL, 1, 2, NULL, "x");
    cr_expect_str_eq(diag_format(diag_at(dl, 0), buf, sizeof buf),
                     "s.json:41:17: error: /nodes/3/choices/1/goto: no scene has the id "
                     "\"exit_b\" [unknown-node]");
    cr_expect_str_eq(diag_format(diag_at(dl, 1), buf, sizeof buf),
                     "s.json:2:1: warning: unreachable [unreachable]");
    cr_expect_str_eq(diag_format(diag_at(dl, 2), buf, sizeof buf),
                     "s.json: error: cannot open: No such file [io]");
    cr_expect_str_eq(diag_format(diag_at(dl, 3), buf, sizeof buf), "<input>:1:2: error: x [type]");
    diag_format(diag_at(dl, 0), buf, 10);
    cr_expect_str_eq(buf, "s.json:41", "truncates to the buffer");
    diag_list_free(dl);
}

Test(diag, names_every_code_once)
{
    for (int a = 0; a < DIAG_CODE_COUNT; a++) {
        const char *na = diag_code_name((DiagCode)a);
        cr_assert_not_null(na);
        cr_assert_neq(strlen(na), 0);
        for (int b = a + 1; b < DIAG_CODE_COUNT; b++) {
            cr_assert_str_neq(na, diag_code_name((DiagCode)b));
        }
    }
    cr_expect_str_eq(diag_code_name(DIAG_BAD_EXPR), "bad-expression");
    cr_expect_str_eq(diag_code_name(DIAG_CODE_COUNT), "?");
    cr_expect_str_eq(diag_level_name(DIAG_ERROR), "error");
    cr_expect_str_eq(diag_level_name(DIAG_WARNING), "warning");
    cr_expect_str_eq(diag_level_name(DIAG_NOTE), "note");
}

Test(diag, gives_a_file_to_diagnostics_without_one)
{
    DiagList *dl = diag_list_new();
    diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, NULL, 0, 0, NULL, "no file");
    diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, "a.json", 1, 1, NULL, "has one");
    diag_list_set_file(dl, "save.json");
    cr_expect_str_eq(diag_at(dl, 0)->file, "save.json");
    cr_expect_str_eq(diag_at(dl, 1)->file, "a.json");
    diag_list_free(dl);
}

/* ---- every code is documented for authors ----------------------------------------- */

/* True if a table row of 'text' (a line starting with '|') names `code`
 * in its first cell. */
static bool has_row(const char *text, const char *code)
{
    char want[80];
    snprintf(want, sizeof want, "`%s`", code);
    for (const char *line = text; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (line[0] != '|') {
            continue;
        }
        const char *end = strchr(line + 1, '|');
        const char *hit = strstr(line, want);
        if (end && hit && hit < end) {
            return true;
        }
    }
    return false;
}

Test(diag, every_code_has_a_row_in_the_scenario_readme)
{
    size_t len;
    char *text = t_slurp(SCENARIO_DIR "/README.md", &len);
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        const char *code = diag_code_name((DiagCode)c);
        cr_expect(has_row(text, code),
                  "scenarios/README.md has no table row for [%s]: add one saying what it means "
                  "and how to fix it",
                  code);
    }
    cr_expect_not(has_row(text, "no-such-code"), "the check can fail");
    free(text);
}

Test(diag, a_list_says_when_it_is_full)
{
    DiagList *dl = diag_list_new();
    cr_expect_not(diag_list_full(dl));
    for (int i = 0; i < DIAG_LIMIT; i++) {
        cr_expect_not(diag_list_full(dl), "after %d", i);
        diag_add(dl, DIAG_WARNING, DIAG_BAD_VALUE, "f", 1, 1, NULL, "w%d", i);
    }
    cr_expect(diag_list_full(dl), "at the limit nothing more is kept");
    cr_expect_null(diag_add(dl, DIAG_WARNING, DIAG_BAD_VALUE, "f", 1, 1, NULL, "dropped"));
    cr_expect(diag_list_full(dl));
    cr_expect(diag_list_full(NULL));
    diag_list_free(dl);
}
