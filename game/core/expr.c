/* expr.c: recursive-descent parser and evaluator for conditions.
 * Nesting depth and size are bounded at parse time, so neither parsing nor
 * evaluation can recurse without limit; names are resolved to indexes here. */
#include "expr.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

#define EXPR_MAX_LEN 2000
#define EXPR_MAX_NODES 400

typedef struct Parser {
    const char *src;
    size_t pos;
    const Scenario *sc;
    Arena *arena;
    int depth, nodes;
    bool failed;
    int err_col;
    char *err;
    size_t err_size;
} Parser;

static void fail(Parser *p, size_t at, const char *fmt, const char *arg)
{
    if (p->failed) {
        return;
    }
    p->failed = true;
    p->err_col = 1;
    for (size_t i = 0; i < at && p->src[i]; i++) {
        p->err_col += ((unsigned char)p->src[i] & 0xC0) != 0x80;
    }
    snprintf(p->err, p->err_size, fmt, arg ? arg : "");
}

static void skip_space(Parser *p)
{
    while (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' || p->src[p->pos] == '\n') {
        p->pos++;
    }
}

static bool accept(Parser *p, const char *tok)
{
    skip_space(p);
    size_t n = strlen(tok);
    if (strncmp(p->src + p->pos, tok, n) != 0) {
        return false;
    }
    /* do not read '<=' as '<' followed by '=' */
    if (n == 1 && strchr("<>!=", tok[0]) && p->src[p->pos + 1] == '=') {
        return false;
    }
    p->pos += n;
    return true;
}

Expr *expr_new(Arena *arena, ExprOp op, bool is_bool, Expr *a, Expr *b)
{
    Expr *e = arena_alloc(arena, sizeof *e);
    e->op = op;
    e->is_bool = is_bool;
    e->a = a;
    e->b = b;
    return e;
}

static Expr *node(Parser *p, ExprOp op, bool is_bool, Expr *a, Expr *b)
{
    if (++p->nodes > EXPR_MAX_NODES) {
        fail(p, p->pos, "condition is too long (more than %s parts)", "400");
        return NULL;
    }
    return expr_new(p->arena, op, is_bool, a, b);
}

static Expr *parse_or(Parser *p);

static const char *type_name(bool is_bool)
{
    return is_bool ? "true/false" : "a number";
}

static bool want_type(Parser *p, Expr *e, bool is_bool, size_t at, const char *what)
{
    if (!e || p->failed) {
        return false;
    }
    if (e->is_bool != is_bool) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s expects %s, got %s", what, type_name(is_bool),
                 type_name(e->is_bool));
        fail(p, at, "%s", msg);
        return false;
    }
    return true;
}

static bool is_name_char(char c, bool allow_dash)
{
    return isalnum((unsigned char)c) || c == '_' || (allow_dash && (c == '-' || c == '.'));
}

static Expr *parse_call(Parser *p, const char *fn, size_t fn_at)
{
    static const struct {
        const char *name;
        ExprOp op;
        int kind; /* ItemKind, -1 for nodes, -2 for events */
    } fns[] = {{"seen", EXPR_SEEN, ITEM_INDICATOR}, {"acted", EXPR_ACTED, ITEM_INDICATOR},
               {"done", EXPR_DONE, ITEM_STEP},      {"erred", EXPR_ERRED, ITEM_ERROR},
               {"visited", EXPR_VISITED, -1},       {"fired", EXPR_FIRED, -2}};
    size_t f = 0, nf = sizeof fns / sizeof fns[0];
    while (f < nf && strcmp(fns[f].name, fn) != 0) {
        f++;
    }
    if (f == nf) {
        fail(p, fn_at,
             "unknown function \"%s\" (expected seen, acted, done, erred, visited or fired)", fn);
        return NULL;
    }
    skip_space(p);
    size_t at = p->pos, n = 0;
    char arg[128];
    while (is_name_char(p->src[p->pos], true)) {
        if (n + 1 < sizeof arg) {
            arg[n++] = p->src[p->pos];
        }
        p->pos++;
    }
    arg[n] = '\0';
    if (n == 0) {
        fail(p, at, "%s() expects an id", fns[f].name);
        return NULL;
    }
    if (!accept(p, ")")) {
        fail(p, p->pos, "expected ')' after the id%s", "");
        return NULL;
    }
    size_t index;
    if (fns[f].kind == -2) {
        index = p->sc->event_index ? strmap_get(p->sc->event_index, arg) : (size_t)-1;
    } else if (fns[f].kind < 0) {
        index = strmap_get(p->sc->node_index, arg);
    } else {
        index = strmap_get(p->sc->item_index[fns[f].kind], arg);
    }
    if (index == (size_t)-1) {
        char msg[200];
        snprintf(msg, sizeof msg, "unknown %s \"%s\" in %s()",
                 fns[f].kind == -2 ? "event"
                 : fns[f].kind < 0 ? "scene"
                                   : item_kind_name((ItemKind)fns[f].kind),
                 arg, fns[f].name);
        fail(p, at, "%s", msg);
        return NULL;
    }
    Expr *e = node(p, fns[f].op, true, NULL, NULL);
    if (e) {
        e->index = index;
    }
    return e;
}

static Expr *parse_primary(Parser *p)
{
    skip_space(p);
    size_t at = p->pos;
    char c = p->src[p->pos];
    if (c == '(') {
        p->pos++;
        if (++p->depth > EXPR_MAX_DEPTH) {
            fail(p, at, "condition is nested too deeply%s", "");
            return NULL;
        }
        Expr *e = parse_or(p);
        p->depth--;
        if (!p->failed && !accept(p, ")")) {
            fail(p, p->pos, "expected ')'%s", "");
        }
        return p->failed ? NULL : e;
    }
    if (isdigit((unsigned char)c)) {
        long long v = 0;
        while (isdigit((unsigned char)p->src[p->pos])) {
            v = v * 10 + (p->src[p->pos++] - '0');
            if (v > INT_MAX) {
                fail(p, at, "number is too large%s", "");
                return NULL;
            }
        }
        Expr *e = node(p, EXPR_INT, false, NULL, NULL);
        if (e) {
            e->value = (int)v;
        }
        return e;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        char name[128];
        size_t n = 0;
        while (is_name_char(p->src[p->pos], false)) {
            if (n + 1 < sizeof name) {
                name[n++] = p->src[p->pos];
            }
            p->pos++;
        }
        name[n] = '\0';
        if (accept(p, "(")) {
            return parse_call(p, name, at);
        }
        if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
            Expr *e = node(p, EXPR_INT, true, NULL, NULL);
            if (e) {
                e->value = name[0] == 't';
            }
            return e;
        }
        if (strcmp(name, "minutes") == 0) {
            return node(p, EXPR_CLOCK, false, NULL, NULL);
        }
        size_t v = strmap_get(p->sc->var_index, name);
        if (v == (size_t)-1) {
            fail(p, at, "unknown variable \"%s\"", name);
            return NULL;
        }
        Expr *e = node(p, EXPR_VAR, p->sc->vars[v].type == VAR_BOOL, NULL, NULL);
        if (e) {
            e->index = v;
        }
        return e;
    }
    if (c == '\0') {
        fail(p, at, "condition ends too early: expected a value%s", "");
    } else {
        /* quote the whole character, not one byte of it */
        char tok[8] = {0};
        size_t n = 1;
        while (n < 4 && ((unsigned char)p->src[at + n] & 0xC0) == 0x80) {
            n++;
        }
        memcpy(tok, p->src + at, n);
        fail(p, at, "unexpected '%s': expected a number, name or '('", tok);
    }
    return NULL;
}

static Expr *parse_unary(Parser *p)
{
    skip_space(p);
    size_t at = p->pos;
    bool is_not = accept(p, "!");
    bool is_neg = !is_not && accept(p, "-");
    if (!is_not && !is_neg) {
        return parse_primary(p);
    }
    if (++p->depth > EXPR_MAX_DEPTH) {
        fail(p, at, "condition is nested too deeply%s", "");
        return NULL;
    }
    Expr *a = parse_unary(p);
    p->depth--;
    if (!want_type(p, a, is_not, at, is_not ? "'!'" : "'-'")) {
        return NULL;
    }
    return node(p, is_not ? EXPR_NOT : EXPR_NEG, is_not, a, NULL);
}

typedef struct OpInfo {
    const char *tok;
    ExprOp op;
} OpInfo;

/* Parses a left-associative chain of binary operators at one level. */
static Expr *parse_chain(Parser *p, Expr *(*sub)(Parser *), const OpInfo *ops, size_t n_ops,
                         bool operand_bool, bool result_bool, bool single)
{
    Expr *a = sub(p);
    while (a && !p->failed) {
        skip_space(p);
        size_t at = p->pos, k = 0;
        while (k < n_ops && !accept(p, ops[k].tok)) {
            k++;
        }
        if (k == n_ops) {
            break;
        }
        Expr *b = sub(p);
        if (!b) {
            return NULL;
        }
        char quoted[8]; /* operators are quoted in messages, as '!' and '-' are */
        snprintf(quoted, sizeof quoted, "'%s'", ops[k].tok);
        bool eq = ops[k].op == EXPR_EQ || ops[k].op == EXPR_NE;
        if (eq) {
            if (a->is_bool != b->is_bool) {
                fail(p, at, "'%s' compares values of different types", ops[k].tok);
                return NULL;
            }
        } else if (!want_type(p, a, operand_bool, at, quoted) ||
                   !want_type(p, b, operand_bool, at, quoted)) {
            return NULL;
        }
        a = node(p, ops[k].op, result_bool, a, b);
        if (single) {
            break;
        }
    }
    return p->failed ? NULL : a;
}

static Expr *parse_mul(Parser *p)
{
    static const OpInfo ops[] = {{"*", EXPR_MUL}};
    return parse_chain(p, parse_unary, ops, 1, false, false, false);
}

static Expr *parse_add(Parser *p)
{
    static const OpInfo ops[] = {{"+", EXPR_ADD}, {"-", EXPR_SUB}};
    return parse_chain(p, parse_mul, ops, 2, false, false, false);
}

static Expr *parse_cmp(Parser *p)
{
    static const OpInfo ops[] = {{"<=", EXPR_LE}, {">=", EXPR_GE}, {"==", EXPR_EQ},
                                 {"!=", EXPR_NE}, {"<", EXPR_LT},  {">", EXPR_GT}};
    return parse_chain(p, parse_add, ops, 6, false, true, true);
}

static Expr *parse_and(Parser *p)
{
    static const OpInfo ops[] = {{"&&", EXPR_AND}};
    return parse_chain(p, parse_cmp, ops, 1, true, true, false);
}

static Expr *parse_or(Parser *p)
{
    static const OpInfo ops[] = {{"||", EXPR_OR}};
    return parse_chain(p, parse_and, ops, 1, true, true, false);
}

Expr *expr_parse(const char *src, const Scenario *sc, Arena *arena, int *err_col, char *err,
                 size_t err_size)
{
    Parser p = {.src = src, .sc = sc, .arena = arena, .err = err, .err_size = err_size};
    if (strlen(src) > EXPR_MAX_LEN) {
        fail(&p, 0, "condition is longer than %s characters", "2000");
    }
    Expr *e = p.failed ? NULL : parse_or(&p);
    if (!p.failed) {
        skip_space(&p);
        if (p.src[p.pos] == '=') {
            fail(&p, p.pos, "unexpected '=': use '==' to compare%s", "");
        } else if (p.src[p.pos] == '&' || p.src[p.pos] == '|') {
            fail(&p, p.pos, "unexpected '%s': use '&&' or '||'", p.src[p.pos] == '&' ? "&" : "|");
        } else if (p.src[p.pos] != '\0') {
            fail(&p, p.pos, "unexpected text after the condition%s", "");
        } else if (e && !e->is_bool) {
            fail(&p, 0, "a condition must be true/false, got a number (compare it, e.g. x > 0)%s",
                 "");
        }
    }
    if (p.failed) {
        *err_col = p.err_col;
        return NULL;
    }
    return e;
}

static int clamp_ll(long long v)
{
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

int expr_eval(const Expr *e, const ExprEnv *env)
{
    if (!e) {
        return 1;
    }
    const void *c = env->ctx;
    switch (e->op) {
    case EXPR_INT:
        return e->value;
    case EXPR_VAR:
        return env->var(c, e->index);
    case EXPR_CLOCK:
        return env->clock(c);
    case EXPR_SEEN:
        return env->seen(c, e->index);
    case EXPR_ACTED:
        return env->acted(c, e->index);
    case EXPR_DONE:
        return env->done(c, e->index);
    case EXPR_ERRED:
        return env->erred(c, e->index);
    case EXPR_VISITED:
        return env->visited(c, e->index);
    case EXPR_FIRED:
        return env->fired(c, e->index);
    case EXPR_NOT:
        return !expr_eval(e->a, env);
    case EXPR_NEG:
        return clamp_ll(-(long long)expr_eval(e->a, env));
    case EXPR_AND:
        return expr_eval(e->a, env) && expr_eval(e->b, env);
    case EXPR_OR:
        return expr_eval(e->a, env) || expr_eval(e->b, env);
    default:
        break;
    }
    long long a = expr_eval(e->a, env), b = expr_eval(e->b, env);
    switch (e->op) {
    case EXPR_ADD:
        return clamp_ll(a + b);
    case EXPR_SUB:
        return clamp_ll(a - b);
    case EXPR_MUL:
        return clamp_ll(a * b);
    case EXPR_LT:
        return a < b;
    case EXPR_LE:
        return a <= b;
    case EXPR_GT:
        return a > b;
    case EXPR_GE:
        return a >= b;
    case EXPR_EQ:
        return a == b;
    case EXPR_NE:
        return a != b;
    default:
        return 0;
    }
}

bool expr_holds(const Expr *e, const ExprEnv *env)
{
    return expr_eval(e, env) != 0;
}

bool expr_uses(const Expr *e, ExprOp op)
{
    /* depth is bounded at parse time (EXPR_MAX_DEPTH) */
    for (; e; e = e->b) {
        if (e->op == op || expr_uses(e->a, op)) {
            return true;
        }
    }
    return false;
}

bool expr_equal(const Expr *a, const Expr *b)
{
    if (!a || !b) {
        return a == b;
    }
    return a->op == b->op && a->is_bool == b->is_bool && a->value == b->value &&
           a->index == b->index && expr_equal(a->a, b->a) && expr_equal(a->b, b->b);
}

typedef struct Out {
    char *buf;
    size_t size, len;
} Out;

static void out_put(Out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->len + 1 >= o->size) {
        return;
    }
    if (o->len + n + 1 > o->size) {
        n = o->size - o->len - 1;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void format_rec(const Expr *e, const Scenario *sc, Out *o, bool nested)
{
    static const char *const calls[] = {"seen", "acted", "done", "erred", "visited", "fired"};
    static const char *const infix[] = {" + ",  " - ",  " * ",  " < ",  " <= ", " > ",
                                        " >= ", " == ", " != ", " && ", " || "};
    char num[24];
    switch (e->op) {
    case EXPR_INT:
        if (e->is_bool) {
            out_put(o, e->value ? "true" : "false");
        } else {
            snprintf(num, sizeof num, "%d", e->value);
            out_put(o, num);
        }
        return;
    case EXPR_VAR:
        out_put(o, sc->vars[e->index].id);
        return;
    case EXPR_CLOCK:
        out_put(o, "minutes");
        return;
    case EXPR_SEEN:
    case EXPR_ACTED:
    case EXPR_DONE:
    case EXPR_ERRED:
    case EXPR_VISITED:
    case EXPR_FIRED:
        out_put(o, calls[e->op - EXPR_SEEN]);
        out_put(o, "(");
        out_put(o, e->op == EXPR_VISITED ? sc->nodes[e->index].id
                   : e->op == EXPR_FIRED ? sc->events[e->index].id
                   : e->op == EXPR_DONE  ? sc->items[ITEM_STEP][e->index].id
                   : e->op == EXPR_ERRED ? sc->items[ITEM_ERROR][e->index].id
                                         : sc->items[ITEM_INDICATOR][e->index].id);
        out_put(o, ")");
        return;
    case EXPR_NOT:
    case EXPR_NEG:
        out_put(o, e->op == EXPR_NOT ? "!" : "-");
        format_rec(e->a, sc, o, true);
        return;
    default:
        break;
    }
    if (nested) {
        out_put(o, "(");
    }
    format_rec(e->a, sc, o, true);
    out_put(o, infix[e->op - EXPR_ADD]);
    format_rec(e->b, sc, o, true);
    if (nested) {
        out_put(o, ")");
    }
}

char *expr_format(const Expr *e, const Scenario *sc, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    if (size) {
        buf[0] = '\0';
    }
    if (!e) {
        out_put(&o, "true");
    } else {
        format_rec(e, sc, &o, false); /* depth bounded at parse time */
    }
    return buf;
}
