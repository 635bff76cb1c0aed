/* test_shape.c: the fallback chain draws what the core's script table says
 * the game can show (so lint's unshowable-character warning and the screen
 * agree); right-to-left runs come out in visual order; Arabic letters join. */
#include <criterion/criterion.h>

#include <string.h>

#include "scripts.h"
#include "shape.h"

#ifndef FONT_DIR
#error "FONT_DIR: the repository's assets/fonts/"
#endif

static Shaper *S;
static TTF_Font *main_font;

static void setup(void)
{
    cr_assert_eq(SDL_Init(0), 0);
    cr_assert_eq(TTF_Init(), 0);
    main_font = TTF_OpenFont(FONT_DIR "DejaVuSans.ttf", 20);
    cr_assert_not_null(main_font, "%s", TTF_GetError());
    S = shaper_new(FONT_DIR);
    shaper_set_role(S, 0, main_font, false, 20);
}

static void teardown(void)
{
    shaper_free(S);
    TTF_CloseFont(main_font);
    TTF_Quit();
    SDL_Quit();
}

TestSuite(shape, .init = setup, .fini = teardown);

/* Real letters of each script the table names (not unassigned code points). */
static const char *const SAMPLES[] = {
    "Hello Ñandú Nguyễn Thị Hương ăâđêôơư ạảấầẩẫậ", /* Latin, Vietnamese */
    "Αθήνα Москва Երևան თბილისი",                   /* Greek, Cyrillic, Armenian, Georgian */
    "שלום עליכם",                                   /* Hebrew */
    "مساء الخير ١٢٣ پ گ",                           /* Arabic, Arabic-Indic digits, Persian */
    "नमस्ते বাংলা ਪੰਜਾਬੀ ગુજરાતી தமிழ் తెలుగు",           /* Indic */
    "สวัสดี ສະບາຍດີ မင်္ဂလာပါ ሰላም សួស្តី",                  /* Thai, Lao, Myanmar, Ethiopic, Khmer */
    "你好，世界。こんにちは カタカナ 안녕하세요",   /* CJK */
    "🚗 ⏰ 📱 ☎ ✓ ★ ♥ 😀 🙏",                            /* symbols and emoji */
};

Test(shape, every_sample_character_has_a_font)
{
    for (size_t i = 0; i < sizeof SAMPLES / sizeof SAMPLES[0]; i++) {
        const char *s = SAMPLES[i];
        size_t len = strlen(s);
        for (size_t p = 0; p < len;) {
            uint32_t cp;
            p += script_utf8_next(s + p, len - p, &cp);
            if (cp == ' ' || script_is_inherited(cp)) {
                continue;
            }
            cr_expect(script_can_show(cp), "U+%04X is not in the script table", cp);
            cr_expect_not_null(shape_font_for(S, 0, cp), "no font draws U+%04X (in \"%s\")", cp, s);
        }
    }
}

/* Every range the table calls showable is mostly drawn by the chain: a range
 * whose font is missing, or a wrong range, shows up here. Unassigned code
 * points inside a block are why it is not 100 %. */
Test(shape, the_table_ranges_are_drawn)
{
    uint32_t lo, hi;
    const ScriptInfo *info;
    for (size_t i = 0; script_range(i, &lo, &hi, &info); i++) {
        if (!info) {
            continue; /* marks and joiners: drawn with their base */
        }
        size_t drawn = 0, total = 0;
        for (uint32_t cp = lo; cp <= hi; cp++) {
            total++;
            drawn += shape_font_for(S, 0, cp) != NULL;
        }
        cr_expect(drawn * 100 >= total * 50, "U+%04X..U+%04X (%s): only %zu of %zu drawn", lo, hi,
                  info->name, drawn, total);
    }
}

Test(shape, plain_text_keeps_the_fast_path)
{
    const char *plain = "Señora Nguyễn: ¿Qué pasó? «Bien» — 3 min";
    cr_expect(shape_is_plain(S, 0, plain, strlen(plain)));
    const char *arabic = "Ella dice: مساء الخير";
    cr_expect_not(shape_is_plain(S, 0, arabic, strlen(arabic)));
    const char *han = "他说：你好";
    cr_expect_not(shape_is_plain(S, 0, han, strlen(han)));
}

Test(shape, paragraph_direction_from_the_first_strong_letter)
{
    const char *a = "«مساء الخير» dijo";
    const char *b = "Dijo «مساء الخير»";
    const char *c = "١٢ שלום";
    cr_expect(shape_paragraph_rtl(a, strlen(a)));
    cr_expect_not(shape_paragraph_rtl(b, strlen(b)));
    cr_expect(shape_paragraph_rtl(c, strlen(c)));
}

/* Columns of s drawn in a paragraph of direction rtl where the pixels are
 * inked, as a bitmap of the surface's width. */
static SDL_Surface *draw(const char *s, bool rtl)
{
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surf = shape_render(S, 0, s, strlen(s), rtl, white);
    cr_assert_not_null(surf);
    cr_expect_eq(surf->w, shape_width(S, 0, s, strlen(s), rtl), "drawn as wide as measured");
    return surf;
}

static int first_inked_column(SDL_Surface *s, int from, int to)
{
    SDL_LockSurface(s);
    for (int x = from; x < to && x < s->w; x++) {
        for (int y = 0; y < s->h; y++) {
            Uint32 px = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            if ((px >> 24) > 128) {
                SDL_UnlockSurface(s);
                return x;
            }
        }
    }
    SDL_UnlockSurface(s);
    return -1;
}

/* "abc" then a Hebrew word: in a left-to-right paragraph the Latin comes
 * first (left); in a right-to-left one the Hebrew comes first (right), so
 * the Latin is at the left edge only in the first case. */
Test(shape, runs_in_visual_order)
{
    const char *s = "abc שלום";
    int abc_w = 0;
    TTF_SizeUTF8(main_font, "abc", &abc_w, NULL);
    SDL_Surface *ltr = draw(s, false);
    SDL_Surface *rtl = draw(s, true);
    cr_expect_eq(ltr->w, rtl->w);
    /* LTR: "abc" starts within a pixel or two of the left edge */
    cr_expect_leq(first_inked_column(ltr, 0, ltr->w), 3);
    /* RTL: visual order is "abc" at the left too (an LTR run keeps its
     * order inside), but the space now sits between them on the other side:
     * so compare where the Hebrew ink starts instead */
    int heb_ltr = first_inked_column(ltr, abc_w + 2, ltr->w);
    cr_expect_gt(heb_ltr, abc_w, "in LTR the Hebrew follows the Latin");
    SDL_FreeSurface(ltr);
    SDL_FreeSurface(rtl);

    /* a Hebrew word then "abc" in an LTR paragraph: Hebrew at the left */
    const char *t = "שלום abc";
    SDL_Surface *l2 = draw(t, false);
    int hebrew_w = shape_width(S, 0, "שלום", strlen("שלום"), true);
    int latin_ink = first_inked_column(l2, hebrew_w + 1, l2->w);
    cr_expect_gt(latin_ink, hebrew_w, "Latin after the Hebrew in logical and visual order");
    SDL_FreeSurface(l2);
    SDL_Surface *r2 = draw(t, true);
    /* RTL paragraph: "abc" is visually leftmost */
    cr_expect_leq(first_inked_column(r2, 0, r2->w), 3);
    SDL_FreeSurface(r2);
}

/* Joined Arabic letters take their connected forms, which are narrower than
 * the isolated letter: three behs in a row are narrower than three apart. */
Test(shape, arabic_letters_join)
{
    int one = shape_width(S, 0, "ب", strlen("ب"), true);
    int three = shape_width(S, 0, "ببب", strlen("ببب"), true);
    cr_expect_gt(one, 0);
    cr_expect_lt(three, 3 * one, "joined: %d, three isolated: %d", three, 3 * one);
}

Test(shape, fit_never_cuts_a_character_and_fits)
{
    const char *s = "مساء الخير 你好 Nguyễn";
    size_t len = strlen(s);
    for (int w = 0; w < 400; w += 7) {
        size_t b = shape_fit(S, 0, s, len, w, true);
        cr_assert_leq(b, len);
        cr_expect(b == len || ((unsigned char)s[b] & 0xC0) != 0x80, "cut inside a character");
        cr_expect_leq(shape_width(S, 0, s, b, true), w);
    }
}
