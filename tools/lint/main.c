/* beneath-lint: checks scenario files and prints every problem GCC-style.
 * Exit 0 clean, 1 findings (errors, or warnings with --werror), 2 usage/IO. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "scenario.h"

static const char usage[] =
    "usage: beneath-lint [--werror] FILE...\n"
    "Checks scenario files and prints each problem as FILE:LINE:COL: error: PATH: MESSAGE [code].\n"
    "  --werror   treat warnings as errors\n"
    "Exit status: 0 clean, 1 problems found, 2 usage or unreadable file.\n";

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-lint", usage)) {
        return EXIT_CLEAN;
    }
    bool werror = false;
    int n_files = 0, status = EXIT_CLEAN;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--werror") == 0) {
            werror = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "beneath-lint: unknown option %s\n%s", argv[i], usage);
            return EXIT_USAGE;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            continue;
        }
        n_files++;
        DiagList *dl = diag_list_new();
        Scenario *sc = scenario_load(argv[i], dl);
        cli_print_diags(stdout, dl);
        bool io = false;
        for (size_t k = 0; k < diag_count(dl); k++) {
            io = io || diag_at(dl, k)->code == DIAG_IO;
        }
        size_t errs = diag_error_count(dl), all = diag_count(dl);
        if (io) {
            status = EXIT_USAGE;
        } else if ((errs || (werror && all)) && status == EXIT_CLEAN) {
            status = EXIT_FINDINGS;
        }
        scenario_free(sc);
        diag_list_free(dl);
    }
    if (n_files == 0) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    return status;
}
