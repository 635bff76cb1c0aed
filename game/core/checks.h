/* checks.h: checks of what an author wrote that need no play-through: text
 * left from the beneath-new scaffold, blank or repeated labels, text
 * variants that can never be shown, missing objectives. beneath-lint runs
 * them after the analyses (analyze_lint); they change nothing. */
#ifndef BENEATH_CHECKS_H
#define BENEATH_CHECKS_H

#include <stddef.h>

#include "diag.h"
#include "scenario.h"

/* Adds a finding to 'dl' for each problem, positioned in 'text' (the
 * scenario's source, 'len' bytes; may be NULL, then without positions). */
void checks_run(const Scenario *sc, const char *text, size_t len, DiagList *dl);

#endif
