/* expr.h: the condition language, parsed once at load, evaluated at run time.
 *   literals: 12, true, false     names: declared variables, and 'minutes'
 *   operators: ! - * + - < <= > >= == != && || and parentheses
 *   functions: seen(IND), acted(IND), done(STEP), erred(ERR), visited(NODE),
 *              fired(EVENT) (format 2)
 * Types are checked at parse time (int vs bool); a condition must be bool.
 * Nesting is bounded (EXPR_MAX_DEPTH), so evaluation recursion is bounded. */
#ifndef BENEATH_EXPR_H
#define BENEATH_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

#define EXPR_MAX_DEPTH 48

typedef enum ExprOp {
    EXPR_INT,     /* value */
    EXPR_VAR,     /* index: variable */
    EXPR_CLOCK,   /* minutes on scene */
    EXPR_SEEN,    /* index: indicator */
    EXPR_ACTED,   /* index: indicator */
    EXPR_DONE,    /* index: step */
    EXPR_ERRED,   /* index: error */
    EXPR_VISITED, /* index: node */
    EXPR_FIRED,   /* index: event */
    EXPR_NOT,
    EXPR_NEG,
    EXPR_ADD,
    EXPR_SUB,
    EXPR_MUL,
    EXPR_LT,
    EXPR_LE,
    EXPR_GT,
    EXPR_GE,
    EXPR_EQ,
    EXPR_NE,
    EXPR_AND,
    EXPR_OR
} ExprOp;

struct Expr {
    ExprOp op;
    bool is_bool; /* result type */
    int value;    /* EXPR_INT */
    size_t index; /* EXPR_VAR..EXPR_FIRED */
    struct Expr *a, *b;
};

/* Read access to run state for evaluation; the runtime and the analysis
 * tools each provide one. */
typedef struct ExprEnv {
    const void *ctx;
    int (*var)(const void *ctx, size_t var);
    int (*clock)(const void *ctx);
    bool (*seen)(const void *ctx, size_t indicator);
    bool (*acted)(const void *ctx, size_t indicator);
    bool (*done)(const void *ctx, size_t step);
    bool (*erred)(const void *ctx, size_t error);
    bool (*visited)(const void *ctx, size_t node);
    bool (*fired)(const void *ctx, size_t event);
} ExprEnv;

/* Where names in a condition are resolved. */
typedef struct ExprScope {
    const Scenario *sc;
} ExprScope;

/* Parses 'src' into an expression allocated in the scenario's arena.
 * On error returns NULL, sets *err_col (1-based column within 'src') and
 * writes a message to err (lowercase, no final period). */
Expr *expr_parse(const char *src, const Scenario *sc, struct Arena *arena, int *err_col, char *err,
                 size_t err_size);

/* One expression node in 'arena' (for conditions the loader composes, such
 * as a 'once' choice's "not taken yet"); never fails. */
Expr *expr_new(struct Arena *arena, ExprOp op, bool is_bool, Expr *a, Expr *b);

/* Evaluates; NULL means "true". Integer arithmetic saturates, never overflows. */
int expr_eval(const Expr *e, const ExprEnv *env);
bool expr_holds(const Expr *e, const ExprEnv *env);

/* Writes 'e' back as condition text ("seen(IND-A) && (trust >= 3)"), names
 * from 'sc'; subexpressions are parenthesized, so the text parses to the
 * same condition. Cuts to 'size' bytes; returns buf. NULL is "true". */
char *expr_format(const Expr *e, const Scenario *sc, char *buf, size_t size);

/* Does 'e' contain an operation 'op' anywhere? */
bool expr_uses(const Expr *e, ExprOp op);
/* Are 'a' and 'b' the same expression (same shape and operands)? */
bool expr_equal(const Expr *a, const Expr *b);

#endif
