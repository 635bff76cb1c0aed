/* helpers.c: see helpers.h. Uses Criterion assertions, so it is only linked
 * into the test executables. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"

char *t_slurp(const char *path, size_t *len)
{
    DiagList *dl = diag_list_new();
    char *text = file_read_all(path, len, dl);
    cr_assert_not_null(text, "cannot read %s", path);
    diag_list_free(dl);
    return text;
}

static void print_diags(const DiagList *dl)
{
    char buf[1024];
    for (size_t i = 0; i < diag_count(dl); i++) {
        cr_log_error("%s", diag_format(diag_at(dl, i), buf, sizeof buf));
    }
}

Scenario *t_load_clean(const char *path)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(path, dl);
    if (diag_count(dl)) {
        print_diags(dl);
    }
    cr_assert_eq(diag_count(dl), 0, "%s: expected no diagnostics, got %zu", path, diag_count(dl));
    cr_assert_not_null(sc, "%s did not load", path);
    diag_list_free(dl);
    return sc;
}

Scenario *t_rules_lab, *t_deadline_lab;

void t_labs_load(void)
{
    t_rules_lab = t_load_clean(DATA_FILE("rules.json"));
    t_deadline_lab = t_load_clean(DATA_FILE("deadline.json"));
}

void t_labs_free(void)
{
    scenario_free(t_rules_lab);
    scenario_free(t_deadline_lab);
    t_rules_lab = t_deadline_lab = NULL;
}

Scenario *t_parse(const char *text, DiagList *dl)
{
    return scenario_parse(DATA_FILE("inline.json"), text, strlen(text), dl);
}

const Diag *t_find_diag(const DiagList *dl, DiagCode code)
{
    for (size_t i = 0; i < diag_count(dl); i++) {
        if (diag_at(dl, i)->code == code) {
            return diag_at(dl, i);
        }
    }
    return NULL;
}

size_t t_count_code(const DiagList *dl, DiagCode code)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_count(dl); i++) {
        n += diag_at(dl, i)->code == code;
    }
    return n;
}

void t_expect_only(const DiagList *dl, DiagCode code, int line, int col)
{
    if (diag_count(dl) != 1) {
        print_diags(dl);
    }
    cr_assert_eq(diag_count(dl), 1, "expected exactly one diagnostic, got %zu", diag_count(dl));
    t_expect_has(dl, code, line, col);
}

void t_expect_has(const DiagList *dl, DiagCode code, int line, int col)
{
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        if (d->code == code && d->line == line && d->col == col) {
            return;
        }
    }
    print_diags(dl);
    cr_assert_fail("no [%s] diagnostic at %d:%d", diag_code_name(code), line, col);
}

void t_line_col(const char *text, const char *p, int *line, int *col)
{
    int l = 1, c = 1;
    for (const char *q = text; q < p; q++) {
        if (*q == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)*q & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

void t_where(const char *text, const char *needle, int nth, int *line, int *col)
{
    const char *p = text;
    for (int k = 0; p && k <= nth; k++) {
        p = strstr(k ? p + 1 : p, needle);
    }
    cr_assert_not_null(p, "\"%s\" (occurrence %d) is not in the text", needle, nth);
    t_line_col(text, p, line, col);
}

void t_play(Run *r, const char *list)
{
    char tok[256];
    while (run_next_choice(&list, tok, sizeof tok)) {
        Option o;
        cr_assert(run_find_option(r, tok, &o), "no option \"%s\" in scene \"%s\"", tok,
                  run_node(r)->id);
        cr_assert(run_apply(r, &o), "option \"%s\" did not apply", tok);
    }
}

size_t t_node(const Scenario *sc, const char *id)
{
    size_t i = scenario_find_node(sc, id);
    cr_assert_neq(i, SCENARIO_NONE, "no scene \"%s\"", id);
    return i;
}

size_t t_item(const Scenario *sc, ItemKind kind, const char *id)
{
    size_t i = scenario_find_item(sc, kind, id);
    cr_assert_neq(i, SCENARIO_NONE, "no %s \"%s\"", item_kind_name(kind), id);
    return i;
}

size_t t_var(const Scenario *sc, const char *id)
{
    size_t i = scenario_find_var(sc, id);
    cr_assert_neq(i, SCENARIO_NONE, "no variable \"%s\"", id);
    return i;
}

size_t t_choice(const Run *r, const char *id)
{
    const Node *nd = run_node(r);
    for (size_t i = 0; i < nd->n_choices; i++) {
        if (strcmp(nd->choices[i].id, id) == 0) {
            return i;
        }
    }
    cr_assert_fail("no choice \"%s\" in scene \"%s\"", id, nd->id);
    return 0;
}

size_t t_detail(const Run *r, const char *id)
{
    const Node *nd = run_node(r);
    for (size_t i = 0; i < nd->n_details; i++) {
        if (strcmp(nd->details[i].id, id) == 0) {
            return i;
        }
    }
    cr_assert_fail("no detail \"%s\" in scene \"%s\"", id, nd->id);
    return 0;
}

unsigned char *t_state_key(const Run *r, size_t *len)
{
    *len = run_state_key(r, NULL, 0);
    unsigned char *buf = malloc(*len + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(run_state_key(r, buf, *len), *len);
    return buf;
}

bool t_same_state(const Run *a, const Run *b)
{
    size_t na, nb;
    unsigned char *ka = t_state_key(a, &na);
    unsigned char *kb = t_state_key(b, &nb);
    bool same = na == nb && memcmp(ka, kb, na) == 0;
    free(ka);
    free(kb);
    return same;
}

unsigned long long t_rand(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

char *t_option_ids(const Run *r)
{
    static char buf[2048];
    Option opts[64];
    size_t n = run_options(r, opts, 64);
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 64; i++) {
        strcat(buf, i ? "," : "");
        strncat(buf, opts[i].id, sizeof buf - strlen(buf) - 2);
    }
    return buf;
}
