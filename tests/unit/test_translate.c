/* test_translate.c: catalogue translations (translate.h): which files are
 * translations, picking the trainee's language without system locales,
 * applying one to a scenario (text only, never numbers or the scenario's
 * own entries) and the linter's check of a translation against its
 * catalogue. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario.h"
#include "translate.h"

#define TR_FILE(name) TEST_DATA_DIR "/translate/" name

Test(translate, file_names)
{
    cr_expect(translate_is_file_name("catalog.es.json"));
    cr_expect(translate_is_file_name("catalog.es-US.json"));
    cr_expect_not(translate_is_file_name("catalog.json"));
    cr_expect_not(translate_is_file_name("catalog..json"));
    cr_expect_not(translate_is_file_name("catalog.e s.json"));
    cr_expect_not(translate_is_file_name("domestic-call.json"));
    cr_expect_not(scenario_is_file_name("catalog.es.json"), "a translation is not a scenario");
}

Test(translate, language_from_option_setting_or_environment)
{
    char buf[40];
    setenv("LANG", "es_ES.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    cr_expect_str_eq(translate_pick_language(NULL, NULL, buf, sizeof buf), "es-ES",
                     "LANG works without the locale installed");
    cr_expect_str_eq(translate_pick_language(NULL, "en", buf, sizeof buf), "en",
                     "the setting wins over LANG");
    cr_expect_str_eq(translate_pick_language("es-US", "en", buf, sizeof buf), "es-US",
                     "--language wins over everything");
    setenv("LC_ALL", "C.UTF-8", 1);
    cr_expect_str_eq(translate_pick_language(NULL, NULL, buf, sizeof buf), "es-ES",
                     "the C locale says nothing: LANG still counts");
    setenv("LANG", "C", 1);
    cr_expect_str_eq(translate_pick_language(NULL, "", buf, sizeof buf), "en");
}

Test(translate, applied_to_catalogue_text_only)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_load(TR_FILE("mini.json"), dl);
    cr_assert_not_null(sc);
    size_t a = scenario_find_item(sc, ITEM_INDICATOR, "IND-A");
    size_t b = scenario_find_item(sc, ITEM_INDICATOR, "IND-B");
    int weight_b = sc->items[ITEM_INDICATOR][b].weight;
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a].label, "Indicator A");
    cr_expect_not(translate_apply(sc, "xx"), "a broken translation is not used");
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a].label, "Indicator A");
    cr_expect(translate_apply(sc, "es-US"), "es-US falls back to es");
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a].label, "Indicio A");
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a].explain, "Por qué importa A.");
    cr_expect_eq(sc->items[ITEM_INDICATOR][b].weight, weight_b, "numbers never change");
    /* the whole catalogue (the F1 reference card lists it) is translated too */
    bool found = false;
    for (size_t i = 0; i < sc->n_catalog[ITEM_INDICATOR]; i++) {
        const Item *it = &sc->catalog[ITEM_INDICATOR][i];
        if (strcmp(it->id, "IND-A") == 0) {
            cr_expect_str_eq(it->label, "Indicio A", "the catalogue's own entry");
            found = true;
        }
    }
    cr_expect(found, "IND-A is in the loaded catalogue");
    size_t e = scenario_find_item(sc, ITEM_ERROR, "ERR-X");
    cr_expect(sc->items[ITEM_ERROR][e].disqualifying);
    cr_expect_not(translate_apply(sc, "en"), "English is the catalogue's own");
    cr_expect_not(translate_apply(sc, "fr"), "no French translation");
    cr_expect_str_eq(sc->items[ITEM_INDICATOR][a].label, "Indicio A");
    /* a second attempt in the same language reads and copies nothing again */
    const char *label = sc->items[ITEM_INDICATOR][a].label;
    cr_expect(translate_apply(sc, "es"), "already in Spanish");
    cr_expect_eq(sc->items[ITEM_INDICATOR][a].label, label, "applied once per loaded scenario");
    scenario_free(sc);
    diag_list_free(dl);
}

Test(translate, a_good_translation_checks_clean)
{
    DiagList *dl = diag_list_new();
    cr_expect_eq(translate_check(TR_FILE("catalog.es.json"), dl), 0);
    cr_expect_eq(diag_count(dl), 0);
    diag_list_free(dl);
}

static bool has(const DiagList *dl, const char *path, const char *words)
{
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        if (strcmp(d->path, path) == 0 && strstr(d->msg, words) && d->line > 1) {
            return true;
        }
    }
    return false;
}

Test(translate, every_mistake_is_named_with_its_place)
{
    DiagList *dl = diag_list_new();
    size_t errors = translate_check(TR_FILE("catalog.xx.json"), dl);
    for (size_t i = 0; i < diag_count(dl); i++) {
        const Diag *d = diag_at(dl, i);
        cr_log_info("%d:%d %s %s", d->line, d->col, d->path, d->msg);
    }
    cr_expect(has(dl, "/indicators/0/id", "expected id \"IND-A\""), "order");
    cr_expect(has(dl, "/steps/0/label", "missing or empty"), "empty label");
    cr_expect(has(dl, "/steps/1/weight", "cannot be translated"), "a number");
    cr_expect(has(dl, "/errors/0", "\"ERR-Y\" (entry 1) has no translation"), "missing entry");
    cr_expect(has(dl, "/notes", "unknown field"), "unknown field");
    cr_expect_eq(errors, 6);
    diag_list_free(dl);
}
