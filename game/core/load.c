/* load.c: JSON text -> Scenario. The only file that reads scenario JSON.
 * Every problem becomes a Diag with file, line, column and JSON path, and
 * loading goes on after an error so that all of a file's errors are reported.
 * References are resolved to indexes through hash maps (no linear search).
 * The cJSON tree is deleted before returning; no cJSON type escapes. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "files.h"
#include "jsonpos.h"
#include "keyinfo.h"
#include "plan_load.h"
#include "safefile.h"
#include "scenario.h"
#include "strmap.h"
#include "textsafe.h"
#include "translate.h"

#define MAX_DEPTH 64     /* JSON nesting allowed in scenario files */
#define MAX_STRING 65536 /* bytes in one text field */
#define DEFAULT_TIME_BUDGET 60

typedef struct Loader {
    const char *file;
    const char *text;
    size_t len;
    DiagList *dl;
    Scenario *sc;
    Arena *arena;
    Arena *tree; /* the parse tree's memory, handed to 'arena' as scenes are read */
    char path[512];
    size_t plen;
    size_t n_errors;
    JsonPosCache pos;  /* makes positions of many diagnostics cheap */
    StrMap *local_ids; /* choice and detail ids of the scene being read */
    /* ids already reported as wrong (an invalid id, an entry refused):
     * references to them are not reported again (one root cause, one error) */
    StrMap *reported_ids;
    const char **reported; /* the same ids in a list, to search conditions for them */
    size_t n_reported, cap_reported;
    int format;      /* the file's "format" (the newest when unreadable: reported once) */
    size_t vars_cap; /* room in sc->vars for implicit variables */
    /* format 2 choice templates: name -> index into 'tmpl' */
    StrMap *tmpl_index;
    Choice *tmpl;
    size_t n_tmpl;
} Loader;

/* ---- paths and reporting ---------------------------------------------- */

/* Appends "/key" to the current JSON path, escaping '~' and '/' as JSON
 * pointers require ("~0", "~1"); returns the length to restore. */
static size_t path_key(Loader *L, const char *key)
{
    size_t saved = L->plen, o = L->plen, cap = sizeof L->path;
    if (o + 2 >= cap) {
        return saved;
    }
    L->path[o++] = '/';
    for (const char *k = key; *k && o + 3 < cap; k++) {
        if (*k == '~' || *k == '/') {
            L->path[o++] = '~';
            L->path[o++] = *k == '~' ? '0' : '1';
        } else {
            L->path[o++] = *k;
        }
    }
    L->path[o] = '\0';
    L->plen = o;
    return saved;
}

static size_t path_index(Loader *L, size_t i)
{
    char buf[24], *p = buf + sizeof buf;
    *--p = '\0';
    do {
        *--p = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    return path_key(L, p);
}

static void path_pop(Loader *L, size_t saved)
{
    L->plen = saved;
    L->path[saved] = '\0';
}

static void vreport(Loader *L, DiagLevel level, DiagCode code, size_t off, int col_add,
                    const char *fmt, va_list ap)
{
    int line = 0, col = 0;
    if (L->text) {
        jsonpos_line_col(L->text, L->len, off, &line, &col, &L->pos);
        col += col_add;
    }
    char msg[320];
    vsnprintf(msg, sizeof msg, fmt, ap);
    diag_add(L->dl, level, code, L->file, line, col, L->path, "%s", msg);
    if (level == DIAG_ERROR) {
        L->n_errors++;
    }
}

/* Reports at the value the current path points to. */
static void report(Loader *L, DiagCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_ERROR, code, L->text ? jsonpos_find(L->text, L->len, L->path, &L->pos) : 0, 0,
            fmt, ap);
    va_end(ap);
}

/* Reports at member 'key' (nth occurrence) of the object at the current path. */
static void report_key(Loader *L, DiagCode code, const char *key, int nth, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t off = jsonpos_find_key(L->text, L->len, L->path, key, nth, &L->pos);
    size_t saved = path_key(L, key);
    vreport(L, DIAG_ERROR, code, off, 0, fmt, ap);
    path_pop(L, saved);
    va_end(ap);
}

static void report_col(Loader *L, DiagCode code, size_t off, int col_add, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_ERROR, code, off, col_add, fmt, ap);
    va_end(ap);
}

static const char *json_type_name(const cJSON *v)
{
    if (!v) {
        return "nothing";
    }
    if (cJSON_IsString(v)) {
        return "a string";
    }
    if (cJSON_IsNumber(v)) {
        return "a number";
    }
    if (cJSON_IsBool(v)) {
        return "true/false";
    }
    if (cJSON_IsNull(v)) {
        return "null";
    }
    if (cJSON_IsArray(v)) {
        return "an array";
    }
    return "an object";
}

/* ---- field access ------------------------------------------------------ */

/* Member 'key' of an object (case-sensitive; NULL-safe). Like
 * cJSON_GetObjectItemCaseSensitive but compares the first byte before
 * calling strcmp, which matters when loading 100k-scene files. */
static const cJSON *member(const cJSON *obj, const char *key)
{
    if (!cJSON_IsObject(obj)) {
        return NULL;
    }
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0) {
            return c;
        }
    }
    return NULL;
}

typedef enum Need { OPTIONAL, REQUIRED } Need;

/* Checks an object's keys: each must be in 'allowed' (NULL-terminated, at
 * most 32 names) and appear once. 'allowed' NULL accepts any key. */
static void check_keys(Loader *L, const cJSON *obj, const char *const *allowed, const char *what)
{
    uint32_t seen = 0;
    for (const cJSON *c = obj->child; c; c = c->next) {
        int k = 0;
        while (allowed && allowed[k] &&
               (allowed[k][0] != c->string[0] || strcmp(allowed[k], c->string) != 0)) {
            k++;
        }
        if (allowed && allowed[k]) {
            if (seen & (1u << k)) {
                report_key(L, DIAG_DUPLICATE_KEY, c->string, 1,
                           "key \"%s\" appears more than once in this object", c->string);
            }
            seen |= 1u << k;
            continue;
        }
        /* unknown or free-form key: the slow duplicate check is fine here */
        int nth = 0;
        for (const cJSON *d = obj->child; d != c; d = d->next) {
            nth += strcmp(d->string, c->string) == 0;
        }
        if (nth == 1) {
            report_key(L, DIAG_DUPLICATE_KEY, c->string, 1,
                       "key \"%s\" appears more than once in this object", c->string);
        }
        /* "_comment", "_note", "notes", ...: the author's notes, ignored
         * (not in free-form objects such as "set", whose keys are variable
         * names) */
        if (!allowed || nth || c->string[0] == '_' || strcmp(c->string, "notes") == 0) {
            continue;
        }
        char list[256] = "";
        size_t o = 0;
        for (const char *const *a = allowed; *a && o < sizeof list; a++) {
            int n = snprintf(list + o, sizeof list - o, "%s%s", a == allowed ? "" : ", ", *a);
            o += n > 0 ? (size_t)n : 0;
        }
        report_key(L, DIAG_UNKNOWN_FIELD, c->string, 0,
                   "unknown field \"%s\" in %s (expected one of: %s)", c->string, what, list);
    }
}

static const cJSON *field(Loader *L, const cJSON *obj, const char *key, Need need, const char *what)
{
    const cJSON *v = member(obj, key);
    if (!v && need == REQUIRED) {
        report(L, DIAG_MISSING_FIELD, "%s has no \"%s\" field", what, key);
    }
    return v;
}

/* Copies a string value into the scenario's arena (the parse tree and its
 * own arena are dropped when loading ends), with control characters escaped
 * visibly (textsafe.h): text is data, whatever prints it. */
static const char *take_string(Loader *L, const cJSON *v)
{
    if (textsafe_is_clean(v->valuestring, TEXTSAFE_KEEP_NEWLINES)) {
        return arena_strdup(L->arena, v->valuestring);
    }
    char *esc = textsafe_dup(v->valuestring, TEXTSAFE_KEEP_NEWLINES);
    const char *s = arena_strdup(L->arena, esc);
    free(esc);
    return s;
}

static const char *get_string(Loader *L, const cJSON *obj, const char *key, Need need,
                              const char *what)
{
    const cJSON *v = field(L, obj, key, need, what);
    if (!v) {
        return NULL;
    }
    if (cJSON_IsString(v) && v->valuestring) {
        size_t n = strlen(v->valuestring);
        if (n > 0 && n <= MAX_STRING) {
            return take_string(L, v);
        }
        if (n == 0 && need == OPTIONAL) {
            return take_string(L, v);
        }
    }
    size_t saved = path_key(L, key);
    if (!cJSON_IsString(v) || !v->valuestring) {
        report(L, DIAG_TYPE, "expected a string, got %s", json_type_name(v));
    } else if (strlen(v->valuestring) > MAX_STRING) {
        report(L, DIAG_TOO_LARGE, "text is %zu bytes; the limit is %d", strlen(v->valuestring),
               MAX_STRING);
    } else {
        report(L, DIAG_BAD_VALUE, "expected a non-empty string");
    }
    path_pop(L, saved);
    return NULL;
}

static void note_reported(Loader *L, const char *id);
static bool names_reported(const Loader *L, const char *src);

static bool valid_id(const char *s)
{
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.')) {
            return false;
        }
    }
    return true;
}

static const char *get_id(Loader *L, const cJSON *obj, const char *key, Need need, const char *what)
{
    const char *s = get_string(L, obj, key, need, what);
    if (s && !valid_id(s)) {
        size_t saved = path_key(L, key);
        report(L, DIAG_BAD_VALUE,
               "id \"%s\" may contain only the letters A-Z and a-z (no accents, no Ñ), "
               "digits, '-', '_' and '.', with no spaces",
               s);
        path_pop(L, saved);
        note_reported(L, s);
        return NULL;
    }
    return s;
}

/* A number as an author wrote it: 2000000, not 2e+06. */
static const char *show_number(double d, char *buf, size_t size)
{
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
        snprintf(buf, size, "%lld", (long long)d);
    } else {
        snprintf(buf, size, "%g", d);
    }
    return buf;
}

static bool get_int(Loader *L, const cJSON *obj, const char *key, Need need, const char *what,
                    int lo, int hi, int *out)
{
    const cJSON *v = field(L, obj, key, need, what);
    if (!v) {
        return false;
    }
    double d = v->valuedouble;
    /* range first: casting an out-of-range double is undefined behavior */
    if (cJSON_IsNumber(v) && d >= (double)lo && d <= (double)hi && d == (double)(int)d) {
        *out = (int)d;
        return true;
    }
    size_t saved = path_key(L, key);
    if (!cJSON_IsNumber(v)) {
        report(L, DIAG_TYPE, "expected a whole number, got %s", json_type_name(v));
    } else {
        char num[32];
        report(L, DIAG_BAD_VALUE, "expected a whole number from %d to %d, got %s", lo, hi,
               show_number(d, num, sizeof num));
    }
    path_pop(L, saved);
    return false;
}

static bool get_bool(Loader *L, const cJSON *obj, const char *key, bool *out)
{
    const cJSON *v = member(obj, key);
    if (!v) {
        return false;
    }
    if (!cJSON_IsBool(v)) {
        size_t saved = path_key(L, key);
        report(L, DIAG_TYPE, "expected true or false, got %s", json_type_name(v));
        path_pop(L, saved);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

/* Returns the array at obj[key] (or NULL, reporting a type error). */
static const cJSON *get_array(Loader *L, const cJSON *obj, const char *key, Need need,
                              const char *what)
{
    const cJSON *v = field(L, obj, key, need, what);
    if (v && !cJSON_IsArray(v)) {
        size_t saved = path_key(L, key);
        report(L, DIAG_TYPE, "expected an array, got %s", json_type_name(v));
        path_pop(L, saved);
        return NULL;
    }
    return v;
}

static bool expect_object(Loader *L, const cJSON *v, const char *what)
{
    if (!cJSON_IsObject(v)) {
        report(L, DIAG_TYPE, "expected %s (an object), got %s", what, json_type_name(v));
        return false;
    }
    return true;
}

/* Columns taken in the file by the first 'chars' characters of a JSON
 * string's value, starting after its opening quote at 'q' (escapes such as
 * \t or \u00e9 take more columns than the one character they stand for). */
static int raw_columns(const char *t, size_t len, size_t q, int chars)
{
    int cols = 0;
    size_t i = q + 1;
    for (int c = 0; c < chars && i < len && t[i] != '"'; c++) {
        size_t n;
        if (t[i] == '\\') {
            n = i + 1 < len && t[i + 1] == 'u' ? 6 : 2;
            /* a surrogate pair: one character written in twelve columns */
            if (n == 6 && i + 12 <= len && (t[i + 2] == 'd' || t[i + 2] == 'D') &&
                strchr("89abAB", t[i + 3]) && t[i + 6] == '\\') {
                n = 12;
            }
            cols += (int)n;
        } else {
            n = textsafe_utf8_len((const unsigned char *)t + i, len - i);
            n = n ? n : 1;
            cols++;
        }
        i += n;
    }
    return cols;
}

static Expr *get_cond(Loader *L, const cJSON *obj, const char *key)
{
    const char *src = get_string(L, obj, key, OPTIONAL, "");
    if (!src) {
        return NULL;
    }
    char err[200];
    int col = 0;
    Expr *e = expr_parse(src, L->sc, L->arena, &col, err, sizeof err);
    if (!e && names_reported(L, src)) {
        L->n_errors++; /* still an error, already said where it comes from */
    } else if (!e) {
        size_t saved = path_key(L, key);
        size_t q = jsonpos_find(L->text, L->len, L->path, &L->pos);
        /* quote at most 60 bytes of the condition, cut on a character */
        size_t shown = strlen(src) > 60 ? 60 : strlen(src);
        while (shown > 0 && ((unsigned char)src[shown] & 0xC0) == 0x80) {
            shown--;
        }
        report_col(L, DIAG_BAD_EXPR, q, 1 + raw_columns(L->text, L->len, q, col - 1),
                   "in condition \"%.*s%s\": %s", (int)shown, src, src[shown] ? "..." : "", err);
        path_pop(L, saved);
    } else if (L->format < 2 && expr_uses(e, EXPR_FIRED)) {
        size_t saved = path_key(L, key);
        report(L, DIAG_BAD_VALUE,
               "fired() needs format 2: set \"format\": 2 at the top of the file");
        path_pop(L, saved);
    }
    return e;
}

/* ---- catalogue --------------------------------------------------------- */

static const char *const kind_keys[ITEM_KIND_COUNT] = {"indicators", "steps", "errors"};

/* The fields an indicator or step entry, and an error entry, may have (in
 * the catalogue and in a scenario's own lists alike). */
static const char *const ind_keys[] = {"id", "label", "category", "explain", "weight", NULL};
static const char *const err_keys[] = {
    "id", "label", "category", "explain", "penalty", "disqualifying", "why_not_disqualifying",
    NULL};

typedef struct Catalog {
    Item *items[ITEM_KIND_COUNT];
    size_t n_items[ITEM_KIND_COUNT];
    StrMap *index[ITEM_KIND_COUNT];
} Catalog;

/* Reads one item entry's descriptive fields (label, category, explain,
 * weight or penalty, disqualifying) into it. */
static void read_item_fields(Loader *L, const cJSON *o, ItemKind kind, Item *it, Need need)
{
    const char *label = get_string(L, o, "label", need, "this entry");
    const char *category = get_string(L, o, "category", need, "this entry");
    const char *explain = get_string(L, o, "explain", need, "this entry");
    /* an override of a catalogue entry keeps what it does not restate */
    it->label = label ? label : it->label;
    it->category = category ? category : it->category;
    it->explain = explain ? explain : it->explain;
    int w;
    const char *wkey = kind == ITEM_ERROR ? "penalty" : "weight";
    if (get_int(L, o, wkey, OPTIONAL, "", 0, 100, &w)) {
        it->weight = w;
    }
    if (kind == ITEM_ERROR) {
        get_bool(L, o, "disqualifying", &it->disqualifying);
        const char *why = get_string(L, o, "why_not_disqualifying", OPTIONAL, "");
        it->why_not_disqualifying = why ? why : it->why_not_disqualifying;
        if (it->disqualifying && it->why_not_disqualifying) {
            size_t saved = path_key(L, "why_not_disqualifying");
            report(L, DIAG_BAD_VALUE,
                   "a disqualifying error cannot give a reason for not disqualifying; "
                   "remove one of the two");
            path_pop(L, saved);
        }
    }
}

static void catalog_read(Loader *L, const cJSON *root, Catalog *cat)
{
    static const char *const top[] = {"$schema", "format", "indicators", "steps", "errors", NULL};
    if (!expect_object(L, root, "a catalogue")) {
        return;
    }
    check_keys(L, root, top, "the catalogue");
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        const cJSON *arr = get_array(L, root, kind_keys[k], REQUIRED, "the catalogue");
        size_t n = (size_t)cJSON_GetArraySize(arr);
        cat->items[k] = arena_array(L->arena, n, sizeof(Item));
        cat->index[k] = strmap_new(n);
        size_t saved = path_key(L, kind_keys[k]), i = 0;
        for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
            size_t s2 = path_index(L, i);
            if (expect_object(L, o, "a catalogue entry")) {
                check_keys(L, o, k == ITEM_ERROR ? err_keys : ind_keys, "a catalogue entry");
                Item *it = &cat->items[k][cat->n_items[k]];
                it->id = get_id(L, o, "id", REQUIRED, "this entry");
                it->weight = k == ITEM_ERROR ? 10 : 1;
                read_item_fields(L, o, (ItemKind)k, it, REQUIRED);
                if (it->id && !strmap_put(cat->index[k], it->id, cat->n_items[k])) {
                    size_t s3 = path_key(L, "id");
                    report(L, DIAG_DUPLICATE_ID, "duplicate catalogue id \"%s\"", it->id);
                    path_pop(L, s3);
                } else if (it->id) {
                    cat->n_items[k]++;
                }
            }
            path_pop(L, s2);
        }
        path_pop(L, saved);
    }
}

/* Parses JSON text with syntax, UTF-8 and depth checks. Returns the tree or
 * NULL with diagnostics added. */
static cJSON *parse_json(Loader *L);

static bool catalog_load(Loader *L, const char *rel, bool explicit_field, Catalog *cat)
{
    /* resolved inside the scenario's folder, never through a link out of it */
    char why[300];
    bool missing = false;
    size_t len = 0;
    char *real = safefile_resolve_inside(L->file, rel, &missing, why, sizeof why);
    char *text = real ? safefile_read_why(real, FILE_KIND_CATALOG, SAFEFILE_NO_FOLLOW, &len, NULL,
                                          why, sizeof why)
                      : NULL;
    free(real);
    if (!text) {
        if (explicit_field || !missing) {
            size_t saved = path_key(L, "catalog");
            report(L, DIAG_CATALOG, "cannot open catalogue \"%s\": %s", rel, why);
            path_pop(L, saved);
        }
        return false;
    }
    /* diagnostics name it as the scenario's folder and 'rel' spell it */
    const char *slash = strrchr(L->file, '/');
    size_t dlen = slash ? (size_t)(slash - L->file + 1) : 0;
    size_t n = dlen + strlen(rel) + 1;
    char *path = xmalloc(n);
    snprintf(path, n, "%.*s%s", (int)dlen, L->file, rel);
    DiagList *cdl = diag_list_new();
    Loader C = {.file = path, .text = text, .len = len, .dl = cdl, .sc = L->sc, .arena = L->arena};
    cJSON *root = parse_json(&C);
    if (root) {
        catalog_read(&C, root, cat); /* the tree is in the parse arena */
    }
    bool ok = diag_error_count(cdl) == 0;
    L->sc->catalog_file = arena_strdup(L->arena, path); /* for its translations */
    diag_list_append(L->dl, cdl);
    L->n_errors += diag_error_count(cdl);
    diag_list_free(cdl);
    free(text);
    free(path);
    return ok;
}

static void catalog_fini(Catalog *cat)
{
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        strmap_free(cat->index[k]);
    }
}

/* ---- scenario sections -------------------------------------------------- */

/* Remembers an id already reported, so references to it stay quiet. */
static void note_reported(Loader *L, const char *id)
{
    if (!id || !*id || !L->reported_ids) {
        return; /* a catalogue's own loader keeps no list */
    }
    const char *copy = arena_strdup(L->arena, id);
    if (!strmap_put(L->reported_ids, copy, 0)) {
        return;
    }
    if (L->n_reported == L->cap_reported) {
        L->cap_reported = L->cap_reported ? 2 * L->cap_reported : 8;
        L->reported = xrealloc(L->reported, L->cap_reported * sizeof(char *));
    }
    L->reported[L->n_reported++] = copy;
}

/* Does condition text 'src' name an id already reported as wrong? Then its
 * own error follows from that one and is not reported again. */
static bool names_reported(const Loader *L, const char *src)
{
    for (size_t i = 0; i < L->n_reported; i++) {
        if (strstr(src, L->reported[i])) {
            return true;
        }
    }
    return false;
}

/* The scenario's indicators, steps and errors, merged with the catalogue.
 * Without a readable catalogue, entries that refer to it are kept as bare
 * ids (so the scenes' references to them resolve) and reported once, or
 * not at all when the catalogue's own error was reported. */
static void read_items(Loader *L, const cJSON *root, const Catalog *cat, bool have_catalog,
                       bool catalog_said)
{
    Scenario *sc = L->sc;
    size_t orphans = 0;
    char first_orphan[80] = "";
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        const cJSON *arr = get_array(L, root, kind_keys[k], REQUIRED, "the scenario");
        size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
        sc->items[k] = arena_array(L->arena, n, sizeof(Item));
        sc->item_index[k] = strmap_new(n);
        size_t saved = path_key(L, kind_keys[k]);
        for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
            size_t s2 = path_index(L, i);
            Item it = {0};
            const cJSON *def = NULL;
            if (cJSON_IsString(o)) {
                it.id = valid_id(o->valuestring) ? arena_strdup(L->arena, o->valuestring) : NULL;
                if (!it.id) {
                    report(L, DIAG_BAD_VALUE, "\"%s\" is not a valid id", o->valuestring);
                    note_reported(L, o->valuestring);
                }
            } else if (expect_object(L, o, "an id or an entry")) {
                check_keys(L, o, k == ITEM_ERROR ? err_keys : ind_keys, "an entry");
                it.id = get_id(L, o, "id", REQUIRED, "this entry");
                def = o;
            }
            size_t ci = it.id ? strmap_get(cat->index[k], it.id) : (size_t)-1;
            bool local = def && member(def, "label");
            if (it.id && ci != (size_t)-1) {
                if (local) {
                    report(L, DIAG_DUPLICATE_ID,
                           "\"%s\" is already in the catalogue; use a new id for your own entry",
                           it.id);
                }
                {
                    it = cat->items[k][ci];
                    if (def) {
                        read_item_fields(L, def, (ItemKind)k, &it, OPTIONAL);
                    }
                }
            } else if (it.id && local) {
                it.local = true;
                it.weight = k == ITEM_ERROR ? 10 : 1;
                read_item_fields(L, def, (ItemKind)k, &it, REQUIRED);
            } else if (it.id && !have_catalog) {
                /* the catalogue is missing, not the entry: one error below */
                if (!orphans++) {
                    snprintf(first_orphan, sizeof first_orphan, "%s", it.id);
                }
                it.label = it.id;
            } else if (it.id) {
                note_reported(L, it.id);
                DiagCode code = k == ITEM_INDICATOR ? DIAG_UNKNOWN_INDICATOR
                                : k == ITEM_STEP    ? DIAG_UNKNOWN_STEP
                                                    : DIAG_UNKNOWN_ERROR;
                report(L, code,
                       "\"%s\" is not in the catalogue; to add your own %s give it a label, "
                       "category and explain",
                       it.id, item_kind_name((ItemKind)k));
                it.id = NULL;
            }
            if (it.id) {
                if (strmap_put(sc->item_index[k], it.id, sc->n_items[k])) {
                    sc->items[k][sc->n_items[k]++] = it;
                } else {
                    report(L, DIAG_DUPLICATE_ID, "\"%s\" is listed twice", it.id);
                }
            }
            path_pop(L, s2);
        }
        path_pop(L, saved);
    }
    if (orphans && catalog_said) {
        L->n_errors++; /* the catalogue's own error says it all */
    } else if (orphans) {
        size_t saved = path_key(L, "indicators");
        report(L, DIAG_CATALOG,
               "%zu entr%s (\"%s\"%s) come from the shared catalogue, which could not be read: "
               "put catalog.json beside this file, or give \"catalog\" its path",
               orphans, orphans == 1 ? "y" : "ies", first_orphan, orphans > 1 ? " and others" : "");
        path_pop(L, saved);
    }
}

/* Can a condition name this variable? [A-Za-z_][A-Za-z0-9_]*, not a literal. */
static bool is_expr_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_')) {
            return false;
        }
    }
    return strcmp(s, "true") != 0 && strcmp(s, "false") != 0;
}

static void read_variables(Loader *L, const cJSON *root)
{
    static const char *const keys[] = {"id", "type", "initial", "min", "max", "describe", NULL};
    Scenario *sc = L->sc;
    const cJSON *arr = get_array(L, root, "variables", OPTIONAL, "the scenario");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    sc->vars = arena_array(L->arena, n, sizeof(Variable));
    L->vars_cap = n;
    sc->var_index = strmap_new(n);
    size_t saved = path_key(L, "variables");
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
        size_t s2 = path_index(L, i);
        if (!expect_object(L, o, "a variable")) {
            path_pop(L, s2);
            continue;
        }
        check_keys(L, o, keys, "a variable");
        Variable v = {.min = 0, .max = 1000000};
        v.id = get_id(L, o, "id", REQUIRED, "a variable");
        const char *type = get_string(L, o, "type", REQUIRED, "a variable");
        v.describe = get_string(L, o, "describe", OPTIONAL, "");
        bool type_ok = true;
        if (type && strcmp(type, "bool") == 0) {
            v.type = VAR_BOOL;
            v.max = 1;
            bool b = false;
            get_bool(L, o, "initial", &b);
            v.initial = b;
        } else if (type && strcmp(type, "int") == 0) {
            v.type = VAR_INT;
            get_int(L, o, "min", OPTIONAL, "", -1000000, 1000000, &v.min);
            get_int(L, o, "max", OPTIONAL, "", -1000000, 1000000, &v.max);
            get_int(L, o, "initial", OPTIONAL, "", -1000000, 1000000, &v.initial);
            if (v.min > v.max) {
                report(L, DIAG_BAD_VALUE, "min %d is greater than max %d", v.min, v.max);
            } else if (v.initial < v.min || v.initial > v.max) {
                size_t s3 = path_key(L, "initial");
                report(L, DIAG_BAD_VALUE, "initial value %d is outside %d..%d", v.initial, v.min,
                       v.max);
                path_pop(L, s3);
            }
        } else if (type) {
            size_t s3 = path_key(L, "type");
            report(L, DIAG_BAD_VALUE, "expected \"int\" or \"bool\", got \"%s\"", type);
            path_pop(L, s3);
            type_ok = false;
        }
        if (v.id && !is_expr_name(v.id)) {
            size_t s3 = path_key(L, "id");
            report(L, DIAG_BAD_VALUE,
                   "variable id \"%s\" cannot be used in conditions: start with a letter and "
                   "use only letters, digits and _",
                   v.id);
            path_pop(L, s3);
        } else if (v.id && strcmp(v.id, "minutes") == 0) {
            size_t s3 = path_key(L, "id");
            report(L, DIAG_BAD_VALUE,
                   "\"minutes\" is built in (the on-scene clock); pick another name");
            path_pop(L, s3);
        } else if (v.id && type_ok) {
            if (strmap_put(sc->var_index, v.id, sc->n_vars)) {
                sc->vars[sc->n_vars++] = v;
            } else {
                size_t s3 = path_key(L, "id");
                report(L, DIAG_DUPLICATE_ID, "variable \"%s\" is declared twice", v.id);
                path_pop(L, s3);
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static size_t *read_refs(Loader *L, const cJSON *obj, const char *key, ItemKind kind, size_t *n_out)
{
    static const DiagCode codes[] = {DIAG_UNKNOWN_INDICATOR, DIAG_UNKNOWN_STEP, DIAG_UNKNOWN_ERROR};
    *n_out = 0;
    const cJSON *arr = get_array(L, obj, key, OPTIONAL, "");
    if (!arr) {
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    size_t *out = arena_array(L->arena, n, sizeof(size_t));
    size_t saved = path_key(L, key);
    for (const cJSON *v = arr->child; v; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (!cJSON_IsString(v)) {
            report(L, DIAG_TYPE, "expected an id string, got %s", json_type_name(v));
        } else {
            size_t idx = strmap_get(L->sc->item_index[kind], v->valuestring);
            if (idx == (size_t)-1 && strmap_get(L->reported_ids, v->valuestring) != (size_t)-1) {
                L->n_errors++; /* still an error, already said where it comes from */
            } else if (idx == (size_t)-1) {
                /* reported once: its other uses follow from the same mistake */
                report(L, codes[kind], "unknown %s \"%s\" (list it in the scenario's \"%s\")",
                       item_kind_name(kind), v->valuestring, kind_keys[kind]);
                note_reported(L, v->valuestring);
            } else {
                out[(*n_out)++] = idx;
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
    return out;
}

static void read_assign(Loader *L, const cJSON *obj, const char *key, AssignOp op, Effects *fx)
{
    const cJSON *o = member(obj, key);
    if (!o) {
        return;
    }
    size_t saved = path_key(L, key);
    if (expect_object(L, o, "variable values")) {
        check_keys(L, o, NULL, "");
        size_t n = (size_t)cJSON_GetArraySize(o);
        Assign *a = arena_array(L->arena, n + fx->n_assign, sizeof(Assign));
        if (fx->n_assign) {
            memcpy(a, fx->assign, fx->n_assign * sizeof(Assign));
        }
        fx->assign = a;
        for (const cJSON *v = o->child; v; v = v->next) {
            size_t var = strmap_get(L->sc->var_index, v->string);
            if (var == (size_t)-1) {
                /* the key is the mistake, not its value */
                report_key(L, DIAG_UNKNOWN_VARIABLE, v->string, 0,
                           "unknown variable \"%s\" (declare it in \"variables\")", v->string);
                continue;
            }
            size_t s2 = path_key(L, v->string);
            if (L->sc->vars[var].type == VAR_BOOL) {
                if (op == ASSIGN_ADD) {
                    report(L, DIAG_TYPE, "cannot add to true/false variable \"%s\"; use \"set\"",
                           v->string);
                } else if (!cJSON_IsBool(v)) {
                    report(L, DIAG_TYPE, "\"%s\" is true/false, got %s", v->string,
                           json_type_name(v));
                } else {
                    fx->assign[fx->n_assign++] = (Assign){var, op, cJSON_IsTrue(v)};
                }
            } else if (!cJSON_IsNumber(v)) {
                report(L, DIAG_TYPE, "\"%s\" is a whole number, got %s", v->string,
                       json_type_name(v));
            } else if (!(v->valuedouble >= -1000000.0 && v->valuedouble <= 1000000.0) ||
                       v->valuedouble != (double)(int)v->valuedouble) {
                char num[32];
                report(L, DIAG_BAD_VALUE,
                       "expected a whole number from -1000000 to 1000000, got %s",
                       show_number(v->valuedouble, num, sizeof num));
            } else {
                fx->assign[fx->n_assign++] = (Assign){var, op, (int)v->valuedouble};
            }
            path_pop(L, s2);
        }
    }
    path_pop(L, saved);
}

/* Is the file format 2 or later? If not, reports that member 'key' of the
 * object at the current path needs it. */
static bool need_format2(Loader *L, const char *key)
{
    if (L->format >= 2) {
        return true;
    }
    report_key(L, DIAG_BAD_VALUE, key, 0,
               "\"%s\" needs format 2: set \"format\": 2 at the top of the file", key);
    return false;
}

/* The observe, act, steps, errors, set and add of 'o' (no minutes). */
static void read_lists(Loader *L, const cJSON *o, Effects *fx)
{
    fx->observe = read_refs(L, o, "observe", ITEM_INDICATOR, &fx->n_observe);
    fx->act = read_refs(L, o, "act", ITEM_INDICATOR, &fx->n_act);
    fx->steps = read_refs(L, o, "steps", ITEM_STEP, &fx->n_steps);
    fx->errors = read_refs(L, o, "errors", ITEM_ERROR, &fx->n_errors);
    read_assign(L, o, "set", ASSIGN_SET, fx);
    read_assign(L, o, "add", ASSIGN_ADD, fx);
}

/* Appends 'nb' elements of 'b' to the array '*a' of '*na' (arena copies). */
static void append(Loader *L, void **a, size_t *na, const void *b, size_t nb, size_t size)
{
    if (nb == 0) {
        return;
    }
    char *c = arena_array(L->arena, *na + nb, size);
    if (*na) {
        memcpy(c, *a, *na * size);
    }
    memcpy(c + *na * size, b, nb * size);
    *a = c;
    *na += nb;
}

/* Appends the lists of 'src' to 'dst' and records their ranges in 'g'. */
static void append_guarded(Loader *L, Effects *dst, const Effects *src, EffectGuard *g)
{
    size_t *n[FX_LIST_COUNT] = {&dst->n_observe, &dst->n_act, &dst->n_steps, &dst->n_errors,
                                &dst->n_assign};
    for (int l = 0; l < FX_LIST_COUNT; l++) {
        g->from[l] = *n[l];
    }
    append(L, (void **)&dst->observe, &dst->n_observe, src->observe, src->n_observe,
           sizeof(size_t));
    append(L, (void **)&dst->act, &dst->n_act, src->act, src->n_act, sizeof(size_t));
    append(L, (void **)&dst->steps, &dst->n_steps, src->steps, src->n_steps, sizeof(size_t));
    append(L, (void **)&dst->errors, &dst->n_errors, src->errors, src->n_errors, sizeof(size_t));
    append(L, (void **)&dst->assign, &dst->n_assign, src->assign, src->n_assign, sizeof(Assign));
    for (int l = 0; l < FX_LIST_COUNT; l++) {
        g->to[l] = *n[l];
    }
}

/* Format 2 "effects": a list of entries, each with its own "if", whose
 * lists apply only when it holds (decided before the action changes
 * anything). */
static void read_conditional_effects(Loader *L, const cJSON *o, Effects *fx)
{
    static const char *const keys[] = {"if",     "observe", "act", "steps",
                                       "errors", "set",     "add", NULL};
    if (!member(o, "effects") || !need_format2(L, "effects")) {
        return;
    }
    const cJSON *arr = get_array(L, o, "effects", OPTIONAL, "");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    size_t saved = path_key(L, "effects");
    if (n > EFFECT_GUARDS_MAX) {
        report(L, DIAG_TOO_LARGE, "at most %d conditional effects in one list, got %zu",
               EFFECT_GUARDS_MAX, n);
        n = EFFECT_GUARDS_MAX;
    }
    fx->guards = arena_array(L->arena, n, sizeof(EffectGuard));
    for (const cJSON *v = arr ? arr->child : NULL; v && i < n; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, v, "a conditional effect")) {
            check_keys(L, v, keys, "a conditional effect");
            EffectGuard g = {0};
            if (field(L, v, "if", REQUIRED, "a conditional effect")) {
                g.cond = get_cond(L, v, "if");
            }
            Effects part = {0};
            read_lists(L, v, &part);
            append_guarded(L, fx, &part, &g);
            fx->guards[fx->n_guards++] = g;
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static void read_effects(Loader *L, const cJSON *o, Effects *fx)
{
    read_lists(L, o, fx);
    get_int(L, o, "minutes", OPTIONAL, "", 0, 1440, &fx->minutes);
    read_conditional_effects(L, o, fx);
}

static size_t resolve_node(Loader *L, const cJSON *obj, const char *key, Need need,
                           const char *what)
{
    const char *id = get_string(L, obj, key, need, what);
    if (!id) {
        return SCENARIO_NONE;
    }
    size_t idx = strmap_get(L->sc->node_index, id);
    if (idx == SCENARIO_NONE && strmap_get(L->reported_ids, id) != (size_t)-1) {
        L->n_errors++; /* a scene id already reported as wrong or missing */
    } else if (idx == SCENARIO_NONE) {
        size_t saved = path_key(L, key);
        report(L, DIAG_UNKNOWN_NODE, "no scene has the id \"%s\"", id);
        path_pop(L, saved);
        note_reported(L, id);
    }
    return idx;
}

static void read_order(Loader *L, const cJSON *root)
{
    static const char *const keys[] = {"first", "then", "why", "partial", NULL};
    Scenario *sc = L->sc;
    const cJSON *arr = get_array(L, root, "order", OPTIONAL, "the scenario");
    size_t total = 0, i = 0;
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next) {
        total += (size_t)cJSON_GetArraySize(member(o, "then")) + 1;
    }
    sc->order = arena_array(L->arena, total, sizeof(OrderRule));
    size_t saved = path_key(L, "order");
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, o, "an ordering rule")) {
            check_keys(L, o, keys, "an ordering rule");
            const char *first = get_string(L, o, "first", REQUIRED, "an ordering rule");
            const char *why = get_string(L, o, "why", OPTIONAL, "");
            int partial = 0;
            get_int(L, o, "partial", OPTIONAL, "", 0, 100, &partial);
            size_t fi = first ? strmap_get(sc->item_index[ITEM_STEP], first) : SCENARIO_NONE;
            if (first && fi == SCENARIO_NONE) {
                size_t s3 = path_key(L, "first");
                report(L, DIAG_UNKNOWN_STEP, "unknown step \"%s\" (list it in \"steps\")", first);
                path_pop(L, s3);
            }
            size_t n_then = 0;
            if (!field(L, o, "then", REQUIRED, "an ordering rule")) {
                path_pop(L, s2);
                continue;
            }
            size_t *then = read_refs(L, o, "then", ITEM_STEP, &n_then);
            for (size_t k = 0; k < n_then && fi != SCENARIO_NONE; k++) {
                if (then[k] == fi) {
                    size_t s3 = path_key(L, "then");
                    report(L, DIAG_BAD_VALUE, "a step cannot have to come before itself");
                    path_pop(L, s3);
                    continue;
                }
                sc->order[sc->n_order++] = (OrderRule){fi, then[k], why, partial};
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static void read_events(Loader *L, const cJSON *root)
{
    static const char *const keys[] = {
        "id",     "at",  "if",  "speaker", "text",     "goto",        "observe", "act", "steps",
        "errors", "set", "add", "minutes", "announce", "announce_at", "effects", NULL};
    Scenario *sc = L->sc;
    const cJSON *arr = get_array(L, root, "events", OPTIONAL, "the scenario");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    sc->events = arena_array(L->arena, n, sizeof(Event));
    sc->n_events = n;
    sc->event_index = strmap_new(n);
    size_t saved = path_key(L, "events");
    /* pass 1: ids, so that any condition can name any event in fired() */
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
        size_t s2 = path_index(L, i);
        Event *e = &sc->events[i];
        e->id = cJSON_IsObject(o) ? get_id(L, o, "id", REQUIRED, "an event") : NULL;
        if (e->id && !strmap_put(sc->event_index, e->id, i)) {
            size_t s3 = path_key(L, "id");
            report(L, DIAG_DUPLICATE_ID, "event id \"%s\" is used twice", e->id);
            path_pop(L, s3);
        }
        path_pop(L, s2);
    }
    i = 0;
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, o, "an event")) {
            check_keys(L, o, keys, "an event");
            Event *e = &sc->events[i];
            get_int(L, o, "at", REQUIRED, "an event", 0, 1440, &e->at);
            e->announce = get_string(L, o, "announce", OPTIONAL, "");
            if (get_int(L, o, "announce_at", OPTIONAL, "", 0, 1440, &e->announce_at)) {
                size_t s3 = path_key(L, "announce_at");
                if (!e->announce) {
                    report(L, DIAG_BAD_VALUE,
                           "\"announce_at\" needs \"announce\", the countdown's label");
                } else if (e->announce_at >= e->at) {
                    report(L, DIAG_BAD_VALUE,
                           "the countdown must appear before the event: expected less than %d, "
                           "got %d",
                           e->at, e->announce_at);
                }
                path_pop(L, s3);
            }
            e->speaker = get_string(L, o, "speaker", OPTIONAL, "");
            e->text = get_string(L, o, "text", OPTIONAL, "");
            e->cond = get_cond(L, o, "if");
            read_effects(L, o, &e->fx);
            e->target =
                member(o, "goto") ? resolve_node(L, o, "goto", OPTIONAL, "") : SCENARIO_NONE;
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static void read_variants(Loader *L, const cJSON *o, Node *nd)
{
    static const char *const keys[] = {"if", "text", "plain_sight", NULL};
    const cJSON *arr = get_array(L, o, "variants", OPTIONAL, "");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    nd->variants = arena_array(L->arena, n, sizeof(TextVariant));
    size_t saved = path_key(L, "variants");
    for (const cJSON *v = arr ? arr->child : NULL; v; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, v, "a text variant")) {
            check_keys(L, v, keys, "a text variant");
            TextVariant *tv = &nd->variants[nd->n_variants];
            if (!field(L, v, "if", REQUIRED, "a text variant")) {
                path_pop(L, s2);
                continue;
            }
            tv->cond = get_cond(L, v, "if");
            tv->text = get_string(L, v, "text", REQUIRED, "a text variant");
            tv->plain_sight.ids =
                read_refs(L, v, "plain_sight", ITEM_INDICATOR, &tv->plain_sight.n);
            if (tv->cond && tv->text) {
                nd->n_variants++;
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static void read_details(Loader *L, const cJSON *o, Node *nd, StrMap *ids)
{
    static const char *const keys[] = {"id",      "label",   "text",  "if",     "minutes",
                                       "observe", "act",     "steps", "errors", "set",
                                       "add",     "effects", NULL};
    const cJSON *arr = get_array(L, o, "details", OPTIONAL, "");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    nd->details = arena_array(L->arena, n, sizeof(Detail));
    size_t saved = path_key(L, "details");
    for (const cJSON *v = arr ? arr->child : NULL; v; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, v, "a detail")) {
            check_keys(L, v, keys, "a detail");
            Detail *d = &nd->details[nd->n_details];
            d->id = get_id(L, v, "id", REQUIRED, "a detail");
            d->label = get_string(L, v, "label", REQUIRED, "a detail");
            d->text = get_string(L, v, "text", REQUIRED, "a detail");
            d->cond = get_cond(L, v, "if");
            read_effects(L, v, &d->fx);
            if (d->id && !strmap_put(ids, d->id, i)) {
                size_t s3 = path_key(L, "id");
                report(L, DIAG_DUPLICATE_ID, "\"%s\" is already used by a choice or detail here",
                       d->id);
                path_pop(L, s3);
            } else if (d->id && d->label && d->text) {
                d->global = L->sc->n_details_total++;
                nd->n_details++;
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static const char *const choice_keys[] = {"id",      "label",   "reply", "if",      "goto",
                                          "observe", "act",     "steps", "errors",  "set",
                                          "add",     "minutes", "once",  "effects", NULL};

/* Reads 'once' (format 2) into *once if present. */
static void read_once(Loader *L, const cJSON *v, bool *once)
{
    if (member(v, "once") && need_format2(L, "once")) {
        get_bool(L, v, "once", once);
    }
}

/* The fields of a choice object: a scene's own, or a template's (then 'id'
 * and 'goto' are optional: a use can give them). */
static void read_choice_body(Loader *L, const cJSON *v, Choice *c, Need need)
{
    c->id = get_id(L, v, "id", need, "a choice");
    c->label = get_string(L, v, "label", REQUIRED, "a choice");
    c->reply = get_string(L, v, "reply", OPTIONAL, "");
    c->cond = get_cond(L, v, "if");
    read_effects(L, v, &c->fx);
    c->target = need == REQUIRED || member(v, "goto") ? resolve_node(L, v, "goto", need, "a choice")
                                                      : SCENARIO_NONE;
    c->once_var = SCENARIO_NONE;
    read_once(L, v, &c->once);
}

/* A choice made from a template: {"use": NAME, ...}; the use's own id,
 * label, reply, goto and once replace the template's, and its "if" must
 * hold as well as the template's. Returns false if there is no such template. */
static bool read_template_use(Loader *L, const cJSON *v, Choice *c)
{
    static const char *const keys[] = {"use", "id", "label", "reply", "if", "goto", "once", NULL};
    check_keys(L, v, keys, "a use of a template");
    const char *name = get_string(L, v, "use", REQUIRED, "a use of a template");
    size_t t = name && L->tmpl_index ? strmap_get(L->tmpl_index, name) : SCENARIO_NONE;
    if (!name) {
        return false;
    }
    if (t == SCENARIO_NONE) {
        if (strmap_get(L->reported_ids, name) != (size_t)-1) {
            L->n_errors++; /* the template itself was reported */
        } else {
            size_t saved = path_key(L, "use");
            report(L, DIAG_UNKNOWN_FIELD,
                   "no template is called \"%s\" (define it in \"templates\")", name);
            path_pop(L, saved);
            note_reported(L, name);
        }
        return false;
    }
    *c = L->tmpl[t];
    if (member(v, "id")) {
        c->id = get_id(L, v, "id", OPTIONAL, "");
    }
    const char *label = get_string(L, v, "label", OPTIONAL, "");
    const char *reply = get_string(L, v, "reply", OPTIONAL, "");
    c->label = label ? label : c->label;
    c->reply = reply ? reply : c->reply;
    Expr *cond = get_cond(L, v, "if");
    c->cond = cond && c->cond ? expr_new(L->arena, EXPR_AND, true, c->cond, cond)
              : cond          ? cond
                              : c->cond;
    if (member(v, "goto")) {
        c->target = resolve_node(L, v, "goto", OPTIONAL, "");
    } else if (c->target == SCENARIO_NONE) {
        report(L, DIAG_MISSING_FIELD, "template \"%s\" has no \"goto\": give this use one", name);
    }
    read_once(L, v, &c->once);
    return true;
}

/* Makes choice 'c' of scene 'nd' offered only until it is taken: an
 * implicit true/false variable, set when it is taken, and "not taken yet"
 * added to its condition. The searches then see it as any other variable. */
static void make_once(Loader *L, const Node *nd, Choice *c)
{
    Scenario *sc = L->sc;
    if (sc->n_vars == L->vars_cap) {
        L->vars_cap = 2 * L->vars_cap + 8;
        Variable *vars = arena_array(L->arena, L->vars_cap, sizeof(Variable));
        if (sc->n_vars) {
            memcpy(vars, sc->vars, sc->n_vars * sizeof(Variable));
        }
        sc->vars = vars;
    }
    size_t len = strlen(nd->id) + strlen(c->id) + 8;
    char *id = arena_alloc(L->arena, len);
    snprintf(id, len, "once:%s/%s", nd->id, c->id);
    size_t var = sc->n_vars++;
    sc->vars[var] = (Variable){.id = id,
                               .type = VAR_BOOL,
                               .max = 1,
                               .implicit = true,
                               .describe = "taken (a 'once' choice)"};
    c->once_var = var;
    Expr *taken = expr_new(L->arena, EXPR_VAR, true, NULL, NULL);
    taken->index = var;
    c->cond = c->cond ? expr_new(L->arena, EXPR_AND, true, c->cond,
                                 expr_new(L->arena, EXPR_NOT, true, taken, NULL))
                      : expr_new(L->arena, EXPR_NOT, true, taken, NULL);
    Assign set = {var, ASSIGN_SET, 1};
    append(L, (void **)&c->fx.assign, &c->fx.n_assign, &set, 1, sizeof(Assign));
}

static void read_choices(Loader *L, const cJSON *o, Node *nd, StrMap *ids)
{
    const cJSON *arr = get_array(L, o, "choices", OPTIONAL, "");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    nd->choices = arena_array(L->arena, n, sizeof(Choice));
    size_t saved = path_key(L, "choices");
    for (const cJSON *v = arr ? arr->child : NULL; v; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (expect_object(L, v, "a choice")) {
            Choice *c = &nd->choices[nd->n_choices];
            if (member(v, "use")) {
                if (!need_format2(L, "use") || !read_template_use(L, v, c)) {
                    path_pop(L, s2);
                    continue;
                }
            } else {
                check_keys(L, v, choice_keys, "a choice");
                read_choice_body(L, v, c, REQUIRED);
            }
            if (c->once && c->id && nd->id) {
                make_once(L, nd, c);
            }
            if (c->id && !strmap_put(ids, c->id, i)) {
                size_t s3 = path_key(L, "id");
                report(L, DIAG_DUPLICATE_ID, "\"%s\" is already used by a choice or detail here",
                       c->id);
                path_pop(L, s3);
            } else if (c->id && c->label && c->target != SCENARIO_NONE) {
                nd->n_choices++;
            }
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

/* Format 2 "templates": {"NAME": {a choice}, ...}, read once here (so a
 * mistake in one is reported once) and copied where a scene uses it. */
static void read_templates(Loader *L, const cJSON *root)
{
    const cJSON *t = member(root, "templates");
    if (!t || !need_format2(L, "templates")) {
        return;
    }
    size_t saved = path_key(L, "templates");
    if (expect_object(L, t, "the templates (names and choices)")) {
        check_keys(L, t, NULL, "");
        size_t n = (size_t)cJSON_GetArraySize(t);
        L->tmpl = arena_array(L->arena, n, sizeof(Choice));
        L->tmpl_index = strmap_new(n);
        for (const cJSON *c = t->child; c; c = c->next) {
            if (c->string[0] == '_' || strcmp(c->string, "notes") == 0) {
                continue; /* the author's notes */
            }
            if (!valid_id(c->string)) {
                report_key(L, DIAG_BAD_VALUE, c->string, 0,
                           "template name \"%s\" may contain only the letters A-Z and a-z, "
                           "digits, '-', '_' and '.'",
                           c->string);
                note_reported(L, c->string);
                continue;
            }
            size_t s2 = path_key(L, c->string);
            if (expect_object(L, c, "a choice template")) {
                check_keys(L, c, choice_keys, "a choice template");
                Choice ch = {0};
                read_choice_body(L, c, &ch, OPTIONAL);
                const char *name = arena_strdup(L->arena, c->string);
                ch.id = ch.id ? ch.id : name;
                ch.template = name;
                if (strmap_put(L->tmpl_index, name, L->n_tmpl)) {
                    L->tmpl[L->n_tmpl++] = ch;
                }
            }
            path_pop(L, s2);
        }
    }
    path_pop(L, saved);
}

static void read_ending(Loader *L, const cJSON *o, Node *nd)
{
    static const char *const keys[] = {"outcome", "title", "epilogue", "variants", NULL};
    static const char *const vkeys[] = {"if", "epilogue", NULL};
    const cJSON *e = member(o, "ending");
    if (!e) {
        return;
    }
    size_t saved = path_key(L, "ending");
    if (expect_object(L, e, "an ending")) {
        check_keys(L, e, keys, "an ending");
        nd->is_ending = true;
        const char *oc = get_string(L, e, "outcome", REQUIRED, "an ending");
        nd->ending.title = get_string(L, e, "title", REQUIRED, "an ending");
        nd->ending.epilogue = get_string(L, e, "epilogue", REQUIRED, "an ending");
        int k = 0;
        while (oc && k < OUTCOME_COUNT && strcmp(outcome_name((Outcome)k), oc) != 0) {
            k++;
        }
        if (oc && k == OUTCOME_COUNT) {
            size_t s2 = path_key(L, "outcome");
            report(L, DIAG_BAD_VALUE,
                   "expected \"missed\", \"partial\" or \"identified\", got \"%s\"", oc);
            path_pop(L, s2);
        }
        nd->ending.outcome = (Outcome)(k % OUTCOME_COUNT);
        const cJSON *arr = get_array(L, e, "variants", OPTIONAL, "");
        size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
        nd->ending.variants = arena_array(L->arena, n, sizeof(EpilogueVariant));
        size_t s2 = path_key(L, "variants");
        for (const cJSON *v = arr ? arr->child : NULL; v; v = v->next, i++) {
            size_t s3 = path_index(L, i);
            if (expect_object(L, v, "an epilogue variant")) {
                check_keys(L, v, vkeys, "an epilogue variant");
                EpilogueVariant *ev = &nd->ending.variants[nd->ending.n_variants];
                if (field(L, v, "if", REQUIRED, "an epilogue variant")) {
                    ev->cond = get_cond(L, v, "if");
                    ev->epilogue = get_string(L, v, "epilogue", REQUIRED, "an epilogue variant");
                    nd->ending.n_variants += ev->cond && ev->epilogue;
                }
            }
            path_pop(L, s3);
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

/* The scenario's shared "plans" (root) or a scene's "plan" (o, nd): plan.c
 * reads them and reports at the loader's positions. */
static void read_plan(Loader *L, const cJSON *o, Node *nd)
{
    PlanLoad P = {L->file, L->text, L->len, L->dl, L->arena, &L->pos, 0};
    if (nd) {
        size_t saved = path_key(L, "plan");
        nd->plan = plan_read_scene(&P, L->path, member(o, "plan"), L->sc, nd);
        path_pop(L, saved);
    } else {
        plan_read_shared(&P, member(o, "plans"), L->sc);
    }
    L->n_errors += P.n_errors;
}

static void read_node(Loader *L, const cJSON *o, Node *nd)
{
    static const char *const keys[] = {"id",          "title",       "speaker", "text",  "variants",
                                       "details",     "choices",     "prompt",  "image", "ending",
                                       "plain_sight", "fixed_order", "plan",    NULL};
    check_keys(L, o, keys, "a scene");
    nd->title = get_string(L, o, "title", OPTIONAL, "");
    nd->speaker = get_string(L, o, "speaker", OPTIONAL, "");
    nd->plain_sight.ids = read_refs(L, o, "plain_sight", ITEM_INDICATOR, &nd->plain_sight.n);
    get_bool(L, o, "fixed_order", &nd->fixed_order);
    nd->text = get_string(L, o, "text", REQUIRED, "a scene");
    nd->prompt = get_string(L, o, "prompt", OPTIONAL, "");
    nd->image = get_string(L, o, "image", OPTIONAL, "");
    read_variants(L, o, nd);
    strmap_clear(L->local_ids);
    read_details(L, o, nd, L->local_ids);
    read_choices(L, o, nd, L->local_ids);
    read_ending(L, o, nd);
    read_plan(L, o, nd);
    const cJSON *ch = member(o, "choices");
    if (nd->is_ending && cJSON_GetArraySize(ch) > 0) {
        size_t saved = path_key(L, "choices");
        report(L, DIAG_BAD_VALUE, "an ending cannot have choices");
        path_pop(L, saved);
    } else if (!nd->is_ending && cJSON_GetArraySize(ch) == 0) {
        report(L, DIAG_NO_WAY_ON,
               "scene \"%s\" has no choices and no \"ending\": the trainee would be stuck",
               nd->id ? nd->id : "?");
    }
}

static void read_nodes(Loader *L, const cJSON *root)
{
    Scenario *sc = L->sc;
    const cJSON *arr = get_array(L, root, "nodes", REQUIRED, "the scenario");
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    sc->nodes = arena_array(L->arena, n, sizeof(Node));
    sc->node_index = strmap_new(n);
    size_t saved = path_key(L, "nodes");
    /* pass 1: ids, so that any scene can refer to any other */
    for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next, i++) {
        size_t s2 = path_index(L, i);
        Node *nd = &sc->nodes[i];
        if (expect_object(L, o, "a scene")) {
            nd->id = get_id(L, o, "id", REQUIRED, "a scene");
            if (nd->id && !strmap_put(sc->node_index, nd->id, i)) {
                size_t s3 = path_key(L, "id");
                report(L, DIAG_DUPLICATE_ID, "scene id \"%s\" is used twice", nd->id);
                path_pop(L, s3);
            }
        }
        path_pop(L, s2);
    }
    sc->n_nodes = n;
    if (n == 0 && arr) {
        report(L, DIAG_BAD_VALUE, "a scenario needs at least one scene");
    }
    path_pop(L, saved);
}

static void read_node_bodies(Loader *L, const cJSON *root)
{
    const cJSON *arr = member(root, "nodes");
    if (!cJSON_IsArray(arr)) {
        return;
    }
    size_t saved = path_key(L, "nodes"), i = 0;
    /* The tree was allocated in document order: the chunks between the first
     * scene and the current one hold only scenes already read, and the model
     * reuses them (fewer page faults, a lower peak). The chunk of the first
     * scene is kept: it also holds the members before "nodes". */
    size_t first = L->tree ? arena_chunk_index(L->tree, arr->child, 0) : SIZE_MAX;
    size_t given = first == SIZE_MAX ? SIZE_MAX : first + 1;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        size_t at = given == SIZE_MAX ? SIZE_MAX : arena_chunk_index(L->tree, o, given - 1);
        if (at != SIZE_MAX && at > given) {
            arena_give(L->tree, given, at, L->arena);
            given = at;
        }
        if (cJSON_IsObject(o)) {
            size_t s2 = path_index(L, i);
            read_node(L, o, &L->sc->nodes[i]);
            path_pop(L, s2);
        }
    }
    path_pop(L, saved);
}

static void read_meta(Loader *L, const cJSON *root)
{
    Scenario *sc = L->sc;
    int format = 0;
    /* an unreadable format is reported once; the file is then read as the
     * newest format, so format 2 features do not each report it again */
    L->format = SCENARIO_FORMAT;
    if (get_int(L, root, "format", REQUIRED, "the scenario", 0, 1000, &format) &&
        (format < SCENARIO_FORMAT_MIN || format > SCENARIO_FORMAT)) {
        size_t saved = path_key(L, "format");
        report(L, DIAG_BAD_VALUE, "this engine reads formats %d to %d, got %d", SCENARIO_FORMAT_MIN,
               SCENARIO_FORMAT, format);
        path_pop(L, saved);
    } else if (format) {
        L->format = format;
    }
    sc->format = L->format;
    sc->id = get_id(L, root, "id", REQUIRED, "the scenario");
    sc->title = get_string(L, root, "title", REQUIRED, "the scenario");
    sc->version = get_string(L, root, "version", REQUIRED, "the scenario");
    sc->language = get_string(L, root, "language", REQUIRED, "the scenario");
    sc->summary = get_string(L, root, "summary", REQUIRED, "the scenario");
    get_int(L, root, "estimated_minutes", REQUIRED, "the scenario", 1, 240, &sc->est_minutes);
    sc->difficulty = get_string(L, root, "difficulty", OPTIONAL, "");
    if (sc->difficulty && strcmp(sc->difficulty, "introductory") != 0 &&
        strcmp(sc->difficulty, "standard") != 0 && strcmp(sc->difficulty, "advanced") != 0) {
        size_t saved = path_key(L, "difficulty");
        report(L, DIAG_BAD_VALUE,
               "expected \"introductory\", \"standard\" or \"advanced\", got \"%s\"",
               sc->difficulty);
        path_pop(L, saved);
    }
    sc->content_note = get_string(L, root, "content_note", OPTIONAL, "");
    get_int(L, root, "pass_mark", REQUIRED, "the scenario", 0, 100, &sc->pass_mark);
    sc->time_budget = DEFAULT_TIME_BUDGET;
    get_int(L, root, "time_budget", OPTIONAL, "", 1, 1440, &sc->time_budget);
    const cJSON *obj = get_array(L, root, "objectives", REQUIRED, "the scenario");
    size_t n = (size_t)cJSON_GetArraySize(obj), i = 0;
    sc->objectives = arena_array(L->arena, n, sizeof(char *));
    size_t saved = path_key(L, "objectives");
    for (const cJSON *v = obj ? obj->child : NULL; v; v = v->next, i++) {
        size_t s2 = path_index(L, i);
        if (cJSON_IsString(v)) {
            sc->objectives[sc->n_objectives++] = take_string(L, v);
        } else {
            report(L, DIAG_TYPE, "expected a string, got %s", json_type_name(v));
        }
        path_pop(L, s2);
    }
    path_pop(L, saved);
}

static void read_scenario(Loader *L, const cJSON *root)
{
    static const char *const top[] = {
        "$schema",    "format",       "id",          "title",
        "version",    "language",     "summary",     "estimated_minutes",
        "objectives", "pass_mark",    "time_budget", "catalog",
        "difficulty", "content_note", "indicators",  "steps",
        "errors",     "order",        "variables",   "events",
        "start",      "nodes",        "templates",   "plans",
        NULL};
    if (!expect_object(L, root, "a scenario")) {
        return;
    }
    if (!member(root, "nodes") && !member(root, "id") && member(root, "indicators")) {
        /* the shared catalogue: check it as one, so linting it is useful */
        Catalog cat = {0};
        size_t before = L->n_errors;
        catalog_read(L, root, &cat);
        catalog_fini(&cat);
        if (L->n_errors == before) {
            diag_add(L->dl, DIAG_NOTE, DIAG_CATALOG, L->file, 0, 0, NULL,
                     "checked as a shared catalogue (it has no \"nodes\"): no problems");
        }
        L->n_errors++; /* a catalogue is not a scenario: there is nothing to play */
        return;
    }
    check_keys(L, root, top, "the scenario");
    read_meta(L, root);
    Catalog cat = {0};
    const char *catalog = get_string(L, root, "catalog", OPTIONAL, "");
    size_t errors_before = L->n_errors;
    bool have_catalog = catalog_load(L, catalog ? catalog : "catalog.json", catalog != NULL, &cat);
    bool catalog_said = L->n_errors > errors_before; /* its problem is already reported */
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        if (!cat.index[k]) {
            cat.index[k] = strmap_new(0);
        }
    }
    read_items(L, root, &cat, have_catalog, catalog_said);
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        L->sc->catalog[k] = cat.items[k]; /* in the scenario's arena */
        L->sc->n_catalog[k] = cat.n_items[k];
    }
    catalog_fini(&cat);
    read_variables(L, root);
    read_nodes(L, root);
    read_order(L, root);
    read_events(L, root);
    read_templates(L, root);
    read_plan(L, root, NULL);
    read_node_bodies(L, root);
    L->sc->start = resolve_node(L, root, "start", REQUIRED, "the scenario");
}

/* ---- JSON text checks ------------------------------------------------- */

static void report_at(Loader *L, DiagCode code, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_ERROR, code, off, 0, fmt, ap);
    va_end(ap);
}

/* Bytes from 'i' on inside a string that need no look (not '"', '\\', NUL
 * or a byte >= 0x80), counted eight at a time: most of a scenario file is
 * the text of its strings. */
static size_t plain_string_run(const unsigned char *t, size_t i, size_t len)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t start = i;
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        uint64_t hit = ((w - ones) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b) | w;
        if (hit & highs) {
            break;
        }
        i += 8;
    }
    return i - start;
}

/* One pass over the raw text: UTF-8 validity, NUL bytes and nesting depth,
 * so that cJSON never sees input that would make it recurse deeply. */
static bool check_text(Loader *L)
{
    const unsigned char *t = (const unsigned char *)L->text;
    size_t depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < L->len;) {
        unsigned char c = t[i];
        if (c == 0) {
            report_at(L, DIAG_BAD_UTF8, i, "NUL byte in the file: this is not a text file");
            return false;
        }
        if (c >= 0x80) {
            size_t n = textsafe_utf8_len(t + i, L->len - i);
            if (n == 0) {
                report_at(L, DIAG_BAD_UTF8, i, "invalid UTF-8 byte 0x%02X: save the file as UTF-8",
                          c);
                return false;
            }
            i += n;
            continue;
        }
        if (in_str) {
            size_t run = plain_string_run(t, i, L->len);
            if (run > 0) {
                i += run;
                continue;
            }
            if (c == '\\' && i + 5 < L->len && memcmp(t + i + 1, "u0000", 5) == 0) {
                report_at(L, DIAG_BAD_VALUE, i,
                          "\\u0000 (a NUL character) in a string: text cannot contain it");
                return false;
            }
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_str = false;
            }
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > MAX_DEPTH) {
                report_at(L, DIAG_TOO_LARGE, i, "nesting is deeper than %d levels", MAX_DEPTH);
                return false;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
        i++;
    }
    return true;
}

/* Where the string that contains byte 'off' starts, or (size_t)-1 if 'off'
 * is not inside a string. Scans from the start: only runs on a syntax error. */
static size_t string_around(const char *t, size_t len, size_t off)
{
    size_t start = (size_t)-1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (start != (size_t)-1) {
            if (t[i] == '\\') {
                i++;
            } else if (t[i] == '"') {
                start = (size_t)-1;
            }
        } else if (t[i] == '"') {
            start = i;
        }
    }
    return start;
}

static void report_syntax(Loader *L, size_t off)
{
    const char *t = L->text;
    size_t i = off;
    /* cJSON's error offset may point into a string it was reading */
    size_t str = string_around(t, L->len, off);
    if (str != (size_t)-1) {
        for (i = str + 1; i < L->len && t[i] != '"' && t[i] != '\n'; i++) {
            i += t[i] == '\\';
        }
        if (i >= L->len) {
            report_at(L, DIAG_JSON_SYNTAX, L->len,
                      "unexpected end of file: a string, object or array is not closed");
        } else if (t[i] == '\n') {
            report_at(L, DIAG_JSON_SYNTAX, i,
                      "line break inside a string: close it with \" on this line, or write \\n");
        } else {
            report_at(L, DIAG_JSON_SYNTAX, off > 0 ? off - 1 : 0,
                      "invalid string: a control character or a bad \\ escape");
        }
        return;
    }
    while (i < L->len && strchr(" \t\r\n", t[i])) {
        i++;
    }
    if (i >= L->len) {
        report_at(L, DIAG_JSON_SYNTAX, L->len,
                  "unexpected end of file: a string, object or array is not closed");
        return;
    }
    /* a trailing comma: look back from the closing bracket */
    size_t j = i;
    while (j > 0 && strchr(" \t\r\n", t[j - 1])) {
        j--;
    }
    if ((t[i] == '}' || t[i] == ']') && j > 0 && t[j - 1] == ',') {
        report_at(L, DIAG_JSON_SYNTAX, j - 1, "trailing comma before '%c'", t[i]);
        return;
    }
    if (t[i] == '"' && j > 0 && strchr("\"}]0123456789el", t[j - 1])) {
        report_at(L, DIAG_JSON_SYNTAX, j, "expected ',' between items");
        return;
    }
    if (t[i] == '\'' || (i > 0 && t[i - 1] == '\'')) {
        report_at(L, DIAG_JSON_SYNTAX, t[i] == '\'' ? i : i - 1,
                  "strings must use double quotes, not '");
        return;
    }
    char shown[16];
    size_t n = textsafe_utf8_len((const unsigned char *)t + i, L->len - i);
    snprintf(shown, sizeof shown, "%.*s", (int)(n ? n : 1), t + i);
    report_at(L, DIAG_JSON_SYNTAX, i,
              "unexpected '%s': expected a JSON value, ',' or a closing bracket", shown);
}

static cJSON *parse_json(Loader *L)
{
    size_t first = L->len >= 3 && memcmp(L->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (first < L->len && strchr(" \t\r\n", L->text[first])) {
        first++;
    }
    if (first >= L->len) {
        report_at(L, DIAG_JSON_SYNTAX, 0, "the file is empty: expected a JSON object");
        return NULL;
    }
    if (!check_text(L)) {
        return NULL;
    }
    const char *start = L->text;
    if (L->len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0) {
        start += 3; /* byte order mark */
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(start, L->len - (size_t)(start - L->text), &end, 0);
    if (!root) {
        report_syntax(L, end ? (size_t)(end - L->text) : 0);
        return NULL;
    }
    size_t off = (size_t)(end - L->text);
    while (off < L->len && strchr(" \t\r\n", L->text[off])) {
        off++;
    }
    if (off < L->len) {
        report_at(L, DIAG_JSON_SYNTAX, off, "unexpected text after the end of the JSON value");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- parse tree allocation ---------------------------------------------- */

/* Set only while scenario_parse runs on this thread; otherwise the hooks
 * fall through to malloc/free, so other cJSON users are unaffected. The
 * hooks themselves are process-wide (cJSON has no per-parse allocator), so
 * scenarios must not be loaded from two threads at once; the game and the
 * tools are single-threaded. */
static _Thread_local Arena *tree_arena;

static void *tree_malloc(size_t size)
{
    return tree_arena ? arena_alloc_raw(tree_arena, size) : xmalloc(size);
}

static void tree_free(void *p)
{
    if (!tree_arena) {
        free(p);
    }
}

/* ---- public ------------------------------------------------------------ */

Scenario *scenario_parse(const char *name, const char *text, size_t len, DiagList *dl)
{
    Arena *arena = arena_new();
    Scenario *sc = arena_alloc(arena, sizeof *sc);
    sc->arena = arena;
    sc->file = arena_strdup(arena, name);
    sc->start = SCENARIO_NONE;
    Loader L = {.file = sc->file, .text = text, .len = len, .dl = dl, .sc = sc, .arena = arena};
    DiagList *own = NULL;
    if (!L.dl) {
        L.dl = own = diag_list_new();
    }
    L.local_ids = strmap_new(16);
    L.reported_ids = strmap_new(16);
    /* The parse tree lives in an arena of its own: cJSON allocates millions
     * of small blocks for a big file, and a bump allocator plus one release
     * costs a fraction of malloc and cJSON_Delete. */
    Arena *tree = arena_new();
    cJSON_Hooks hooks = {tree_malloc, tree_free};
    cJSON_InitHooks(&hooks);
    tree_arena = tree;
    L.tree = tree;
    cJSON *root = parse_json(&L);
    if (root) {
        read_scenario(&L, root);
    }
    tree_arena = NULL;
    cJSON_InitHooks(NULL); /* back to malloc/free for everyone else */
    arena_free(tree);
    arena_trim(arena);
    strmap_free(L.local_ids);
    strmap_free(L.reported_ids);
    strmap_free(L.tmpl_index);
    free(L.reported);
    diag_list_free(own);
    if (!root || L.n_errors > 0) {
        scenario_free(sc);
        return NULL;
    }
    keyinfo_build(sc);
    return sc;
}

Scenario *scenario_load(const char *path, DiagList *dl)
{
    size_t len = 0;
    char *text = safefile_read(path, FILE_KIND_SCENARIO, SAFEFILE_FOLLOW, &len, dl);
    if (!text) {
        return NULL;
    }
    Scenario *sc = scenario_parse(path, text, len, dl);
    free(text);
    return sc;
}

void scenario_free(Scenario *sc)
{
    if (!sc) {
        return;
    }
    strmap_free(sc->node_index);
    strmap_free(sc->var_index);
    strmap_free(sc->event_index);
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        strmap_free(sc->item_index[k]);
    }
    arena_free(sc->arena);
}

size_t scenario_find_node(const Scenario *sc, const char *id)
{
    return strmap_get(sc->node_index, id);
}

size_t scenario_find_item(const Scenario *sc, ItemKind kind, const char *id)
{
    return strmap_get(sc->item_index[kind], id);
}

size_t scenario_find_var(const Scenario *sc, const char *id)
{
    return strmap_get(sc->var_index, id);
}

size_t scenario_find_event(const Scenario *sc, const char *id)
{
    return sc->event_index ? strmap_get(sc->event_index, id) : SCENARIO_NONE;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

bool scenario_is_file_name(const char *name)
{
    return ends_with(name, ".json") && name[0] != '.' && strcmp(name, "catalog.json") != 0 &&
           strcmp(name, "schema.json") != 0 && strcmp(name, "course.json") != 0 &&
           !ends_with(name, ".tests.json") && !translate_is_file_name(name);
}

size_t effects_guard_of(const Effects *fx, FxList l, size_t i)
{
    for (size_t g = 0; g < fx->n_guards; g++) {
        if (i >= fx->guards[g].from[l] && i < fx->guards[g].to[l]) {
            return g;
        }
    }
    return SCENARIO_NONE;
}

const char *outcome_name(Outcome o)
{
    static const char *const names[] = {"missed", "partial", "identified"};
    return o < OUTCOME_COUNT ? names[o] : "?";
}

const char *item_kind_name(ItemKind k)
{
    static const char *const names[] = {"indicator", "step", "error"};
    return k < ITEM_KIND_COUNT ? names[k] : "?";
}
