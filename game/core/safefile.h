/* safefile.h: opening untrusted files (scenarios, catalogues, pictures, saves)
 * so that no file can hang, exhaust or mislead the program that reads it.
 * Every reader in the core, the game and the tools goes through here:
 *   - only regular files are read: a FIFO, device or folder is refused at
 *     once (opened with O_NONBLOCK, then checked with fstat);
 *   - each kind of file has a size limit (safefile_limit), checked before
 *     anything is read;
 *   - files a scenario names (its catalogue, its pictures) are resolved with
 *     safefile_resolve_inside and must stay inside the scenario's folder. */
#ifndef BENEATH_SAFEFILE_H
#define BENEATH_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum FileKind {
    FILE_KIND_SCENARIO, /* a scenario (.json) */
    FILE_KIND_CATALOG,  /* the shared catalogue a scenario names */
    FILE_KIND_TESTS,    /* an author's .tests.json */
    FILE_KIND_PICTURE,  /* a scene picture (BMP) */
    FILE_KIND_SAVE,     /* an attempt in progress */
    FILE_KIND_SETTINGS, /* the game's settings */
    FILE_KIND_DATA,     /* anything else the programs keep (records) */
    FILE_KIND_COUNT
} FileKind;

/* Largest file of this kind that is read, in bytes. */
size_t safefile_limit(FileKind kind);
/* "scenario", "catalogue", "picture", ... for messages. */
const char *safefile_kind_name(FileKind kind);

typedef enum SafeFileFlags {
    SAFEFILE_FOLLOW = 0,        /* a symbolic link named by the user is followed */
    SAFEFILE_NO_FOLLOW = 1 << 0 /* the last component must not be a symbolic link */
} SafeFileFlags;

/* Opens 'path' for reading as a file of 'kind': a regular file no larger
 * than the kind's limit. Never blocks (a FIFO or device is refused, not
 * waited on). Returns the descriptor (close it) and its size in *size, or -1
 * with a one-line reason in 'why' ("no such file", "not a regular file (a
 * FIFO)", "the file is 90 MB; the limit for a picture is 80 MB", ...) and
 * *too_large set when the size limit was the reason (may be NULL). */
int safefile_open(const char *path, FileKind kind, SafeFileFlags flags, size_t *size,
                  bool *too_large, char *why, size_t why_size);

/* Reads up to 'size' bytes from 'fd' (retrying when interrupted); returns
 * the number read, short at the end of the file, and sets *err to errno on a
 * read error (0 otherwise). */
size_t safefile_read_fd(int fd, void *buf, size_t size, int *err);

/* Reads a whole file of 'kind' (safefile_open) into a NUL-terminated
 * buffer; caller frees with free(). On failure returns NULL with a one-line
 * reason in 'why' (and *too_large as safefile_open sets it). */
char *safefile_read_why(const char *path, FileKind kind, SafeFileFlags flags, size_t *len,
                        bool *too_large, char *why, size_t why_size);

/* As safefile_read_why, with the reason as a diagnostic. Reads a whole file of 'kind'
 * (safefile_open) into a NUL-terminated buffer; caller frees with free(). On failure returns NULL
 * and adds a DIAG_IO (or DIAG_TOO_LARGE) diagnostic naming 'path' to 'dl' if not NULL. */
char *safefile_read(const char *path, FileKind kind, SafeFileFlags flags, size_t *len,
                    DiagList *dl);

/* Resolves 'rel', a path a scenario file names (its catalogue, a picture),
 * against the folder of 'scenario_file'. 'rel' must be relative, use '/'
 * between folders and contain no ".." component, and the file it reaches
 * (after following every symbolic link) must exist inside that folder.
 * Returns the resolved path (caller frees with free()) or NULL with a
 * one-line reason in 'why', and *missing set if the only problem is that the
 * file does not exist (may be NULL). */
char *safefile_resolve_inside(const char *scenario_file, const char *rel, bool *missing, char *why,
                              size_t why_size);

#endif
