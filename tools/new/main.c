/* beneath-new: scaffolds a scenario (one scene, one ending, catalogue
 * references) and a tests file for it. Before writing, the new text is
 * loaded and linted by the engine core, and its test is run: what this
 * writes always lints clean, plays and passes its test. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "arena.h"
#include "authortest.h"
#include "cli.h"
#include "files.h"
#include "safefile.h"
#include "scenario.h"
#include "strbuf.h"

static const char usage[] =
    "usage: beneath-new ID [--title TEXT] [--language CODE] [--dir DIR] [--force]\n"
    "                      [--indicator ID] [--step ID] [--error ID] [--own-entries]\n"
    "Writes DIR/ID.json (default DIR: scenarios) from the template - one scene, one\n"
    "ending, one indicator, protocol step and critical error from the catalogue -\n"
    "and DIR/ID.tests.json with a test of the best play-through. Both are checked\n"
    "with the engine before they are written. Then edit the TODO texts, run\n"
    "beneath-lint and beneath-play --check after each change.\n"
    "  ID              lowercase letters, digits and '-', e.g. nail-salon\n"
    "  --title TEXT    title shown to trainees (default: from the id)\n"
    "  --language CODE language of the text (default en)\n"
    "  --indicator ID, --step ID, --error ID   catalogue entries to start with\n"
    "                  (default: the first of each in DIR/catalog.json)\n"
    "  --own-entries   no catalogue: the scenario defines its own indicator, step\n"
    "                  and error (each needs a label, category and explain)\n"
    "  --force         overwrite existing files\n"
    "Exit status: 0 written, 1 the template did not check clean (a bug), 2 usage,\n"
    "existing file or IO error.\n";

typedef struct Opts {
    const char *id, *title, *language, *dir, *ind, *step, *err;
    bool force, own_entries;
} Opts;

/* A JSON string literal for s; caller frees. */
static char *jstr(const char *s)
{
    cJSON *v = cJSON_CreateString(s);
    char *out = cJSON_PrintUnformatted(v);
    cJSON_Delete(v);
    if (!out) {
        abort();
    }
    char *copy = xstrdup(out);
    cJSON_free(out);
    return copy;
}

static bool valid_scenario_id(const char *s)
{
    if (!*s || *s == '-') {
        return false;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) {
            return false;
        }
    }
    return true;
}

/* The first id listed under 'key' in the catalogue text, or NULL. */
static char *first_catalog_id(const char *cat, const char *key)
{
    cJSON *root = cat ? cJSON_Parse(cat) : NULL;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key);
    const char *id =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, 0), "id"));
    char *out = id ? xstrdup(id) : NULL;
    cJSON_Delete(root);
    return out;
}

/* An item entry: a catalogue reference, or a local entry of our own. */
static void put_item(StrBuf *b, const char *key, const char *id, const char *local_id,
                     const char *label, bool last)
{
    if (id) {
        strbuf_printf(b, "  \"%s\": [\"%s\"],\n", key, id);
    } else {
        strbuf_printf(b,
                      "  \"%s\": [{\"id\": \"%s\", \"label\": \"%s\", \"category\": \"TODO\",\n"
                      "    \"explain\": \"TODO: why this matters, for the debrief.\"}]%s\n",
                      key, local_id, label, last ? "" : ",");
    }
}

static char *make_scenario(const Opts *o, const char *ind, const char *step, const char *err,
                           bool has_catalog, bool has_schema)
{
    StrBuf b = {0};
    char *title = jstr(o->title), *lang = jstr(o->language);
    strbuf_printf(&b, "{\n");
    if (has_schema) { /* only a schema that is there: editors would report a missing one */
        strbuf_printf(&b, "  \"$schema\": \"./schema.json\",\n");
    }
    strbuf_printf(&b, "  \"format\": %d,\n  \"id\": \"%s\",\n", SCENARIO_FORMAT, o->id);
    strbuf_printf(&b, "  \"title\": %s,\n  \"version\": \"0.1.0\",\n  \"language\": %s,\n", title,
                  lang);
    strbuf_printf(&b, "  \"summary\": \"TODO: one or two sentences for the title screen.\",\n"
                      "  \"estimated_minutes\": 10,\n"
                      "  \"objectives\": [\"TODO: what the trainee should learn\"],\n"
                      "  \"pass_mark\": 70,\n  \"time_budget\": 30,\n");
    if (has_catalog) {
        strbuf_printf(&b, "  \"catalog\": \"catalog.json\",\n");
    }
    put_item(&b, "indicators", ind, "IND-TODO", "TODO: the sign to notice", false);
    put_item(&b, "steps", step, "PROTO-TODO", "TODO: the protocol step", false);
    put_item(&b, "errors", err, "ERR-TODO", "TODO: the critical error", false);
    const char *I = ind ? ind : "IND-TODO", *S = step ? step : "PROTO-TODO",
               *E = err ? err : "ERR-TODO";
    strbuf_printf(&b, "  \"start\": \"arrive\",\n  \"nodes\": [\n");
    strbuf_printf(&b,
                  "    {\"id\": \"arrive\",\n"
                  "     \"text\": \"TODO: what the officer sees and hears on arrival.\",\n"
                  "     \"details\": [\n"
                  "       {\"id\": \"look\", \"label\": \"TODO: something to look at closer\", "
                  "\"minutes\": 1,\n"
                  "        \"text\": \"TODO: what the officer finds.\", \"observe\": [\"%s\"]}\n"
                  "     ],\n"
                  "     \"choices\": [\n"
                  "       {\"id\": \"act\", \"label\": \"TODO: act on what you noticed\", "
                  "\"if\": \"seen(%s)\",\n"
                  "        \"act\": [\"%s\"], \"steps\": [\"%s\"], \"minutes\": 2, \"goto\": "
                  "\"end\"},\n"
                  "       {\"id\": \"shortcut\", \"label\": \"TODO: the tempting shortcut\",\n"
                  "        \"errors\": [\"%s\"], \"goto\": \"end\"}\n"
                  "     ]},\n",
                  I, I, I, S, E);
    strbuf_printf(
        &b, "    {\"id\": \"end\", \"text\": \"TODO: how the call ends.\",\n"
            "     \"ending\": {\"outcome\": \"identified\", \"title\": \"TODO: ending title\",\n"
            "                \"epilogue\": \"TODO: what was really happening beneath the "
            "surface.\"}}\n"
            "  ]\n}\n");
    free(title);
    free(lang);
    return strbuf_take(&b);
}

static char *make_tests(const Opts *o, const char *err)
{
    StrBuf b = {0};
    strbuf_printf(&b, "{\n  \"scenario\": \"%s.json\",\n  \"tests\": [\n", o->id);
    strbuf_printf(&b, "    {\"name\": \"best play-through\", \"choices\": \"look,act\",\n"
                      "     \"expect\": {\"ending\": \"end\", \"passed\": true, \"score\": 100, "
                      "\"errors\": []}},\n");
    strbuf_printf(
        &b,
        "    {\"name\": \"the shortcut is a critical error\", \"choices\": \"shortcut\",\n"
        "     \"expect\": {\"ending\": \"end\", \"passed\": false, \"errors\": [\"%s\"]}}\n"
        "  ]\n}\n",
        err ? err : "ERR-TODO");
    return strbuf_take(&b);
}

/* Loads and lints the text as DIR/ID.json would be; prints any finding. */
static bool check_clean(const char *path, const char *text)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_parse(path, text, strlen(text), dl);
    if (sc) {
        Analysis *a = analyze_new(sc, NULL);
        analyze_lint(a, text, strlen(text), dl);
        analyze_free(a);
    }
    /* the scaffold's TODO texts are there to be replaced: that one finding is
     * expected (beneath-lint keeps reporting it until they are) */
    size_t expected = sc && diag_count(dl) == 1 && diag_at(dl, 0)->code == DIAG_TODO_LEFT;
    bool clean = sc && diag_count(dl) == expected;
    if (!clean) {
        cli_print_diags(stderr, dl);
    }
    scenario_free(sc);
    diag_list_free(dl);
    return clean;
}

static bool run_tests(const char *tests_path)
{
    DiagList *dl = diag_list_new();
    AuthorTests *t = authortest_load(tests_path, dl);
    Scenario *sc = t ? scenario_load(authortest_scenario_path(t), dl) : NULL;
    bool ok = sc != NULL;
    for (size_t i = 0; ok && i < authortest_count(t); i++) {
        ok = authortest_run(t, i, sc, dl, NULL, NULL, 0);
    }
    cli_print_diags(stderr, dl);
    scenario_free(sc);
    authortest_free(t);
    diag_list_free(dl);
    return ok;
}

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = strcmp(a, "--title") == 0       ? &o->title
                           : strcmp(a, "--language") == 0  ? &o->language
                           : strcmp(a, "--dir") == 0       ? &o->dir
                           : strcmp(a, "--indicator") == 0 ? &o->ind
                           : strcmp(a, "--step") == 0      ? &o->step
                           : strcmp(a, "--error") == 0     ? &o->err
                                                           : NULL;
        if (val && i + 1 < argc) {
            *val = argv[++i];
        } else if (strcmp(a, "--force") == 0) {
            o->force = true;
        } else if (strcmp(a, "--own-entries") == 0) {
            o->own_entries = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "beneath-new: unknown option or missing value: %s\n%s", a, usage);
            return EXIT_USAGE;
        } else if (!o->id) {
            o->id = a;
        } else {
            fprintf(stderr, "beneath-new: one id at a time (got %s and %s)\n", o->id, a);
            return EXIT_USAGE;
        }
    }
    if (!o->id) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (!valid_scenario_id(o->id)) {
        fprintf(stderr,
                "beneath-new: the id \"%s\" must use lowercase letters, digits and '-' "
                "(e.g. nail-salon)\n",
                o->id);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* How to run sibling tool 'name' from the current folder: the copy beside
 * this program (relative to the current folder when below it, else an
 * absolute path), or the bare name when there is none. Caller frees. */
static char *tool_hint(const char *name)
{
    char self[4096], cwd[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || !getcwd(cwd, sizeof cwd)) {
        return xstrdup(name);
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash) {
        return xstrdup(name);
    }
    *slash = '\0';
    size_t len = strlen(self) + strlen(name) + 2;
    char *full = xmalloc(len);
    snprintf(full, len, "%s/%s", self, name);
    if (access(full, X_OK) != 0) {
        free(full);
        return xstrdup(name);
    }
    size_t c = strlen(cwd);
    if (strncmp(full, cwd, c) == 0 && full[c] == '/') {
        char *rel = xstrdup(full + c + 1);
        free(full);
        return rel;
    }
    return full;
}

static char *join(const char *dir, const char *id, const char *suffix)
{
    size_t n = strlen(dir) + strlen(id) + strlen(suffix) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, id, suffix);
    return p;
}

static bool write_new(const char *path, const char *text, bool force)
{
    char err[256];
    if (!force && access(path, F_OK) == 0) {
        fprintf(stderr, "beneath-new: %s already exists (use --force to overwrite)\n", path);
        return false;
    }
    /* a scenario is meant to be shared: mode 0666 less the umask, like any new file */
    if (!file_write_atomic_mode(path, text, strlen(text), FILE_SHARED, err, sizeof err)) {
        fprintf(stderr, "beneath-new: %s\n", err);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-new", usage)) {
        return EXIT_CLEAN;
    }
    Opts o = {NULL, NULL, "en", "scenarios", NULL, NULL, NULL, false, false};
    if (parse_args(argc, argv, &o) != EXIT_CLEAN) {
        return EXIT_USAGE;
    }
    char *default_title = NULL;
    if (!o.title) {
        default_title = xstrdup(o.id);
        if (default_title[0] >= 'a' && default_title[0] <= 'z') {
            default_title[0] = (char)(default_title[0] - 'a' + 'A');
        }
        for (char *p = default_title; *p; p++) {
            *p = *p == '-' ? ' ' : *p;
        }
        o.title = default_title;
    }
    char *cat_path = join(o.dir, "catalog", ".json");
    char *schema_path = join(o.dir, "schema", ".json");
    size_t len;
    DiagList *ignore = diag_list_new();
    char *cat = o.own_entries
                    ? NULL
                    : safefile_read(cat_path, FILE_KIND_CATALOG, SAFEFILE_FOLLOW, &len, ignore);
    diag_list_free(ignore);
    bool has_schema = access(schema_path, R_OK) == 0;
    free(schema_path);
    if (!cat && !o.own_entries) {
        fprintf(stderr,
                "beneath-new: there is no readable %s, the shared catalogue of indicators, "
                "steps and errors that scenarios use.\n"
                "  Copy it there:  cp scenarios/catalog.json %s/\n"
                "  or write a scenario with its own entries:  add --own-entries\n",
                cat_path, o.dir);
        free(cat_path);
        free(default_title);
        return EXIT_USAGE;
    }
    char *ind = o.ind ? xstrdup(o.ind) : first_catalog_id(cat, "indicators");
    char *step = o.step ? xstrdup(o.step) : first_catalog_id(cat, "steps");
    char *err = o.err ? xstrdup(o.err) : first_catalog_id(cat, "errors");
    char *path = join(o.dir, o.id, ".json"), *tests_path = join(o.dir, o.id, ".tests.json");
    char *text = make_scenario(&o, ind, step, err, cat != NULL, has_schema);
    char *tests = make_tests(&o, err);
    int rc = EXIT_CLEAN;
    if (!check_clean(path, text)) {
        fprintf(stderr, "beneath-new: the template for %s does not check clean (see above)\n",
                path);
        rc = EXIT_FINDINGS;
    } else if (!write_new(path, text, o.force) || !write_new(tests_path, tests, o.force)) {
        rc = EXIT_USAGE;
    } else if (!run_tests(tests_path)) {
        fprintf(stderr, "beneath-new: the template's tests fail (see above)\n");
        rc = EXIT_FINDINGS;
    } else {
        /* the sibling tools as they can be run from here, whatever the folder */
        char *lint = tool_hint("beneath-lint"), *play = tool_hint("beneath-play");
        printf("wrote %s and %s\n", path, tests_path);
        if (o.own_entries) {
            printf("its indicator, step and error are its own (IND-TODO, PROTO-TODO, "
                   "ERR-TODO):\n  rename them and write their label, category and explain\n");
        }
        if (!has_schema) {
            printf("for help from your editor, copy scenarios/schema.json to %s/ and add\n"
                   "  \"$schema\": \"./schema.json\" at the top of %s\n",
                   o.dir, path);
        }
        printf("next:\n  edit the TODO texts in %s (beneath-lint warns [todo-left] until "
               "none is left)\n"
               "  %s %s\n  %s %s\n  %s --check %s\n",
               path, lint, path, play, path, play, tests_path);
        free(lint);
        free(play);
    }
    free(text);
    free(tests);
    free(path);
    free(tests_path);
    free(ind);
    free(step);
    free(err);
    free(cat);
    free(cat_path);
    free(default_title);
    return rc;
}
