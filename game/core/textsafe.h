/* textsafe.h: text from files is data, never terminal commands. Every string
 * a scenario, catalogue or tests file supplies is escaped visibly when it is
 * loaded, and diagnostics are escaped when formatted, so no file can retitle
 * or clear a terminal, move its cursor, plant a hyperlink or forge a line. */
#ifndef BENEATH_TEXTSAFE_H
#define BENEATH_TEXTSAFE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum TextsafeFlags {
    TEXTSAFE_KEEP_NEWLINES = 1 << 0, /* leave '\n' as it is (multi-line text) */
} TextsafeFlags;

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 if the bytes there
 * are not valid UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short).
 * 'avail' is the number of bytes readable at s. */
size_t textsafe_utf8_len(const unsigned char *s, size_t avail);

/* Copies 'in' to 'out' (at most size bytes with the NUL, cut at a whole
 * escape) with every character that can act on a terminal written visibly:
 * C0 controls except tab (and newline with TEXTSAFE_KEEP_NEWLINES), DEL and
 * invalid UTF-8 bytes as \xHH; C1 controls (U+0080..U+009F) and the
 * bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) as
 * \uHHHH. Returns the length the whole escaped text needs (without the NUL),
 * like snprintf. */
size_t textsafe_escape(const char *in, TextsafeFlags flags, char *out, size_t size);

/* The escaped copy of 'in' (caller frees with free()), or NULL for NULL. */
char *textsafe_dup(const char *in, TextsafeFlags flags);

/* True if textsafe_escape would change nothing. */
bool textsafe_is_clean(const char *in, TextsafeFlags flags);

#endif
