/* diag.h: diagnostics collected while loading and checking scenarios.
 * A DiagList owns every Diag and every string in it. Core code never prints:
 * it adds Diags; tools and the game print them with diag_format(). */
#ifndef BENEATH_DIAG_H
#define BENEATH_DIAG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef enum DiagCode {
#define DIAG(name, str, group, level, meaning, fix) DIAG_##name,
#include "diag_codes.h"
#undef DIAG
    DIAG_CODE_COUNT
} DiagCode;

typedef struct Diag {
    DiagLevel level;
    DiagCode code;
    const char *file; /* owned by the list */
    int line, col;    /* 1-based; 0 = unknown */
    char path[192];   /* JSON pointer, e.g. /nodes/12/choices/0/goto; "" = whole file */
    char msg[320];
    size_t seq; /* insertion order, so sorting is stable on any libc */
} Diag;

typedef struct DiagList DiagList;

/* Maximum diagnostics kept per list; past it one DIAG_TOO_MANY is added. */
#define DIAG_LIMIT 200

/* Returns a new empty list; caller frees with diag_list_free. */
DiagList *diag_list_new(void);
/* Frees the list and its Diags; NULL does nothing. */
void diag_list_free(DiagList *dl);
/* Has the list reached DIAG_LIMIT (so diag_add keeps nothing more)? Lets a
 * caller skip the work of a diagnostic that would be dropped. */
bool diag_list_full(const DiagList *dl);

/* Adds a diagnostic; 'file' and 'path' are copied (either may be NULL).
 * Returns the stored Diag, or NULL once the limit is reached. */
Diag *diag_add(DiagList *dl, DiagLevel level, DiagCode code, const char *file, int line, int col,
               const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

size_t diag_count(const DiagList *dl);
/* Number of DIAG_ERROR entries (warnings do not count). */
size_t diag_error_count(const DiagList *dl);
/* The i-th diagnostic, i < diag_count(). */
const Diag *diag_at(const DiagList *dl, size_t i);
/* Appends every diagnostic of 'src' to 'dst'. */
void diag_list_append(DiagList *dst, const DiagList *src);
/* Gives 'file' to every diagnostic that names none (for checks of text
 * that came from a file the checker did not open itself). */
void diag_list_set_file(DiagList *dl, const char *file);
/* Sorts by file, line, column (stable), so output reads top to bottom. */
void diag_list_sort(DiagList *dl);

/* Formats one diagnostic GCC-style into buf, on one line with control
 * characters escaped visibly (textsafe_escape), so it is safe to print:
 *   FILE:LINE:COL: error: PATH: MESSAGE [code]
 * Returns buf. */
char *diag_format(const Diag *d, char *buf, size_t size);
/* Where a code comes from: loading (and tests files), or the analyses. */
typedef enum DiagGroup { DIAG_GROUP_LOAD, DIAG_GROUP_LINT } DiagGroup;
DiagGroup diag_code_group(DiagCode code);
/* The documentation of a code (Markdown, from diag_codes.h): its usual
 * level ("warning (error if ...)"), what it means and how to fix it. */
const char *diag_code_level_doc(DiagCode code);
const char *diag_code_meaning(DiagCode code);
const char *diag_code_fix(DiagCode code);

/* Printed name of a code ("unknown-node") and of a level ("error"). */
const char *diag_code_name(DiagCode code);
const char *diag_level_name(DiagLevel level);

#endif
