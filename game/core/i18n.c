/* i18n.c: a PO file reader and the process-wide message table (i18n.h).
 * Reads what xgettext and msgmerge write: comments, msgctxt (kept as part
 * of the key, as gettext does), msgid, msgid_plural, msgstr and msgstr[N],
 * each with continuation strings and C escapes. Fuzzy and empty
 * translations are skipped, as msgfmt skips them. */
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "safefile.h"
#include "strbuf.h"
#include "strmap.h"

typedef struct Msg {
    char *id;     /* msgctxt "\004" msgid, as gettext keys them */
    char *str[2]; /* singular, plural (NULL if none) */
} Msg;

typedef struct Table {
    Arena *arena;
    StrMap *index;
    Msg *msgs;
    size_t n, cap;
    char lang[40];
    char path[1024]; /* the file it was read from */
} Table;

static Table *g_table;

/* ---- printf conversions must agree --------------------------------------- */

/* The next conversion of a printf format at *p ('\0' at the end): its
 * letter, with "%%" skipped. */
static char next_conv(const char **p)
{
    const char *s = *p;
    while ((s = strchr(s, '%')) != NULL) {
        s++;
        if (*s == '%') {
            s++;
            continue;
        }
        while (*s && strchr("-+ #0123456789.*hlLqjzt", *s)) {
            s++;
        }
        if (*s) {
            char c = *s++;
            *p = s;
            return c;
        }
        break;
    }
    *p = "";
    return '\0';
}

static bool same_conversions(const char *a, const char *b)
{
    for (;;) {
        char x = next_conv(&a), y = next_conv(&b);
        if (x != y) {
            return false;
        }
        if (!x) {
            return true;
        }
    }
}

/* ---- reading PO --------------------------------------------------------- */

/* Appends the C-escaped string literal at *p (after the opening quote) to
 * b; *p ends after the closing quote. Returns false if it is not closed. */
static bool read_literal(const char **p, StrBuf *b)
{
    const char *s = *p;
    while (*s && *s != '"' && *s != '\n') {
        char c = *s++;
        if (c == '\\' && *s) {
            char e = *s++;
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        }
        strbuf_printf(b, "%c", c);
    }
    if (*s != '"') {
        return false;
    }
    *p = s + 1;
    return true;
}

typedef enum Field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR0, F_STR1 } Field;

typedef struct Entry {
    StrBuf f[6];
    bool fuzzy, has_id;
} Entry;

static void entry_reset(Entry *e)
{
    for (int i = 0; i < 6; i++) {
        strbuf_free(&e->f[i]);
    }
    memset(e, 0, sizeof *e);
}

static char *arena_copy(Arena *a, const StrBuf *b)
{
    return arena_strdup(a, b->len ? strbuf_str(b) : "");
}

static void table_add(Table *t, Entry *e, size_t *dropped)
{
    const char *id = e->f[F_ID].len ? strbuf_str(&e->f[F_ID]) : NULL;
    const char *s0 = e->f[F_STR0].len ? strbuf_str(&e->f[F_STR0]) : NULL;
    if (!e->has_id || !id || !s0 || e->fuzzy) {
        return; /* the header (empty msgid), untranslated or fuzzy */
    }
    const char *plural = e->f[F_PLURAL].len ? strbuf_str(&e->f[F_PLURAL]) : NULL;
    const char *s1 = e->f[F_STR1].len ? strbuf_str(&e->f[F_STR1]) : NULL;
    if (!same_conversions(id, s0) || (plural && s1 && !same_conversions(plural, s1))) {
        (*dropped)++;
        return;
    }
    StrBuf key = {0};
    if (e->f[F_CTXT].len) {
        strbuf_printf(&key, "%s\004", strbuf_str(&e->f[F_CTXT]));
    }
    strbuf_printf(&key, "%s", id);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->msgs = xrealloc(t->msgs, t->cap * sizeof *t->msgs);
    }
    Msg *m = &t->msgs[t->n];
    m->id = arena_copy(t->arena, &key);
    m->str[0] = arena_copy(t->arena, &e->f[F_STR0]);
    m->str[1] = s1 ? arena_copy(t->arena, &e->f[F_STR1]) : NULL;
    if (strmap_put(t->index, m->id, t->n)) {
        t->n++;
    }
    strbuf_free(&key);
}

static Table *read_po(const char *path, size_t *dropped)
{
    size_t len = 0;
    char why[200];
    char *text =
        safefile_read_why(path, FILE_KIND_DATA, SAFEFILE_FOLLOW, &len, NULL, why, sizeof why);
    if (!text) {
        return NULL;
    }
    Table *t = xcalloc(1, sizeof *t);
    t->arena = arena_new();
    t->index = strmap_new(256);
    Entry e;
    memset(&e, 0, sizeof e);
    Field cur = F_NONE;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *next = eol ? eol + 1 : p + strlen(p);
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '#') {
            if (p[1] == ',' && strstr(p, "fuzzy") && strstr(p, "fuzzy") < next) {
                if (e.has_id) {
                    table_add(t, &e, dropped);
                    entry_reset(&e);
                }
                e.fuzzy = true;
            }
        } else if (*p == '"') {
            p++;
            if (cur != F_NONE) {
                read_literal(&p, &e.f[cur]);
            }
        } else if (*p != '\n' && *p != '\r' && *p) {
            static const struct {
                const char *kw;
                Field f;
            } kws[] = {{"msgctxt", F_CTXT},   {"msgid_plural", F_PLURAL}, {"msgid", F_ID},
                       {"msgstr[0]", F_STR0}, {"msgstr[1]", F_STR1},      {"msgstr", F_STR0}};
            cur = F_NONE;
            for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
                size_t n = strlen(kws[i].kw);
                if (strncmp(p, kws[i].kw, n) == 0 && (p[n] == ' ' || p[n] == '\t')) {
                    Field f = kws[i].f;
                    /* a new msgctxt or msgid after a msgstr starts a new entry */
                    if ((f == F_CTXT || f == F_ID) && e.f[F_STR0].len + e.f[F_STR1].len > 0) {
                        table_add(t, &e, dropped);
                        entry_reset(&e);
                    }
                    if (f == F_ID) {
                        e.has_id = true;
                    }
                    cur = f;
                    p += n;
                    while (*p == ' ' || *p == '\t') {
                        p++;
                    }
                    if (*p == '"') {
                        p++;
                        read_literal(&p, &e.f[cur]);
                    }
                    break;
                }
            }
        }
        p = next;
    }
    table_add(t, &e, dropped);
    entry_reset(&e);
    free(text);
    return t;
}

static void table_free(Table *t)
{
    if (!t) {
        return;
    }
    strmap_free(t->index);
    free(t->msgs);
    arena_free(t->arena);
    free(t);
}

/* ---- the table ---------------------------------------------------------- */

size_t i18n_load(const char *dir, const char *lang)
{
    if (!dir || !lang || !*lang || strcmp(lang, "en") == 0 || strncmp(lang, "en-", 3) == 0) {
        i18n_unload();
        return 0;
    }
    size_t base = strcspn(lang, "-_");
    size_t tries[2] = {strlen(lang), base};
    int n_tries = tries[0] == tries[1] ? 1 : 2;
    char path[1024];
    for (int i = 0; i < n_tries && g_table; i++) {
        snprintf(path, sizeof path, "%s/%.*s.po", dir, (int)tries[i], lang);
        if (strcmp(g_table->path, path) == 0) {
            return g_table->n; /* already the table (the game asks twice at start) */
        }
        if (access(path, R_OK) == 0) {
            break; /* a file before it would be read: not the same */
        }
    }
    i18n_unload();
    for (int i = 0; i < n_tries; i++) {
        snprintf(path, sizeof path, "%s/%.*s.po", dir, (int)tries[i], lang);
        size_t dropped = 0;
        Table *t = read_po(path, &dropped);
        if (t && t->n > 0) {
            snprintf(t->lang, sizeof t->lang, "%.*s", (int)tries[i], lang);
            snprintf(t->path, sizeof t->path, "%s", path);
            g_table = t;
            return t->n;
        }
        table_free(t);
    }
    return 0;
}

void i18n_unload(void)
{
    table_free(g_table);
    g_table = NULL;
}

const char *i18n_get(const char *msgid)
{
    if (!g_table || !msgid) {
        return msgid;
    }
    size_t i = strmap_get(g_table->index, msgid);
    return i == (size_t)-1 ? msgid : g_table->msgs[i].str[0];
}

const char *i18n_plural(const char *singular, const char *plural, long n)
{
    if (g_table) {
        size_t i = strmap_get(g_table->index, singular);
        if (i != (size_t)-1) {
            const Msg *m = &g_table->msgs[i];
            return n == 1 || !m->str[1] ? m->str[0] : m->str[1];
        }
    }
    return n == 1 ? singular : plural;
}

char *i18n_language_code(const char *in, char *buf, size_t size)
{
    size_t n = strcspn(in, ".@:");
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), in);
    for (char *c = buf; *c; c++) {
        *c = *c == '_' ? '-' : *c;
    }
    return buf;
}

const char *i18n_language(void)
{
    return g_table ? g_table->lang : "en";
}

size_t i18n_check_file(const char *path, size_t *dropped)
{
    *dropped = 0;
    Table *t = read_po(path, dropped);
    size_t n = t ? t->n : 0;
    table_free(t);
    return n;
}
