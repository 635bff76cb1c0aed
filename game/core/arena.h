/* arena.h: bump allocator. Everything allocated from an Arena is freed at once
 * by arena_free; nothing is freed individually. Out of memory aborts. */
#ifndef BENEATH_ARENA_H
#define BENEATH_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

/* Returns a new empty arena; caller frees with arena_free. */
Arena *arena_new(void);
/* Frees the arena and every block allocated from it; NULL does nothing. */
void arena_free(Arena *a);
/* Zeroed, max-aligned memory of 'size' bytes, owned by the arena. */
void *arena_alloc(Arena *a, size_t size);
/* As arena_alloc, without zeroing. */
void *arena_alloc_raw(Arena *a, size_t size);
/* Zeroed array of n elements of 'size' bytes; n == 0 returns NULL. */
void *arena_array(Arena *a, size_t n, size_t size);
/* Copy of the NUL-terminated string s (NULL gives NULL). */
char *arena_strdup(Arena *a, const char *s);

/* Handing memory from one arena to another, for data consumed in the order
 * it was allocated (a parse tree read front to back while a model is built
 * from it): the consumed part's chunks are reused instead of new memory.
 * Chunks are numbered in the order they were made.
 * arena_chunk_index: the number of the chunk holding p, searched from
 * chunk 'from' on (so a forward walk costs O(chunks) in all); SIZE_MAX if
 * p is in none of them.
 * arena_give: chunks first..end-1 of 'from' go to 'to', which fills them
 * before asking for new memory; everything allocated in them from 'from'
 * becomes invalid. The chunk being filled is kept; chunks given before are
 * skipped.
 * arena_trim: frees the chunks 'a' was given and has not used. */
size_t arena_chunk_index(const Arena *a, const void *p, size_t from);
void arena_give(Arena *from, size_t first, size_t end, Arena *to);
void arena_trim(Arena *a);

/* malloc/realloc/calloc that abort with a message on out-of-memory. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

#endif
