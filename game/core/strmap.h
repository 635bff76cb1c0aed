/* strmap.h: string -> size_t hash map (open addressing, FNV-1a).
 * Keys are borrowed: they must outlive the map (scenario strings live in the
 * scenario's arena). Used for every id lookup, so none is a linear scan. */
#ifndef BENEATH_STRMAP_H
#define BENEATH_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct StrMap StrMap;

/* New map sized for about 'hint' keys; caller frees with strmap_free. */
StrMap *strmap_new(size_t hint);
void strmap_free(StrMap *m);
/* Inserts key -> value. Returns false (and keeps the old value) if the key
 * is already present. */
bool strmap_put(StrMap *m, const char *key, size_t value);
/* Value for key, or (size_t)-1. */
size_t strmap_get(const StrMap *m, const char *key);
size_t strmap_count(const StrMap *m);
/* Removes every key (keeps the capacity). */
void strmap_clear(StrMap *m);

#endif
