/* shape.c: font fallback, script runs and bidirectional order for one line
 * of text (see shape.h). */
#include "shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fribidi.h>

#include "scripts.h"

/* A fallback font file, opened per role the first time a role needs it. */
typedef struct Fallback {
    const ScriptInfo *script; /* a Noto script font; NULL for CJK / symbols */
    ScriptFont kind;
    char *path[2]; /* regular, bold (bold may equal regular) */
    TTF_Font *font[SHAPE_MAX_ROLES];
    bool tried[SHAPE_MAX_ROLES];
} Fallback;

typedef struct Role {
    TTF_Font *main;
    bool bold;
    int px;
} Role;

typedef struct Run {
    size_t b0, b1; /* bytes of the line */
    TTF_Font *font;
    const char *tag; /* script for HarfBuzz, NULL: left to HarfBuzz */
    int level;       /* bidi embedding level: odd is right to left */
    int w;
} Run;

struct Shaper {
    char *fonts_dir;
    Role role[SHAPE_MAX_ROLES];
    Fallback *fb;
    size_t n_fb;
    /* per-line scratch, grown as needed */
    FriBidiChar *cps;
    size_t *offs; /* byte offset of each character; offs[n] = len */
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels;
    size_t cap;
    Run *runs;
    size_t runs_cap;
    char *buf;
    size_t buf_cap;
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

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xrealloc(NULL, n);
    memcpy(p, s, n);
    return p;
}

/* ---- finding fallback fonts ---------------------------------------------- */

static const char *const NOTO_DIRS[] = {
    "/usr/share/fonts/truetype/noto/",
    "/usr/share/fonts/noto/",
    "/usr/share/fonts/google-noto/",
    "/usr/share/fonts/truetype/",
};
static const char *const CJK_FILES[] = {
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/TTF/DroidSansFallbackFull.ttf",
};
static const char *const KOREAN_FILES[] = {
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/nanum/NanumGothic.ttf",
    "/usr/share/fonts/naver-nanum/NanumGothic.ttf",
};
static const char *const KOREAN_BOLD_FILES[] = {
    "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    "/usr/share/fonts/nanum/NanumGothicBold.ttf",
    "/usr/share/fonts/naver-nanum/NanumGothicBold.ttf",
};
static const char *const SYMBOL_FILES[] = {
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/TTF/Symbola.ttf",
    "/usr/share/fonts/gdouros-symbola/Symbola.ttf",
};

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir + stem + suffix if that file exists (caller frees), else NULL. */
static char *try_path(const char *dir, const char *stem, const char *suffix)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(suffix) + 2;
    char *p = xrealloc(NULL, n);
    snprintf(p, n, "%s%s%s", dir, stem, suffix);
    if (is_file(p)) {
        return p;
    }
    free(p);
    return NULL;
}

static char *find_noto(const Shaper *S, const char *stem, const char *suffix)
{
    char *p = NULL;
    if (S->fonts_dir) {
        p = try_path(S->fonts_dir, stem, suffix);
    }
    for (size_t i = 0; !p && i < sizeof NOTO_DIRS / sizeof NOTO_DIRS[0]; i++) {
        p = try_path(NOTO_DIRS[i], stem, suffix);
    }
    return p;
}

static char *find_first(const Shaper *S, const char *const *files, size_t n)
{
    if (S->fonts_dir) {
        const char *base = strrchr(files[0], '/') + 1;
        char *p = try_path(S->fonts_dir, base, "");
        if (p) {
            return p;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (is_file(files[i])) {
            return xstrdup(files[i]);
        }
    }
    return NULL;
}

/* The fallback entry for a script's Noto font or a kind (CJK, symbols),
 * created (with its files looked up) the first time; a font file that is
 * not installed leaves path[0] NULL. The list stays short (one entry per
 * script met), so it is searched in order. */
static Fallback *fallback_get(Shaper *S, ScriptFont kind, const ScriptInfo *script)
{
    for (size_t i = 0; i < S->n_fb; i++) {
        if (S->fb[i].kind == kind && S->fb[i].script == script) {
            return &S->fb[i];
        }
    }
    S->fb = xrealloc(S->fb, (S->n_fb + 1) * sizeof *S->fb);
    Fallback *f = &S->fb[S->n_fb++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->script = script;
    if (kind == SCRIPT_FONT_NOTO) {
        f->path[0] = find_noto(S, script->noto, "-Regular.ttf");
        f->path[1] = f->path[0] ? find_noto(S, script->noto, "-Bold.ttf") : NULL;
    } else if (kind == SCRIPT_FONT_CJK) {
        f->path[0] = find_first(S, CJK_FILES, sizeof CJK_FILES / sizeof CJK_FILES[0]);
    } else if (kind == SCRIPT_FONT_KOREAN) {
        f->path[0] = find_first(S, KOREAN_FILES, sizeof KOREAN_FILES / sizeof KOREAN_FILES[0]);
        f->path[1] = find_first(S, KOREAN_BOLD_FILES, 3);
    } else if (kind == SCRIPT_FONT_SYMBOL) {
        f->path[0] = find_first(S, SYMBOL_FILES, sizeof SYMBOL_FILES / sizeof SYMBOL_FILES[0]);
    }
    return f;
}

static TTF_Font *fallback_font(Shaper *S, Fallback *f, int role)
{
    if (!f->tried[role]) {
        f->tried[role] = true;
        const Role *r = &S->role[role];
        const char *p = r->bold && f->path[1] ? f->path[1] : f->path[0];
        if (p && r->px > 0) {
            f->font[role] = TTF_OpenFont(p, r->px);
            if (f->font[role]) {
                TTF_SetFontHinting(f->font[role], TTF_HINTING_LIGHT);
                if (r->bold && !f->path[1]) {
                    TTF_SetFontStyle(f->font[role], TTF_STYLE_BOLD);
                }
            }
        }
    }
    return f->font[role];
}

/* ---- lifetime ------------------------------------------------------------- */

Shaper *shaper_new(const char *fonts_dir)
{
    Shaper *S = xrealloc(NULL, sizeof *S);
    memset(S, 0, sizeof *S);
    if (fonts_dir) {
        S->fonts_dir = xstrdup(fonts_dir);
    }
    return S;
}

void shaper_free(Shaper *S)
{
    if (!S) {
        return;
    }
    for (size_t i = 0; i < S->n_fb; i++) {
        for (int r = 0; r < SHAPE_MAX_ROLES; r++) {
            if (S->fb[i].font[r]) {
                TTF_CloseFont(S->fb[i].font[r]);
            }
        }
        free(S->fb[i].path[0]);
        free(S->fb[i].path[1]);
    }
    free(S->fb);
    free(S->fonts_dir);
    free(S->cps);
    free(S->offs);
    free(S->types);
    free(S->brackets);
    free(S->levels);
    free(S->runs);
    free(S->buf);
    free(S);
}

void shaper_set_role(Shaper *S, int role, TTF_Font *main, bool bold, int px)
{
    if (role < 0 || role >= SHAPE_MAX_ROLES) {
        return;
    }
    Role *r = &S->role[role];
    bool resized = r->px != px;
    r->main = main;
    r->bold = bold;
    r->px = px;
    for (size_t i = 0; resized && i < S->n_fb; i++) {
        if (S->fb[i].font[role]) {
            TTF_SetFontSize(S->fb[i].font[role], px);
        }
    }
}

/* ---- characters, fonts and runs ---------------------------------------- */

static bool provides(TTF_Font *f, uint32_t cp)
{
    return f && TTF_GlyphIsProvided32(f, cp);
}

static bool is_rtl_type(FriBidiCharType t)
{
    return FRIBIDI_IS_RTL(t) || FRIBIDI_IS_ARABIC(t);
}

bool shape_is_plain(Shaper *S, int role, const char *s, size_t len)
{
    TTF_Font *main = S->role[role].main;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += script_utf8_next(s + i, len - i, &cp);
        const ScriptInfo *si = script_of(cp);
        if (si && si->font != SCRIPT_FONT_MAIN && si->font != SCRIPT_FONT_SYMBOL) {
            return false;
        }
        if (is_rtl_type(fribidi_get_bidi_type(cp)) ||
            (!script_is_inherited(cp) && !provides(main, cp))) {
            return false;
        }
    }
    return true;
}

bool shape_paragraph_rtl(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += script_utf8_next(s + i, len - i, &cp);
        FriBidiCharType t = fribidi_get_bidi_type(cp);
        if (FRIBIDI_IS_LETTER(t)) {
            return FRIBIDI_IS_RTL(t);
        }
    }
    return false;
}

TTF_Font *shape_font_for(Shaper *S, int role, uint32_t cp)
{
    TTF_Font *main = S->role[role].main;
    const ScriptInfo *si = script_of(cp);
    if (si && si->font == SCRIPT_FONT_NOTO) {
        TTF_Font *f = fallback_font(S, fallback_get(S, SCRIPT_FONT_NOTO, si), role);
        if (provides(f, cp)) {
            return f;
        }
    } else if (si && (si->font == SCRIPT_FONT_CJK || si->font == SCRIPT_FONT_KOREAN)) {
        TTF_Font *f = fallback_font(S, fallback_get(S, si->font, NULL), role);
        if (provides(f, cp)) {
            return f;
        }
    }
    if (provides(main, cp)) {
        return main;
    }
    static const ScriptFont order[] = {SCRIPT_FONT_SYMBOL, SCRIPT_FONT_CJK};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        TTF_Font *f = fallback_font(S, fallback_get(S, order[i], NULL), role);
        if (provides(f, cp)) {
            return f;
        }
    }
    return NULL;
}

static void grow(Shaper *S, size_t n)
{
    if (n + 1 <= S->cap) {
        return;
    }
    S->cap = (n + 1) * 2;
    S->cps = xrealloc(S->cps, S->cap * sizeof *S->cps);
    S->offs = xrealloc(S->offs, S->cap * sizeof *S->offs);
    S->types = xrealloc(S->types, S->cap * sizeof *S->types);
    S->brackets = xrealloc(S->brackets, S->cap * sizeof *S->brackets);
    S->levels = xrealloc(S->levels, S->cap * sizeof *S->levels);
}

static Run *run_push(Shaper *S, size_t *n)
{
    if (*n == S->runs_cap) {
        S->runs_cap = S->runs_cap ? S->runs_cap * 2 : 16;
        S->runs = xrealloc(S->runs, S->runs_cap * sizeof *S->runs);
    }
    return &S->runs[(*n)++];
}

/* Decodes s[0..len) into S->cps / S->offs; returns the character count. */
static size_t decode(Shaper *S, const char *s, size_t len)
{
    grow(S, len);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        S->offs[n] = i;
        i += script_utf8_next(s + i, len - i, &cp);
        S->cps[n++] = cp;
    }
    S->offs[n] = len;
    return n;
}

/* Splits the decoded line into runs of one font, script and (with levels)
 * embedding level, in logical order. levels NULL: all level 0. */
static size_t itemize(Shaper *S, int role, size_t n, const FriBidiLevel *levels)
{
    TTF_Font *main = S->role[role].main;
    size_t nr = 0;
    Run *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = S->cps[i];
        const ScriptInfo *si = script_of(cp);
        const char *tag = si ? si->tag : NULL;
        int level = levels ? levels[i] : 0;
        TTF_Font *f;
        if (cur && script_is_inherited(cp)) {
            f = cur->font; /* a mark or joiner stays with its base */
            tag = cur->tag;
        } else if (cur && !tag && cur->font != main && provides(cur->font, cp)) {
            f = cur->font; /* spaces and punctuation inside a fallback run */
        } else {
            f = shape_font_for(S, role, cp);
            if (!f) {
                f = main; /* drawn as the main font's missing-glyph box */
            }
        }
        if (cur && !tag) {
            tag = cur->tag;
        }
        if (!cur || cur->font != f || cur->level != level ||
            (cur->tag && tag && strcmp(cur->tag, tag) != 0)) {
            cur = run_push(S, &nr);
            cur->b0 = S->offs[i];
            cur->font = f;
            cur->tag = tag;
            cur->level = level;
        } else if (!cur->tag) {
            cur->tag = tag;
        }
        cur->b1 = S->offs[i + 1];
    }
    return nr;
}

/* Sets the run's script and direction on its font and returns a
 * NUL-terminated copy of its text. */
static const char *run_prepare(Shaper *S, const char *s, const Run *r)
{
    size_t n = r->b1 - r->b0;
    if (n + 1 > S->buf_cap) {
        S->buf_cap = (n + 1) * 2;
        S->buf = xrealloc(S->buf, S->buf_cap);
    }
    memcpy(S->buf, s + r->b0, n);
    S->buf[n] = '\0';
    TTF_SetFontScriptName(r->font, r->tag ? r->tag : "Zzzz");
    TTF_SetFontDirection(r->font, (r->level & 1) ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    return S->buf;
}

/* Puts the font back the way plain text expects it. */
static void run_restore(const Run *r)
{
    TTF_SetFontScriptName(r->font, "Zzzz");
    TTF_SetFontDirection(r->font, TTF_DIRECTION_LTR);
}

static int runs_measure(Shaper *S, const char *s, size_t nr)
{
    int total = 0;
    for (size_t i = 0; i < nr; i++) {
        Run *r = &S->runs[i];
        int w = 0;
        TTF_SizeUTF8(r->font, run_prepare(S, s, r), &w, NULL);
        run_restore(r);
        r->w = w;
        total += w;
    }
    return total;
}

/* Embedding levels of the n decoded characters in a paragraph of the given
 * direction (rules P3 to I2 of the bidirectional algorithm); returns the
 * highest level plus one. Measuring and drawing both use it, so a line is
 * as wide as it was measured. */
static int bidi_levels(Shaper *S, size_t n, bool rtl)
{
    fribidi_get_bidi_types(S->cps, (FriBidiStrIndex)n, S->types);
    fribidi_get_bracket_types(S->cps, (FriBidiStrIndex)n, S->types, S->brackets);
    FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(S->types, S->brackets,
                                                           (FriBidiStrIndex)n, &base, S->levels);
    if (max == 0) { /* FriBidi failed: logical order */
        memset(S->levels, 0, n * sizeof *S->levels);
        return 1;
    }
    return (int)max;
}

int shape_width(Shaper *S, int role, const char *s, size_t len, bool rtl)
{
    size_t n = decode(S, s, len);
    if (n == 0) {
        return 0;
    }
    bidi_levels(S, n, rtl);
    return runs_measure(S, s, itemize(S, role, n, S->levels));
}

size_t shape_fit(Shaper *S, int role, const char *s, size_t len, int max_w, bool rtl)
{
    size_t n = decode(S, s, len);
    size_t *offs = xrealloc(NULL, (n + 1) * sizeof *offs);
    memcpy(offs, S->offs, (n + 1) * sizeof *offs);
    size_t lo = 0, hi = n; /* the answer (in characters) is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (shape_width(S, role, s, offs[mid], rtl) <= max_w) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    size_t bytes = offs[lo];
    free(offs);
    return bytes;
}

/* Reverses runs [a, b). */
static void reverse_runs(Run *r, size_t a, size_t b)
{
    while (a + 1 < b) {
        Run t = r[a];
        r[a] = r[b - 1];
        r[b - 1] = t;
        a++;
        b--;
    }
}

SDL_Surface *shape_render(Shaper *S, int role, const char *s, size_t len, bool rtl, SDL_Color c)
{
    TTF_Font *main = S->role[role].main;
    size_t n = decode(S, s, len);
    if (n == 0) {
        return NULL;
    }
    int max = bidi_levels(S, n, rtl);
    size_t nr = itemize(S, role, n, S->levels);
    int total = runs_measure(S, s, nr);
    /* rule L2: from the highest level down to the lowest odd one, reverse
     * every sequence of runs at that level or above */
    int lowest_odd = 255;
    for (size_t i = 0; i < nr; i++) {
        if ((S->runs[i].level & 1) && S->runs[i].level < lowest_odd) {
            lowest_odd = S->runs[i].level;
        }
    }
    for (int lev = max - 1; lev >= lowest_odd && lev > 0; lev--) {
        for (size_t i = 0; i < nr;) {
            if (S->runs[i].level < lev) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < nr && S->runs[j].level >= lev) {
                j++;
            }
            reverse_runs(S->runs, i, j);
            i = j;
        }
    }
    int h = TTF_FontHeight(main), ascent = TTF_FontAscent(main);
    SDL_Surface *line =
        SDL_CreateRGBSurfaceWithFormat(0, total > 0 ? total : 1, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!line) {
        return NULL;
    }
    SDL_FillRect(line, NULL, SDL_MapRGBA(line->format, c.r, c.g, c.b, 0));
    int x = 0;
    for (size_t i = 0; i < nr; i++) {
        Run *r = &S->runs[i];
        SDL_Surface *rs = TTF_RenderUTF8_Blended(r->font, run_prepare(S, s, r), c);
        int run_ascent = TTF_FontAscent(r->font);
        run_restore(r);
        if (rs) {
            SDL_Rect dst = {x, ascent - run_ascent, rs->w, rs->h};
            SDL_SetSurfaceBlendMode(rs, SDL_BLENDMODE_BLEND);
            SDL_BlitSurface(rs, NULL, line, &dst);
            SDL_FreeSurface(rs);
        }
        x += r->w;
    }
    return line;
}
