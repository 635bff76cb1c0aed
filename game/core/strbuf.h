/* strbuf.h: a growable NUL-terminated string (for building output, choice
 * lists and messages). Zero-initialize a StrBuf; it owns its memory until
 * strbuf_take or strbuf_free. Out of memory aborts (xrealloc). */
#ifndef BENEATH_STRBUF_H
#define BENEATH_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct StrBuf {
    char *s; /* NULL until something is appended */
    size_t len, cap;
} StrBuf;

/* Appends printf-formatted text. */
void strbuf_printf(StrBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap);
/* The text so far ("" when empty); borrowed until the next append. */
const char *strbuf_str(const StrBuf *b);
/* Hands the text to the caller (never NULL; caller frees with free) and
 * leaves the buffer empty. */
char *strbuf_take(StrBuf *b);
/* Empties the text, keeping the memory for reuse. */
void strbuf_clear(StrBuf *b);
void strbuf_free(StrBuf *b);

/* Whether the comma-separated 'list' ("es,en,ar") has 'item' as one of its
 * items, whole ("es" is not in "es-419"). */
bool strbuf_list_has(const char *list, const char *item);

#endif
