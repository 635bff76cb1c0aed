/* textsafe.c: visible escapes for control characters (see textsafe.h).
 * Pure functions of their input; no locale is consulted, so the same text
 * is escaped the same way everywhere. */
#include "textsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

size_t textsafe_utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4)) {
        return 0;
    }
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            return 0;
        }
    }
    if ((n == 3 && c == 0xE0 && s[1] < 0xA0) || (n == 3 && c == 0xED && s[1] >= 0xA0) ||
        (n == 4 && c == 0xF0 && s[1] < 0x90) || (n == 4 && c == 0xF4 && s[1] >= 0x90)) {
        return 0; /* overlong, surrogate or beyond U+10FFFF */
    }
    return n;
}

/* The code point of a valid sequence of n bytes. */
static unsigned long code_point(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned long cp = s[0] & lead_mask[n];
    for (size_t k = 1; k < n; k++) {
        cp = cp << 6 | (s[k] & 0x3F);
    }
    return cp;
}

static bool is_unsafe_code_point(unsigned long cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Writes the escape (or copy) of the character at s into 'esc'; returns the
 * number of input bytes it stands for. */
static size_t escape_one(const unsigned char *s, size_t avail, TextsafeFlags flags, char *esc,
                         size_t *esc_len)
{
    unsigned char c = s[0];
    size_t n = textsafe_utf8_len(s, avail);
    bool keep_nl = (flags & TEXTSAFE_KEEP_NEWLINES) != 0;
    if (n == 0 || (c < 0x20 && c != '\t' && !(c == '\n' && keep_nl)) || c == 0x7F) {
        *esc_len = (size_t)snprintf(esc, 8, "\\x%02X", c);
        return 1;
    }
    if (n > 1 && is_unsafe_code_point(code_point(s, n))) {
        *esc_len = (size_t)snprintf(esc, 8, "\\u%04lX", code_point(s, n));
        return n;
    }
    memcpy(esc, s, n);
    *esc_len = n;
    return n;
}

size_t textsafe_escape(const char *in, TextsafeFlags flags, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t avail = strlen(in), need = 0, used = 0;
    bool full = size == 0;
    while (avail > 0) {
        char esc[8];
        size_t esc_len = 0, n = escape_one(s, avail, flags, esc, &esc_len);
        if (!full && used + esc_len < size) {
            memcpy(out + used, esc, esc_len);
            used += esc_len;
        } else {
            full = true; /* never cut inside an escape or a character */
        }
        need += esc_len;
        s += n;
        avail -= n;
    }
    if (size > 0) {
        out[used] = '\0';
    }
    return need;
}

char *textsafe_dup(const char *in, TextsafeFlags flags)
{
    if (!in) {
        return NULL;
    }
    size_t need = textsafe_escape(in, flags, NULL, 0);
    char *out = xmalloc(need + 1);
    textsafe_escape(in, flags, out, need + 1);
    return out;
}

bool textsafe_is_clean(const char *in, TextsafeFlags flags)
{
    /* every escape is longer than what it stands for */
    return textsafe_escape(in, flags, NULL, 0) == strlen(in);
}
