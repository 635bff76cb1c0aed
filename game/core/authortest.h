/* authortest.h: author test transcripts. A tests file (scenarios/ID.tests.json)
 * names play-throughs, each a --choices list with what must come of it:
 *   {"scenario": "ID.json",
 *    "tests": [{"name": "...", "choices": "a,b,c" or ["a", "b"],
 *               "expect": {"ending", "outcome", "passed", "score", "minutes",
 *                          "acted", "seen", "missed", "steps", "out_of_order",
 *                          "errors", "status"}}]}
 * (scenarios/README.md, "Testing your scenario", gives each field.)
 * Running a test replays it on a loaded scenario and compares. */
#ifndef BENEATH_AUTHORTEST_H
#define BENEATH_AUTHORTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "scenario.h"

typedef struct AuthorTests AuthorTests;

/* Reads and checks a tests file (shape, field names and types; ids are
 * checked when a test runs). Problems go to 'dl' with line and column.
 * Returns NULL if the file itself cannot be used (not JSON, no "tests");
 * a test with mistakes of its own is reported and marked broken, and the
 * others still run. Caller frees with authortest_free. */
AuthorTests *authortest_load(const char *path, DiagList *dl);
/* Frees the tests; NULL does nothing. */
void authortest_free(AuthorTests *t);

/* Path of the scenario under test: "scenario" resolved against the tests
 * file's folder, or the tests file's name with ".tests.json" -> ".json".
 * Borrowed. */
const char *authortest_scenario_path(const AuthorTests *t);
size_t authortest_count(const AuthorTests *t);
/* Name of test i. Borrowed. */
const char *authortest_name(const AuthorTests *t, size_t i);

/* True if test i has mistakes of its own (reported by authortest_load). */
bool authortest_is_broken(const AuthorTests *t, size_t i);

/* Runs test i on 'sc' (a broken test is not run: returns false, adds
 * nothing to 'dl', and *diff says why). Returns true if every expectation holds. Otherwise
 * adds one DIAG_TEST_FAILED (error, at the test in the tests file) to 'dl'
 * and, if 'diff' is not NULL, sets *diff to lines "FIELD: expected X, got Y\n"
 * (caller frees with free()). 'summary' (if not NULL, 'size' bytes) receives
 * "score 85, ending end-good" for the play-through as it went. */
bool authortest_run(const AuthorTests *t, size_t i, const Scenario *sc, DiagList *dl, char **diff,
                    char *summary, size_t size);

#endif
