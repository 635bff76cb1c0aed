/* scripts.c: the table of writing systems behind script_of() and
 * script_can_show(), sorted by code point and searched by bisection. */
#include "scripts.h"

#include <string.h>

/* Scripts with a tag are shaped as that script; the main-font and symbol
 * entries are common characters that only choose a font. */
static const ScriptInfo COMMON = {NULL, "common", SCRIPT_FONT_MAIN, NULL, false};
static const ScriptInfo CJK_COMMON = {NULL, "CJK punctuation", SCRIPT_FONT_CJK, NULL, false};
static const ScriptInfo SYMBOLS = {NULL, "symbols", SCRIPT_FONT_SYMBOL, NULL, false};
static const ScriptInfo LATIN = {"Latn", "Latin", SCRIPT_FONT_MAIN, NULL, false};
static const ScriptInfo GREEK = {"Grek", "Greek", SCRIPT_FONT_MAIN, NULL, false};
static const ScriptInfo CYRILLIC = {"Cyrl", "Cyrillic", SCRIPT_FONT_MAIN, NULL, false};
static const ScriptInfo ARMENIAN = {"Armn", "Armenian", SCRIPT_FONT_NOTO, "NotoSansArmenian",
                                    false};
static const ScriptInfo HEBREW = {"Hebr", "Hebrew", SCRIPT_FONT_NOTO, "NotoSansHebrew", true};
static const ScriptInfo ARABIC = {"Arab", "Arabic", SCRIPT_FONT_NOTO, "NotoSansArabic", true};
static const ScriptInfo DEVANAGARI = {"Deva", "Devanagari", SCRIPT_FONT_NOTO, "NotoSansDevanagari",
                                      false};
static const ScriptInfo BENGALI = {"Beng", "Bengali", SCRIPT_FONT_NOTO, "NotoSansBengali", false};
static const ScriptInfo GURMUKHI = {"Guru", "Gurmukhi", SCRIPT_FONT_NOTO, "NotoSansGurmukhi",
                                    false};
static const ScriptInfo GUJARATI = {"Gujr", "Gujarati", SCRIPT_FONT_NOTO, "NotoSansGujarati",
                                    false};
static const ScriptInfo TAMIL = {"Taml", "Tamil", SCRIPT_FONT_NOTO, "NotoSansTamil", false};
static const ScriptInfo TELUGU = {"Telu", "Telugu", SCRIPT_FONT_NOTO, "NotoSansTelugu", false};
static const ScriptInfo THAI = {"Thai", "Thai", SCRIPT_FONT_NOTO, "NotoSansThai", false};
static const ScriptInfo LAO = {"Laoo", "Lao", SCRIPT_FONT_NOTO, "NotoSansLao", false};
static const ScriptInfo MYANMAR = {"Mymr", "Myanmar", SCRIPT_FONT_NOTO, "NotoSansMyanmar", false};
static const ScriptInfo GEORGIAN = {"Geor", "Georgian", SCRIPT_FONT_NOTO, "NotoSansGeorgian",
                                    false};
static const ScriptInfo HANGUL = {"Hang", "Hangul", SCRIPT_FONT_KOREAN, NULL, false};
static const ScriptInfo ETHIOPIC = {"Ethi", "Ethiopic", SCRIPT_FONT_NOTO, "NotoSansEthiopic",
                                    false};
static const ScriptInfo KHMER = {"Khmr", "Khmer", SCRIPT_FONT_NOTO, "NotoSansKhmer", false};
static const ScriptInfo HIRAGANA = {"Hira", "Hiragana", SCRIPT_FONT_CJK, NULL, false};
static const ScriptInfo KATAKANA = {"Kana", "Katakana", SCRIPT_FONT_CJK, NULL, false};
static const ScriptInfo HAN = {"Hani", "Han", SCRIPT_FONT_CJK, NULL, false};

typedef struct Range {
    uint32_t lo, hi;
    const ScriptInfo *info; /* NULL: inherited (marks, joiners, selectors) */
} Range;

/* Sorted, not overlapping. Common characters are listed only where a font
 * of ours draws them; a code point outside every range cannot be shown.
 * tests/sdl/test_shape.c checks that the fonts draw most of every range
 * (blocks have unassigned holes) and every letter of a sample per script. */
static const Range RANGES[] = {
    {0x0020, 0x0040, &COMMON},     {0x0041, 0x005A, &LATIN},      {0x005B, 0x0060, &COMMON},
    {0x0061, 0x007A, &LATIN},      {0x007B, 0x007E, &COMMON},     {0x00A0, 0x00BF, &COMMON},
    {0x00C0, 0x024F, &LATIN},      {0x0250, 0x02AF, &LATIN},      {0x02B0, 0x02FF, &COMMON},
    {0x0300, 0x036F, NULL},        {0x0370, 0x03FF, &GREEK},      {0x0400, 0x052F, &CYRILLIC},
    {0x0531, 0x058F, &ARMENIAN},   {0x0591, 0x05FF, &HEBREW},     {0x0600, 0x06FF, &ARABIC},
    {0x0750, 0x077F, &ARABIC},     {0x08A0, 0x08FF, &ARABIC},     {0x0900, 0x097F, &DEVANAGARI},
    {0x0980, 0x09FF, &BENGALI},    {0x0A00, 0x0A7F, &GURMUKHI},   {0x0A80, 0x0AFF, &GUJARATI},
    {0x0B80, 0x0BFF, &TAMIL},      {0x0C00, 0x0C7F, &TELUGU},     {0x0E00, 0x0E7F, &THAI},
    {0x0E80, 0x0EFF, &LAO},        {0x1000, 0x109F, &MYANMAR},    {0x10A0, 0x10FF, &GEORGIAN},
    {0x1200, 0x139F, &ETHIOPIC},   {0x1780, 0x17FF, &KHMER},      {0x1AB0, 0x1AFF, NULL},
    {0x1DC0, 0x1DFF, NULL},        {0x1E00, 0x1EFF, &LATIN},      {0x1F00, 0x1FFF, &GREEK},
    {0x2000, 0x200B, &COMMON},     {0x200C, 0x200D, NULL},        {0x200E, 0x206F, &COMMON},
    {0x2070, 0x209F, &COMMON},     {0x20A0, 0x20CF, &COMMON},     {0x20D0, 0x20FF, NULL},
    {0x2100, 0x214F, &COMMON},     {0x2150, 0x218F, &COMMON},     {0x2190, 0x21FF, &COMMON},
    {0x2200, 0x22FF, &COMMON},     {0x2300, 0x23FF, &SYMBOLS},    {0x2460, 0x24FF, &SYMBOLS},
    {0x2500, 0x257F, &COMMON},     {0x2580, 0x259F, &COMMON},     {0x25A0, 0x25FF, &COMMON},
    {0x2600, 0x26FF, &SYMBOLS},    {0x2700, 0x27BF, &SYMBOLS},    {0x2B00, 0x2BFF, &SYMBOLS},
    {0x3000, 0x301F, &CJK_COMMON}, {0x3040, 0x309F, &HIRAGANA},   {0x30A0, 0x30FF, &KATAKANA},
    {0x3130, 0x318F, &HANGUL},     {0x3400, 0x4DBF, &HAN},        {0x4E00, 0x9FFF, &HAN},
    {0xAC00, 0xD7AF, &HANGUL},     {0xFB00, 0xFB06, &LATIN},      {0xFB1D, 0xFB4F, &HEBREW},
    {0xFB50, 0xFDFF, &ARABIC},     {0xFE00, 0xFE0F, NULL},        {0xFE20, 0xFE2F, NULL},
    {0xFE70, 0xFEFF, &ARABIC},     {0xFF01, 0xFF60, &CJK_COMMON}, {0xFFFD, 0xFFFD, &COMMON},
    {0x1F300, 0x1F3FA, &SYMBOLS},  {0x1F3FB, 0x1F3FF, NULL}, /* skin-tone modifiers */
    {0x1F400, 0x1F64F, &SYMBOLS},  {0x1F680, 0x1F6FF, &SYMBOLS},  {0x1F910, 0x1F918, &SYMBOLS},
    {0x1F980, 0x1F984, &SYMBOLS},  {0xE0100, 0xE01EF, NULL},
};

#define N_RANGES (sizeof RANGES / sizeof RANGES[0])

static const Range *find(uint32_t cp)
{
    size_t lo = 0, hi = N_RANGES;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < RANGES[mid].lo) {
            hi = mid;
        } else if (cp > RANGES[mid].hi) {
            lo = mid + 1;
        } else {
            return &RANGES[mid];
        }
    }
    return NULL;
}

const ScriptInfo *script_of(uint32_t cp)
{
    const Range *r = find(cp);
    return r ? r->info : NULL;
}

bool script_is_inherited(uint32_t cp)
{
    const Range *r = find(cp);
    return r && !r->info;
}

bool script_can_show(uint32_t cp)
{
    return cp == '\n' || cp == '\t' || find(cp) != NULL;
}

size_t script_utf8_next(const char *s, size_t avail, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (avail == 0) {
        *cp = 0;
        return 0;
    }
    unsigned char b = u[0];
    size_t n = b < 0x80             ? 1
               : (b & 0xE0) == 0xC0 ? 2
               : (b & 0xF0) == 0xE0 ? 3
               : (b & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 1) {
        *cp = b;
        return 1;
    }
    if (n == 0 || n > avail) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = b & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return n;
}

size_t script_first_unshowable(const char *text, uint32_t *cp)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        if ((unsigned char)text[i] < 0x80) {
            if ((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t') {
                *cp = (unsigned char)text[i];
                return i;
            }
            i++;
            continue;
        }
        size_t n = script_utf8_next(text + i, len - i, cp);
        if (!script_can_show(*cp)) {
            return i;
        }
        i += n;
    }
    return (size_t)-1;
}

bool script_range(size_t i, uint32_t *lo, uint32_t *hi, const ScriptInfo **info)
{
    if (i >= N_RANGES) {
        return false;
    }
    *lo = RANGES[i].lo;
    *hi = RANGES[i].hi;
    *info = RANGES[i].info;
    return true;
}
