/* cli.h: what the command-line tools share: printing diagnostics, standard
 * --help/--version handling and exit codes. */
#ifndef BENEATH_CLI_H
#define BENEATH_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "scenario.h"
#include "settings.h"

/* Exit codes shared by every tool. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_UNFINISHED = 3 };

/* Prints every diagnostic GCC-style, one per line, sorted by position. */
void cli_print_diags(FILE *out, DiagList *dl);

/* Prints every diagnostic as one JSON object per line, sorted by position:
 *   {"file":F,"line":L,"col":C,"severity":"error"|"warning"|"note",
 *    "code":"dead-end","message":M,"path":"/nodes/3/id"} */
void cli_print_diags_json(FILE *out, DiagList *dl);

/* Handles --help and --version if argv[1..] contains them: prints 'usage' or
 * "PROG VERSION" to stdout and returns true (the caller exits 0). */
bool cli_help_or_version(int argc, char **argv, const char *prog, const char *usage);

/* Parses a whole positive number for option 'opt' into *out. On a bad value
 * prints "PROG: OPT expects ..." to stderr and returns false. */
bool cli_parse_size(const char *prog, const char *opt, const char *text, size_t *out);

/* True if the list has a DIAG_IO diagnostic (the file could not be read). */
bool cli_has_io_error(const DiagList *dl);

/* Loads a scenario and prints its diagnostics (warnings too) to stderr.
 * On failure returns NULL and sets *rc: EXIT_USAGE if the file could not be
 * read, EXIT_FINDINGS if it has errors. Caller frees with scenario_free. */
Scenario *cli_load_scenario(const char *path, int *rc);

/* Is 'out', a file a tool is about to write, the scenario 'scenario' it
 * read (an output named like the input by a slip)? If so, says so on
 * stderr as 'prog' and returns true: the tool must not write it, whatever
 * else it was told (--force). NULL 'out': false. */
bool cli_output_is_input(const char *prog, const char *out, const char *scenario);

/* If 'path' is a folder, fills *names with the paths of the scenario files
 * in it (scenario_is_file_name), sorted; caller frees each and the array.
 * Returns their number, or (size_t)-1 if 'path' is not a folder. */
size_t cli_scenarios_in(const char *path, char ***names);

/* The system-wide settings (SYSCONFDIR/beneath, XDG config dirs; not the
 * player's own file) in s, printing "PROG: ..." for a problem in one. */
void cli_system_settings(const char *prog, Settings *s);

/* Opens the records database at 'path' (NULL: records_default_path() with
 * the system-wide 'records_path' setting),
 * printing "PROG: ..." to stderr for a file set aside or a failure; with
 * 'import', also imports the old JSON saves and records once. NULL on
 * failure. Close with records_close. */
struct Records *cli_open_records(const char *prog, const char *path, bool import);

/* The trainee's language for a tool's own words: --language 'option', else
 * the "language" 'setting', else LC_ALL/LC_MESSAGES/LANG (no
 * installed locale needed; translate_pick_language). Loads the gettext
 * catalogue LANG.po from assets/locale ($BENEATH_ASSETS_DIR, the install's
 * share/beneath/assets beside the program, then the source tree of a
 * development build), so _() in the tool gives that language. Writes the
 * tag (e.g. "es-ES", or "en") into buf and returns it. */
const char *cli_language(const char *option, const char *setting, char *buf, size_t size);

/* Milliseconds since 1970 (the wall clock records are stamped with). */
long long cli_now_ms(void);

#endif
