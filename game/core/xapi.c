/* xapi.c: xAPI statements of an attempt (see xapi.h). The activity ids are
 * HOMEPAGE/scenarios/ID and HOMEPAGE/scenarios/ID/scenes/NODE. */
#include "xapi.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "digest.h"
#include "strbuf.h"

#define ADL_VERBS "http://adlnet.gov/expapi/verbs/"
#define ADL_ACTIVITIES "http://adlnet.gov/expapi/activities/"

typedef struct Ctx {
    const RecordsRow *row;
    const char *homepage, *actor;
    char scenario_iri[1024];
    char revision[160];
    cJSON *out;
} Ctx;

static cJSON *lang_map(const char *text)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "en-US", text);
    return m;
}

static cJSON *activity(const char *id, const char *type, const char *name)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "objectType", "Activity");
    cJSON_AddStringToObject(a, "id", id);
    cJSON *def = cJSON_AddObjectToObject(a, "definition");
    cJSON_AddItemToObject(def, "name", lang_map(name));
    cJSON_AddStringToObject(def, "type", type);
    return a;
}

/* Percent-encodes what may not stand in an IRI path segment. */
static void iri_segment(StrBuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.';
        if (plain) {
            strbuf_printf(b, "%c", *p);
        } else {
            strbuf_printf(b, "%%%02X", *p);
        }
    }
}

static char *scene_iri(const Ctx *c, const char *node)
{
    StrBuf b = {0};
    strbuf_printf(&b, "%s/scenes/", c->scenario_iri);
    iri_segment(&b, node);
    return strbuf_take(&b);
}

/* A statement with id, actor, verb, object, timestamp and context. */
static cJSON *statement(Ctx *c, const char *place, const char *verb, cJSON *object,
                        const char *timestamp)
{
    char id[DIGEST_UUID_TEXT];
    digest_uuid_name(c->row->uuid, place, id);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "id", id);
    cJSON *actor = cJSON_AddObjectToObject(s, "actor");
    cJSON_AddStringToObject(actor, "objectType", "Agent");
    cJSON *acc = cJSON_AddObjectToObject(actor, "account");
    cJSON_AddStringToObject(acc, "homePage", c->homepage);
    cJSON_AddStringToObject(acc, "name", c->actor);
    cJSON *v = cJSON_AddObjectToObject(s, "verb");
    char iri[128];
    snprintf(iri, sizeof iri, ADL_VERBS "%s", verb);
    cJSON_AddStringToObject(v, "id", iri);
    cJSON_AddItemToObject(v, "display", lang_map(verb));
    cJSON_AddItemToObject(s, "object", object);
    cJSON *ctx = cJSON_AddObjectToObject(s, "context");
    cJSON_AddStringToObject(ctx, "registration", c->row->uuid);
    cJSON_AddStringToObject(ctx, "revision", c->revision);
    cJSON_AddStringToObject(ctx, "platform", "Beneath the Surface");
    cJSON_AddStringToObject(ctx, "language", "en-US");
    const char *oid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(object, "id"));
    if (oid && strcmp(oid, c->scenario_iri) != 0) {
        cJSON *parent = cJSON_CreateArray();
        cJSON_AddItemToArray(
            parent, activity(c->scenario_iri, ADL_ACTIVITIES "simulation", c->row->scenario_title));
        cJSON *ca = cJSON_AddObjectToObject(ctx, "contextActivities");
        cJSON_AddItemToObject(ca, "parent", parent);
    }
    cJSON_AddStringToObject(s, "timestamp", timestamp);
    cJSON_AddItemToArray(c->out, s);
    return s;
}

static cJSON *scenario_activity(const Ctx *c)
{
    return activity(c->scenario_iri, ADL_ACTIVITIES "simulation", c->row->scenario_title);
}

static void duration(long long ms, char out[48])
{
    if (ms < 0) {
        ms = 0;
    }
    snprintf(out, 48, "PT%lld.%02lldS", ms / 1000, ms % 1000 / 10);
}

static char *ext_iri(const Ctx *c, const char *name)
{
    StrBuf b = {0};
    strbuf_printf(&b, "%s/xapi/extensions/%s", c->homepage, name);
    return strbuf_take(&b);
}

/* The result of the scenario: score, success, completion, duration and the
 * indicators from the stored score JSON. */
static cJSON *final_result(const Ctx *c, bool with_score)
{
    const RecordsRow *r = c->row;
    cJSON *res = cJSON_CreateObject();
    if (with_score) {
        cJSON *sc = cJSON_AddObjectToObject(res, "score");
        cJSON_AddNumberToObject(sc, "scaled", r->score / 100.0);
        cJSON_AddNumberToObject(sc, "raw", r->score);
        cJSON_AddNumberToObject(sc, "min", 0);
        cJSON_AddNumberToObject(sc, "max", 100);
        cJSON_AddBoolToObject(res, "success", r->passed);
    }
    cJSON_AddBoolToObject(res, "completion", true);
    char d[48];
    duration(r->finished_ms - r->started_ms, d);
    cJSON_AddStringToObject(res, "duration", d);
    if (!with_score) {
        return res;
    }
    cJSON *score = r->result ? cJSON_Parse(r->result) : NULL;
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(score, "indicators");
    cJSON *ext = cJSON_AddObjectToObject(res, "extensions");
    static const char *const keys[][2] = {
        {"acted", "indicators-acted-on"},
        {"seen_only", "indicators-seen-only"},
        {"missed", "indicators-missed"},
    };
    for (size_t i = 0; i < 3; i++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(ind, keys[i][0]);
        char *iri = ext_iri(c, keys[i][1]);
        cJSON_AddItemToObject(ext, iri,
                              cJSON_IsArray(list) ? cJSON_Duplicate(list, 1) : cJSON_CreateArray());
        free(iri);
    }
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(score, "errors");
    char *iri = ext_iri(c, "critical-errors");
    cJSON_AddItemToObject(ext, iri,
                          cJSON_IsArray(errors) ? cJSON_Duplicate(errors, 1) : cJSON_CreateArray());
    free(iri);
    cJSON_Delete(score);
    return res;
}

static void scene_statements(Ctx *c, const RecordsActionRow *acts, size_t n)
{
    const char *last_scene = NULL;
    char place[320];
    for (size_t i = 0; i < n; i++) {
        const RecordsActionRow *a = &acts[i];
        const char *when = a->at ? a->at : c->row->started_at;
        if (!last_scene || strcmp(last_scene, a->node) != 0) {
            char *iri = scene_iri(c, a->node);
            snprintf(place, sizeof place, "experienced:%zu", a->seq);
            statement(c, place, "experienced", activity(iri, ADL_ACTIVITIES "simulation", a->node),
                      when);
            free(iri);
            last_scene = a->node;
        }
        if (strcmp(a->kind, "choice") != 0 && strcmp(a->kind, "detail") != 0) {
            continue;
        }
        char *iri = scene_iri(c, a->node);
        cJSON *obj = activity(iri, ADL_ACTIVITIES "cmi.interaction", a->node);
        free(iri);
        cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(obj, "definition"),
                                "interactionType", "choice");
        snprintf(place, sizeof place, "answered:%zu", a->seq);
        cJSON *s = statement(c, place, "answered", obj, when);
        cJSON *res = cJSON_AddObjectToObject(s, "result");
        char response[300];
        snprintf(response, sizeof response, "%s%s", strcmp(a->kind, "detail") == 0 ? "look:" : "",
                 a->item);
        cJSON_AddStringToObject(res, "response", response);
        if (a->minute >= 0 && a->minute_after >= a->minute) {
            char d[48];
            duration((long long)(a->minute_after - a->minute) * 60000, d);
            cJSON_AddStringToObject(res, "duration", d);
        }
    }
}

char *xapi_attempt_statements(const RecordsRow *row, const RecordsActionRow *acts, size_t n,
                              const char *homepage, const char *actor)
{
    Ctx c = {row, homepage, actor, "", "", cJSON_CreateArray()};
    StrBuf b = {0};
    strbuf_printf(&b, "%s/scenarios/", homepage);
    iri_segment(&b, row->scenario_id);
    snprintf(c.scenario_iri, sizeof c.scenario_iri, "%s", strbuf_str(&b));
    strbuf_free(&b);
    snprintf(c.revision, sizeof c.revision, "%.40s%s%.64s", row->scenario_version,
             *row->scenario_hash ? " sha256:" : "", row->scenario_hash);
    statement(&c, "initialized", "initialized", scenario_activity(&c), row->started_at);
    scene_statements(&c, acts, n);
    const char *end = row->finished_at ? row->finished_at : row->started_at;
    if (row->outcome) {
        cJSON *score = row->result ? cJSON_Parse(row->result) : NULL;
        const char *ending =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(score, "ending"));
        if (ending) {
            char *iri = scene_iri(&c, ending);
            statement(&c, "experienced:ending", "experienced",
                      activity(iri, ADL_ACTIVITIES "simulation", ending), end);
            free(iri);
        }
        cJSON_Delete(score);
    }
    cJSON *s = statement(&c, "completed", "completed", scenario_activity(&c), end);
    cJSON_AddItemToObject(s, "result", final_result(&c, false));
    const char *verdict = row->passed ? "passed" : "failed";
    s = statement(&c, verdict, verdict, scenario_activity(&c), end);
    cJSON_AddItemToObject(s, "result", final_result(&c, true));
    statement(&c, "terminated", "terminated", scenario_activity(&c), end);
    char *text = cJSON_PrintUnformatted(c.out);
    cJSON_Delete(c.out);
    if (!text) {
        abort();
    }
    return text;
}
