/* jsonpos.c: a skipping scanner over valid JSON text. It never builds
 * anything; it only walks members and elements to reach a path. */
#include "jsonpos.h"

#include <stdio.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) {
        i++;
    }
    return i;
}

/* i at the opening quote; returns the offset after the closing quote. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++) {
        if (t[i] == '\\') {
            i++;
        }
    }
    return i < len ? i + 1 : len;
}

/* Skips one value (iteratively: no recursion on nesting). */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    size_t depth = 0;
    do {
        i = skip_ws(t, len, i);
        if (i >= len) {
            return len;
        }
        char c = t[i];
        if (c == '"') {
            i = skip_string(t, len, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            depth--;
            i++;
        } else if (c == ',' || c == ':') {
            i++;
        } else {
            while (i < len && !strchr(",:]} \t\r\n", t[i])) {
                i++;
            }
        }
    } while (depth > 0);
    return i;
}

/* Does the string token at i equal the key (JSON pointer-decoded 'seg' of
 * length n)? Keys with escapes are compared literally, which is enough for
 * the ids and field names of our formats. */
static bool key_equals(const char *t, size_t len, size_t i, const char *seg, size_t n)
{
    size_t end = skip_string(t, len, i);
    return end - i - 2 == n && memcmp(t + i + 1, seg, n) == 0;
}

/* Decodes one pointer segment ("~1" -> "/", "~0" -> "~") into buf. */
static size_t decode_seg(const char *p, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t k = 0; k < n && o + 1 < cap; k++) {
        if (p[k] == '~' && k + 1 < n) {
            buf[o++] = p[k + 1] == '1' ? '/' : '~';
            k++;
        } else {
            buf[o++] = p[k];
        }
    }
    buf[o] = '\0';
    return o;
}

static unsigned long hash_prefix(const char *p, size_t n)
{
    unsigned long h = 5381;
    for (size_t k = 0; k < n; k++) {
        h = h * 33 + (unsigned char)p[k];
    }
    return h;
}

/* Moves from the container at i to its member/element 'seg'; returns the
 * value's offset, or (size_t)-1 if absent. With nth >= 0 on an object,
 * returns the nth occurrence's key offset instead. Array steps start from
 * the cached element when the same array was walked before. */
static size_t step_into(const char *t, size_t len, size_t i, const char *seg, size_t n, int nth,
                        JsonPosCache *cache, int depth, const char *path, size_t prefix_len)
{
    if (i >= len) {
        return (size_t)-1;
    }
    if (t[i] == '[') {
        char *end;
        long want = strtol(seg, &end, 10);
        if (n == 0 || want < 0) {
            return (size_t)-1;
        }
        long k = 0;
        i = skip_ws(t, len, i + 1);
        unsigned long h = 0;
        if (cache && depth < JSONPOS_CACHE_DEPTH) {
            h = hash_prefix(path, prefix_len);
            if (cache->level[depth].valid && cache->level[depth].prefix_len == prefix_len &&
                cache->level[depth].prefix_hash == h && cache->level[depth].index <= want) {
                k = cache->level[depth].index;
                i = cache->level[depth].offset;
            }
        }
        for (; i < len && t[i] != ']'; k++) {
            if (k == want) {
                if (cache && depth < JSONPOS_CACHE_DEPTH) {
                    cache->level[depth].valid = 1;
                    cache->level[depth].prefix_len = prefix_len;
                    cache->level[depth].prefix_hash = h;
                    cache->level[depth].index = k;
                    cache->level[depth].offset = i;
                }
                return i;
            }
            i = skip_ws(t, len, skip_value(t, len, i));
            if (i < len && t[i] == ',') {
                i = skip_ws(t, len, i + 1);
            }
        }
        return (size_t)-1;
    }
    if (t[i] != '{') {
        return (size_t)-1;
    }
    i = skip_ws(t, len, i + 1);
    int seen = 0;
    while (i < len && t[i] == '"') {
        size_t key = i;
        bool match = key_equals(t, len, i, seg, n);
        i = skip_ws(t, len, skip_string(t, len, i));
        if (i < len && t[i] == ':') {
            i = skip_ws(t, len, i + 1);
        }
        if (match) {
            if (nth < 0) {
                return i;
            }
            if (seen++ == nth) {
                return key;
            }
        }
        i = skip_ws(t, len, skip_value(t, len, i));
        if (i < len && t[i] == ',') {
            i = skip_ws(t, len, i + 1);
        }
    }
    return (size_t)-1;
}

static size_t walk(const char *text, size_t len, const char *path, const char *key, int nth,
                   JsonPosCache *cache)
{
    size_t i = skip_ws(text, len, 0);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        i = skip_ws(text, len, 3);
    }
    char seg[256];
    const char *base = path ? path : "";
    const char *p = base;
    int depth = 0;
    while (*p == '/') {
        size_t prefix_len = (size_t)(p - base);
        p++;
        size_t n = strcspn(p, "/");
        size_t sn = decode_seg(p, n, seg, sizeof seg);
        size_t next = step_into(text, len, i, seg, sn, -1, cache, depth++, base, prefix_len);
        if (next == (size_t)-1) {
            return i;
        }
        i = next;
        p += n;
    }
    if (key) {
        size_t k = step_into(text, len, i, key, strlen(key), nth, NULL, 0, base, 0);
        if (k != (size_t)-1) {
            return k;
        }
    }
    return i;
}

size_t jsonpos_find(const char *text, size_t len, const char *path, JsonPosCache *cache)
{
    return walk(text, len, path, NULL, -1, cache);
}

size_t jsonpos_find_key(const char *text, size_t len, const char *path, const char *key, int nth,
                        JsonPosCache *cache)
{
    return walk(text, len, path, key, nth, cache);
}

/* Line and column after the bytes [i, off) of 'text', from line 'l' and
 * column 'c' at i. */
static void scan_line_col(const char *text, size_t i, size_t off, int *l, int *c)
{
    for (; i < off; i++) {
        if (text[i] == '\n') {
            ++*l;
            *c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*c; /* count characters: skip UTF-8 continuation bytes */
        }
    }
}

/* Fills the cache's checkpoints for 'text' in one pass. */
static void build_checkpoints(const char *text, size_t len, size_t start, JsonPosCache *cache)
{
    cache->cp_stride = len / JSONPOS_CHECKPOINTS + 1;
    int l = 1, c = 1;
    size_t at = start;
    for (size_t k = 0; k < JSONPOS_CHECKPOINTS; k++) {
        size_t to = k * cache->cp_stride > start ? k * cache->cp_stride : start;
        scan_line_col(text, at, to < len ? to : len, &l, &c);
        at = to < len ? to : len;
        cache->cp[k].line = l;
        cache->cp[k].col = c;
    }
    cache->cp_len = len;
}

void jsonpos_line_col(const char *text, size_t len, size_t off, int *line, int *col,
                      JsonPosCache *cache)
{
    int l = 1, c = 1;
    size_t i = 0;
    if (off > len) {
        off = len;
    }
    size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (off >= start) {
        i = start; /* a byte order mark takes no column */
    }
    if (cache && len >= JSONPOS_CHECKPOINT_MIN && off >= start) {
        if (cache->cp_len != len) {
            build_checkpoints(text, len, start, cache);
        }
        size_t k = off / cache->cp_stride, at = k * cache->cp_stride;
        if (at > i) {
            i = at;
            l = cache->cp[k].line;
            c = cache->cp[k].col;
        }
    }
    if (cache && cache->lc_line > 0 && cache->lc_off <= off && cache->lc_off >= i) {
        i = cache->lc_off;
        l = cache->lc_line;
        c = cache->lc_col;
    }
    scan_line_col(text, i, off, &l, &c);
    if (cache) {
        cache->lc_off = off;
        cache->lc_line = l;
        cache->lc_col = c;
    }
    *line = l;
    *col = c;
}

void jsonpos_vdiag(const JsonSource *src, DiagList *dl, DiagLevel level, DiagCode code,
                   const char *path, const char *fmt, va_list ap)
{
    int line = 0, col = 0;
    if (src->text && !diag_list_full(dl)) { /* a dropped one needs no position */
        size_t off = jsonpos_find(src->text, src->len, path, src->cache);
        jsonpos_line_col(src->text, src->len, off, &line, &col, src->cache);
    }
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_add(dl, level, code, src->file, line, col, path, "%s", msg);
}
