/* test_arena.c: the bump allocator and the hand-over of consumed chunks from
 * one arena to another (how the loader reuses its parse tree's memory). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

Test(arena, allocations_are_zeroed_aligned_and_distinct)
{
    Arena *a = arena_new();
    char *p = arena_alloc(a, 3), *q = arena_alloc(a, 5);
    cr_expect_eq(p[0] | p[1] | p[2], 0);
    cr_expect_eq((uintptr_t)q % _Alignof(max_align_t), 0);
    cr_expect_neq(p, q);
    char *big = arena_alloc(a, 1u << 20); /* a chunk of its own */
    cr_expect_eq(big[(1u << 20) - 1], 0);
    char *r = arena_alloc(a, 8); /* still from the chunk before the big one */
    cr_expect_eq(arena_chunk_index(a, r, 0), arena_chunk_index(a, p, 0));
    cr_expect_str_eq(arena_strdup(a, "kitchen"), "kitchen");
    arena_free(a);
}

Test(arena, chunks_are_numbered_in_the_order_made)
{
    Arena *a = arena_new();
    void *first = arena_alloc_raw(a, 16);
    void *last = first;
    for (int i = 0; i < 100; i++) {
        last = arena_alloc_raw(a, 16 * 1024); /* 16 KB each: several chunks */
    }
    size_t i0 = arena_chunk_index(a, first, 0), i1 = arena_chunk_index(a, last, 0);
    cr_expect_eq(i0, 0);
    cr_expect_gt(i1, 4);
    cr_expect_eq(arena_chunk_index(a, last, i1), i1, "a search from the chunk itself finds it");
    int outside = 0;
    cr_expect_eq(arena_chunk_index(a, &outside, 0), SIZE_MAX);
    arena_free(a);
}

Test(arena, given_chunks_are_reused_and_their_owner_keeps_the_rest)
{
    Arena *tree = arena_new(), *model = arena_new();
    char *keep = arena_alloc_raw(tree, 64);
    memset(keep, 'k', 64);
    char *mid[40];
    for (int i = 0; i < 40; i++) {
        mid[i] = arena_alloc_raw(tree, 32 * 1024);
    }
    char *tail = arena_alloc_raw(tree, 64);
    memset(tail, 't', 64);
    size_t lo = arena_chunk_index(tree, mid[0], 0), hi = arena_chunk_index(tree, tail, 0);
    cr_assert_gt(hi, lo + 2);
    /* give away what lies strictly between the first and the last chunk */
    arena_give(tree, lo + 1, hi, model);
    cr_expect_eq(arena_chunk_index(tree, mid[20], 0), SIZE_MAX, "its chunk was given");
    cr_expect_eq(arena_chunk_index(tree, keep, 0), lo);
    cr_expect_eq(arena_chunk_index(tree, tail, 0), hi);
    /* the model's next allocation is the start of a given chunk, which held
     * one of the 32 KB blocks */
    char *m = arena_alloc(model, 1000);
    bool reused = false;
    for (int i = 0; i < 40; i++) {
        reused |= m == mid[i];
    }
    cr_expect(reused, "a given chunk is filled before new memory is asked for");
    /* what the tree kept is untouched */
    for (int i = 0; i < 64; i++) {
        cr_expect_eq(keep[i], 'k');
        cr_expect_eq(tail[i], 't');
    }
    /* giving the same chunks again does nothing */
    arena_give(tree, lo + 1, hi, model);
    arena_trim(model);
    arena_free(tree);
    arena_free(model);
}
