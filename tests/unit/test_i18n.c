/* test_i18n.c: the PO reader and the message table (i18n.h). */
#include <criterion/criterion.h>

#include <string.h>

#include "helpers.h"
#include "i18n.h"

#define LOCALE_DIR TEST_DATA_DIR "/locale"

static void fini(void)
{
    i18n_unload();
}

TestSuite(i18n, .fini = fini);

Test(i18n, english_without_a_catalogue)
{
    cr_expect_eq(i18n_load(LOCALE_DIR, "en"), 0);
    cr_expect_eq(i18n_load(LOCALE_DIR, "fr"), 0, "no French file");
    cr_expect_str_eq(_("Resume"), "Resume");
    cr_expect_str_eq(i18n_plural("%d minute", "%d minutes", 2), "%d minutes");
    cr_expect_str_eq(i18n_language(), "en");
}

Test(i18n, spanish_messages_plurals_and_escapes)
{
    cr_assert_gt(i18n_load(LOCALE_DIR, "es-US"), 0, "es-US falls back to es.po");
    cr_expect_str_eq(i18n_language(), "es");
    cr_expect_str_eq(_("Resume"), "Continuar");
    cr_expect_str_eq(i18n_plural("%d minute", "%d minutes", 1), "%d minuto");
    cr_expect_str_eq(i18n_plural("%d minute", "%d minutes", 5), "%d minutos");
    cr_expect_str_eq(_("Passed: %d/100 (pass mark %d)."), "Aprobado: %d/100 (mínimo %d).",
                     "continuation lines are joined");
    cr_expect_str_eq(_("Say \"hi\"\n"), "Diga \"hola\"\n");
    cr_expect_str_eq(_("menu\004Quit"), "Salir", "a context is part of the key");
    cr_expect_str_eq(_("Quit"), "Quit", "the fuzzy entry is not used");
    cr_expect_str_eq(_("Untranslated"), "Untranslated");
    cr_expect_str_eq(_("%s: %d points"), "%s: %d points",
                     "a translation with other conversions is dropped, never used");
    cr_expect_str_eq(_("Not in the file"), "Not in the file");
}

Test(i18n, the_same_file_is_not_read_twice)
{
    size_t n = i18n_load(LOCALE_DIR, "es-US");
    cr_assert_gt(n, 0);
    const char *resume = _("Resume");
    cr_expect_eq(i18n_load(LOCALE_DIR, "es"), n, "es.po is the table already");
    cr_expect_eq(_("Resume"), resume, "the table was read again");
    cr_expect_eq(i18n_load(LOCALE_DIR, "en"), 0);
    cr_expect_str_eq(_("Resume"), "Resume", "English unloads it");
}

Test(i18n, checking_a_file_counts_what_was_dropped)
{
    size_t dropped = 0;
    size_t n = i18n_check_file(LOCALE_DIR "/es.po", &dropped);
    cr_expect_eq(n, 5);
    cr_expect_eq(dropped, 1);
}

/* One normalization for every place that reads a language: locales,
 * tags and LANGUAGE lists all come out as the files are named. */
Test(i18n, language_codes_are_cut_to_language_and_region)
{
    char buf[32];
    cr_expect_str_eq(i18n_language_code("es_MX.UTF-8", buf, sizeof buf), "es-MX");
    cr_expect_str_eq(i18n_language_code("es_ES@euro", buf, sizeof buf), "es-ES");
    cr_expect_str_eq(i18n_language_code("es-US", buf, sizeof buf), "es-US");
    cr_expect_str_eq(i18n_language_code("es_MX:en", buf, sizeof buf), "es-MX");
    cr_expect_str_eq(i18n_language_code("es", buf, sizeof buf), "es");
    cr_expect_str_eq(i18n_language_code("pt_BR.UTF-8", buf, 4), "pt-");
}
