/* test_jsonpos.c: JSON pointer -> byte offset -> line:column, with and
 * without the position cache (which must never change an answer). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "jsonpos.h"

static size_t find(const char *text, const char *path)
{
    return jsonpos_find(text, strlen(text), path, NULL);
}

/* Offset of the first occurrence of 'needle' in 'text'. */
static size_t at(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    cr_assert_not_null(p, "\"%s\" not in the text", needle);
    return (size_t)(p - text);
}

static const char doc[] = "  {\"a\": 1,\n"
                          "   \"list\": [10, [20, 21], {\"k\": \"v\"}],\n"
                          "   \"obj\": {\"inner\": {\"deep\": true}},\n"
                          "   \"str\": \"x,]}\\\"{[\\\\\", \"after\": null}";

Test(jsonpos, finds_the_root_after_leading_space)
{
    cr_expect_eq(find(doc, ""), 2);
    cr_expect_eq(find(doc, NULL), 2);
}

Test(jsonpos, finds_members_and_elements)
{
    cr_expect_eq(find(doc, "/a"), at(doc, "1,"));
    cr_expect_eq(find(doc, "/list"), at(doc, "[10"));
    cr_expect_eq(find(doc, "/list/0"), at(doc, "10"));
    cr_expect_eq(find(doc, "/list/1"), at(doc, "[20"));
    cr_expect_eq(find(doc, "/list/1/1"), at(doc, "21"));
    cr_expect_eq(find(doc, "/list/2/k"), at(doc, "\"v\""));
    cr_expect_eq(find(doc, "/obj/inner/deep"), at(doc, "true"));
}

Test(jsonpos, skips_brackets_commas_and_escaped_quotes_inside_strings)
{
    cr_expect_eq(find(doc, "/str"), at(doc, "\"x,]}"));
    cr_expect_eq(find(doc, "/after"), at(doc, "null"));
}

Test(jsonpos, falls_back_to_the_deepest_existing_value)
{
    cr_expect_eq(find(doc, "/obj/inner/nope"), at(doc, "{\"deep\""));
    cr_expect_eq(find(doc, "/list/7"), at(doc, "[10"));
    cr_expect_eq(find(doc, "/nope/deeper"), 2);
    cr_expect_eq(find(doc, "/a/b"), at(doc, "1,"), "a number has no members");
}

Test(jsonpos, decodes_escaped_pointer_segments)
{
    const char *t = "{\"a/b\": 1, \"m~n\": 2, \"a\": {\"b\": 3}}";
    cr_expect_eq(find(t, "/a~1b"), at(t, "1,"));
    cr_expect_eq(find(t, "/m~0n"), at(t, "2,"));
    cr_expect_eq(find(t, "/a/b"), at(t, "3}"));
}

Test(jsonpos, finds_the_nth_occurrence_of_a_key)
{
    const char *t = "{\"x\": {\"k\": 1, \"j\": 0, \"k\": 2}}";
    size_t len = strlen(t);
    cr_expect_eq(jsonpos_find_key(t, len, "/x", "k", 0, NULL), at(t, "\"k\": 1"));
    cr_expect_eq(jsonpos_find_key(t, len, "/x", "k", 1, NULL), at(t, "\"k\": 2"));
    cr_expect_eq(jsonpos_find_key(t, len, "/x", "k", 2, NULL), at(t, "{\"k\""),
                 "no third: the object");
    cr_expect_eq(jsonpos_find_key(t, len, "/x", "j", 0, NULL), at(t, "\"j\""));
    cr_expect_eq(jsonpos_find_key(t, len, "", "x", 0, NULL), at(t, "\"x\""));
}

Test(jsonpos, skips_a_byte_order_mark)
{
    const char *t = "\xEF\xBB\xBF{\"a\": 5}";
    cr_expect_eq(find(t, "/a"), at(t, "5"));
    cr_expect_eq(find(t, ""), 3);
}

Test(jsonpos, counts_lines_and_characters)
{
    const char *t = "ab\ncaf\xC3\xA9 \xE2\x82\xAC x\n\ny";
    size_t len = strlen(t);
    int line, col;
    jsonpos_line_col(t, len, 0, &line, &col, NULL);
    cr_expect(line == 1 && col == 1);
    jsonpos_line_col(t, len, at(t, "\n"), &line, &col, NULL);
    cr_expect(line == 1 && col == 3, "the newline ends line 1: %d:%d", line, col);
    jsonpos_line_col(t, len, at(t, "x"), &line, &col, NULL);
    cr_expect(line == 2 && col == 8, "\"café € \" is 7 characters: %d:%d", line, col);
    jsonpos_line_col(t, len, at(t, "y"), &line, &col, NULL);
    cr_expect(line == 4 && col == 1, "%d:%d", line, col);
    jsonpos_line_col(t, len, len + 100, &line, &col, NULL);
    cr_expect(line == 4 && col == 2, "past the end clamps to the end: %d:%d", line, col);
}

Test(jsonpos, copes_with_truncated_text)
{
    size_t len;
    char *text = t_slurp(DATA_FILE("mini.json"), &len);
    static const char *const paths[] = {
        "",    "/nodes/3/choices/0/goto", "/events/1/if", "/nodes/0/details/1", "/variables/9",
        "/zzz"};
    for (size_t n = 0; n <= len; n += 7) {
        for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
            cr_assert_leq(jsonpos_find(text, n, paths[p], NULL), n);
            cr_assert_leq(jsonpos_find_key(text, n, paths[p], "id", 0, NULL), n);
        }
    }
    free(text);
}

/* Every path of a real scenario, looked up in a scrambled order through one
 * cache, must give the same offsets and line:col as uncached lookups. */
Test(jsonpos, cache_never_changes_an_answer)
{
    size_t len;
    char *text = t_slurp(DATA_FILE("run.json"), &len);
    char paths[256][64];
    size_t n = 0;
    static const char *const fields[] = {"",         "/id", "/text", "/choices",
                                         "/details", "/if", "/goto", "/nope"};
    for (int node = 0; node < 7; node++) {
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            snprintf(paths[n++], sizeof paths[0], "/nodes/%d%s", node, fields[f]);
        }
        for (int c = 0; c < 8; c++) {
            snprintf(paths[n++], sizeof paths[0], "/nodes/%d/choices/%d/id", node, c);
        }
    }
    for (int e = 0; e < 4; e++) {
        snprintf(paths[n++], sizeof paths[0], "/events/%d/at", e);
    }
    cr_assert_leq(n, 256);
    JsonPosCache cache;
    memset(&cache, 0, sizeof cache);
    unsigned long long seed = 7;
    for (int round = 0; round < 2000; round++) {
        const char *p = paths[t_rand(&seed) % n];
        size_t want = jsonpos_find(text, len, p, NULL);
        size_t got = jsonpos_find(text, len, p, &cache);
        cr_assert_eq(got, want, "%s: cached %zu, uncached %zu (round %d)", p, got, want, round);
        size_t wkey = jsonpos_find_key(text, len, p, "id", 0, NULL);
        cr_assert_eq(jsonpos_find_key(text, len, p, "id", 0, &cache), wkey, "%s", p);
        int l1, c1, l2, c2;
        jsonpos_line_col(text, len, want, &l1, &c1, NULL);
        jsonpos_line_col(text, len, want, &l2, &c2, &cache);
        cr_assert(l1 == l2 && c1 == c2, "%s: cached %d:%d, uncached %d:%d", p, l2, c2, l1, c1);
    }
    free(text);
}

/* On a large text, positions asked for in any order (as diagnostics come)
 * are the same as a scan from the start gives: checkpoints, a byte order
 * mark, multi-byte characters and lines of every length included. */
Test(jsonpos, line_and_column_on_a_large_text_in_any_order)
{
    size_t len = 3 * JSONPOS_CHECKPOINT_MIN + 12345;
    char *text = malloc(len);
    cr_assert_not_null(text);
    memcpy(text, "\xEF\xBB\xBF", 3);
    unsigned long long seed = 7;
    for (size_t i = 3; i < len; i++) {
        unsigned long long r = t_rand(&seed) % 1000;
        text[i] = r < 3 ? '\n' : r < 40 ? (char)0xC3 : r < 77 ? (char)0xA9 : 'x';
    }
    JsonPosCache *cache = calloc(1, sizeof *cache);
    cr_assert_not_null(cache);
    for (int q = 0; q < 300; q++) {
        size_t off = q == 0 ? 0 : q == 1 ? len : (size_t)(t_rand(&seed) % (len + 1));
        int l1, c1, l2, c2;
        jsonpos_line_col(text, len, off, &l1, &c1, cache);
        jsonpos_line_col(text, len, off, &l2, &c2, NULL);
        cr_assert_eq(l1, l2, "line at %zu", off);
        cr_assert_eq(c1, c2, "column at %zu", off);
    }
    free(cache);
    free(text);
}
