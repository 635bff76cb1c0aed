/* translate.c: catalogue translations (see translate.h). */
#include "translate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "i18n.h"
#include "jsonpos.h"
#include "safefile.h"
#include "textsafe.h"

static const char *const KIND_KEYS[ITEM_KIND_COUNT] = {"indicators", "steps", "errors"};
static const char *const TEXT_KEYS[] = {"label", "category", "explain", "why_not_disqualifying"};
#define N_TEXT_KEYS (sizeof TEXT_KEYS / sizeof TEXT_KEYS[0])

bool translate_is_file_name(const char *name)
{
    size_t n = strlen(name);
    if (strncmp(name, "catalog.", 8) != 0 || n < 8 + 2 + 5 || strcmp(name + n - 5, ".json") != 0) {
        return false;
    }
    /* the language: letters, digits and '-' only ("es", "es-US") */
    for (size_t i = 8; i < n - 5; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-')) {
            return false;
        }
    }
    return true;
}

/* ---- applying ------------------------------------------------------------- */

/* "dir/catalog.json" + "es" -> "dir/catalog.es.json" (caller frees). */
static char *translation_path(const char *catalog_file, const char *lang, size_t lang_len)
{
    size_t n = strlen(catalog_file);
    size_t stem = n >= 5 && strcmp(catalog_file + n - 5, ".json") == 0 ? n - 5 : n;
    size_t size = stem + 1 + lang_len + 6;
    char *p = malloc(size);
    if (!p) {
        abort();
    }
    snprintf(p, size, "%.*s.%.*s.json", (int)stem, catalog_file, (int)lang_len, lang);
    return p;
}

static cJSON *read_json(const char *path, char **text_out, size_t *len_out)
{
    size_t len = 0;
    char why[300];
    char *text =
        safefile_read_why(path, FILE_KIND_CATALOG, SAFEFILE_NO_FOLLOW, &len, NULL, why, sizeof why);
    if (!text) {
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (text_out) {
        *text_out = text;
        *len_out = len;
    } else {
        free(text);
    }
    return root;
}

/* Gives 'it' the text fields of translation entry e (those it has). */
static void translate_item(Scenario *sc, Item *it, const cJSON *e)
{
    const char **fields[N_TEXT_KEYS] = {&it->label, &it->category, &it->explain,
                                        &it->why_not_disqualifying};
    for (size_t f = 0; f < N_TEXT_KEYS; f++) {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, TEXT_KEYS[f]));
        if (s && *fields[f]) {
            char *safe = textsafe_dup(s, TEXTSAFE_KEEP_NEWLINES);
            *fields[f] = arena_strdup(sc->arena, safe);
            free(safe);
        }
    }
}

static size_t check_tree(const char *path, const char *text, size_t len, const cJSON *tr,
                         DiagList *dl);

/* Gives the scenario's catalogue entries the text of the translation at
 * 'path', read and parsed once; only a translation that passes the
 * linter's check is used. */
static bool apply_file(Scenario *sc, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = read_json(path, &text, &len);
    if (!root) {
        free(text);
        return false;
    }
    DiagList *dl = diag_list_new();
    size_t errors = check_tree(path, text, len, root, dl);
    diag_list_free(dl);
    free(text);
    if (errors) {
        cJSON_Delete(root);
        return false;
    }
    for (int k = 0; k < ITEM_KIND_COUNT; k++) {
        /* the whole catalogue too (the F1 reference card lists it), as a
         * copy of its own: the loaded catalogue may be shared */
        size_t n_cat = sc->n_catalog[k];
        Item *cat = n_cat ? arena_array(sc->arena, n_cat, sizeof *cat) : NULL;
        if (cat) {
            memcpy(cat, sc->catalog[k], n_cat * sizeof *cat);
            sc->catalog[k] = cat;
        }
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, KIND_KEYS[k]);
        const cJSON *e;
        cJSON_ArrayForEach(e, arr)
        {
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "id"));
            for (size_t c = 0; id && c < n_cat; c++) {
                if (cat[c].id && strcmp(cat[c].id, id) == 0) {
                    translate_item(sc, &cat[c], e);
                }
            }
            size_t i = scenario_find_item(sc, (ItemKind)k, id);
            if (i == SCENARIO_NONE || sc->items[k][i].local) {
                continue; /* not in this scenario, or the scenario's own text */
            }
            translate_item(sc, &sc->items[k][i], e);
        }
    }
    cJSON_Delete(root);
    return true;
}

bool translate_apply(Scenario *sc, const char *lang)
{
    if (!sc || !sc->catalog_file || !lang || !*lang) {
        return false;
    }
    char code[32];
    i18n_language_code(lang, code, sizeof code); /* "es_US.UTF-8" -> "es-US" */
    if (strcmp(code, "en") == 0 || strncmp(code, "en-", 3) == 0) {
        return false; /* the catalogue's own language */
    }
    size_t base = strcspn(code, "-");
    if (sc->catalog_language) {
        /* applied once per loaded scenario: a second attempt at it, in the
         * same language, reads nothing again (another language would need
         * the catalogue's own text back: load the scenario again) */
        const char *had = sc->catalog_language;
        return strcmp(had, code) == 0 || (strlen(had) == base && strncmp(had, code, base) == 0);
    }
    size_t tries[2] = {strlen(code), base};
    for (int t = 0; t < (tries[0] == tries[1] ? 1 : 2); t++) {
        char *p = translation_path(sc->catalog_file, code, tries[t]);
        bool ok = apply_file(sc, p);
        free(p);
        if (ok) {
            code[tries[t]] = '\0'; /* the translation found: "es" for "es-US" */
            sc->catalog_language = arena_strdup(sc->arena, code);
            return true;
        }
    }
    return false;
}

const char *translate_pick_language(const char *option, const char *setting, char *buf, size_t size)
{
    const char *from = option && *option ? option : setting && *setting ? setting : NULL;
    static const char *const env[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; !from && i < sizeof env / sizeof env[0]; i++) {
        const char *v = getenv(env[i]);
        if (v && *v && strcmp(v, "C") != 0 && strcmp(v, "POSIX") != 0 && strncmp(v, "C.", 2) != 0) {
            from = v;
        }
    }
    if (!from) {
        from = "en";
    }
    return i18n_language_code(from, buf, size);
}

/* ---- checking --------------------------------------------------------------- */

typedef struct Check {
    const char *path;
    const char *text;
    size_t len;
    DiagList *dl;
    JsonPosCache pos;
    size_t errors;
} Check;

static void problem(Check *C, const char *json_path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void problem(Check *C, const char *json_path, const char *fmt, ...)
{
    JsonSource src = {C->path, C->text, C->len, &C->pos};
    va_list ap;
    va_start(ap, fmt);
    jsonpos_vdiag(&src, C->dl, DIAG_ERROR, DIAG_CATALOG, json_path, fmt, ap);
    va_end(ap);
    C->errors++;
}

static void check_entries(Check *C, const cJSON *tr, const cJSON *orig, int k)
{
    const cJSON *ta = cJSON_GetObjectItemCaseSensitive(tr, KIND_KEYS[k]);
    const cJSON *oa = cJSON_GetObjectItemCaseSensitive(orig, KIND_KEYS[k]);
    char jp[128];
    snprintf(jp, sizeof jp, "/%s", KIND_KEYS[k]);
    if (!cJSON_IsArray(ta)) {
        problem(C, "", "\"%s\" is missing: expected an array with every %s of the catalogue",
                KIND_KEYS[k], item_kind_name((ItemKind)k));
        return;
    }
    int nt = cJSON_GetArraySize(ta), no = cJSON_GetArraySize(oa);
    for (int i = 0; i < nt || i < no; i++) {
        const cJSON *t = cJSON_GetArrayItem(ta, i), *o = cJSON_GetArrayItem(oa, i);
        const char *oid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
        snprintf(jp, sizeof jp, "/%s/%d", KIND_KEYS[k], i < nt ? i : nt - 1);
        if (!t) {
            problem(C, jp, "the catalogue's %s \"%s\" (entry %d) has no translation: add it here",
                    item_kind_name((ItemKind)k), oid ? oid : "?", i);
            continue;
        }
        const char *tid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "id"));
        if (!o) {
            problem(C, jp, "\"%s\" is not in the catalogue (it has %d %s entries): remove it",
                    tid ? tid : "?", no, KIND_KEYS[k]);
            continue;
        }
        if (!tid || !oid || strcmp(tid, oid) != 0) {
            char ip[160];
            snprintf(ip, sizeof ip, "%s/id", jp);
            problem(C, ip, "expected id \"%s\" here (the catalogue's order), found \"%s\"",
                    oid ? oid : "?", tid ? tid : "(none)");
            continue;
        }
        for (size_t f = 0; f < N_TEXT_KEYS; f++) {
            const cJSON *ov = cJSON_GetObjectItemCaseSensitive(o, TEXT_KEYS[f]);
            const cJSON *tv = cJSON_GetObjectItemCaseSensitive(t, TEXT_KEYS[f]);
            char fp[200];
            snprintf(fp, sizeof fp, "%s/%s", jp, TEXT_KEYS[f]);
            if (cJSON_IsString(ov) && (!cJSON_IsString(tv) || !tv->valuestring[0])) {
                problem(C, tv ? fp : jp, "\"%s\" of %s is missing or empty: translate \"%.60s%s\"",
                        TEXT_KEYS[f], oid, ov->valuestring,
                        strlen(ov->valuestring) > 60 ? "..." : "");
            } else if (!ov && tv) {
                problem(C, fp, "the catalogue's %s has no \"%s\": remove it here", oid,
                        TEXT_KEYS[f]);
            }
        }
        const cJSON *m;
        cJSON_ArrayForEach(m, t)
        {
            bool known = strcmp(m->string, "id") == 0;
            for (size_t f = 0; f < N_TEXT_KEYS && !known; f++) {
                known = strcmp(m->string, TEXT_KEYS[f]) == 0;
            }
            if (!known) {
                char fp[200];
                snprintf(fp, sizeof fp, "%s/%s", jp, m->string);
                problem(C, fp,
                        "\"%s\" cannot be translated (only label, category, explain and "
                        "why_not_disqualifying; numbers stay in the catalogue)",
                        m->string);
            }
        }
    }
}

/* The checks of translate_check on a translation already read ('text', for
 * positions; may be NULL) and parsed ('tr'). Returns the number of errors. */
static size_t check_tree(const char *path, const char *text, size_t len, const cJSON *tr,
                         DiagList *dl)
{
    Check C = {.path = path, .text = text, .len = len, .dl = dl};
    const char *lang = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tr, "language"));
    const char *of = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tr, "translation_of"));
    if (!lang || !*lang) {
        problem(&C, "", "\"language\" is missing: give the translation's language, e.g. \"es\"");
    }
    if (!of || !*of) {
        problem(&C, "", "\"translation_of\" is missing: name the catalogue, e.g. \"catalog.json\"");
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, tr)
    {
        static const char *const top[] = {"$schema",    "format", "language", "translation_of",
                                          "indicators", "steps",  "errors"};
        bool known = false;
        for (size_t i = 0; i < sizeof top / sizeof top[0] && !known; i++) {
            known = strcmp(m->string, top[i]) == 0;
        }
        if (!known) {
            char fp[200];
            snprintf(fp, sizeof fp, "/%s", m->string);
            problem(&C, fp, "unknown field \"%s\" in a catalogue translation", m->string);
        }
    }
    if (of && *of) {
        bool missing = false;
        char why[300] = "";
        char *real = safefile_resolve_inside(path, of, &missing, why, sizeof why);
        cJSON *orig = real ? read_json(real, NULL, NULL) : NULL;
        free(real);
        if (!orig) {
            problem(&C, "/translation_of", "cannot read the catalogue \"%s\"%s%s", of,
                    why[0] ? ": " : "", why);
        } else {
            for (int k = 0; k < ITEM_KIND_COUNT; k++) {
                check_entries(&C, tr, orig, k);
            }
            cJSON_Delete(orig);
        }
    }
    return C.errors;
}

size_t translate_check(const char *path, DiagList *dl)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *tr = read_json(path, &text, &len);
    if (!tr) {
        Check C = {.path = path, .dl = dl};
        problem(&C, "", "%s",
                text ? "not valid JSON (check the commas and quotes near here)" : "cannot be read");
        free(text);
        return C.errors;
    }
    size_t errors = check_tree(path, text, len, tr, dl);
    cJSON_Delete(tr);
    free(text);
    return errors;
}
