/* lint.c: the authoring findings (see scenarios/README.md, "What the
 * linter checks"), each positioned in the JSON source. The findings of each
 * kind are in lint_*.c; this file holds the shared helpers and runs them.
 * Nothing unproven is an error or warning: what an incomplete search could
 * not settle is a note that says so. One exception: when no search found
 * any play-through that passes, that is an error even unproven ("nobody may
 * be able to pass"), since a scenario must be shown passable to ship. */
#include "checks.h"
#include "lint_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lint_at(Lint *L, DiagLevel level, DiagCode code, const char *path, const char *fmt, ...)
{
    JsonSource src = {L->sc->file, L->text, L->len, L->cache};
    va_list ap;
    va_start(ap, fmt);
    jsonpos_vdiag(&src, L->dl, level, code, path, fmt, ap);
    va_end(ap);
}

void lint_unsettled(Lint *L, DiagCode code, const char *path, const char *question,
                    const char *what)
{
    char bound[160], more[96] = "";
    if (L->a->n_walks) { /* none after a stop at the work bound, nor searches */
        snprintf(more, sizeof more,
                 ", in %zu random play-throughs, or in the searches made after them",
                 L->a->n_walks);
    }
    lint_at(L, DIAG_NOTE, code, path,
            "could not prove %s: no play-through %s in the %zu states explored before the %s%s",
            question, what, L->a->n_states, analyze_bound_text(L->a, bound, sizeof bound), more);
}

/* The JSON string at 'path' as written (escapes kept), shortened to fit. */
const char *lint_source_string(const Lint *L, const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!L->text) {
        return buf;
    }
    size_t off = jsonpos_find(L->text, L->len, path, L->cache), n = 0;
    if (off >= L->len || L->text[off] != '"') {
        return buf;
    }
    for (size_t i = off + 1; i < L->len && L->text[i] != '"' && n + 4 < size; i++) {
        if (L->text[i] == '\\' && i + 1 < L->len) {
            buf[n++] = L->text[i++];
        }
        buf[n++] = L->text[i];
    }
    if (n + 4 >= size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/* "a,b,c" shortened for a message. */
const char *lint_short_choices(const char *choices, char *buf, size_t size)
{
    size_t n = strlen(choices);
    if (n < size) {
        memcpy(buf, choices, n + 1);
    } else {
        snprintf(buf, size, "%.*s...", (int)(size - 4), choices);
    }
    return buf;
}

bool lint_is_json_elem(const Lint *L, const char *parent, const char *path)
{
    return L->text && jsonpos_find(L->text, L->len, path, L->cache) !=
                          jsonpos_find(L->text, L->len, parent, L->cache);
}

void analyze_lint(const Analysis *a, const char *text, size_t len, DiagList *dl)
{
    JsonPosCache *cache = xcalloc(1, sizeof *cache);
    Lint L = {a, a->sc, a->priv, text, len, dl, {0}, cache};
    absint_init(&L.A, a->sc);
    L.A.can_visit = a->static_reach;
    lint_scenes(&L);
    lint_items(&L);
    lint_order(&L);
    lint_conditions(&L);
    lint_variables(&L);
    lint_best(&L);
    lint_scoring(&L);
    lint_text(&L);
    lint_plans(&L);
    checks_run(a->sc, text, len, dl); /* checks.h: what needs no play-through */
    absint_fini(&L.A);
    free(cache);
}
