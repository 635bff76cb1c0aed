/* jsonpos.h: finds where a JSON pointer points in the source text.
 * cJSON nodes keep no positions, so diagnostics record the JSON path and this
 * module re-scans the (already valid) text to find the line and column, only
 * when a diagnostic is emitted. Every cache argument may be NULL. */
#ifndef BENEATH_JSONPOS_H
#define BENEATH_JSONPOS_H

#include <stdarg.h>
#include <stddef.h>

#include "diag.h"

/* Remembers recent positions so that a run of lookups in document order
 * (the usual order of diagnostics) costs O(file) in all, not O(file) each.
 * Zero-initialize; one cache per text. */
#define JSONPOS_CACHE_DEPTH 12
#define JSONPOS_CHECKPOINTS 1024
/* Texts from this size get line/column checkpoints. */
#define JSONPOS_CHECKPOINT_MIN ((size_t)1 << 20)
typedef struct JsonPosCache {
    struct {
        size_t prefix_len; /* bytes of the path before this array step */
        unsigned long prefix_hash;
        long index;
        size_t offset;
        int valid;
    } level[JSONPOS_CACHE_DEPTH];
    size_t lc_off; /* last line/column computed */
    int lc_line, lc_col;
    /* on a large text, where line and column stand at every cp_stride-th
     * byte, taken in one pass the first time they are needed: diagnostics
     * come in any order, and scanning from the start for each one made a
     * linted 69 MB file spend a minute there */
    size_t cp_len, cp_stride; /* cp_len: the text they are for; 0 = none yet */
    struct {
        int line, col;
    } cp[JSONPOS_CHECKPOINTS];
} JsonPosCache;

/* Byte offset of the value at 'path' (a JSON pointer such as
 * "/nodes/3/choices/0/goto"; "" is the root). If the path does not exist,
 * the offset of the deepest existing value on it. 'text' must be valid JSON. */
size_t jsonpos_find(const char *text, size_t len, const char *path, JsonPosCache *cache);

/* Byte offset of the nth (0-based) occurrence of member 'key' of the object
 * at 'path', pointing at the key's opening quote; falls back like
 * jsonpos_find. */
size_t jsonpos_find_key(const char *text, size_t len, const char *path, const char *key, int nth,
                        JsonPosCache *cache);

/* 1-based line and column (in characters, not bytes) of byte offset 'off'.
 * 'cache' may be NULL. */
void jsonpos_line_col(const char *text, size_t len, size_t off, int *line, int *col,
                      JsonPosCache *cache);

/* A source that diagnostics point into: its file name as shown, its text
 * (NULL: no positions, line 0) and the text's position cache. */
typedef struct JsonSource {
    const char *file;
    const char *text;
    size_t len;
    JsonPosCache *cache;
} JsonSource;

/* Adds a diagnostic about the value at JSON pointer 'path' of 'src', at its
 * line and column: the one way the loader's later passes, the checks, the
 * linter and the translation check position what they report. */
void jsonpos_vdiag(const JsonSource *src, DiagList *dl, DiagLevel level, DiagCode code,
                   const char *path, const char *fmt, va_list ap);

#endif
