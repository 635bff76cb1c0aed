/* progress.h: a trainee's saved attempts and completed-attempt records.
 * Everything lives under one data folder chosen by the caller:
 *   DIR/saves/<trainee>--<scenario>.json   the attempt in progress, rewritten
 *                                          after every action (crash-safe)
 *   DIR/records/<trainee>.json             every completed attempt, appended
 * File names come from progress_slug, so any name (accents, spaces, slashes)
 * is safe. Writes go through file_write_atomic. No clocks are read here: the
 * caller passes timestamps, so results are reproducible in tests. */
#ifndef BENEATH_PROGRESS_H
#define BENEATH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "expr.h" /* run.h uses ExprEnv without including expr.h */
#include "run.h"

/* An attempt in progress, as listed for "resume". Strings are owned. */
typedef struct SaveInfo {
    char *path;    /* the save file */
    char *trainee; /* as typed */
    char *scenario_id;
    char *scenario_file; /* path the scenario was loaded from */
    char *started_at;    /* ISO 8601, identifies the attempt */
    char *saved_at;
    size_t n_actions;
    bool ended; /* reached an ending but not yet recorded */
} SaveInfo;

/* Writes a file-name-safe form of 'name' into buf: lowercase ASCII letters,
 * digits and '-', then '-' and 8 hex digits of a hash of the full name so
 * different names never share a file. Returns buf. */
char *progress_slug(const char *name, char *buf, size_t size);

/* Saves the attempt (run_save plus trainee, scenario file and timestamps)
 * to DIR/saves/, creating folders as needed. Returns false and writes a
 * message to err if the folder or file cannot be written. */
bool progress_save(const char *dir, const Run *r, const char *trainee, const char *started_at,
                   const char *now, char *err, size_t err_size);

/* Lists saved attempts, newest first. Unreadable files are skipped. Returns
 * the array (NULL when there are none) and sets *n. Free with
 * progress_saves_free. */
SaveInfo *progress_list_saves(const char *dir, size_t *n);
void progress_saves_free(SaveInfo *saves, size_t n);

/* Rebuilds the saved attempt against 'sc' (see run_restore for how changed
 * scenarios are handled). Returns NULL with a diagnostic on failure. */
Run *progress_restore(const SaveInfo *save, const Scenario *sc, DiagList *dl);

/* Deletes the save of this trainee and scenario, if any. */
void progress_remove_save(const char *dir, const char *trainee, const char *scenario_id);

/* Appends a completed-attempt record (trainee, scenario id, title, version,
 * file, started and finished times, actions, score JSON) to
 * DIR/records/<trainee>.json, unless an attempt with the same scenario and
 * start time is already there. Returns false and writes err on failure. */
bool progress_append_record(const char *dir, const Run *r, const char *trainee,
                            const char *started_at, const char *now, char *err, size_t err_size);

/* Number of completed attempts recorded for the trainee (0 if none). */
size_t progress_count_records(const char *dir, const char *trainee);

#endif
