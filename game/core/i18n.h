/* i18n.h: the interface's own words in the trainee's language, from gettext
 * message catalogues (assets/locale/LANG.po). PO files are what translators'
 * tools (Poedit, Lokalize, Weblate, a text editor) read and write, and
 * xgettext finds every marked string in the code, so a test can fail when a
 * string has no translation. They are read here, not through libintl,
 * because libintl only translates for a system locale that is installed,
 * and academy PCs often have none but English: LANG=es_ES.UTF-8 must work
 * anyway.
 *
 * Mark a string with _("...") where it is used, N_("...") where it is only
 * listed (a table), and use i18n_plural() for counts. The table is process
 * wide (like gettext's), set once at start before any thread uses it.
 * Without a catalogue every string is its English self. A translation whose
 * printf conversions differ from the English ("%d" for "%s", one missing)
 * is dropped when the file is read, so a bad .po file cannot break a
 * format. */
#ifndef BENEATH_I18N_H
#define BENEATH_I18N_H

#include <stdbool.h>
#include <stddef.h>

#define _(s) i18n_get(s)
#define N_(s) (s)

/* Loads DIR/LANG.po ("es-US": DIR/es-US.po, then DIR/es.po; "en": none) as
 * the table, replacing any before (a file already loaded is not read again). Returns the number of
 * messages loaded, 0 if there is no catalogue for the language (English is then used). */
size_t i18n_load(const char *dir, const char *lang);
/* Frees the table (back to English). */
void i18n_unload(void);

/* The translation of msgid, or msgid itself. (format_arg: the compiler
 * checks a printf format given as _("...") against its arguments.) */
const char *i18n_get(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;
/* The translation for count n of a message with a plural (Spanish and
 * English: singular for n == 1). */
const char *i18n_plural(const char *singular, const char *plural, long n)
#if defined(__GNUC__)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)))
#endif
    ;

/* The language of the loaded table ("en" without one). */
const char *i18n_language(void);
/* A language as the files are named: a locale or tag ("es_MX.UTF-8",
 * "es_MX@euro", "es-MX", a LANGUAGE list "es_MX:en") cut to its language
 * and region, with '-' between them ("es-MX"). Writes into buf, returns it. */
char *i18n_language_code(const char *in, char *buf, size_t size);

/* Reads a PO file into a fresh table without installing it; for tests and
 * the linter. Returns messages read and counts, in *dropped, translations
 * whose printf conversions do not match their English. */
size_t i18n_check_file(const char *path, size_t *dropped);

#endif
