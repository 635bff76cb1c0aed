/* xapi.h: an attempt as xAPI 1.0.3 statements. Pure: rows in, JSON out.
 * For a graded attempt, in order: 'initialized'; for each scene entered
 * 'experienced' (the scene as an activity); for each choice and "look
 * closer" 'answered' (the scene as a cmi.interaction, the choice or detail
 * id as the response); 'completed'; 'passed' or 'failed' (the scenario as a
 * simulation activity, with result.score scaled/raw/min/max, success,
 * completion, ISO 8601 duration and the acted-on, seen-only and missed
 * indicators as result extensions); 'terminated'. Every statement carries
 * context.registration (the attempt's UUID) and context.revision (scenario
 * version and content hash). Statement ids are version-5 UUIDs of the
 * registration and the statement's place, so sending twice is harmless. */
#ifndef BENEATH_XAPI_H
#define BENEATH_XAPI_H

#include <stddef.h>

#include "records.h"

#define XAPI_VERSION "1.0.3"
/* Default account home page and base of every activity and extension IRI. */
#define XAPI_DEFAULT_HOMEPAGE "https://beneath-the-surface.invalid"

/* The statements of a finished attempt as a JSON array (caller frees with
 * free()), with the actor as {"account":{"homePage":homepage,"name":actor}}.
 * 'actor' is a pseudonym, never the trainee's name. */
char *xapi_attempt_statements(const RecordsRow *row, const RecordsActionRow *acts, size_t n,
                              const char *homepage, const char *actor);

#endif
