/* arena.c: chunked bump allocator; big requests get a chunk of their own. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (256u * 1024u)

typedef struct Chunk {
    struct Chunk *next; /* in an arena's list of spare chunks */
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *cur;     /* the chunk being filled */
    Chunk **chunks; /* every chunk, in the order made; NULL once handed over */
    size_t n, cap;  /* entries in 'chunks', and room */
    Chunk *spare;   /* standard chunks handed over by another arena, unused yet */
};

static void oom(size_t size)
{
    fprintf(stderr, "beneath: out of memory (%zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        oom(size);
    }
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) {
        oom(size);
    }
    return q;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        oom(n * size);
    }
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

Arena *arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

static void free_spares(Arena *a)
{
    for (Chunk *c = a->spare, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->spare = NULL;
}

void arena_free(Arena *a)
{
    if (!a) {
        return;
    }
    for (size_t i = 0; i < a->n; i++) {
        free(a->chunks[i]);
    }
    free(a->chunks);
    free_spares(a);
    free(a);
}

void *arena_alloc(Arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

/* A chunk with room for 'cap' bytes: a spare one when it is of the
 * standard size, else a new one; recorded in creation order. */
static Chunk *new_chunk(Arena *a, size_t cap)
{
    Chunk *c = NULL;
    if (cap == ARENA_CHUNK && a->spare) {
        c = a->spare;
        a->spare = c->next;
    } else {
        if (cap > SIZE_MAX - sizeof(Chunk)) {
            oom(cap);
        }
        c = xmalloc(sizeof(Chunk) + cap);
    }
    c->next = NULL;
    c->used = 0;
    c->cap = cap;
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 16;
        a->chunks = xrealloc(a->chunks, a->cap * sizeof(Chunk *));
    }
    a->chunks[a->n++] = c;
    return c;
}

void *arena_alloc_raw(Arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align) {
        oom(size);
    }
    size = (size + align - 1) & ~(align - 1);
    Chunk *c = a->cur;
    if (!c || c->cap - c->used < size) {
        if (size > ARENA_CHUNK / 4) {
            /* a big block: a chunk of its own; keep filling the current one */
            c = new_chunk(a, size);
            c->used = size;
            return c->data;
        }
        c = a->cur = new_chunk(a, ARENA_CHUNK);
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

size_t arena_chunk_index(const Arena *a, const void *p, size_t from)
{
    const unsigned char *q = p;
    for (size_t i = from; i < a->n; i++) {
        const Chunk *c = a->chunks[i];
        if (c && q >= c->data && q < c->data + c->used) {
            return i;
        }
    }
    return SIZE_MAX;
}

void arena_give(Arena *from, size_t first, size_t end, Arena *to)
{
    for (size_t i = first; i < end && i < from->n; i++) {
        Chunk *c = from->chunks[i];
        if (!c || c == from->cur) {
            continue;
        }
        from->chunks[i] = NULL;
        if (c->cap == ARENA_CHUNK) {
            c->next = to->spare;
            to->spare = c;
        } else {
            free(c);
        }
    }
}

void arena_trim(Arena *a)
{
    free_spares(a);
}

void *arena_array(Arena *a, size_t n, size_t size)
{
    if (n == 0) {
        return NULL;
    }
    if (size && n > SIZE_MAX / size) {
        oom(SIZE_MAX);
    }
    return arena_alloc(a, n * size);
}

char *arena_strdup(Arena *a, const char *s)
{
    if (!s) {
        return NULL;
    }
    size_t n = strlen(s) + 1;
    return memcpy(arena_alloc(a, n), s, n);
}
