/* course.h: the order an academy runs the bundled scenarios in.
 * scenarios/course.json:
 *   {"format": 1, "title": "...", "scenarios": ["scenario-id", ...]}
 * The title screen lists scenarios in this order, and beneath-lint FOLDER
 * checks that every listed id is a scenario of the folder and every
 * scenario of the folder is listed. */
#ifndef BENEATH_COURSE_H
#define BENEATH_COURSE_H

#include <stddef.h>

#include "diag.h"

#define COURSE_FILE_NAME "course.json"
#define COURSE_NONE ((size_t)-1)

typedef struct Course {
    char *file;  /* path it was read from */
    char *title; /* may be NULL */
    char **ids;  /* scenario ids, in course order */
    int *lines;  /* line of each id in the file, for diagnostics */
    int *cols;
    size_t n;
    struct StrMap *index; /* id -> position */
} Course;

/* The path of the course file in 'folder' ("folder/course.json", with or
 * without a trailing '/'). Caller frees. */
char *course_file_in(const char *folder);

/* Reads a course file. Returns NULL, with a diagnostic in 'dl' (file, line,
 * column, JSON path), if it cannot be read or is not a course. */
Course *course_load(const char *path, DiagList *dl);
/* Position of a scenario id in the course, or COURSE_NONE. */
size_t course_position(const Course *c, const char *id);
/* Frees the course; NULL does nothing. */
void course_free(Course *c);

#endif
