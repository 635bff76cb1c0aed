/* test_authortest.c: author test transcripts (authortest.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authortest.h"

static const char *data(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", AUTHORING_DATA_DIR, name);
    return buf;
}

Test(authortest, passing_tests_pass)
{
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(data("mini.tests.json"), dl);
    cr_assert_not_null(t);
    Scenario *sc = scenario_load(authortest_scenario_path(t), dl);
    cr_assert_not_null(sc, "the \"scenario\" field resolves against the tests file");
    cr_expect_eq(authortest_count(t), 3);
    for (size_t i = 0; i < authortest_count(t); i++) {
        cr_expect(authortest_run(t, i, sc, dl, NULL, NULL, 0), "%s", authortest_name(t, i));
    }
    cr_expect_eq(diag_count(dl), 0);
    scenario_free(sc);
    authortest_free(t);
    diag_list_free(dl);
}

Test(authortest, failing_test_gives_a_diff_and_a_positioned_diagnostic)
{
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(data("mini-fail.tests.json"), dl);
    cr_assert_not_null(t);
    Scenario *sc = scenario_load(authortest_scenario_path(t), dl);
    cr_assert_not_null(sc);
    char *diff = NULL;
    cr_expect(!authortest_run(t, 0, sc, dl, &diff, NULL, 0));
    cr_assert_not_null(diff);
    cr_expect(strstr(diff, "ending: expected \"end-good\", got \"end-missed\"") != NULL);
    cr_expect(strstr(diff, "score: expected 90..100, got") != NULL);
    cr_expect(strstr(diff, "\"IND-TYPO\" is not an indicator") != NULL);
    cr_expect(strstr(diff, "errors: expected [\"ERR-Y\"], got []") != NULL);
    free(diff);
    cr_expect(!authortest_run(t, 1, sc, dl, &diff, NULL, 0));
    cr_expect(strstr(diff, "item 2 \"act\" is not available in scene \"b\"") != NULL);
    free(diff);
    cr_expect_eq(diag_count(dl), 2);
    cr_expect_eq(diag_at(dl, 0)->code, DIAG_TEST_FAILED);
    cr_expect_gt(diag_at(dl, 0)->line, 0);
    scenario_free(sc);
    authortest_free(t);
    diag_list_free(dl);
}

Test(authortest, rejects_unknown_fields_with_position)
{
    /* the file loads; the test with the typo is reported and marked broken */
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(data("bad.tests.json"), dl);
    cr_assert_not_null(t);
    cr_assert_geq(diag_count(dl), 1);
    cr_expect(strstr(diag_at(dl, 0)->msg, "unknown field \"scor\"") != NULL);
    cr_expect_gt(diag_at(dl, 0)->line, 1);
    cr_expect(authortest_is_broken(t, 0));
    authortest_free(t);
    diag_list_free(dl);
}

Test(authortest, a_broken_test_does_not_stop_the_others)
{
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(data("partly-bad.tests.json"), dl);
    cr_assert_not_null(t);
    cr_assert_eq(authortest_count(t), 3);
    Scenario *sc = scenario_load(authortest_scenario_path(t), NULL);
    cr_assert_not_null(sc);
    char *diff = NULL;
    cr_expect_not(authortest_run(t, 0, sc, dl, &diff, NULL, 0), "the broken test fails");
    free(diff);
    cr_expect(authortest_run(t, 1, sc, dl, NULL, NULL, 0), "the good test still runs and passes");
    cr_expect_not(authortest_run(t, 2, sc, dl, &diff, NULL, 0));
    cr_expect(diff && strstr(diff, "score: expected at least 50, got 0"), "%s", diff);
    free(diff);
    scenario_free(sc);
    authortest_free(t);
    diag_list_free(dl);
}

Test(authortest, missing_file_is_an_io_error)
{
    DiagList *dl = diag_list_new();
    cr_expect_null(authortest_load(data("nope.tests.json"), dl));
    cr_expect_eq(diag_at(dl, 0)->code, DIAG_IO);
    diag_list_free(dl);
}
