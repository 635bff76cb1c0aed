/* diag.c: the diagnostic list. Stops collecting at DIAG_LIMIT, with one final
 * DIAG_TOO_MANY entry, so a garbage file cannot produce unbounded output. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "textsafe.h"

struct DiagList {
    Diag *items;
    size_t n, cap;
    bool full;
};

static const struct CodeDoc {
    const char *name;
    DiagGroup group;
    const char *level, *meaning, *fix;
} codes[] = {
#define LOAD DIAG_GROUP_LOAD
#define LINT DIAG_GROUP_LINT
#define DIAG(name, str, group, level, meaning, fix) {str, group, level, meaning, fix},
#include "diag_codes.h"
#undef DIAG
#undef LOAD
#undef LINT
};

DiagGroup diag_code_group(DiagCode code)
{
    return codes[code].group;
}

const char *diag_code_level_doc(DiagCode code)
{
    return codes[code].level;
}

const char *diag_code_meaning(DiagCode code)
{
    return codes[code].meaning;
}

const char *diag_code_fix(DiagCode code)
{
    return codes[code].fix;
}

DiagList *diag_list_new(void)
{
    return xcalloc(1, sizeof(DiagList));
}

void diag_list_free(DiagList *dl)
{
    if (!dl) {
        return;
    }
    for (size_t i = 0; i < dl->n; i++) {
        free((char *)dl->items[i].file);
    }
    free(dl->items);
    free(dl);
}

static Diag *push(DiagList *dl)
{
    if (dl->n == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 16;
        dl->items = xrealloc(dl->items, dl->cap * sizeof(Diag));
    }
    Diag *d = &dl->items[dl->n];
    memset(d, 0, sizeof *d);
    d->seq = dl->n++;
    return d;
}

bool diag_list_full(const DiagList *dl)
{
    return !dl || dl->full || dl->n >= DIAG_LIMIT;
}

Diag *diag_add(DiagList *dl, DiagLevel level, DiagCode code, const char *file, int line, int col,
               const char *path, const char *fmt, ...)
{
    if (!dl || dl->full) {
        return NULL;
    }
    if (dl->n >= DIAG_LIMIT) {
        Diag *d = push(dl);
        d->level = DIAG_ERROR;
        d->code = DIAG_TOO_MANY;
        d->file = file ? xstrdup(file) : NULL;
        snprintf(d->msg, sizeof d->msg, "stopped after %d diagnostics; fix these and run again",
                 DIAG_LIMIT);
        dl->full = true;
        return NULL;
    }
    Diag *d = push(dl);
    d->level = level;
    d->code = code;
    d->file = file ? xstrdup(file) : NULL;
    d->line = line;
    d->col = col;
    snprintf(d->path, sizeof d->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return d;
}

size_t diag_count(const DiagList *dl)
{
    return dl ? dl->n : 0;
}

size_t diag_error_count(const DiagList *dl)
{
    size_t n = 0;
    for (size_t i = 0; dl && i < dl->n; i++) {
        n += dl->items[i].level == DIAG_ERROR;
    }
    return n;
}

const Diag *diag_at(const DiagList *dl, size_t i)
{
    return &dl->items[i];
}

void diag_list_append(DiagList *dst, const DiagList *src)
{
    for (size_t i = 0; src && i < src->n; i++) {
        const Diag *s = &src->items[i];
        Diag *d = diag_add(dst, s->level, s->code, s->file, s->line, s->col, s->path, "%s", s->msg);
        if (!d) {
            return;
        }
    }
}

void diag_list_set_file(DiagList *dl, const char *file)
{
    for (size_t i = 0; dl && i < dl->n; i++) {
        if (!dl->items[i].file) {
            dl->items[i].file = xstrdup(file);
        }
    }
}

static int cmp_diag(const void *pa, const void *pb)
{
    const Diag *a = pa, *b = pb;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c) {
        return c;
    }
    if (a->code == DIAG_TOO_MANY || b->code == DIAG_TOO_MANY) {
        return (a->code == DIAG_TOO_MANY) - (b->code == DIAG_TOO_MANY);
    }
    if (a->line != b->line) {
        return a->line < b->line ? -1 : 1;
    }
    if (a->col != b->col) {
        return a->col < b->col ? -1 : 1;
    }
    return (a->seq > b->seq) - (a->seq < b->seq); /* stable: keep insertion order */
}

void diag_list_sort(DiagList *dl)
{
    if (dl && dl->n > 1) {
        qsort(dl->items, dl->n, sizeof(Diag), cmp_diag);
    }
}

const char *diag_code_name(DiagCode code)
{
    return code < DIAG_CODE_COUNT ? codes[code].name : "?";
}

const char *diag_level_name(DiagLevel level)
{
    switch (level) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "warning";
    default:
        return "note";
    }
}

char *diag_format(const Diag *d, char *buf, size_t size)
{
    char where[64] = "";
    if (d->line > 0) {
        snprintf(where, sizeof where, ":%d:%d", d->line, d->col > 0 ? d->col : 1);
    }
    /* one line, whatever file names and quoted values contain (textsafe.h) */
    char line[sizeof d->path + sizeof d->msg + 1200];
    snprintf(line, sizeof line, "%s%s: %s: %s%s%s [%s]", d->file ? d->file : "<input>", where,
             diag_level_name(d->level), d->path, d->path[0] ? ": " : "", d->msg,
             diag_code_name(d->code));
    textsafe_escape(line, 0, buf, size);
    return buf;
}
