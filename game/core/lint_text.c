/* lint_text.c: text too long for the smallest supported screen, words
 * that cannot be wrapped, and pictures the game would not show. */
#include "lint_internal.h"
#include "picture.h"
#include "scripts.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- assets ---- */

/* A picture must resolve inside the scenario's folder, be a regular file
 * within the size limit and have a BMP header within PICTURE_MAX_SIDE:
 * exactly what the game will accept (picture_load). */
static void check_image(Lint *L, size_t n, const char *img)
{
    char path[64], why[300];
    snprintf(path, sizeof path, "/nodes/%zu/image", n);
    size_t len = 0;
    bool missing = false;
    PictureInfo info;
    unsigned char *head =
        picture_load(L->sc->file, img, PICTURE_HEADER_ONLY, &len, &info, &missing, why, sizeof why);
    if (!head) {
        lint_at(L, DIAG_ERROR, DIAG_BAD_ASSET, path, "image \"%s\" %s%s", img,
                missing ? "does not exist" : "cannot be shown: ", missing ? "" : why);
    }
    free(head);
}

/* ---- text length ---- */

static void check_len(Lint *L, const char *path, const char *text, size_t max, const char *what)
{
    if (!text) {
        return;
    }
    size_t chars = 0, word = 0, longest = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) == 0x80) {
            continue;
        }
        chars++;
        word = (*p == ' ' || *p == '\n' || *p == '\t' || *p == '-') ? 0 : word + 1;
        longest = word > longest ? word : longest;
    }
    uint32_t cp;
    size_t at = script_first_unshowable(text, &cp);
    if (at != (size_t)-1) {
        int n = cp < 0x20 ? 0 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        lint_at(L, DIAG_WARNING, DIAG_UNSHOWABLE_CHAR, path,
                "%s has \"%.*s\" (U+%04X), which no font of the game can draw: it would show as "
                "a box",
                what, n, text + at, (unsigned)cp);
    }
    if (chars > max) {
        lint_at(L, DIAG_WARNING, DIAG_TEXT_TOO_LONG, path,
                "%s is %zu characters; at most %zu fit on the smallest screen (800x600)", what,
                chars, max);
    } else if (longest > ANALYZE_MAX_WORD) {
        lint_at(L, DIAG_WARNING, DIAG_TEXT_TOO_LONG, path,
                "%s has a %zu-character word that cannot be wrapped (at most %d fit on a line)",
                what, longest, ANALYZE_MAX_WORD);
    }
}

static void check_node_text(Lint *L, size_t n)
{
    const Node *nd = &L->sc->nodes[n];
    char p[96];
    snprintf(p, sizeof p, "/nodes/%zu/text", n);
    check_len(L, p, nd->text, ANALYZE_MAX_SCENE_TEXT, "scene text");
    for (size_t i = 0; i < nd->n_variants; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/variants/%zu/text", n, i);
        check_len(L, p, nd->variants[i].text, ANALYZE_MAX_SCENE_TEXT, "variant text");
    }
    for (size_t i = 0; i < nd->n_choices; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/choices/%zu/label", n, i);
        check_len(L, p, nd->choices[i].label, ANALYZE_MAX_LABEL, "choice label");
        snprintf(p, sizeof p, "/nodes/%zu/choices/%zu/reply", n, i);
        check_len(L, p, nd->choices[i].reply, ANALYZE_MAX_SHORT_TEXT, "reply");
    }
    for (size_t i = 0; i < nd->n_details; i++) {
        snprintf(p, sizeof p, "/nodes/%zu/details/%zu/label", n, i);
        check_len(L, p, nd->details[i].label, ANALYZE_MAX_LABEL, "detail label");
        snprintf(p, sizeof p, "/nodes/%zu/details/%zu/text", n, i);
        check_len(L, p, nd->details[i].text, ANALYZE_MAX_SHORT_TEXT, "detail text");
    }
    snprintf(p, sizeof p, "/nodes/%zu/prompt", n);
    check_len(L, p, nd->prompt, ANALYZE_MAX_SHORT_TEXT, "prompt");
    if (nd->is_ending) {
        snprintf(p, sizeof p, "/nodes/%zu/ending/title", n);
        check_len(L, p, nd->ending.title, ANALYZE_MAX_TITLE, "ending title");
        snprintf(p, sizeof p, "/nodes/%zu/ending/epilogue", n);
        check_len(L, p, nd->ending.epilogue, ANALYZE_MAX_EPILOGUE, "epilogue");
    }
    if (nd->image) {
        check_image(L, n, nd->image);
    }
}

void lint_text(Lint *L)
{
    check_len(L, "/title", L->sc->title, ANALYZE_MAX_TITLE, "title");
    check_len(L, "/summary", L->sc->summary, ANALYZE_MAX_SHORT_TEXT, "summary");
    for (size_t n = 0; n < L->sc->n_nodes; n++) {
        check_node_text(L, n);
    }
    char p[64];
    for (size_t i = 0; i < L->sc->n_events; i++) {
        snprintf(p, sizeof p, "/events/%zu/text", i);
        check_len(L, p, L->sc->events[i].text, ANALYZE_MAX_SHORT_TEXT, "event text");
    }
}
