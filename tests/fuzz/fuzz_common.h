/* fuzz_common.h: what the libFuzzer targets share. */
#ifndef BENEATH_FUZZ_COMMON_H
#define BENEATH_FUZZ_COMMON_H

#include "scenario.h"

/* Loads the scenario the targets run against: $BENEATH_FUZZ_SCENARIO, or
 * FUZZ_SCENARIO (the bundled domestic-call.json). Aborts with a message
 * naming 'who' if it cannot be loaded. Kept for the whole run. */
Scenario *fuzz_scenario_load(const char *who);

#endif
