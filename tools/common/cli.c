/* cli.c: shared helpers for the command-line tools. */
#include "cli.h"

#include <string.h>

void cli_print_diags(FILE *out, DiagList *dl)
{
    char buf[1024];
    diag_list_sort(dl);
    for (size_t i = 0; i < diag_count(dl); i++) {
        fprintf(out, "%s\n", diag_format(diag_at(dl, i), buf, sizeof buf));
    }
}

bool cli_help_or_version(int argc, char **argv, const char *prog, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return true;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("%s %s\n", prog, BENEATH_VERSION);
            return true;
        }
    }
    return false;
}
