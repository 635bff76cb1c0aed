/* files.h: whole-file reads and crash-safe writes (POSIX, no SDL). */
#ifndef BENEATH_FILES_H
#define BENEATH_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Reads a whole file into a NUL-terminated buffer; caller frees with free().
 * Returns NULL and adds a DIAG_IO diagnostic (if dl) on failure. The file is
 * opened as safefile_read does, as FILE_KIND_DATA; readers of a known kind
 * of file call safefile_read with their kind and its size limit. */
char *file_read_all(const char *path, size_t *len, DiagList *dl);

/* Writes 'data' to 'path' so that a crash, kill or power loss leaves either
 * the old file or the new one, never a torn one: writes a new temporary
 * file PATH.tmp-XXXXXX (mkstemp, so concurrent writers never share it and
 * nothing planted there is followed), fsyncs it, renames it over PATH and
 * fsyncs the folder. The file is private to its owner (mode 0600).
 * Returns false and writes a message to err on failure. */
bool file_write_atomic(const char *path, const char *data, size_t len, char *err, size_t err_size);

/* Who may read a file written atomically: only its owner (mode 0600, for
 * saves, settings and records), or as any new file (0666 less the umask,
 * for files meant to be shared, such as scenarios). */
typedef enum FileMode { FILE_PRIVATE, FILE_SHARED } FileMode;

/* As file_write_atomic, with the given mode. */
bool file_write_atomic_mode(const char *path, const char *data, size_t len, FileMode mode,
                            char *err, size_t err_size);

/* Creates a folder and its parents (mode 0700 for new ones). */
bool file_mkdirs(const char *path, char *err, size_t err_size);

#endif
