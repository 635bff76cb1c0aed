/* scripts.h: which writing system a character belongs to, and whether the
 * game can draw it. One table serves the game (which font draws a character,
 * with which script and direction HarfBuzz shapes it) and the linter (a
 * warning for characters no bundled or fallback font can show), so the two
 * cannot disagree. A test of the game checks that every range the table
 * calls showable is drawn by a real font of the fallback chain. */
#ifndef BENEATH_SCRIPTS_H
#define BENEATH_SCRIPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The font family that draws a script, besides the game's main font. */
typedef enum ScriptFont {
    SCRIPT_FONT_MAIN,   /* DejaVu Sans: Latin (Vietnamese too), Greek, Cyrillic, symbols */
    SCRIPT_FONT_NOTO,   /* the Noto Sans font for that script (Debian's fonts-noto-core) */
    SCRIPT_FONT_CJK,    /* Droid Sans Fallback: Chinese, Japanese */
    SCRIPT_FONT_KOREAN, /* Nanum Gothic: Korean (fonts-nanum) */
    SCRIPT_FONT_SYMBOL, /* Symbola: emoji and pictographs, drawn in one color */
} ScriptFont;

typedef struct ScriptInfo {
    const char *tag;  /* ISO 15924 code for HarfBuzz ("Arab"); NULL: common */
    const char *name; /* for messages: "Arabic" */
    ScriptFont font;
    const char *noto; /* SCRIPT_FONT_NOTO: the family's file stem, "NotoSansArabic" */
    bool rtl;         /* written right to left */
} ScriptInfo;

/* The script of code point cp: its entry, or NULL if cp is common to
 * scripts (space, digits, punctuation), a combining mark or a joiner (it
 * takes the script of the text around it), or in no range of the table. */
const ScriptInfo *script_of(uint32_t cp);

/* True if cp takes the script and font of the character before it:
 * combining marks, zero-width joiners, variation selectors. */
bool script_is_inherited(uint32_t cp);

/* True if the game can draw cp with its fonts (main, Noto, CJK, symbols). */
bool script_can_show(uint32_t cp);

/* Decodes the UTF-8 character at s (avail bytes readable) into *cp; returns
 * its length, or 1 with *cp = U+FFFD for a byte that starts no valid one. */
size_t script_utf8_next(const char *s, size_t avail, uint32_t *cp);

/* Byte offset of the first character of text that cannot be shown (its
 * code point in *cp), or (size_t)-1 if every one can. */
size_t script_first_unshowable(const char *text, uint32_t *cp);

/* The ranges the table knows, for tests: range i is [lo, hi] of script
 * *info (NULL for showable common characters). Returns false past the end. */
bool script_range(size_t i, uint32_t *lo, uint32_t *hi, const ScriptInfo **info);

#endif
