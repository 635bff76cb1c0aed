/* test_textsafe.c: control characters are escaped visibly and nothing else
 * changes; loaded text and formatted diagnostics come out escaped. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "textsafe.h"

static void expect_escape(const char *in, TextsafeFlags flags, const char *want)
{
    char *got = textsafe_dup(in, flags);
    cr_expect_str_eq(got, want, "escaping \"%s\"", in);
    cr_expect_eq(textsafe_escape(in, flags, NULL, 0), strlen(want));
    cr_expect_eq(textsafe_is_clean(in, flags), strcmp(in, want) == 0);
    free(got);
}

Test(textsafe, escapes_c0_del_and_c1_but_keeps_tab)
{
    expect_escape("a\x1b]0;title\x07z", 0, "a\\x1B]0;title\\x07z");
    expect_escape("line\rforged", 0, "line\\x0Dforged");
    expect_escape("tab\there", 0, "tab\there");
    expect_escape("del\x7f", 0, "del\\x7F");
    expect_escape("csi \xc2\x9b"
                  "31m",
                  0, "csi \\u009B31m");
    expect_escape("nel \xc2\x85", 0, "nel \\u0085");
}

Test(textsafe, newlines_are_kept_only_when_asked)
{
    expect_escape("two\nlines", 0, "two\\x0Alines");
    expect_escape("two\nlines", TEXTSAFE_KEEP_NEWLINES, "two\nlines");
}

Test(textsafe, escapes_bidi_overrides_and_invalid_utf8)
{
    expect_escape("x \xe2\x80\xae y", 0, "x \\u202E y");
    expect_escape("x \xe2\x81\xa6 y", 0, "x \\u2066 y");
    expect_escape("lone \x9b byte", 0, "lone \\x9B byte");
    expect_escape("cut \xe2\x80", 0, "cut \\xE2\\x80");
}

Test(textsafe, leaves_ordinary_text_alone)
{
    expect_escape("", 0, "");
    expect_escape("Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x9a\x93 \\x1B stays", 0,
                  "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x9a\x93 \\x1B stays");
    cr_expect_null(textsafe_dup(NULL, 0));
}

Test(textsafe, never_cuts_inside_an_escape)
{
    char buf[8];
    size_t need = textsafe_escape("ab\x1b"
                                  "cd",
                                  0, buf, sizeof buf);
    cr_expect_eq(need, 8);
    cr_expect_str_eq(buf, "ab\\x1Bc");
    need = textsafe_escape("abcd\x1b", 0, buf, 6);
    cr_expect_eq(need, 8);
    cr_expect_str_eq(buf, "abcd");
}

Test(textsafe, loaded_text_and_diagnostics_come_out_escaped)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(CORPUS_DIR "/terminal/escapes.json", dl);
    cr_assert_not_null(sc);
    cr_expect_str_eq(sc->title, "Escapes\\x1B]0;retitled\\x07 title");
    cr_expect_str_eq(sc->nodes[0].text, "Scene text\\x0Dforged line\nsecond line \\u202Eredro");
    cr_expect_str_eq(sc->objectives[0], "Objective \\u009B31m in C1");
    scenario_free(sc);
    diag_add(dl, DIAG_ERROR, DIAG_UNKNOWN_NODE, "x\x1b[2J.json", 1, 2, "/a",
             "no \"\x1b]8;;\x07\"\n");
    char buf[256];
    cr_expect_str_eq(diag_format(diag_at(dl, 0), buf, sizeof buf),
                     "x\\x1B[2J.json:1:2: error: /a: no \"\\x1B]8;;\\x07\"\\x0A [unknown-node]");
    diag_list_free(dl);
}
