/* strmap.c: open addressing with linear probing; load factor kept <= 1/2. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct Slot {
    const char *key;
    size_t value;
    uint32_t hash;
} Slot;

struct StrMap {
    Slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

StrMap *strmap_new(size_t hint)
{
    StrMap *m = xmalloc(sizeof *m);
    m->cap = 16;
    while (m->cap < hint * 2) {
        m->cap *= 2;
    }
    m->slots = xcalloc(m->cap, sizeof(Slot));
    m->count = 0;
    return m;
}

void strmap_free(StrMap *m)
{
    if (m) {
        free(m->slots);
        free(m);
    }
}

static Slot *find_slot(Slot *slots, size_t cap, const char *key, uint32_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0)) {
        i = (i + 1) & (cap - 1);
    }
    return &slots[i];
}

static void grow(StrMap *m)
{
    size_t cap = m->cap * 2;
    Slot *slots = xcalloc(cap, sizeof(Slot));
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key) {
            *find_slot(slots, cap, m->slots[i].key, m->slots[i].hash) = m->slots[i];
        }
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

bool strmap_put(StrMap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->cap) {
        grow(m);
    }
    uint32_t h = hash_str(key);
    Slot *s = find_slot(m->slots, m->cap, key, h);
    if (s->key) {
        return false;
    }
    s->key = key;
    s->hash = h;
    s->value = value;
    m->count++;
    return true;
}

size_t strmap_get(const StrMap *m, const char *key)
{
    if (!m || !key) {
        return (size_t)-1;
    }
    uint32_t h = hash_str(key);
    const Slot *s = find_slot(m->slots, m->cap, key, h);
    return s->key ? s->value : (size_t)-1;
}

size_t strmap_count(const StrMap *m)
{
    return m ? m->count : 0;
}

void strmap_clear(StrMap *m)
{
    memset(m->slots, 0, m->cap * sizeof(Slot));
    m->count = 0;
}
