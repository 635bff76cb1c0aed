/* plan.c: scene plans (see plan.h): the model's small queries, and reading
 * "plans" and a scene's "plan" from the parse tree for load.c (plan_load.h).
 * Every mistake is a Diag at its value (type, count, range, unknown field,
 * a plan or detail that does not exist) and reading goes on; a shape that
 * cannot be read is left out, never half-made. Whether shapes fit inside
 * the plan is the linter's (lint_plan.c), so the game still draws a plan a
 * careless author left an inch too wide. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "plan_load.h"
#include "strbuf.h"
#include "textsafe.h"

#define PLAN_DEFAULT_W 100
#define PLAN_DEFAULT_H 60
#define PLAN_COORD_MAX 10000 /* a coordinate's magnitude; the box is checked by lint */

static const char *const kind_lists[PLAN_KIND_COUNT] = {
    "rooms", "furniture", "walls", "windows", "doors", "locks", "marks", "people", "hotspots"};
static const char *const kind_names[PLAN_KIND_COUNT] = {"a room",   "a piece of furniture",
                                                        "a wall",   "a window",
                                                        "a door",   "a lock",
                                                        "a mark",   "a person",
                                                        "a hotspot"};
static const PlanGeom kind_geom[PLAN_KIND_COUNT] = {PLAN_RECT,  PLAN_RECT,  PLAN_LINE,
                                                    PLAN_LINE,  PLAN_LINE,  PLAN_POINT,
                                                    PLAN_POINT, PLAN_POINT, PLAN_POINT};
/* the field each geometry is written in, and what its numbers mean */
static const char *const geom_key[] = {"rect", "line", "at"};
static const char *const geom_says[] = {"[left, top, width, height]", "[x1, y1, x2, y2]", "[x, y]"};
static const int geom_count[] = {4, 4, 2};

/* ---- the model ------------------------------------------------------------ */

size_t plan_n_shapes(const ScenePlan *p)
{
    return (p->base ? p->base->n_shapes : 0) + p->own.n_shapes;
}

const PlanShape *plan_shape(const ScenePlan *p, size_t i)
{
    size_t nb = p->base ? p->base->n_shapes : 0;
    return i < nb ? &p->base->shapes[i] : &p->own.shapes[i - nb];
}

PlanGeom plan_kind_geom(PlanKind k)
{
    return kind_geom[k];
}

const char *plan_kind_list(PlanKind k)
{
    return kind_lists[k];
}

bool plan_has(const ScenePlan *p, PlanKind k, PlanRole role)
{
    for (size_t i = 0; i < plan_n_shapes(p); i++) {
        const PlanShape *s = plan_shape(p, i);
        if (s->kind == k && (k != PLAN_PERSON || s->role == role)) {
            return true;
        }
    }
    return false;
}

/* ---- reporting -------------------------------------------------------------- */

/* A JSON pointer being built: the loader's path plus what plan.c adds. */
typedef struct Ptr {
    char s[512];
    size_t n;
} Ptr;

/* Appends "/key" ('~' and '/' escaped as JSON pointers need); returns the
 * length to go back to. */
static size_t ptr_push(Ptr *p, const char *key)
{
    size_t saved = p->n;
    if (p->n + 2 < sizeof p->s) {
        p->s[p->n++] = '/';
    }
    for (; *key && p->n + 3 < sizeof p->s; key++) {
        if (*key == '~' || *key == '/') {
            p->s[p->n++] = '~';
            p->s[p->n++] = *key == '~' ? '0' : '1';
        } else {
            p->s[p->n++] = *key;
        }
    }
    p->s[p->n] = '\0';
    return saved;
}

static size_t ptr_push_index(Ptr *p, size_t i)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", i);
    return ptr_push(p, num);
}

static void ptr_pop(Ptr *p, size_t saved)
{
    p->n = saved;
    p->s[saved] = '\0';
}

/* Reports at the value at 'p' (or at its member 'key', if not NULL). */
static void report(PlanLoad *P, const Ptr *p, const char *key, DiagCode code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(PlanLoad *P, const Ptr *p, const char *key, DiagCode code, const char *fmt, ...)
{
    int line = 0, col = 0;
    Ptr at = *p;
    if (P->text) {
        size_t off = key ? jsonpos_find_key(P->text, P->len, p->s, key, 0, P->pos)
                         : jsonpos_find(P->text, P->len, p->s, P->pos);
        jsonpos_line_col(P->text, P->len, off, &line, &col, P->pos);
    }
    if (key) {
        ptr_push(&at, key);
    }
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(P->dl, DIAG_ERROR, code, P->file, line, col, at.s, "%s", msg);
    P->n_errors++;
}

static const char *type_name(const cJSON *v)
{
    return cJSON_IsString(v)   ? "a string"
           : cJSON_IsNumber(v) ? "a number"
           : cJSON_IsBool(v)   ? "true/false"
           : cJSON_IsNull(v)   ? "null"
           : cJSON_IsArray(v)  ? "an array"
                               : "an object";
}

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Every key of 'obj' must be one of 'allowed' (NULL-terminated) and appear
 * once; "_..." and "notes" are the author's notes, as everywhere. */
static void check_keys(PlanLoad *P, const Ptr *p, const cJSON *obj, const char *const *allowed,
                       const char *what)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        int nth = 0;
        for (const cJSON *d = obj->child; d != c; d = d->next) {
            nth += strcmp(d->string, c->string) == 0;
        }
        if (nth == 1) {
            report(P, p, c->string, DIAG_DUPLICATE_KEY,
                   "key \"%s\" appears more than once in this object", c->string);
        }
        const char *const *a = allowed;
        while (*a && strcmp(*a, c->string) != 0) {
            a++;
        }
        if (*a || nth || c->string[0] == '_' || strcmp(c->string, "notes") == 0) {
            continue;
        }
        StrBuf list = {0};
        for (a = allowed; *a; a++) {
            strbuf_printf(&list, "%s%s", a == allowed ? "" : ", ", *a);
        }
        report(P, p, c->string, DIAG_UNKNOWN_FIELD,
               "unknown field \"%s\" in %s (expected one of: %s)", c->string, what,
               strbuf_str(&list));
        strbuf_free(&list);
    }
}

/* Characters (not bytes) in UTF-8 text: continuation bytes do not count. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* A label: a non-empty string of at most PLAN_LABEL_MAX characters, kept
 * with control characters escaped (text is data). NULL if absent or bad. */
static const char *read_label(PlanLoad *P, Ptr *p, const cJSON *obj, const char *key, bool required,
                              const char *what)
{
    const cJSON *v = member(obj, key);
    if (!v) {
        if (required) {
            report(P, p, NULL, DIAG_MISSING_FIELD, "%s has no \"%s\" field", what, key);
        }
        return NULL;
    }
    size_t saved = ptr_push(p, key);
    const char *out = NULL;
    if (!cJSON_IsString(v)) {
        report(P, p, NULL, DIAG_TYPE, "expected a string, got %s", type_name(v));
    } else if (!v->valuestring[0]) {
        report(P, p, NULL, DIAG_BAD_VALUE, "expected a non-empty string");
    } else if (utf8_chars(v->valuestring) > PLAN_LABEL_MAX) {
        report(P, p, NULL, DIAG_BAD_VALUE,
               "a label on a plan must be short enough to fit the drawing: at most %d "
               "characters, got %zu",
               PLAN_LABEL_MAX, utf8_chars(v->valuestring));
    } else {
        char *safe = textsafe_dup(v->valuestring, 0);
        out = arena_strdup(P->arena, safe);
        free(safe);
    }
    ptr_pop(p, saved);
    return out;
}

/* Reads obj[key], an array of exactly 'n' whole numbers within
 * [lo, hi], into out. 'says' names them for messages. */
static bool read_numbers(PlanLoad *P, Ptr *p, const cJSON *obj, const char *key, int n, int lo,
                         int hi, const char *says, const char *what, int *out)
{
    const cJSON *v = member(obj, key);
    if (!v) {
        report(P, p, NULL, DIAG_MISSING_FIELD, "%s has no \"%s\" field: give %d numbers %s", what,
               key, n, says);
        return false;
    }
    size_t saved = ptr_push(p, key);
    bool ok = false;
    if (!cJSON_IsArray(v)) {
        report(P, p, NULL, DIAG_TYPE, "expected an array of %d numbers %s, got %s", n, says,
               type_name(v));
    } else if (cJSON_GetArraySize(v) != n) {
        report(P, p, NULL, DIAG_BAD_VALUE, "expected %d numbers %s, got %d", n, says,
               cJSON_GetArraySize(v));
    } else {
        ok = true;
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            double d = e->valuedouble;
            if (cJSON_IsNumber(e) && d >= lo && d <= hi && d == (double)(int)d) {
                out[i] = (int)d;
                continue;
            }
            size_t s2 = ptr_push_index(p, (size_t)i);
            if (!cJSON_IsNumber(e)) {
                report(P, p, NULL, DIAG_TYPE, "expected a whole number, got %s", type_name(e));
            } else {
                report(P, p, NULL, DIAG_BAD_VALUE, "expected a whole number from %d to %d, got %g",
                       lo, hi, d);
            }
            ptr_pop(p, s2);
            ok = false;
        }
    }
    ptr_pop(p, saved);
    return ok;
}

/* ---- reading shapes ------------------------------------------------------- */

/* The plan being filled: its shapes grow in the arena. */
typedef struct Build {
    PlanShape *shapes;
    size_t n, cap;
} Build;

static PlanShape *build_add(PlanLoad *P, Build *b)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        PlanShape *s = arena_array(P->arena, b->cap, sizeof *s);
        if (b->n) {
            memcpy(s, b->shapes, b->n * sizeof *s);
        }
        b->shapes = s;
    }
    return &b->shapes[b->n++];
}

/* The detail of scene 'nd' with this id, or SCENARIO_NONE. */
static size_t find_detail(const Node *nd, const char *id)
{
    for (size_t i = 0; i < nd->n_details; i++) {
        if (strcmp(nd->details[i].id, id) == 0) {
            return i;
        }
    }
    return SCENARIO_NONE;
}

static bool read_role(PlanLoad *P, Ptr *p, const cJSON *o, PlanRole *role)
{
    static const char *const roles[] = {"person", "you", "officer"};
    const cJSON *v = member(o, "role");
    *role = PLAN_ROLE_PERSON;
    if (!v) {
        return true;
    }
    for (int r = 0; r < 3 && cJSON_IsString(v); r++) {
        if (strcmp(v->valuestring, roles[r]) == 0) {
            *role = (PlanRole)r;
            return true;
        }
    }
    size_t saved = ptr_push(p, "role");
    if (cJSON_IsString(v)) {
        char *shown = textsafe_dup(v->valuestring, 0);
        report(P, p, NULL, DIAG_BAD_VALUE,
               "expected \"you\", \"officer\" or \"person\", got \"%.60s\"", shown);
        free(shown);
    } else {
        report(P, p, NULL, DIAG_TYPE, "expected \"you\", \"officer\" or \"person\", got %s",
               type_name(v));
    }
    ptr_pop(p, saved);
    return false;
}

/* A hotspot's "detail" or a shape's "after": the id of a detail of this
 * scene ('nd'), into *detail. */
static bool read_detail_ref(PlanLoad *P, Ptr *p, const cJSON *o, const char *key, const Node *nd,
                            size_t *detail)
{
    const cJSON *v = member(o, key);
    if (!v) {
        report(P, p, NULL, DIAG_MISSING_FIELD,
               "a hotspot has no \"detail\" field: give the id of a detail of this scene");
        return false;
    }
    size_t saved = ptr_push(p, key);
    bool ok = false;
    if (!cJSON_IsString(v)) {
        report(P, p, NULL, DIAG_TYPE, "expected the id of a detail (a string), got %s",
               type_name(v));
    } else if (!nd || (*detail = find_detail(nd, v->valuestring)) == SCENARIO_NONE) {
        StrBuf ids = {0};
        for (size_t i = 0; nd && i < nd->n_details && ids.len < 160; i++) {
            strbuf_printf(&ids, "%s\"%s\"", i ? ", " : "", nd->details[i].id);
        }
        char *shown = textsafe_dup(v->valuestring, 0);
        report(P, p, NULL, DIAG_PLAN_REF, "this scene has no detail \"%.60s\" (%s%s)", shown,
               ids.len ? "its details are " : "it has no details", strbuf_str(&ids));
        free(shown);
        strbuf_free(&ids);
    } else {
        ok = true;
    }
    ptr_pop(p, saved);
    return ok;
}

/* One shape of kind k from object 'o' at path p; added to b if it is whole. */
static void read_shape(PlanLoad *P, Ptr *p, const cJSON *o, PlanKind k, const Node *nd, Build *b)
{
    /* a scene's own shapes may appear only 'after' a look ('nd' is the scene) */
    static const char *const keys[2][PLAN_KIND_COUNT][5] = {{{"label", "rect", NULL},
                                                             {"label", "rect", NULL},
                                                             {"label", "line", NULL},
                                                             {"label", "line", NULL},
                                                             {"label", "line", NULL},
                                                             {"label", "at", NULL},
                                                             {"label", "at", NULL}},
                                                            {{"label", "rect", "after", NULL},
                                                             {"label", "rect", "after", NULL},
                                                             {"label", "line", "after", NULL},
                                                             {"label", "line", "after", NULL},
                                                             {"label", "line", "after", NULL},
                                                             {"label", "at", "after", NULL},
                                                             {"label", "at", "after", NULL},
                                                             {"label", "at", "role", "after", NULL},
                                                             {"detail", "at", NULL}}};
    const char *what = kind_names[k];
    if (!cJSON_IsObject(o)) {
        report(P, p, NULL, DIAG_TYPE, "expected %s (an object), got %s", what, type_name(o));
        return;
    }
    check_keys(P, p, o, keys[nd != NULL][k], what);
    PlanShape s = {.kind = k, .detail = SCENARIO_NONE, .after = SCENARIO_NONE};
    size_t before = P->n_errors;
    bool needs_label = k == PLAN_MARK || k == PLAN_PERSON;
    s.label = k == PLAN_HOTSPOT ? NULL : read_label(P, p, o, "label", needs_label, what);
    PlanGeom g = kind_geom[k];
    int c[4] = {0};
    if (read_numbers(P, p, o, geom_key[g], geom_count[g], -PLAN_COORD_MAX, PLAN_COORD_MAX,
                     geom_says[g], what, c) &&
        g == PLAN_RECT && (c[2] < 1 || c[3] < 1)) {
        size_t saved = ptr_push(p, "rect");
        report(P, p, NULL, DIAG_BAD_VALUE,
               "the width and height (the last two numbers) must be at least 1, got %d and %d",
               c[2], c[3]);
        ptr_pop(p, saved);
    }
    if (k == PLAN_PERSON) {
        read_role(P, p, o, &s.role);
    }
    if (k == PLAN_HOTSPOT) {
        read_detail_ref(P, p, o, "detail", nd, &s.detail);
    } else if (nd && member(o, "after")) {
        read_detail_ref(P, p, o, "after", nd, &s.after);
    }
    if (P->n_errors != before) {
        return;
    }
    s.x1 = c[0];
    s.y1 = c[1];
    s.x2 = g == PLAN_RECT ? c[0] + c[2] : g == PLAN_LINE ? c[2] : c[0];
    s.y2 = g == PLAN_RECT ? c[1] + c[3] : g == PLAN_LINE ? c[3] : c[1];
    s.src = arena_strdup(P->arena, p->s);
    *build_add(P, b) = s;
}

/* Reads the shape lists of a plan object; 'scene' allows people and
 * hotspots (a shared plan is the same in every scene, so has neither). */
static void read_lists(PlanLoad *P, Ptr *p, const cJSON *o, const Node *nd, bool scene, Build *b)
{
    for (int k = 0; k < PLAN_KIND_COUNT; k++) {
        if (!scene && (k == PLAN_PERSON || k == PLAN_HOTSPOT)) {
            continue;
        }
        const cJSON *arr = member(o, kind_lists[k]);
        if (!arr) {
            continue;
        }
        size_t saved = ptr_push(p, kind_lists[k]);
        if (!cJSON_IsArray(arr)) {
            report(P, p, NULL, DIAG_TYPE, "expected an array (a list of %s), got %s", kind_lists[k],
                   type_name(arr));
        }
        size_t i = 0;
        for (const cJSON *e = cJSON_IsArray(arr) ? arr->child : NULL; e; e = e->next, i++) {
            size_t s2 = ptr_push_index(p, i);
            read_shape(P, p, e, (PlanKind)k, nd, b);
            ptr_pop(p, s2);
        }
        ptr_pop(p, saved);
    }
}

static void read_size(PlanLoad *P, Ptr *p, const cJSON *o, Plan *pl)
{
    int wh[2];
    pl->width = PLAN_DEFAULT_W;
    pl->height = PLAN_DEFAULT_H;
    if (member(o, "size") && read_numbers(P, p, o, "size", 2, PLAN_SIDE_MIN, PLAN_SIDE_MAX,
                                          "[width, height]", "a plan", wh)) {
        pl->width = wh[0];
        pl->height = wh[1];
    }
}

/* ---- plans ------------------------------------------------------------------ */

static const char *const shared_keys[] = {"size",  "rooms", "furniture", "walls", "windows",
                                          "doors", "locks", "marks",     NULL};
static const char *const scene_keys[] = {"use",   "size",    "rooms",    "furniture",
                                         "walls", "windows", "doors",    "locks",
                                         "marks", "people",  "hotspots", NULL};

static bool valid_name(const char *s)
{
    for (const char *c = s; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.')) {
            return false;
        }
    }
    return *s != '\0';
}

void plan_read_shared(PlanLoad *P, const cJSON *plans, Scenario *sc)
{
    if (!plans) {
        return;
    }
    Ptr p = {"", 0};
    ptr_push(&p, "plans");
    if (!cJSON_IsObject(plans)) {
        report(P, &p, NULL, DIAG_TYPE,
               "expected an object (plan names, each with its plan), got %s", type_name(plans));
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(plans);
    sc->plans = arena_array(P->arena, n, sizeof(Plan));
    for (const cJSON *c = plans->child; c; c = c->next) {
        if (c->string[0] == '_' || strcmp(c->string, "notes") == 0) {
            continue;
        }
        if (!valid_name(c->string)) {
            char *shown = textsafe_dup(c->string, 0);
            report(P, &p, c->string, DIAG_BAD_VALUE,
                   "plan name \"%.60s\" may contain only the letters A-Z and a-z, digits, '-', "
                   "'_' and '.'",
                   shown);
            free(shown);
            continue;
        }
        bool twice = false;
        for (size_t i = 0; i < sc->n_plans; i++) {
            twice = twice || strcmp(sc->plans[i].name, c->string) == 0;
        }
        if (twice) {
            report(P, &p, c->string, DIAG_DUPLICATE_KEY,
                   "key \"%s\" appears more than once in this object", c->string);
            continue;
        }
        size_t saved = ptr_push(&p, c->string);
        if (!cJSON_IsObject(c)) {
            report(P, &p, NULL, DIAG_TYPE, "expected a plan (an object), got %s", type_name(c));
        } else {
            Plan *pl = &sc->plans[sc->n_plans++];
            check_keys(P, &p, c, shared_keys, "a plan");
            pl->name = arena_strdup(P->arena, c->string);
            pl->src = arena_strdup(P->arena, p.s);
            read_size(P, &p, c, pl);
            Build b = {0};
            read_lists(P, &p, c, NULL, false, &b);
            pl->shapes = b.shapes;
            pl->n_shapes = b.n;
        }
        ptr_pop(&p, saved);
    }
}

/* The shared plan a scene's "use" names, or NULL (reported). */
static const Plan *find_use(PlanLoad *P, Ptr *p, const cJSON *o, const Scenario *sc)
{
    const cJSON *v = member(o, "use");
    size_t saved = ptr_push(p, "use");
    const Plan *found = NULL;
    if (!cJSON_IsString(v)) {
        report(P, p, NULL, DIAG_TYPE, "expected the name of a plan (a string), got %s",
               type_name(v));
    } else {
        for (size_t i = 0; i < sc->n_plans && !found; i++) {
            found = strcmp(sc->plans[i].name, v->valuestring) == 0 ? &sc->plans[i] : NULL;
        }
        if (!found) {
            char *shown = textsafe_dup(v->valuestring, 0);
            report(P, p, NULL, DIAG_PLAN_REF,
                   "no plan is called \"%.60s\" (define it under \"plans\" at the top of the "
                   "file)",
                   shown);
            free(shown);
        }
    }
    ptr_pop(p, saved);
    return found;
}

const ScenePlan *plan_read_scene(PlanLoad *P, const char *path, const cJSON *v, const Scenario *sc,
                                 const Node *nd)
{
    if (!v) {
        return NULL;
    }
    Ptr p = {"", 0};
    snprintf(p.s, sizeof p.s, "%s", path);
    p.n = strlen(p.s);
    if (!cJSON_IsObject(v)) {
        report(P, &p, NULL, DIAG_TYPE,
               "expected a plan (an object with \"use\", \"people\", \"hotspots\", ...), got %s",
               type_name(v));
        return NULL;
    }
    check_keys(P, &p, v, scene_keys, "a scene's plan");
    ScenePlan *sp = arena_alloc(P->arena, sizeof *sp);
    sp->own.src = arena_strdup(P->arena, p.s);
    if (member(v, "use")) {
        sp->base = find_use(P, &p, v, sc);
        if (member(v, "size")) {
            report(P, &p, "size", DIAG_BAD_VALUE,
                   "a plan that uses a shared plan has its size: give \"size\" there");
        }
    }
    if (sp->base) {
        sp->own.width = sp->base->width;
        sp->own.height = sp->base->height;
    } else {
        read_size(P, &p, v, &sp->own);
    }
    Build b = {0};
    read_lists(P, &p, v, nd, true, &b);
    sp->own.shapes = b.shapes;
    sp->own.n_shapes = b.n;
    if (member(v, "use") && !sp->base) {
        return NULL; /* reported: drawing half a plan would mislead */
    }
    return sp;
}
