/* checks.c: the authoring checks of checks.h. Each walks the loaded model
 * (or, for scaffold text, the source) once; positions come from JSON paths
 * through jsonpos, only when a finding is made. */
#include "checks.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "jsonpos.h"

typedef struct Checker {
    const Scenario *sc;
    const char *text;
    size_t len;
    DiagList *dl;
    JsonPosCache cache;
} Checker;

static void add_at(Checker *C, DiagLevel level, DiagCode code, const char *path, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void add_at(Checker *C, DiagLevel level, DiagCode code, const char *path, const char *fmt,
                   ...)
{
    JsonSource src = {C->sc->file, C->text, C->len, &C->cache};
    va_list ap;
    va_start(ap, fmt);
    jsonpos_vdiag(&src, C->dl, level, code, path, fmt, ap);
    va_end(ap);
}

/* ---- scaffold text ---------------------------------------------------- */

/* The beneath-new scaffold marks every text to replace with "TODO". One
 * finding for the first, counting the rest (one cause: the scaffold is
 * not finished), so the list of real problems stays readable. */
static void check_todo(Checker *C)
{
    if (!C->text) {
        return;
    }
    const char *t = C->text;
    size_t first = (size_t)-1, n = 0;
    bool in_str = false;
    size_t start = 0;
    for (size_t i = 0; i < C->len; i++) {
        if (!in_str) {
            if (t[i] == '"') {
                in_str = true;
                start = i;
            }
            continue;
        }
        if (t[i] == '\\') {
            i++;
        } else if (t[i] == '"') {
            in_str = false;
            size_t j = i + 1;
            while (j < C->len && strchr(" \t\r\n", t[j])) {
                j++;
            }
            bool is_key = j < C->len && t[j] == ':';
            if (!is_key && i - start > 4) {
                const char *hit = NULL;
                for (size_t k = start + 1; k + 4 <= i && !hit; k++) {
                    hit = memcmp(t + k, "TODO", 4) == 0 ? t + k : NULL;
                }
                if (hit) {
                    first = first == (size_t)-1 ? (size_t)(hit - t) : first;
                    n++;
                }
            }
        }
    }
    if (!n) {
        return;
    }
    int line = 0, col = 0;
    jsonpos_line_col(C->text, C->len, first, &line, &col, &C->cache);
    diag_add(C->dl, DIAG_WARNING, DIAG_TODO_LEFT, C->sc->file, line, col, NULL,
             "%zu text%s still hold%s the scaffold's \"TODO\"%s: write the scenario's own text "
             "(and replace any TODO ids) before it is played",
             n, n == 1 ? "" : "s", n == 1 ? "s" : "", n > 1 ? " (this is the first)" : "");
}

/* ---- labels ------------------------------------------------------------- */

static bool is_blank(const char *s)
{
    for (; s && *s; s++) {
        if (!isspace((unsigned char)*s)) {
            return false;
        }
    }
    return true;
}

/* Labels compare as the trainee reads them: case and surrounding spaces aside. */
static bool same_label(const char *a, const char *b)
{
    while (isspace((unsigned char)*a)) {
        a++;
    }
    while (isspace((unsigned char)*b)) {
        b++;
    }
    size_t na = strlen(a), nb = strlen(b);
    while (na && isspace((unsigned char)a[na - 1])) {
        na--;
    }
    while (nb && isspace((unsigned char)b[nb - 1])) {
        nb--;
    }
    if (na != nb) {
        return false;
    }
    for (size_t i = 0; i < na; i++) {
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) {
            return false;
        }
    }
    return true;
}

/* ---- can two conditions hold at once? ------------------------------------
 * Authors write "one or the other" as two choices with opposite conditions
 * ("minutes < 60" and "minutes >= 60"). To tell those from two options shown
 * together, both conditions are read as propositions over their atoms (a
 * comparison of a variable or the clock with a number, or any other
 * non-logical part), and every assignment of the atoms that is consistent
 * with the numbers is tried. */

#define SAT_MAX_ATOMS 14

typedef enum AtomKind { ATOM_OTHER, ATOM_GE, ATOM_EQ } AtomKind;

typedef struct Atom {
    AtomKind kind;
    const Expr *e; /* ATOM_OTHER: the part; else the variable or clock */
    long long k;   /* ATOM_GE: subject >= k; ATOM_EQ: subject == k */
} Atom;

typedef struct Sat {
    const Scenario *sc;
    Atom atoms[SAT_MAX_ATOMS];
    size_t n;
    bool overflow;
} Sat;

/* Index of the atom (kind, e, k), added if new. */
static size_t sat_atom(Sat *S, AtomKind kind, const Expr *e, long long k)
{
    for (size_t i = 0; i < S->n; i++) {
        if (S->atoms[i].kind == kind && S->atoms[i].k == k && expr_equal(S->atoms[i].e, e)) {
            return i;
        }
    }
    if (S->n == SAT_MAX_ATOMS) {
        S->overflow = true;
        return 0;
    }
    S->atoms[S->n] = (Atom){kind, e, k};
    return S->n++;
}

static bool is_subject(const Expr *e)
{
    return e && (e->op == EXPR_CLOCK || (e->op == EXPR_VAR && !e->is_bool));
}

/* Evaluates 'e' under the assignment 'bits' of atoms, adding atoms as met
 * (when 'bits' is NULL only atoms are collected). */
static bool sat_eval(Sat *S, const Expr *e, const bool *bits)
{
    if (!e) {
        return true;
    }
    bool left, right; /* both sides always, so collecting meets every atom */
    switch (e->op) {
    case EXPR_AND:
        left = sat_eval(S, e->a, bits);
        right = sat_eval(S, e->b, bits);
        return left && right;
    case EXPR_OR:
        left = sat_eval(S, e->a, bits);
        right = sat_eval(S, e->b, bits);
        return left || right;
    case EXPR_NOT:
        return !sat_eval(S, e->a, bits);
    case EXPR_INT:
        return e->value != 0;
    default:
        break;
    }
    const Expr *x = e->a, *c = e->b;
    ExprOp op = e->op;
    if (e->b && is_subject(e->b) && e->a->op == EXPR_INT) { /* 5 < x is x > 5 */
        x = e->b;
        c = e->a;
        op = op == EXPR_LT   ? EXPR_GT
             : op == EXPR_LE ? EXPR_GE
             : op == EXPR_GT ? EXPR_LT
             : op == EXPR_GE ? EXPR_LE
                             : op;
    }
    size_t i;
    bool neg = false;
    if (is_subject(x) && c && c->op == EXPR_INT && op >= EXPR_LT && op <= EXPR_NE) {
        long long k = c->value;
        switch (op) {
        case EXPR_LT: /* x < k: not x >= k */
            i = sat_atom(S, ATOM_GE, x, k);
            neg = true;
            break;
        case EXPR_LE:
            i = sat_atom(S, ATOM_GE, x, k + 1);
            neg = true;
            break;
        case EXPR_GT:
            i = sat_atom(S, ATOM_GE, x, k + 1);
            break;
        case EXPR_GE:
            i = sat_atom(S, ATOM_GE, x, k);
            break;
        case EXPR_EQ:
            i = sat_atom(S, ATOM_EQ, x, k);
            break;
        default: /* EXPR_NE */
            i = sat_atom(S, ATOM_EQ, x, k);
            neg = true;
            break;
        }
    } else {
        i = sat_atom(S, ATOM_OTHER, e, 0);
    }
    return bits ? bits[i] != neg : false;
}

/* The range a subject can take: a variable's declared one; the clock's. */
static void subject_range(const Sat *S, const Expr *x, long long *lo, long long *hi)
{
    *lo = x->op == EXPR_VAR ? S->sc->vars[x->index].min : 0;
    *hi = x->op == EXPR_VAR ? S->sc->vars[x->index].max : INT_MAX;
}

/* Is there a value of every subject that gives its atoms these truths? */
static bool sat_consistent(const Sat *S, const bool *bits)
{
    for (size_t i = 0; i < S->n; i++) {
        const Atom *a = &S->atoms[i];
        if (a->kind == ATOM_OTHER) {
            continue;
        }
        long long lo, hi; /* the subject's values left, from all its atoms */
        subject_range(S, a->e, &lo, &hi);
        long long eq = LLONG_MIN;
        for (size_t j = 0; j < S->n; j++) {
            const Atom *b = &S->atoms[j];
            if (b->kind == ATOM_OTHER || !expr_equal(a->e, b->e)) {
                continue;
            }
            if (b->kind == ATOM_GE && bits[j]) {
                lo = b->k > lo ? b->k : lo;
            } else if (b->kind == ATOM_GE) {
                hi = b->k - 1 < hi ? b->k - 1 : hi;
            } else if (bits[j]) {
                if (eq != LLONG_MIN && eq != b->k) {
                    return false;
                }
                eq = b->k;
            }
        }
        if (eq != LLONG_MIN) {
            lo = eq > lo ? eq : lo;
            hi = eq < hi ? eq : hi;
        }
        if (lo > hi) {
            return false;
        }
        /* the values left must avoid every "== k" that is false */
        long long v = lo;
        for (size_t j = 0; j < S->n && v <= hi; j++) {
            const Atom *b = &S->atoms[j];
            if (b->kind == ATOM_EQ && !bits[j] && b->k == v && expr_equal(a->e, b->e)) {
                v++;
                j = (size_t)-1; /* look again for the new value */
            }
        }
        if (v > hi) {
            return false;
        }
    }
    return true;
}

/* Can 'a' and 'b' hold at the same time? 1 yes, 0 no, -1 unknown (too
 * many atoms to try: the caller then says nothing). Variables and the clock
 * are taken as free within their ranges, so "yes" may be a state no play
 * reaches; the warning says to reword or give opposite conditions. */
static int can_hold_together(const Scenario *sc, const Expr *a, const Expr *b)
{
    Sat S = {.sc = sc};
    sat_eval(&S, a, NULL);
    sat_eval(&S, b, NULL);
    if (S.overflow) {
        return -1; /* unknown */
    }
    bool bits[SAT_MAX_ATOMS] = {0};
    for (unsigned long m = 0; m < (1ul << S.n); m++) {
        for (size_t i = 0; i < S.n; i++) {
            bits[i] = (m >> i) & 1;
        }
        if (sat_consistent(&S, bits) && sat_eval(&S, a, bits) && sat_eval(&S, b, bits)) {
            return 1;
        }
    }
    return 0;
}

typedef struct Labelled {
    const char *label, *id, *kind; /* kind: "choices" or "details" */
    size_t index;
    const Expr *cond;
} Labelled;

static void check_scene_labels(Checker *C, size_t n)
{
    const Node *nd = &C->sc->nodes[n];
    char path[96];
    Labelled all[64];
    size_t m = 0;
    for (size_t i = 0; i < nd->n_choices && m < 64; i++) {
        const Choice *c = &nd->choices[i];
        all[m++] = (Labelled){c->label, c->id, "choices", i, c->cond};
    }
    for (size_t i = 0; i < nd->n_details && m < 64; i++) {
        const Detail *d = &nd->details[i];
        all[m++] = (Labelled){d->label, d->id, "details", i, d->cond};
    }
    for (size_t i = 0; i < m; i++) {
        snprintf(path, sizeof path, "/nodes/%zu/%s/%zu/label", n, all[i].kind, all[i].index);
        if (is_blank(all[i].label)) {
            add_at(C, DIAG_ERROR, DIAG_BLANK_LABEL, path,
                   "\"%s\" has a blank label: the trainee would see an empty option", all[i].id);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (same_label(all[i].label, all[j].label) &&
                can_hold_together(C->sc, all[i].cond, all[j].cond) == 1) {
                add_at(C, DIAG_WARNING, DIAG_DUPLICATE_LABEL, path,
                       "\"%s\" and \"%s\" are both labeled \"%s\" in scene \"%s\": the trainee "
                       "cannot tell them apart; reword one, or give them opposite conditions",
                       all[j].id, all[i].id, all[i].label, nd->id);
                break;
            }
        }
    }
}

/* ---- variants that can never be shown ------------------------------------ */

typedef struct Span {
    long long lo, hi;
} Span;

static long long clampll(long long v)
{
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v;
}

static Span span(long long lo, long long hi)
{
    Span s = {lo, hi};
    return s;
}

/* What a condition can be, knowing only the declared ranges of variables:
 * a sound over-estimate (lo >= 1 means it always holds). */
static Span eval_span(const Scenario *sc, const Expr *e)
{
    if (!e) {
        return span(1, 1);
    }
    Span a, b;
    switch (e->op) {
    case EXPR_INT:
        return span(e->value, e->value);
    case EXPR_VAR:
        return span(sc->vars[e->index].min, sc->vars[e->index].max);
    case EXPR_CLOCK:
        return span(0, INT_MAX);
    case EXPR_NOT:
        a = eval_span(sc, e->a);
        return span(1 - a.hi, 1 - a.lo);
    case EXPR_NEG:
        a = eval_span(sc, e->a);
        return span(clampll(-a.hi), clampll(-a.lo));
    case EXPR_AND:
        a = eval_span(sc, e->a);
        b = eval_span(sc, e->b);
        return span(a.lo && b.lo, a.hi && b.hi);
    case EXPR_OR:
        a = eval_span(sc, e->a);
        b = eval_span(sc, e->b);
        return span(a.lo || b.lo, a.hi || b.hi);
    case EXPR_ADD:
    case EXPR_SUB:
    case EXPR_MUL:
    case EXPR_LT:
    case EXPR_LE:
    case EXPR_GT:
    case EXPR_GE:
    case EXPR_EQ:
    case EXPR_NE:
        break;
    default: /* seen, acted, done, erred, visited, fired */
        return span(0, 1);
    }
    a = eval_span(sc, e->a);
    b = eval_span(sc, e->b);
    switch (e->op) {
    case EXPR_ADD:
        return span(clampll(a.lo + b.lo), clampll(a.hi + b.hi));
    case EXPR_SUB:
        return span(clampll(a.lo - b.hi), clampll(a.hi - b.lo));
    case EXPR_MUL: {
        long long c[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
        Span r = span(clampll(c[0]), clampll(c[0]));
        for (int i = 1; i < 4; i++) {
            r.lo = clampll(c[i]) < r.lo ? clampll(c[i]) : r.lo;
            r.hi = clampll(c[i]) > r.hi ? clampll(c[i]) : r.hi;
        }
        return r;
    }
    case EXPR_LT:
        return a.hi < b.lo ? span(1, 1) : a.lo >= b.hi ? span(0, 0) : span(0, 1);
    case EXPR_LE:
        return a.hi <= b.lo ? span(1, 1) : a.lo > b.hi ? span(0, 0) : span(0, 1);
    case EXPR_GT:
        return b.hi < a.lo ? span(1, 1) : b.lo >= a.hi ? span(0, 0) : span(0, 1);
    case EXPR_GE:
        return b.hi <= a.lo ? span(1, 1) : b.lo > a.hi ? span(0, 0) : span(0, 1);
    case EXPR_EQ:
        return (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo) ? span(1, 1)
               : (a.hi < b.lo || b.hi < a.lo)                 ? span(0, 0)
                                                              : span(0, 1);
    default: /* EXPR_NE */
        return (a.lo == a.hi && b.lo == b.hi && a.lo == b.lo) ? span(0, 0)
               : (a.hi < b.lo || b.hi < a.lo)                 ? span(1, 1)
                                                              : span(0, 1);
    }
}

static bool always_true(const Scenario *sc, const Expr *e)
{
    return eval_span(sc, e).lo >= 1;
}

/* Variant 'i' of a list is never used if an earlier one always holds or has
 * the same condition (the first that holds wins). Returns the index that
 * hides it, or (size_t)-1. */
static size_t hidden_by(const Scenario *sc, const Expr *const *conds, size_t i)
{
    for (size_t k = 0; k < i; k++) {
        if (always_true(sc, conds[k]) || expr_equal(conds[k], conds[i])) {
            return k;
        }
    }
    return (size_t)-1;
}

static void check_variant_list(Checker *C, const char *base, const Expr *const *conds, size_t n,
                               const char *what, const char *own)
{
    char path[128];
    for (size_t i = 0; i < n; i++) {
        size_t k = hidden_by(C->sc, conds, i);
        snprintf(path, sizeof path, "%s/%zu/if", base, i);
        if (k != (size_t)-1) {
            add_at(C, DIAG_WARNING, DIAG_SHADOWED_VARIANT, path,
                   "this %s is never shown: %s %zu before it %s, and the first that holds wins",
                   what, what, k + 1,
                   always_true(C->sc, conds[k]) ? "always holds" : "has the same condition");
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (always_true(C->sc, conds[i]) && hidden_by(C->sc, conds, i) == (size_t)-1) {
            snprintf(path, sizeof path, "%s/%zu/if", base, i);
            add_at(C, DIAG_WARNING, DIAG_SHADOWED_VARIANT, path,
                   "this condition always holds, so the %s is never shown; remove the \"if\" "
                   "and make this the %s, or fix the condition",
                   own, own);
            break;
        }
    }
}

static void check_variants(Checker *C, size_t n)
{
    const Node *nd = &C->sc->nodes[n];
    const Expr *conds[64];
    char base[64];
    size_t m = nd->n_variants < 64 ? nd->n_variants : 64;
    for (size_t i = 0; i < m; i++) {
        conds[i] = nd->variants[i].cond;
    }
    snprintf(base, sizeof base, "/nodes/%zu/variants", n);
    check_variant_list(C, base, conds, m, "variant", "scene's own text");
    if (nd->is_ending) {
        m = nd->ending.n_variants < 64 ? nd->ending.n_variants : 64;
        for (size_t i = 0; i < m; i++) {
            conds[i] = nd->ending.variants[i].cond;
        }
        snprintf(base, sizeof base, "/nodes/%zu/ending/variants", n);
        check_variant_list(C, base, conds, m, "epilogue variant", "ending's own epilogue");
    }
}

/* ---- objectives -------------------------------------------------------- */

static void check_objectives(Checker *C)
{
    const Scenario *sc = C->sc;
    if (sc->n_objectives == 0) {
        add_at(C, DIAG_WARNING, DIAG_EMPTY_OBJECTIVES, "/objectives",
               "no learning objectives: the title screen and the debrief show them; write what "
               "the trainee should learn");
        return;
    }
    char path[48];
    for (size_t i = 0; i < sc->n_objectives; i++) {
        if (is_blank(sc->objectives[i])) {
            snprintf(path, sizeof path, "/objectives/%zu", i);
            add_at(C, DIAG_WARNING, DIAG_EMPTY_OBJECTIVES, path,
                   "objective %zu is blank: write it, or remove it", i + 1);
        }
    }
}

void checks_run(const Scenario *sc, const char *text, size_t len, DiagList *dl)
{
    Checker C = {.sc = sc, .text = text, .len = len, .dl = dl};
    check_todo(&C);
    check_objectives(&C);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        check_scene_labels(&C, n);
        check_variants(&C, n);
    }
}
