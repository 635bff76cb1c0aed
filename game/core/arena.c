/* arena.c: chunked bump allocator; big requests get a chunk of their own. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (256u * 1024u)

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *head;
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

void arena_free(Arena *a)
{
    if (!a) {
        return;
    }
    for (Chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(Arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

void *arena_alloc_raw(Arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    Chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
        if (size > SIZE_MAX - sizeof(Chunk)) {
            oom(size);
        }
        Chunk *n = xmalloc(sizeof(Chunk) + cap);
        n->used = 0;
        n->cap = cap;
        if (c && cap != ARENA_CHUNK) {
            /* a big block: keep filling the current chunk afterwards */
            n->next = c->next;
            c->next = n;
            c = n;
        } else {
            n->next = c;
            a->head = n;
            c = n;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
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
