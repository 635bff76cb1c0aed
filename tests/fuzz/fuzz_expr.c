/* fuzz_expr.c: libFuzzer target for conditions. Any input, as the text of
 * an "if", must parse or give an error at a column inside it (never a crash,
 * hang or leak), and a parsed condition must evaluate the same way twice
 * under extreme variable values (arithmetic saturates, never overflows).
 * Names resolve against one scenario: $BENEATH_FUZZ_SCENARIO, or the
 * bundled domestic-call.json. Seeds: tests/corpus/fuzz/expr (tools/fuzz). */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Scenario *sc;
/* One arena for many inputs: a fresh 256 KB chunk per input would make the
 * sanitizer's allocator map and unmap memory for every execution. */
static Arena *arena;
static size_t arena_uses;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sc = fuzz_scenario_load("fuzz_expr");
    return 0;
}

/* State made from the input's hash, with extremes mixed in. */
static int pick(const void *ctx, size_t i)
{
    static const int extremes[] = {0, 1, -1, INT_MAX, INT_MIN, 1000000, -1000000, 46341};
    uint32_t h = *(const uint32_t *)ctx ^ (uint32_t)(i * 2654435761u);
    h ^= h >> 15;
    return (h & 8) ? extremes[h & 7] : (int)(h >> 8) - (1 << 23);
}
static int var(const void *ctx, size_t i)
{
    return pick(ctx, i);
}
static int clock_of(const void *ctx)
{
    return pick(ctx, 999) & 0xFFFF;
}
static bool flag(const void *ctx, size_t i)
{
    return pick(ctx, i + 7) & 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    memcpy(src, data, size);
    src[size] = '\0';
    uint32_t seed = 2166136261u;
    for (size_t i = 0; i < size; i++) {
        seed = (seed ^ data[i]) * 16777619u;
    }
    if (!arena || ++arena_uses % 4096 == 0) {
        arena_free(arena);
        arena = arena_new();
    }
    int col = 0;
    char err[320] = "";
    Expr *e = expr_parse(src, sc, arena, &col, err, sizeof err);
    if (!e && (col < 1 || (size_t)col > strlen(src) + 1 || !err[0])) {
        abort(); /* an error must say what and where */
    }
    if (e) {
        ExprEnv env = {&seed, var, clock_of, flag, flag, flag, flag, flag, flag};
        if (expr_eval(e, &env) != expr_eval(e, &env) ||
            expr_holds(e, &env) != expr_holds(e, &env)) {
            abort();
        }
    }
    free(src);
    return 0;
}
