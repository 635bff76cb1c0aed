/* helpers.h: small shared helpers for the Criterion suites.
 * Every helper that can fail asserts (so a test stops at the real cause);
 * everything returned is owned by the caller unless it says "borrowed". */
#ifndef BENEATH_TEST_HELPERS_H
#define BENEATH_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "run.h"
#include "scenario.h"

/* Marks a test that shows a known core bug (described in a BUG comment above
 * the test). It is disabled, so the suites pass, unless they are configured
 * with -DBENEATH_TEST_KNOWN_BUGS=ON: then whoever fixes the bug can watch the
 * test fail first and pass after. */
#ifdef TEST_KNOWN_BUGS
#define KNOWN_BUG .disabled = false
#else
#define KNOWN_BUG .disabled = true
#endif

/* Paths of test data; TEST_DATA_DIR, CORPUS_DIR and SCENARIO_DIR are compile
 * definitions, so tests never depend on the working directory. */
#define DATA_FILE(name) TEST_DATA_DIR "/" name
#define CORPUS_FILE(name) CORPUS_DIR "/load/" name

/* Reads a whole file (asserts it exists); caller frees with free(). */
char *t_slurp(const char *path, size_t *len);

/* Loads a file that must load cleanly (asserts no diagnostics at all). */
Scenario *t_load_clean(const char *path);

/* The scoring labs (tests/data/rules.json and deadline.json), loaded by
 * t_labs_load and freed by t_labs_free: a suite's .init and .fini. */
extern Scenario *t_rules_lab, *t_deadline_lab;
void t_labs_load(void);
void t_labs_free(void);

/* Parses scenario text as if it were a file in tests/data (so the default
 * catalogue tests/data/catalog.json applies). Diagnostics go to 'dl'. */
Scenario *t_parse(const char *text, DiagList *dl);

/* The first diagnostic with 'code', or NULL. Borrowed. */
const Diag *t_find_diag(const DiagList *dl, DiagCode code);
/* How many diagnostics have 'code'. */
size_t t_count_code(const DiagList *dl, DiagCode code);
/* Asserts that 'dl' holds exactly one diagnostic, of 'code', at line:col. */
void t_expect_only(const DiagList *dl, DiagCode code, int line, int col);
/* Asserts that 'dl' holds a diagnostic of 'code' at line:col. */
void t_expect_has(const DiagList *dl, DiagCode code, int line, int col);

/* 1-based line and column (in characters) of the nth (0-based) occurrence
 * of 'needle' in 'text', computed independently of jsonpos. Asserts found. */
/* 1-based line and column (in characters) of 'p' within 'text', counted
 * here independently of jsonpos.c. */
void t_line_col(const char *text, const char *p, int *line, int *col);
void t_where(const char *text, const char *needle, int nth, int *line, int *col);

/* Plays a comma-separated list of option ids or 1-based numbers, like
 * beneath-play --choices; asserts that every item applies. */
void t_play(Run *r, const char *list);

/* Index lookups that assert the name exists. */
size_t t_node(const Scenario *sc, const char *id);
size_t t_item(const Scenario *sc, ItemKind kind, const char *id);
size_t t_var(const Scenario *sc, const char *id);
/* Index of choice or detail 'id' in the current node (asserts it exists). */
size_t t_choice(const Run *r, const char *id);
size_t t_detail(const Run *r, const char *id);
/* The ids of the options available now, comma-separated, in the order
 * run_options lists them. Static buffer: copy it to keep it. */
char *t_option_ids(const Run *r);

/* The run's state key as a malloc'd buffer; *len receives its length. */
unsigned char *t_state_key(const Run *r, size_t *len);
/* True if two runs have byte-identical state keys. */
bool t_same_state(const Run *a, const Run *b);

/* Deterministic PRNG (splitmix64) for random playthroughs. */
unsigned long long t_rand(unsigned long long *state);

#endif
