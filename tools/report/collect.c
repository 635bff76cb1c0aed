/* collect.c: the finished attempts of a report, out of the database, and
 * labels for ids from the scenario files they were played on. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "scenario.h"

typedef struct ReportScenarios {
    char **paths;
    Scenario **sc; /* NULL where the file no longer loads */
    size_t n;
} ReportScenarios;

static const char **id_list(Arena *arena, const cJSON *list, size_t *n)
{
    *n = 0;
    int count = cJSON_GetArraySize(list);
    if (!cJSON_IsArray(list) || count <= 0) {
        return NULL;
    }
    const char **out = arena_array(arena, (size_t)count, sizeof *out);
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (cJSON_IsString(it)) {
            out[(*n)++] = arena_strdup(arena, it->valuestring);
        }
    }
    return out;
}

static bool collect_one(const RecordsRow *row, void *ctx)
{
    Report *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->a = xrealloc(r->a, r->cap * sizeof *r->a);
    }
    ReportAttempt *a = &r->a[r->n++];
    memset(a, 0, sizeof *a);
    Arena *m = r->arena;
    a->id = row->id;
    a->who = arena_strdup(m, row->who);
    a->klass = arena_strdup(m, row->klass ? row->klass : "");
    a->scenario_id = arena_strdup(m, row->scenario_id);
    a->scenario_title =
        arena_strdup(m, *row->scenario_title ? row->scenario_title : row->scenario_id);
    a->scenario_version = arena_strdup(m, row->scenario_version);
    a->scenario_hash = arena_strdup(m, row->scenario_hash);
    a->scenario_file = arena_strdup(m, row->scenario_file);
    a->started_at = arena_strdup(m, row->started_at);
    a->finished_at = arena_strdup(m, row->finished_at ? row->finished_at : row->started_at);
    a->started_ms = row->started_ms;
    a->finished_ms = row->finished_ms;
    a->score = row->score;
    a->minutes = row->minutes;
    a->passed = row->passed;
    cJSON *res = row->result ? cJSON_Parse(row->result) : NULL;
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(res, "indicators");
    a->acted = id_list(m, cJSON_GetObjectItemCaseSensitive(ind, "acted"), &a->n_acted);
    a->seen_only = id_list(m, cJSON_GetObjectItemCaseSensitive(ind, "seen_only"), &a->n_seen_only);
    a->missed = id_list(m, cJSON_GetObjectItemCaseSensitive(ind, "missed"), &a->n_missed);
    a->errors = id_list(m, cJSON_GetObjectItemCaseSensitive(res, "errors"), &a->n_errors);
    cJSON_Delete(res);
    return true;
}

bool report_collect(Records *db, Report *r, char *err, size_t err_size)
{
    if (!r->arena) {
        r->arena = arena_new();
    }
    RecordsFilter f = r->filter;
    f.classroom = false;
    f.finished_only = true;
    return records_each_attempt(db, &f, collect_one, r, err, err_size);
}

void report_free(Report *r)
{
    ReportScenarios *s = r->scenarios;
    for (size_t i = 0; s && i < s->n; i++) {
        free(s->paths[i]);
        scenario_free(s->sc[i]);
    }
    if (s) {
        free(s->paths);
        free(s->sc);
        free(s);
    }
    free(r->a);
    arena_free(r->arena);
}

static const Scenario *scenario_for(Report *r, const char *file)
{
    if (!r->scenarios) {
        r->scenarios = xcalloc(1, sizeof *r->scenarios);
    }
    ReportScenarios *s = r->scenarios;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->paths[i], file) == 0) {
            return s->sc[i];
        }
    }
    s->paths = xrealloc(s->paths, (s->n + 1) * sizeof *s->paths);
    s->sc = xrealloc(s->sc, (s->n + 1) * sizeof *s->sc);
    DiagList *quiet = diag_list_new();
    s->paths[s->n] = xstrdup(file);
    s->sc[s->n] = *file ? scenario_load(file, quiet) : NULL;
    diag_list_free(quiet);
    return s->sc[s->n++];
}

const char *report_label(Report *r, const char *scenario_file, const char *id)
{
    const Scenario *sc = scenario_for(r, scenario_file ? scenario_file : "");
    for (int k = 0; sc && k < ITEM_KIND_COUNT; k++) {
        size_t i = scenario_find_item(sc, (ItemKind)k, id);
        if (i != SCENARIO_NONE) {
            return sc->items[k][i].label;
        }
    }
    return id;
}
