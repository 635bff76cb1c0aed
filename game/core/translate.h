/* translate.h: the shared catalogue in the trainee's language. A
 * translation lies beside the catalogue, named like it with the language
 * before ".json" (catalog.es.json beside catalog.json), and holds for every
 * entry, in the catalogue's order, its id and its text fields (label,
 * category, explain; why_not_disqualifying where the catalogue has it); the
 * numbers (weights, penalties, disqualifying) stay in the catalogue, so a
 * translation can change no score. The linter checks a translation against
 * its catalogue: the same ids in the same order, every text field, nothing
 * left empty. */
#ifndef BENEATH_TRANSLATE_H
#define BENEATH_TRANSLATE_H

#include <stdbool.h>

#include "diag.h"
#include "scenario.h"

/* Is 'name' (no folder) a catalogue translation, "catalog.LANG.json"? */
bool translate_is_file_name(const char *name);

/* Gives the scenario's catalogue entries (not its own local ones) the text
 * of the translation for lang ("es", "es-US": tries "es-US", then "es").
 * Returns true if one was applied; false (and changes nothing) if there is
 * none or it is broken (beneath-lint reports why). */
bool translate_apply(Scenario *sc, const char *lang);

/* The language the trainee reads: the --language option, else the
 * "language" setting, else LC_ALL, LC_MESSAGES or LANG ("es_ES.UTF-8"
 * gives "es-ES"; no installed system locale is needed), else "en". Writes
 * a language tag into buf and returns it. */
const char *translate_pick_language(const char *option, const char *setting, char *buf,
                                    size_t size);

/* Checks the translation file at path against the catalogue it names in
 * "translation_of"; appends its findings (code "catalog") to dl. Returns
 * the number of errors. */
size_t translate_check(const char *path, DiagList *dl);

#endif
