/* shape.h: one line of text as people write it. Each character is drawn by
 * the font that has it: the main font, else the Noto font of its script
 * (Arabic and Hebrew always use theirs), Droid Sans Fallback for Chinese and
 * Japanese, Nanum Gothic for Korean, Symbola for emoji; fallback fonts are opened the first
 * time a character needs them. Runs of one font, script and direction are
 * shaped by HarfBuzz through SDL_ttf (TTF_SetFontScriptName,
 * TTF_SetFontDirection) and put in visual order by the Unicode bidirectional
 * algorithm (FriBidi), so Arabic reads right to left with joined letters and
 * a Spanish sentence with an Arabic name in it reads correctly. Text that the
 * main font draws alone, left to right, is "plain": callers keep SDL_ttf's
 * own fast path for it. Which script a character is in comes from the core's
 * table (scripts.h), which the linter uses too. */
#ifndef BENEATH_SDL_SHAPE_H
#define BENEATH_SDL_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#define SHAPE_MAX_ROLES 8

typedef struct Shaper Shaper;

/* A shaper with no fonts yet; fonts_dir (may be NULL) is searched for
 * fallback fonts before the system's font folders. Caller frees. */
Shaper *shaper_new(const char *fonts_dir);
/* Closes the fallback fonts it opened (never the main fonts); NULL is fine. */
void shaper_free(Shaper *S);

/* The main font of a role (owned by the caller), whether the role is bold,
 * and its size in pixels; fallback fonts follow the size. */
void shaper_set_role(Shaper *S, int role, TTF_Font *main, bool bold, int px);

/* True if the main font alone draws s[0..len) left to right. */
bool shape_is_plain(Shaper *S, int role, const char *s, size_t len);
/* True if the paragraph s[0..len) is right to left (its first strong
 * character is, as in the Unicode bidirectional algorithm's rule P2). */
bool shape_paragraph_rtl(const char *s, size_t len);

/* Width in pixels of s[0..len) as one line of a paragraph of the given
 * direction (what shape_render draws). */
int shape_width(Shaper *S, int role, const char *s, size_t len, bool rtl);
/* Bytes of the longest prefix of s[0..len), ending at a character
 * boundary, no wider than max_w (0 if not even one character fits). */
size_t shape_fit(Shaper *S, int role, const char *s, size_t len, int max_w, bool rtl);
/* s[0..len) drawn as one line in color c, runs in visual order for a
 * paragraph of the given direction; NULL for empty text or on failure.
 * Caller frees with SDL_FreeSurface. */
SDL_Surface *shape_render(Shaper *S, int role, const char *s, size_t len, bool rtl, SDL_Color c);

/* The font that draws cp in a role (a fallback opened on demand), or NULL
 * if no font of the chain has it. For tests. */
TTF_Font *shape_font_for(Shaper *S, int role, uint32_t cp);

#endif
