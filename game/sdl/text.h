/* text.h: fonts, UTF-8 word wrap and a texture cache for rendered text.
 * Text is rasterized once per (font, pixel size, wrap width, text) and kept as
 * a white texture; callers tint it with the color they need. The cache is a
 * hash table with least-recently-used eviction under a byte budget; entries
 * used in the current frame are never evicted, so a returned block stays valid
 * until the next text_begin_frame. */
#ifndef BENEATH_SDL_TEXT_H
#define BENEATH_SDL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

typedef enum FontRole { FONT_BODY, FONT_BOLD, FONT_SMALL, FONT_TITLE, FONT_ROLE_COUNT } FontRole;

typedef struct Text Text;

/* One laid-out, rendered piece of text; draw it with text_texture(). */
typedef struct TextBlock {
    void *entry; /* the cache entry (private) */
    int w, h;    /* size in pixels; w == 0 for empty text */
    int n_lines;
    bool broke_word;      /* a word longer than the width had to be split */
    bool truncated;       /* single-line text shortened with an ellipsis */
    unsigned long serial; /* unique to this layout: equal serials and tints, equal pixels */
} TextBlock;

/* Opens the fonts (bold may be NULL: regular is used). Returns NULL and writes
 * a message to err if a font cannot be opened. Caller frees with text_free. */
Text *text_new(SDL_Renderer *ren, const char *regular_path, const char *bold_path, char *err,
               size_t err_size);
/* Frees fonts and every cached texture; NULL does nothing. */
void text_free(Text *t);

/* Sets the body size in pixels; the other roles derive from it. */
void text_set_body_px(Text *t, int body_px);
int text_px(const Text *t, FontRole role);
/* Distance between baselines of two wrapped lines. */
int text_line_height(const Text *t, FontRole role);

/* Starts a frame: blocks returned before this call may now be evicted. */
void text_begin_frame(Text *t);

/* Wraps 's' (UTF-8, '\n' starts a new line) to at most 'wrap_w' pixels and
 * returns the rendered block; wrap_w <= 0 means one line per paragraph.
 * Never returns NULL: on a rendering failure the block is empty and
 * text_error_count() grows. Borrowed; valid until the next text_begin_frame. */
const TextBlock *text_get(Text *t, FontRole role, const char *s, int wrap_w);
/* The height of text_get's block, for text out of view: the wrap measures
 * where lines break, but not the lines' widths; text_get measures them
 * when it asks for the same block. */
int text_height(Text *t, FontRole role, const char *s, int wrap_w);
/* One line no wider than max_w, ending in an ellipsis if shortened. */
const TextBlock *text_get_line(Text *t, FontRole role, const char *s, int max_w);
/* The block as a texture in color 'c' (NULL for empty text). Text is laid
 * out (wrapped and measured) by text_get but rasterized only here, the first
 * time it is drawn, so text scrolled out of view costs no pixels. The texture
 * is kept until another color is asked for: the software renderer blends a
 * plain texture about twice as fast as it applies SDL_SetTextureColorMod.
 * Borrowed, like the block. */
SDL_Texture *text_texture(Text *t, const TextBlock *b, SDL_Color c);
/* Width of 's' as one line, without rendering it. */
int text_width(Text *t, FontRole role, const char *s);

/* Drops every cached texture (benchmarks; a font change). */
void text_clear(Text *t);
/* Rendering failures since text_new (SDL_ttf or texture creation). */
size_t text_error_count(const Text *t);
/* Cache statistics, for tests and the benchmark. */
size_t text_cache_entries(const Text *t);
size_t text_cache_bytes(const Text *t);

/* True for SDL's software renderer, which draws into plain memory: its
 * textures can be written directly, and the window's pixels stay between
 * presents. */
bool text_renderer_is_software(SDL_Renderer *ren);

#endif
