/* ui.h: immediate-mode widgets over text.h: themes, wrapped paragraphs,
 * buttons, focus, hit-testing and scrolling regions, with overflow reports.
 * Each frame a screen lays itself out from scratch and registers its
 * focusable widgets in order; events are then hit-tested against the widgets
 * of the frame on screen. Coordinates are output pixels (HiDPI-aware);
 * inside a region they are content coordinates, scrolled by the region. */
#ifndef BENEATH_SDL_UI_H
#define BENEATH_SDL_UI_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "text.h"

typedef struct Theme {
    SDL_Color bg, panel, panel_edge, text, muted, accent, focus, focus_bg, good, bad, warn,
        pressure_bg, button, button_edge, bar_bg, overlay, badge_bg, badge_fg;
} Theme;

/* Fills 'th' with the normal or the high-contrast theme. */
void theme_init(Theme *th, bool high_contrast);

#define UI_MAX_WIDGETS 256
#define UI_MAX_REGIONS 4
#define UI_MAX_OVERFLOW 64
#define UI_NO_REGION (-1)
#define UI_MAX_DAMAGE 8 /* separate changed areas drawn by one ui_flush */

typedef struct UiWidget {
    int id;
    int region;      /* UI_NO_REGION or a region index */
    SDL_Rect rect;   /* content coordinates */
    SDL_Rect screen; /* on screen, clipped to its region */
} UiWidget;

typedef struct UiRegion {
    SDL_Rect box;
    int scroll;
    int content_h;
} UiRegion;

/* BUTTON_NEW: a normal button whose badge and note are in the accent color
 * (an option that has just appeared). */
typedef enum ButtonStyle { BUTTON_NORMAL, BUTTON_PRIMARY, BUTTON_QUIET, BUTTON_NEW } ButtonStyle;

/* One drawing command of a frame, in output pixels. Frames are recorded as
 * lists of these and drawn by ui_flush. */
typedef enum UiCmdKind { UI_CMD_FILL, UI_CMD_TEXT, UI_CMD_IMAGE } UiCmdKind;
typedef struct UiCmd {
    UiCmdKind kind;
    SDL_Rect dst;         /* where it draws */
    SDL_Rect clip;        /* the clip in force (the whole output outside regions) */
    SDL_Color color;      /* fill color or text tint */
    const TextBlock *blk; /* text: valid until the next frame's ui_begin */
    unsigned long serial; /* text: blk->serial (compared, never dereferenced) */
    SDL_Texture *tex;     /* image */
} UiCmd;

typedef struct Ui {
    SDL_Renderer *ren;
    Text *text;
    Theme th;
    int w, h;           /* output size in pixels */
    float mouse_scale;  /* output pixels per window coordinate */
    int body;           /* body text size in pixels */
    int pad, gap, edge; /* spacing and line thickness derived from 'body' */
    UiWidget widgets[UI_MAX_WIDGETS];
    size_t n_widgets;
    int focus;            /* id of the focused widget (keyboard: Enter acts on it), 0 = none */
    int hover;            /* id of the widget under the pointer, 0 = none; never moves focus */
    char focus_text[300]; /* what the focused button says (read aloud), "" if none */
    UiRegion regions[UI_MAX_REGIONS];
    int region; /* current region or UI_NO_REGION */
    size_t draw_errors;
    char overflow[UI_MAX_OVERFLOW][256];
    size_t n_overflow;
    char context[128]; /* prefixed to overflow reports */
    /* ui_para checks text out of view too (layout checks, screenshots);
     * else such text is measured only for its height */
    bool check_hidden;
    /* The frame being recorded and the last frame drawn (ui_flush). */
    UiCmd *cmds, *drawn;
    size_t n_cmds, cap_cmds, n_drawn, cap_drawn;
    SDL_Rect clip; /* the clip of commands recorded now */
    bool retained; /* the renderer keeps its pixels between presents (software) */
    bool invalid;  /* the next ui_flush draws everything */
    int drawn_w, drawn_h;
    long flushed_px; /* area the last ui_flush drew (0: nothing changed) */
    /* the areas the last ui_flush drew, when it drew only parts (else 0):
     * only these need to reach the screen */
    SDL_Rect damage[UI_MAX_DAMAGE];
    int n_damage;
} Ui;

/* Prepares a frame: output size, spacing from 'body', clears the widgets and
 * starts the frame's list of drawing commands with the background. Drawing
 * functions below only record; ui_flush draws. */
void ui_begin(Ui *ui, int body_px);
/* Draws the recorded frame. With a renderer that keeps its pixels between
 * presents (the software renderer), only where the frame differs from the
 * last one drawn: every command that touches a changed area is replayed, in
 * order, clipped to it, so the pixels are those of a full redraw. Other
 * renderers draw everything. Returns true if anything was drawn (the frame
 * must then be presented). */
bool ui_flush(Ui *ui);
/* The next ui_flush draws the whole frame (the window's pixels were lost:
 * exposed, resized, renderer reset; or a texture drawn before was freed). */
void ui_invalidate(Ui *ui);
/* Frees the command lists. */
void ui_free(Ui *ui);

/* Enters region 'idx' laid out in 'box' (screen pixels): clips to it and
 * offsets content by its scroll. ui_region_end records the content height,
 * clamps the scroll and draws a scrollbar when the content is taller. */
void ui_region_begin(Ui *ui, int idx, SDL_Rect box);
void ui_region_end(Ui *ui, int content_h);
/* Scrolls region idx by dy pixels (clamped on the next frame). */
void ui_region_scroll(Ui *ui, int idx, int dy);
void ui_regions_reset(Ui *ui);
/* Region under a screen point, or UI_NO_REGION. */
int ui_region_at(const Ui *ui, int x, int y);
/* Scrolls so the widget is fully visible; true if the scroll changed. */
bool ui_ensure_visible(Ui *ui, int id);

void ui_fill(Ui *ui, SDL_Rect r, SDL_Color c);
void ui_frame(Ui *ui, SDL_Rect r, SDL_Color c, int thickness);
/* Draws a block at (x, y) tinted 'c'; reports an overflow if it is wider
 * than max_w or (outside regions) leaves the window. */
void ui_blit(Ui *ui, const TextBlock *b, int x, int y, int max_w, SDL_Color c);
/* Wrapped paragraph at (x, y) no wider than w; returns its height. Out of
 * view (unless check_hidden) it is neither measured across nor checked. */
int ui_para(Ui *ui, FontRole role, SDL_Color c, const char *s, int x, int y, int w);
/* Draws texture 't' into 'r' (content coordinates of the current region).
 * A texture whose pixels change (a render target painted again) passes a
 * new 'version' each time, so the area is drawn again even though the
 * texture and its place are the same; ui_image is version 0. */
void ui_image(Ui *ui, SDL_Texture *t, SDL_Rect r);
void ui_image_version(Ui *ui, SDL_Texture *t, SDL_Rect r, unsigned long version);
/* Height ui_para would use, without drawing. */
int ui_para_height(Ui *ui, FontRole role, const char *s, int w);
/* One line, shortened with an ellipsis to fit w; returns its height. */
int ui_line(Ui *ui, FontRole role, SDL_Color c, const char *s, int x, int y, int w);

/* A focusable button: optional 'badge' (e.g. "1") on the left, wrapped
 * 'label', optional 'note' (e.g. "+2 min") on the right. Returns its height. */
int ui_button(Ui *ui, int id, const char *badge, const char *label, const char *note, int x, int y,
              int w, ButtonStyle style);
/* ui_button at least 'min_h' high (a row of buttons of one height). */
int ui_button_min(Ui *ui, int id, const char *badge, const char *label, const char *note, int x,
                  int y, int w, int min_h, ButtonStyle style);
/* Height ui_button would use, without drawing. */
int ui_button_height(Ui *ui, const char *badge, const char *label, const char *note, int w,
                     ButtonStyle style);
/* Registers a focusable/clickable rectangle (content coordinates). */
void ui_widget(Ui *ui, int id, SDL_Rect r);
bool ui_has_focus(const Ui *ui, int id);
/* True if the pointer is over widget 'id' (drawn lighter than focus). */
bool ui_is_hover(const Ui *ui, int id);
/* Widget id under a window point (window coordinates), or 0. */
int ui_hit(const Ui *ui, int win_x, int win_y);
/* Moves focus by 'dir' (+1/-1) through the registered widgets, wrapping;
 * returns the new focus id (0 if there are no widgets). */
int ui_focus_move(Ui *ui, int dir);
bool ui_widget_exists(const Ui *ui, int id);

/* Records a layout problem (printf format); context is prefixed. */
void ui_overflow(Ui *ui, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
