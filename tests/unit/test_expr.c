/* test_expr.c: the condition language. Names resolve against
 * tests/data/mini.json (variables trust:int, helper:bool; IND-A, IND-B;
 * STEP-1, STEP-2; ERR-X, ERR-Y; scenes a, b, ...). Evaluation uses a fake
 * ExprEnv whose answers each test sets, and which counts its calls. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "helpers.h"

static Scenario *sc;
static Arena *arena;

typedef struct Fake {
    int vars[2];
    int clock;
    bool seen[2], acted[2], done[2], erred[2], visited[8];
    int calls;
} Fake;

static Fake fake;

static int f_var(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->vars[i];
}
static int f_clock(const void *c)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->clock;
}
static bool f_seen(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->seen[i];
}
static bool f_acted(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->acted[i];
}
static bool f_done(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->done[i];
}
static bool f_erred(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->erred[i];
}
static bool f_visited(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return ((const Fake *)c)->visited[i];
}

static bool f_fired(const void *c, size_t i)
{
    ((Fake *)c)->calls++;
    return i == 0 && ((const Fake *)c)->clock > 0;
}

static const ExprEnv env = {&fake,  f_var,   f_clock,   f_seen, f_acted,
                            f_done, f_erred, f_visited, f_fired};

static void setup(void)
{
    sc = t_load_clean(DATA_FILE("mini.json"));
    arena = arena_new();
    memset(&fake, 0, sizeof fake);
}

static void teardown(void)
{
    arena_free(arena);
    scenario_free(sc);
}

TestSuite(expr, .init = setup, .fini = teardown);

static Expr *parse(const char *src)
{
    char err[200] = "";
    int col = -1;
    Expr *e = expr_parse(src, sc, arena, &col, err, sizeof err);
    cr_assert_not_null(e, "\"%s\" did not parse: %s (column %d)", src, err, col);
    return e;
}

static bool holds(const char *src)
{
    return expr_holds(parse(src), &env);
}

/* Asserts that 'src' fails to parse with the error at 1-based column 'col'
 * and a message containing 'words'. Returns nothing; the message is checked
 * loosely because the lint golden files hold the exact text. */
static void fails_at(const char *src, int col, const char *words)
{
    char err[200] = "";
    int got = -1;
    Expr *e = expr_parse(src, sc, arena, &got, err, sizeof err);
    cr_assert_null(e, "\"%s\" parsed", src);
    cr_expect_eq(got, col, "\"%s\": error at column %d, expected %d (%s)", src, got, col, err);
    cr_expect_not_null(strstr(err, words), "\"%s\": message \"%s\" lacks \"%s\"", src, err, words);
}

/* A string of n copies of s followed by tail. Caller frees. */
static char *repeat(const char *s, int n, const char *head, const char *tail)
{
    size_t ls = strlen(s), lh = strlen(head), lt = strlen(tail);
    char *out = malloc(lh + ls * (size_t)n + lt + 1);
    memcpy(out, head, lh);
    for (int i = 0; i < n; i++) {
        memcpy(out + lh + ls * (size_t)i, s, ls);
    }
    memcpy(out + lh + ls * (size_t)n, tail, lt + 1);
    return out;
}

/* ---- parsing: values, types, precedence ------------------------------------------ */

Test(expr, parses_literals_variables_and_the_clock)
{
    cr_expect(holds("true"));
    cr_expect_not(holds("false"));
    fake.vars[0] = 3;
    cr_expect(holds("trust == 3"));
    fake.vars[1] = 1;
    cr_expect(holds("helper"));
    fake.clock = 7;
    cr_expect(holds("minutes >= 7"));
    cr_expect_not(holds("minutes > 7"));
}

Test(expr, gives_each_node_its_type)
{
    Expr *e = parse("trust + 1 > 2 && helper");
    cr_expect_eq(e->op, EXPR_AND);
    cr_expect(e->is_bool);
    cr_expect_eq(e->a->op, EXPR_GT);
    cr_expect(e->a->is_bool);
    cr_expect_eq(e->a->a->op, EXPR_ADD);
    cr_expect_not(e->a->a->is_bool);
    cr_expect_eq(e->a->a->a->op, EXPR_VAR);
    cr_expect_eq(e->a->a->a->index, t_var(sc, "trust"));
    cr_expect_eq(e->a->a->b->op, EXPR_INT);
    cr_expect_eq(e->a->a->b->value, 1);
    cr_expect_eq(e->b->op, EXPR_VAR);
    cr_expect(e->b->is_bool, "'helper' is a bool variable");
}

Test(expr, resolves_function_arguments_to_indexes)
{
    Expr *e = parse("seen(IND-B)");
    cr_expect_eq(e->op, EXPR_SEEN);
    cr_expect_eq(e->index, t_item(sc, ITEM_INDICATOR, "IND-B"));
    e = parse("acted(IND-A)");
    cr_expect_eq(e->op, EXPR_ACTED);
    e = parse("done(STEP-2)");
    cr_expect_eq(e->op, EXPR_DONE);
    cr_expect_eq(e->index, t_item(sc, ITEM_STEP, "STEP-2"));
    e = parse("erred(ERR-Y)");
    cr_expect_eq(e->op, EXPR_ERRED);
    cr_expect_eq(e->index, t_item(sc, ITEM_ERROR, "ERR-Y"));
    e = parse("visited(end-good)");
    cr_expect_eq(e->op, EXPR_VISITED);
    cr_expect_eq(e->index, t_node(sc, "end-good"));
    e = parse("seen ( IND-A )");
    cr_expect_eq(e->op, EXPR_SEEN, "spaces around the argument are allowed");
}

Test(expr, binds_multiplication_tighter_than_addition)
{
    cr_expect(holds("1 + 2 * 3 == 7"));
    cr_expect(holds("2 * 3 + 1 == 7"));
    cr_expect(holds("(1 + 2) * 3 == 9"));
    Expr *e = parse("1 + 2 * 3 > 0");
    cr_expect_eq(e->a->op, EXPR_ADD);
    cr_expect_eq(e->a->b->op, EXPR_MUL);
}

Test(expr, binds_unary_operators_tightest)
{
    cr_expect(holds("-2 * 3 == 0 - 6"));
    cr_expect(holds("-2 - 3 == 0 - 5"));
    cr_expect(holds("--4 == 4"));
    cr_expect(holds("1--1 == 2"));
    cr_expect_not(holds("!false && false"));
    cr_expect(holds("!(false && false)"));
    cr_expect(holds("!!true"));
}

Test(expr, binds_and_tighter_than_or)
{
    cr_expect(holds("true || false && false"));
    cr_expect_not(holds("(true || false) && false"));
    cr_expect(holds("false && false || true"));
    Expr *e = parse("true || false && false");
    cr_expect_eq(e->op, EXPR_OR);
    cr_expect_eq(e->b->op, EXPR_AND);
}

Test(expr, binds_comparisons_between_arithmetic_and_logic)
{
    fake.vars[0] = 2;
    cr_expect(holds("trust + 1 > 2 && trust * 2 == 4"));
    cr_expect(holds("(1 < 2) == true"));
}

Test(expr, associates_arithmetic_and_logic_to_the_left)
{
    cr_expect(holds("10 - 3 - 2 == 5"));
    cr_expect(holds("100 - 10 - 1 == 89"));
    cr_expect(holds("2 * 3 * 4 == 24"));
    Expr *e = parse("10 - 3 - 2 == 5");
    cr_expect_eq(e->a->op, EXPR_SUB);
    cr_expect_eq(e->a->a->op, EXPR_SUB, "(10 - 3) - 2");
    cr_expect_eq(e->a->b->op, EXPR_INT);
    e = parse("true && false && true");
    cr_expect_eq(e->a->op, EXPR_AND, "(true && false) && true");
}

Test(expr, compares_with_every_operator)
{
    fake.vars[0] = 3;
    cr_expect(holds("trust < 4"));
    cr_expect_not(holds("trust < 3"));
    cr_expect(holds("trust <= 3"));
    cr_expect_not(holds("trust <= 2"));
    cr_expect(holds("trust > 2"));
    cr_expect_not(holds("trust > 3"));
    cr_expect(holds("trust >= 3"));
    cr_expect_not(holds("trust >= 4"));
    cr_expect(holds("trust == 3"));
    cr_expect(holds("trust != 4"));
    cr_expect_not(holds("trust != 3"));
    cr_expect(holds("helper == false"));
    cr_expect(holds("helper != true"));
    cr_expect(holds("trust>2&&trust<=3"), "no spaces needed");
    cr_expect(holds("trust>-1"), "'>' then a negative number");
    cr_expect(holds("trust >= -1"));
}

Test(expr, accepts_tabs_and_newlines_as_space)
{
    fake.vars[0] = 1;
    cr_expect(holds("\ttrust\n>=\t1 "));
}

/* ---- parsing: every error, at its column ------------------------------------------ */

Test(expr, reports_unknown_names_at_the_name)
{
    fails_at("trsut >= 4", 1, "unknown variable \"trsut\"");
    fails_at("trust > 1 && nope", 14, "unknown variable \"nope\"");
    fails_at("saw(IND-A)", 1, "unknown function \"saw\"");
    fails_at("seen(IND-Q)", 6, "unknown indicator \"IND-Q\"");
    fails_at("acted(STEP-1)", 7, "unknown indicator \"STEP-1\"");
    fails_at("done(IND-A)", 6, "unknown step \"IND-A\"");
    fails_at("erred(ERR-Z)", 7, "unknown error \"ERR-Z\"");
    fails_at("visited(hall)", 9, "unknown scene \"hall\"");
    fails_at("true && minutes()", 9, "unknown function \"minutes\"");
}

Test(expr, reports_malformed_calls)
{
    fails_at("seen()", 6, "expects an id");
    fails_at("seen( )", 7, "expects an id");
    fails_at("acted(IND-A", 12, "expected ')'");
    fails_at("acted(IND-A IND-B)", 13, "expected ')'");
}

Test(expr, reports_type_errors_at_the_operator)
{
    fails_at("trust + true > 1", 7, "expects a number");
    fails_at("1 * helper > 0", 3, "expects a number");
    fails_at("helper < 1", 8, "expects a number");
    fails_at("!trust", 1, "'!' expects true/false");
    fails_at("-helper < 0", 1, "'-' expects a number");
    fails_at("helper == 1", 8, "compares values of different types");
    fails_at("1 != true", 3, "compares values of different types");
    fails_at("trust >= 1 && 3", 12, "expects true/false");
    fails_at("2 || true", 3, "expects true/false");
    fails_at("trust", 1, "must be true/false");
    fails_at("1 + 2", 1, "must be true/false");
}

Test(expr, reports_syntax_errors_where_they_occur)
{
    fails_at("trust = 3", 7, "use '=='");
    fails_at("helper & helper", 8, "use '&&' or '||'");
    fails_at("helper | helper", 8, "use '&&' or '||'");
    fails_at("trust > 1 trust", 11, "unexpected text");
    fails_at("1 < trust < 3", 11, "unexpected text");
    fails_at("true)", 5, "unexpected text");
    fails_at("trust >", 8, "ends too early");
    fails_at("", 1, "ends too early");
    fails_at("   ", 4, "ends too early");
    fails_at("trust > #", 9, "unexpected '#'");
    fails_at("(trust > 1", 11, "expected ')'");
    fails_at("()", 2, "unexpected ')'");
}

Test(expr, counts_columns_in_characters)
{
    /* "é" is two bytes but one column */
    fails_at("\xC3\xA9 > 1", 1, "unexpected");
    fails_at("true && (1 > 2) && \xC3\xA9", 20, "unexpected");
}

/* Regression (fixed; expr.c parse_primary): "unexpected '%s'" shows only the first byte of
 * a multi-byte character, so the message is not valid UTF-8 (and the linter
 * prints a broken character). */
Test(expr, quotes_whole_characters_in_messages)
{
    char err[200] = "";
    int col;
    cr_assert_null(expr_parse("\xC3\xA9 > 1", sc, arena, &col, err, sizeof err));
    cr_expect_not_null(strstr(err, "'\xC3\xA9'"), "message: %s", err);
}

/* ---- limits ------------------------------------------------------------------------ */

Test(expr, accepts_numbers_up_to_int_max)
{
    cr_expect(holds("2147483647 > 0"));
    fails_at("2147483648 > 0", 1, "too large");
    fails_at("trust > 99999999999999999999", 9, "too large");
}

Test(expr, accepts_nesting_48_deep_and_rejects_49)
{
    char *ok = repeat("(", EXPR_MAX_DEPTH, "", "true");
    char *okc = repeat(")", EXPR_MAX_DEPTH, ok, "");
    cr_expect(holds(okc));
    char *deep = repeat("(", EXPR_MAX_DEPTH + 1, "", "true");
    char *deepc = repeat(")", EXPR_MAX_DEPTH + 1, deep, "");
    fails_at(deepc, EXPR_MAX_DEPTH + 1, "nested too deeply");
    free(ok);
    free(okc);
    free(deep);
    free(deepc);
}

Test(expr, counts_unary_operators_towards_the_depth)
{
    char *nots = repeat("!", EXPR_MAX_DEPTH, "", "true");
    cr_expect(holds(nots));
    char *more = repeat("!", EXPR_MAX_DEPTH + 1, "", "true");
    fails_at(more, EXPR_MAX_DEPTH + 1, "nested too deeply");
    char *mixed = repeat("!(", EXPR_MAX_DEPTH / 2, "", "true");
    char *mixedc = repeat(")", EXPR_MAX_DEPTH / 2, mixed, "");
    cr_expect(holds(mixedc));
    char *negs = repeat("-", EXPR_MAX_DEPTH + 1, "", "1 > 0");
    fails_at(negs, EXPR_MAX_DEPTH + 1, "nested too deeply");
    free(nots);
    free(more);
    free(mixed);
    free(mixedc);
    free(negs);
}

Test(expr, accepts_400_parts_and_rejects_401)
{
    /* !(1+...+1 < 0) with 199 ones: 199 + 198 '+' + 0 + '<' + '!' = 400 nodes */
    char *ok = repeat("+1", 198, "!(1", " < 0)");
    cr_expect(holds(ok));
    /* 1+...+1 > 0 with 200 ones: 200 + 199 + 2 = 401 nodes */
    char *big = repeat("+1", 199, "1", " > 0");
    char err[200];
    int col;
    cr_expect_null(expr_parse(big, sc, arena, &col, err, sizeof err), "401 parts parsed");
    cr_expect_not_null(strstr(err, "too long"), "%s", err);
    free(ok);
    free(big);
}

Test(expr, accepts_2000_characters_and_rejects_2001)
{
    char *ok = repeat(" ", 1996, "true", "");
    cr_assert_eq(strlen(ok), 2000);
    cr_expect(holds(ok));
    char *big = repeat(" ", 1997, "true", "");
    fails_at(big, 1, "longer than 2000");
    free(ok);
    free(big);
}

/* ---- evaluation --------------------------------------------------------------------- */

Test(expr, evaluates_null_as_true)
{
    cr_expect_eq(expr_eval(NULL, &env), 1);
    cr_expect(expr_holds(NULL, &env));
}

Test(expr, saturates_instead_of_overflowing)
{
    cr_expect(holds("2147483647 + 1 == 2147483647"));
    cr_expect(holds("2147483647 + 1 - 1 == 2147483646"), "each operation saturates");
    cr_expect(holds("0 - 2147483647 - 2 == 0 - 2147483647 - 1"), "INT_MIN");
    cr_expect(holds("-(0 - 2147483647 - 1) == 2147483647"), "-INT_MIN saturates");
    cr_expect(holds("1000000 * 1000000 == 2147483647"));
    cr_expect(holds("0 - 1000000 * 1000000 == -2147483647"));
    cr_expect(holds("(0 - 1000000) * 1000000 < 0 - 2147483647"));
    Expr *e = parse("2147483647 * 2147483647 > 0");
    cr_expect_eq(expr_eval(e->a, &env), INT_MAX);
    e = parse("(0 - 2147483647) * 2147483647 > 0");
    cr_expect_eq(expr_eval(e->a, &env), INT_MIN);
}

Test(expr, evaluates_functions_through_the_environment)
{
    cr_expect_not(holds("seen(IND-A)"));
    fake.seen[t_item(sc, ITEM_INDICATOR, "IND-A")] = true;
    cr_expect(holds("seen(IND-A)"));
    cr_expect_not(holds("acted(IND-A)"));
    fake.acted[t_item(sc, ITEM_INDICATOR, "IND-A")] = true;
    cr_expect(holds("acted(IND-A)"));
    fake.done[t_item(sc, ITEM_STEP, "STEP-2")] = true;
    cr_expect(holds("done(STEP-2) && !done(STEP-1)"));
    fake.erred[t_item(sc, ITEM_ERROR, "ERR-Y")] = true;
    cr_expect(holds("erred(ERR-Y) && !erred(ERR-X)"));
    fake.visited[t_node(sc, "b2")] = true;
    cr_expect(holds("visited(b2) && !visited(b)"));
}

Test(expr, short_circuits_and_and_or)
{
    fake.calls = 0;
    cr_expect_not(holds("false && seen(IND-A)"));
    cr_expect_eq(fake.calls, 0);
    cr_expect(holds("true || seen(IND-A)"));
    cr_expect_eq(fake.calls, 0);
    cr_expect_not(holds("true && seen(IND-A)"));
    cr_expect_eq(fake.calls, 1);
}

Test(expr, evaluates_against_a_real_run)
{
    Run *r = run_new(sc);
    ExprEnv re = run_env(r);
    Expr *e = parse("seen(IND-A) && minutes == 1 && trust == 1 && visited(a) && !visited(b)");
    cr_expect_not(expr_holds(e, &re));
    t_play(r, "look");
    re = run_env(r);
    cr_expect(expr_holds(e, &re));
    t_play(r, "one");
    re = run_env(r);
    cr_expect(expr_holds(parse("done(STEP-1) && trust == 3 && visited(b) && minutes == 3"), &re));
    run_free(r);
}
