/* course.c: see course.h. */
#include "course.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "files.h"
#include "jsonpos.h"
#include "strmap.h"

/* Adds an error at the JSON path's place in 'text'. */
static void course_error(DiagList *dl, const char *file, const char *text, size_t len,
                         const char *path, const char *msg)
{
    JsonPosCache cache = {0};
    int line = 0, col = 0;
    size_t off = jsonpos_find(text, len, path, &cache);
    jsonpos_line_col(text, len, off, &line, &col, &cache);
    diag_add(dl, DIAG_ERROR, DIAG_BAD_VALUE, file, line, col, path, "%s", msg);
}

char *course_file_in(const char *folder)
{
    size_t n = strlen(folder);
    const char *sep = n && folder[n - 1] == '/' ? "" : "/";
    size_t len = n + strlen(sep) + sizeof COURSE_FILE_NAME;
    char *path = xmalloc(len);
    snprintf(path, len, "%s%s%s", folder, sep, COURSE_FILE_NAME);
    return path;
}

Course *course_load(const char *path, DiagList *dl)
{
    size_t len = 0;
    char *text = file_read_all(path, &len, dl);
    if (!text) {
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(root, "scenarios");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(ids)) {
        course_error(dl, path, text, len, root ? "/scenarios" : "",
                     "a course is an object with \"scenarios\", a list of scenario ids in the "
                     "order the course runs them");
        cJSON_Delete(root);
        free(text);
        return NULL;
    }
    Course *c = xcalloc(1, sizeof *c);
    c->file = xstrdup(path);
    c->title = cJSON_IsString(title) ? xstrdup(title->valuestring) : NULL;
    size_t n = (size_t)cJSON_GetArraySize(ids), i = 0;
    c->ids = xcalloc(n + 1, sizeof(char *));
    c->lines = xcalloc(n + 1, sizeof(int));
    c->cols = xcalloc(n + 1, sizeof(int));
    c->index = strmap_new(n);
    JsonPosCache cache = {0};
    bool ok = true;
    for (const cJSON *v = ids->child; v; v = v->next, i++) {
        char where[48];
        snprintf(where, sizeof where, "/scenarios/%zu", i);
        char *id = cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
        /* the map borrows its keys: the copies in c->ids */
        if (!id || !strmap_put(c->index, id, c->n)) {
            course_error(dl, path, text, len, where,
                         id ? "this scenario is already in the course"
                            : "expected a scenario id (a string)");
            free(id);
            ok = false;
            continue;
        }
        size_t off = jsonpos_find(text, len, where, &cache);
        jsonpos_line_col(text, len, off, &c->lines[c->n], &c->cols[c->n], &cache);
        c->ids[c->n++] = id;
    }
    cJSON_Delete(root);
    free(text);
    if (!ok) {
        course_free(c);
        return NULL;
    }
    return c;
}

size_t course_position(const Course *c, const char *id)
{
    return c ? strmap_get(c->index, id) : COURSE_NONE;
}

void course_free(Course *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        free(c->ids[i]);
    }
    free(c->ids);
    strmap_free(c->index);
    free(c->lines);
    free(c->cols);
    free(c->title);
    free(c->file);
    free(c);
}
