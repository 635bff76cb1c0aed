/* text.c: font loading, greedy UTF-8 word wrap and the rendered-text cache.
 * Fonts are read into memory once; each role has its own TTF_Font so sizes
 * change without reopening files. Wrapping measures with TTF_MeasureUTF8, so a
 * line is never wider than the wrap width (a word longer than a whole line is
 * split between characters and flagged). */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "shape.h"

#define TEXT_BUCKETS 1024u                      /* power of two */
#define TEXT_BUDGET_BYTES (24u * 1024u * 1024u) /* textures kept when unused */

typedef enum EntryMode { MODE_WRAP, MODE_LINE } EntryMode;

typedef struct Line {
    size_t start, end;
    int w;         /* width in pixels (from the wrap, else measure_lines) */
    bool measured; /* w is already known (the wrap measured the line whole) */
    bool plain;    /* the main font draws it alone, left to right (shape.h) */
    bool rtl;      /* its paragraph is right to left: drawn right-aligned */
} Line;

typedef struct Entry {
    uint64_t hash;
    char *text;
    int role, px, width;
    EntryMode mode;
    TextBlock blk;
    char *laid;  /* the text as laid out (a shortened line ends in an ellipsis) */
    Line *lines; /* byte ranges of 'laid', one per line */
    size_t n_lines;
    bool unmeasured;  /* some lines' widths, so blk.w, are not known yet */
    SDL_Texture *tex; /* rasterized in 'tint' on first draw, NULL until then */
    SDL_Color tint;
    size_t bytes;
    unsigned long frame; /* last frame that used it */
    struct Entry *chain, *prev, *next;
} Entry;

/* A line rendered by draw_lines and where it goes in the block. */
typedef struct DrawnLine {
    SDL_Surface *s;
    SDL_Rect at;
} DrawnLine;

struct Text {
    SDL_Renderer *ren;
    void *data[2]; /* regular, bold file contents */
    size_t len[2];
    TTF_Font *font[FONT_ROLE_COUNT];
    int px[FONT_ROLE_COUNT];
    Entry *buckets[TEXT_BUCKETS];
    Entry *head, *tail; /* most and least recently used */
    size_t n_entries, bytes;
    unsigned long frame;
    unsigned long serial; /* of the last layout made */
    bool direct;          /* software renderer: rasterize into the texture's own pixels */
    size_t errors;
    char *scratch;
    size_t scratch_cap;
    Line *lines;
    size_t lines_cap;
    DrawnLine *drawn; /* draw_lines' rendered lines */
    size_t drawn_cap;
    Shaper *shaper; /* fallback fonts, scripts, direction for non-plain text */
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("beneath: out of memory\n", stderr);
        abort();
    }
    return q;
}

static bool role_is_bold(FontRole role)
{
    return role == FONT_BOLD || role == FONT_TITLE;
}

Text *text_new(SDL_Renderer *ren, const char *regular_path, const char *bold_path, char *err,
               size_t err_size)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, err_size, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    Text *t = xrealloc(NULL, sizeof *t);
    memset(t, 0, sizeof *t);
    t->ren = ren;
    /* a software texture is the buffer itself; a GPU renderer's streaming
     * texture would keep a second copy in memory */
    t->direct = text_renderer_is_software(ren);
    const char *paths[2] = {regular_path, bold_path ? bold_path : regular_path};
    /* fallback fonts beside the main one come before the system's */
    const char *slash = strrchr(regular_path, '/');
    if (slash) {
        size_t n = (size_t)(slash - regular_path) + 1;
        char *dir = xrealloc(NULL, n + 1);
        memcpy(dir, regular_path, n);
        dir[n] = '\0';
        t->shaper = shaper_new(dir);
        free(dir);
    } else {
        t->shaper = shaper_new(NULL);
    }
    for (int i = 0; i < 2; i++) {
        t->data[i] = SDL_LoadFile(paths[i], &t->len[i]);
        if (!t->data[i]) {
            snprintf(err, err_size, "cannot read font %s: %s", paths[i], SDL_GetError());
            text_free(t);
            return NULL;
        }
    }
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        int d = role_is_bold((FontRole)r) ? 1 : 0;
        SDL_RWops *rw = SDL_RWFromConstMem(t->data[d], (int)t->len[d]);
        t->font[r] = rw ? TTF_OpenFontRW(rw, 1, 20) : NULL;
        if (!t->font[r]) {
            snprintf(err, err_size, "cannot open font %s: %s", paths[d], TTF_GetError());
            text_free(t);
            return NULL;
        }
        TTF_SetFontHinting(t->font[r], TTF_HINTING_LIGHT);
    }
    text_set_body_px(t, 20);
    return t;
}

static void entry_destroy(Entry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
    }
    free(e->laid);
    free(e->lines);
    free(e->text);
    free(e);
}

void text_free(Text *t)
{
    if (!t) {
        return;
    }
    Entry *e = t->head;
    while (e) {
        Entry *next = e->next;
        entry_destroy(e);
        e = next;
    }
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        if (t->font[r]) {
            TTF_CloseFont(t->font[r]);
        }
    }
    shaper_free(t->shaper);
    SDL_free(t->data[0]);
    SDL_free(t->data[1]);
    free(t->scratch);
    free(t->lines);
    free(t->drawn);
    free(t);
}

void text_set_body_px(Text *t, int body_px)
{
    if (body_px < 10) {
        body_px = 10;
    }
    int want[FONT_ROLE_COUNT];
    want[FONT_BODY] = body_px;
    want[FONT_BOLD] = body_px;
    want[FONT_SMALL] = body_px * 4 / 5 < 10 ? 10 : body_px * 4 / 5;
    want[FONT_TITLE] = body_px * 3 / 2;
    for (int r = 0; r < FONT_ROLE_COUNT; r++) {
        if (t->px[r] != want[r]) {
            TTF_SetFontSize(t->font[r], want[r]);
            t->px[r] = want[r];
            shaper_set_role(t->shaper, r, t->font[r], role_is_bold((FontRole)r), want[r]);
        }
    }
}

int text_px(const Text *t, FontRole role)
{
    return t->px[role];
}

int text_line_height(const Text *t, FontRole role)
{
    return TTF_FontLineSkip(t->font[role]);
}

void text_begin_frame(Text *t)
{
    t->frame++;
}

size_t text_error_count(const Text *t)
{
    return t->errors;
}

size_t text_cache_entries(const Text *t)
{
    return t->n_entries;
}

size_t text_cache_bytes(const Text *t)
{
    return t->bytes;
}

/* ---- cache ---------------------------------------------------------- */

static uint64_t key_hash(int role, int px, int width, EntryMode mode, const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    int nums[4] = {role, px, width, (int)mode};
    const unsigned char *p = (const unsigned char *)nums;
    for (size_t i = 0; i < sizeof nums; i++) {
        h = (h ^ p[i]) * 1099511628211ull;
    }
    for (p = (const unsigned char *)s; *p; p++) {
        h = (h ^ *p) * 1099511628211ull;
    }
    return h;
}

static void lru_unlink(Text *t, Entry *e)
{
    if (e->prev) {
        e->prev->next = e->next;
    } else {
        t->head = e->next;
    }
    if (e->next) {
        e->next->prev = e->prev;
    } else {
        t->tail = e->prev;
    }
    e->prev = e->next = NULL;
}

static void lru_push_front(Text *t, Entry *e)
{
    e->prev = NULL;
    e->next = t->head;
    if (t->head) {
        t->head->prev = e;
    }
    t->head = e;
    if (!t->tail) {
        t->tail = e;
    }
}

static void cache_remove(Text *t, Entry *e)
{
    Entry **pp = &t->buckets[e->hash & (TEXT_BUCKETS - 1)];
    while (*pp != e) {
        pp = &(*pp)->chain;
    }
    *pp = e->chain;
    lru_unlink(t, e);
    t->bytes -= e->bytes;
    t->n_entries--;
    entry_destroy(e);
}

static void cache_evict(Text *t)
{
    while (t->bytes > TEXT_BUDGET_BYTES && t->tail && t->tail->frame != t->frame) {
        cache_remove(t, t->tail);
    }
}

static Entry *cache_find(Text *t, uint64_t h, int role, int width, EntryMode mode, const char *s)
{
    for (Entry *e = t->buckets[h & (TEXT_BUCKETS - 1)]; e; e = e->chain) {
        if (e->hash == h && e->role == role && e->px == t->px[role] && e->width == width &&
            e->mode == mode && strcmp(e->text, s) == 0) {
            return e;
        }
    }
    return NULL;
}

void text_clear(Text *t)
{
    while (t->tail) {
        cache_remove(t, t->tail);
    }
}

/* ---- wrapping and rendering ------------------------------------------ */

static size_t utf8_advance(const char *s, size_t pos, int n_chars)
{
    while (n_chars-- > 0 && s[pos]) {
        pos++;
        while ((s[pos] & 0xC0) == 0x80) {
            pos++;
        }
    }
    return pos;
}

/* Adds a line; w < 0: its width is not known yet (measure_lines measures it). */
static void lines_push(Text *t, size_t *n, size_t start, size_t end, bool plain, bool rtl, int w)
{
    if (*n == t->lines_cap) {
        t->lines_cap = t->lines_cap ? t->lines_cap * 2 : 32;
        t->lines = xrealloc(t->lines, t->lines_cap * sizeof *t->lines);
    }
    t->lines[*n].start = start;
    t->lines[*n].end = end;
    t->lines[*n].w = w > 0 ? w : 0;
    t->lines[*n].measured = w >= 0;
    t->lines[*n].plain = plain;
    t->lines[*n].rtl = rtl;
    (*n)++;
}

/* The end of the word after s[pos] (spaces first skipped), or len. */
static size_t word_end(const char *s, size_t pos, size_t len)
{
    while (pos < len && s[pos] == ' ') {
        pos++;
    }
    while (pos < len && s[pos] != ' ') {
        pos++;
    }
    return pos;
}

/* fit_bytes for plain text. SDL_ttf shapes the whole string it measures,
 * so measuring the rest of a paragraph for each line costs the square of
 * its length. Where a line breaks depends only on the text up to the break
 * and the glyph after it (shaping is local: kerning pairs, ligatures), so it
 * measures a prefix that ends a whole word past the break, the same answer
 * as measuring the whole rest; a prefix that turns out too short (no whole
 * word after the break) is doubled and measured again. */
static size_t fit_plain(Text *t, int role, char *s, size_t len, int max_w, int *all_w)
{
    /* a guess of the characters on a line: half an em each */
    size_t chars = (size_t)max_w * 2 / (size_t)(t->px[role] > 0 ? t->px[role] : 1) + 4;
    for (;;) {
        size_t q = word_end(s, word_end(s, utf8_advance(s, 0, (int)chars), len), len);
        int extent = 0, count = 0;
        char saved = s[q];
        s[q] = '\0';
        int rc = TTF_MeasureUTF8(t->font[role], s, max_w, &extent, &count);
        s[q] = saved;
        if (rc != 0) {
            t->errors++;
            return len;
        }
        size_t fit = utf8_advance(s, 0, count);
        if (q >= len) {
            if (fit >= len) {
                /* the whole string fits: its extent is its width (TTF_SizeUTF8) */
                *all_w = extent;
            }
            return fit;
        }
        size_t last = q; /* the start of the prefix's last word */
        while (last > 0 && s[last - 1] != ' ') {
            last--;
        }
        if (last > 0 && fit < last - 1) {
            return fit;
        }
        chars *= 2;
    }
}

/* Bytes of s (NUL-terminated, len long) that fit in max_w pixels as one
 * line, at a character boundary. If all of s fits and its width is known
 * from the measuring, *all_w is set to that width (else left alone). */
static size_t fit_bytes(Text *t, int role, char *s, size_t len, int max_w, bool plain, bool rtl,
                        int *all_w)
{
    if (!plain) {
        return shape_fit(t->shaper, role, s, len, max_w, rtl);
    }
    return fit_plain(t, role, s, len, max_w, all_w);
}

/* Width of s[0..len) (NUL at s[len] or not) as one line. */
static int line_width(Text *t, int role, char *s, size_t len, bool plain, bool rtl)
{
    if (!plain) {
        return shape_width(t->shaper, role, s, len, rtl);
    }
    char saved = s[len];
    s[len] = '\0';
    int w = 0;
    if (TTF_SizeUTF8(t->font[role], s, &w, NULL) != 0) {
        t->errors++;
    }
    s[len] = saved;
    return w;
}

/* Wraps the NUL-terminated paragraph starting at scratch[p0]. */
static void wrap_paragraph(Text *t, int role, size_t p0, int wrap_w, size_t *n, bool *broke)
{
    char *s = t->scratch;
    size_t len = p0 + strlen(s + p0), pos = p0;
    bool plain = shape_is_plain(t->shaper, role, s + p0, len - p0);
    bool rtl = !plain && shape_paragraph_rtl(s + p0, len - p0);
    if (pos == len || wrap_w <= 0) {
        lines_push(t, n, pos, len, plain, rtl, -1);
        return;
    }
    while (pos < len) {
        int all_w = -1;
        size_t fit = pos + fit_bytes(t, role, s + pos, len - pos, wrap_w, plain, rtl, &all_w);
        if (fit >= len) {
            lines_push(t, n, pos, len, plain, rtl, all_w);
            return;
        }
        size_t brk = fit;
        if (s[fit] != ' ') {
            while (brk > pos && s[brk - 1] != ' ') {
                brk--;
            }
        }
        size_t end = brk;
        if (brk > pos) {
            while (end > pos && s[end - 1] == ' ') {
                end--;
            }
        } else {
            end = fit > pos ? fit : utf8_advance(s, pos, 1);
            brk = end;
            *broke = true;
        }
        lines_push(t, n, pos, end, plain, rtl, -1);
        pos = brk;
        while (pos < len && s[pos] == ' ') {
            pos++;
        }
    }
}

/* Renders line [start, end) of 'buf' (NUL-terminated there temporarily). */
static SDL_Surface *render_line(Text *t, int role, char *buf, Line ln, SDL_Color c)
{
    if (ln.end == ln.start) {
        return NULL;
    }
    if (!ln.plain) {
        SDL_Surface *s =
            shape_render(t->shaper, role, buf + ln.start, ln.end - ln.start, ln.rtl, c);
        if (!s) {
            t->errors++;
        }
        return s;
    }
    TTF_Font *f = t->font[role];
    char saved = buf[ln.end];
    buf[ln.end] = '\0';
    SDL_Surface *s = TTF_RenderUTF8_Blended(f, buf + ln.start, c);
    buf[ln.end] = saved;
    if (!s) {
        t->errors++;
    }
    return s;
}

/* Fills with 'px' the part of row band [y0, y1) of 'all' that a line's
 * surface at 'r' (NULL: no surface) leaves uncovered. */
static void fill_around(SDL_Surface *all, int y0, int y1, const SDL_Rect *r, Uint32 px)
{
    if (y1 <= y0) {
        return;
    }
    /* the rows the surface (from y0) covers in part */
    int covered = r ? SDL_max(SDL_min(r->y + r->h, y1) - y0, 0) : 0;
    if (covered > 0) {
        int x0 = SDL_max(r->x, 0), x1 = SDL_min(r->x + r->w, all->w);
        if (x1 <= x0) {
            x0 = x1 = all->w; /* nothing of the row is covered */
        }
        SDL_Rect left = {0, y0, x0, covered}, right = {x1, y0, all->w - x1, covered};
        if (left.w > 0) {
            SDL_FillRect(all, &left, px);
        }
        if (right.w > 0) {
            SDL_FillRect(all, &right, px);
        }
    }
    SDL_Rect below = {0, y0 + covered, all->w, y1 - y0 - covered};
    if (below.h > 0) {
        SDL_FillRect(all, &below, px);
    }
}

/* Draws the entry's lines in color c into 'all' (ARGB8888, its size). Each
 * line's surface is copied in whole; only what no line covers is filled. */
static void draw_lines(Text *t, Entry *e, SDL_Surface *all, SDL_Color c)
{
    int skip = TTF_FontLineSkip(t->font[e->role]);
    /* Transparent pixels keep the color so edges blend without dark fringes. */
    Uint32 clear = SDL_MapRGBA(all->format, c.r, c.g, c.b, 0);
    c.a = 255;
    if (e->n_lines > t->drawn_cap) {
        t->drawn_cap = e->n_lines;
        t->drawn = xrealloc(t->drawn, t->drawn_cap * sizeof *t->drawn);
    }
    /* every fill first, then every copy: a surface taller than the line
     * skip overlaps the next band, and a later copy wins, as before */
    for (size_t i = 0; i < e->n_lines; i++) {
        DrawnLine *d = &t->drawn[i];
        d->s = render_line(t, e->role, e->laid, e->lines[i], c);
        int y0 = (int)i * skip;
        if (d->s) {
            /* a right-to-left paragraph's lines end at the right edge */
            int x = e->lines[i].rtl ? e->blk.w - e->lines[i].w : 0;
            d->at = (SDL_Rect){x > 0 ? x : 0, y0, d->s->w, d->s->h};
        }
        fill_around(all, y0, SDL_min(y0 + skip, all->h), d->s ? &d->at : NULL, clear);
    }
    for (size_t i = 0; i < e->n_lines; i++) {
        DrawnLine *d = &t->drawn[i];
        if (d->s) {
            SDL_SetSurfaceBlendMode(d->s, SDL_BLENDMODE_NONE);
            SDL_BlitSurface(d->s, NULL, all, &d->at);
            SDL_FreeSurface(d->s);
        }
    }
}

/* Rasterizes the entry's lines in color c: into 'tex' if not NULL (a
 * streaming texture of the entry's size, as made here before), else into a
 * new texture. With the software renderer straight into the texture's own
 * pixels (one buffer, not a surface copied into a texture), else through a
 * surface. Returns NULL on failure ('tex' is then destroyed). */
static SDL_Texture *rasterize(Text *t, Entry *e, SDL_Color c, SDL_Texture *tex)
{
    if (!tex && t->direct) {
        tex = SDL_CreateTexture(t->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                e->blk.w, e->blk.h);
    }
    SDL_Surface *all = NULL;
    if (tex && SDL_LockTextureToSurface(tex, NULL, &all) == 0) {
        draw_lines(t, e, all, c);
        SDL_UnlockTexture(tex);
    } else {
        if (tex) {
            SDL_DestroyTexture(tex);
        }
        all = SDL_CreateRGBSurfaceWithFormat(0, e->blk.w, e->blk.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!all) {
            t->errors++;
            return NULL;
        }
        draw_lines(t, e, all, c);
        tex = SDL_CreateTextureFromSurface(t->ren, all);
        SDL_FreeSurface(all);
    }
    if (!tex) {
        t->errors++;
        return NULL;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    return tex;
}

/* Copies the layout in t->scratch / t->lines into the entry; the lines'
 * widths wait for measure_lines. */
static void keep_layout(Text *t, int role, size_t n, Entry *e)
{
    size_t len = strlen(t->scratch);
    /* paragraphs were split at '\n' by NULs; the ranges never cross them */
    e->laid = xrealloc(NULL, len + 1);
    memcpy(e->laid, t->scratch, len + 1);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total = t->lines[i].end > total ? t->lines[i].end : total;
    }
    if (total > len) {
        e->laid = xrealloc(e->laid, total + 1);
        memcpy(e->laid, t->scratch, total + 1);
    }
    e->lines = xrealloc(NULL, (n ? n : 1) * sizeof *e->lines);
    memcpy(e->lines, t->lines, n * sizeof *e->lines);
    e->n_lines = n;
    e->blk.h = (int)n * TTF_FontLineSkip(t->font[role]);
    e->blk.n_lines = (int)n;
    e->unmeasured = true;
}

/* Measures the lines the wrap did not (their widths) and so the block's. */
static void measure_lines(Text *t, Entry *e)
{
    int w = 0;
    for (size_t i = 0; i < e->n_lines; i++) {
        Line *ln = &e->lines[i];
        if (ln->end == ln->start) {
            continue;
        }
        if (!ln->measured) {
            ln->w = line_width(t, e->role, e->laid + ln->start, ln->end - ln->start, ln->plain,
                               ln->rtl);
            ln->measured = true;
        }
        w = ln->w > w ? ln->w : w;
    }
    e->blk.w = w;
    e->unmeasured = false;
}

static void scratch_set(Text *t, const char *s, size_t extra)
{
    size_t len = strlen(s);
    if (len + extra + 1 > t->scratch_cap) {
        t->scratch_cap = len + extra + 1;
        t->scratch = xrealloc(t->scratch, t->scratch_cap);
    }
    memcpy(t->scratch, s, len + 1);
}

/* Lays out t->scratch (already filled) for the given mode. */
static size_t layout(Text *t, int role, int width, EntryMode mode, TextBlock *blk)
{
    size_t n = 0;
    if (mode == MODE_LINE) {
        char *nl = strchr(t->scratch, '\n');
        if (nl) {
            *nl = '\0';
        }
        size_t len = strlen(t->scratch);
        bool plain = shape_is_plain(t->shaper, role, t->scratch, len);
        bool rtl = !plain && shape_paragraph_rtl(t->scratch, len);
        int w = line_width(t, role, t->scratch, len, plain, rtl);
        if (width > 0 && w > width) {
            static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
            int ew = line_width(t, role, (char[]){"\xE2\x80\xA6"}, 3, true, false);
            int unused = -1;
            size_t cut = fit_bytes(t, role, t->scratch, len, width - ew > 0 ? width - ew : 0, plain,
                                   rtl, &unused);
            while (cut > 0 && t->scratch[cut - 1] == ' ') {
                cut--;
            }
            memcpy(t->scratch + cut, ell, sizeof ell);
            blk->truncated = true;
            w = -1; /* the shortened line is measured again */
        }
        lines_push(t, &n, 0, strlen(t->scratch), plain, rtl, w);
        return n;
    }
    size_t p0 = 0;
    for (;;) {
        char *nl = strchr(t->scratch + p0, '\n');
        if (nl) {
            *nl = '\0';
        }
        wrap_paragraph(t, role, p0, width, &n, &blk->broke_word);
        if (!nl) {
            break;
        }
        p0 = (size_t)(nl - t->scratch) + 1;
    }
    return n;
}

/* The cache entry of a layout, laid out if new; its lines' widths may be
 * still unmeasured (measure_lines). */
static Entry *get_entry(Text *t, FontRole role, const char *s, int width, EntryMode mode)
{
    if (!s) {
        s = "";
    }
    uint64_t h = key_hash(role, t->px[role], width, mode, s);
    Entry *e = cache_find(t, h, role, width, mode, s);
    if (e) {
        lru_unlink(t, e);
        lru_push_front(t, e);
        e->frame = t->frame;
        return e;
    }
    e = xrealloc(NULL, sizeof *e);
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->role = role;
    e->px = t->px[role];
    e->width = width;
    e->mode = mode;
    e->frame = t->frame;
    size_t len = strlen(s);
    e->text = xrealloc(NULL, len + 1);
    memcpy(e->text, s, len + 1);

    TTF_Font *f = t->font[role];
    scratch_set(t, s, 4);
    size_t n = layout(t, role, width, mode, &e->blk);
    e->blk.entry = e;
    e->blk.serial = ++t->serial;
    keep_layout(t, role, n, e);
    if (e->blk.h == 0) {
        e->blk.h = TTF_FontLineSkip(f);
    }
    e->bytes = sizeof *e + 2 * len + n * sizeof(Line);

    size_t b = h & (TEXT_BUCKETS - 1);
    e->chain = t->buckets[b];
    t->buckets[b] = e;
    lru_push_front(t, e);
    t->n_entries++;
    t->bytes += e->bytes;
    cache_evict(t);
    return e;
}

static const TextBlock *get(Text *t, FontRole role, const char *s, int width, EntryMode mode)
{
    Entry *e = get_entry(t, role, s, width, mode);
    if (e->unmeasured) {
        measure_lines(t, e);
    }
    return &e->blk;
}

const TextBlock *text_get(Text *t, FontRole role, const char *s, int wrap_w)
{
    return get(t, role, s, wrap_w > 0 ? wrap_w : 0, MODE_WRAP);
}

int text_height(Text *t, FontRole role, const char *s, int wrap_w)
{
    return get_entry(t, role, s, wrap_w > 0 ? wrap_w : 0, MODE_WRAP)->blk.h;
}

const TextBlock *text_get_line(Text *t, FontRole role, const char *s, int max_w)
{
    return get(t, role, s, max_w > 0 ? max_w : 0, MODE_LINE);
}

SDL_Texture *text_texture(Text *t, const TextBlock *b, SDL_Color c)
{
    Entry *e = b->entry;
    if (!e || e->blk.w == 0) {
        return NULL;
    }
    if (e->tex && e->tint.r == c.r && e->tint.g == c.g && e->tint.b == c.b) {
        return e->tex;
    }
    SDL_Texture *reuse = NULL;
    if (e->tex) {
        t->bytes -= (size_t)e->blk.w * (size_t)e->blk.h * 4u;
        e->bytes -= (size_t)e->blk.w * (size_t)e->blk.h * 4u;
        if (t->direct) {
            reuse = e->tex; /* another color: drawn again in the same texture */
        } else {
            SDL_DestroyTexture(e->tex);
        }
    }
    e->tex = rasterize(t, e, c, reuse);
    e->tint = c;
    if (e->tex) {
        t->bytes += (size_t)e->blk.w * (size_t)e->blk.h * 4u;
        e->bytes += (size_t)e->blk.w * (size_t)e->blk.h * 4u;
        cache_evict(t);
    }
    return e->tex;
}

bool text_renderer_is_software(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(ren, &info) == 0 && info.name && strcmp(info.name, "software") == 0;
}

int text_width(Text *t, FontRole role, const char *s)
{
    if (!s || !*s) {
        return 0;
    }
    size_t len = strlen(s);
    if (!shape_is_plain(t->shaper, role, s, len)) {
        return shape_width(t->shaper, role, s, len, shape_paragraph_rtl(s, len));
    }
    int w = 0;
    if (TTF_SizeUTF8(t->font[role], s, &w, NULL) != 0) {
        t->errors++;
    }
    return w;
}
