/* screen_pause.c: the Esc menu over any screen: resume, restart, text size,
 * high contrast, reading aloud, full screen, back to title, quit (in kiosk
 * mode: sign out instead of the last three). Settings changes are saved at
 * once. Widget ids 1..8 (see the enum). */
#include <stdio.h>

#include "app.h"
#include "i18n.h"
#include "screen.h"
#include "speech.h"
#include "voice.h"

enum {
    PAUSE_RESUME = 1,
    PAUSE_RESTART,
    PAUSE_SIZE,
    PAUSE_CONTRAST,
    PAUSE_FULLSCREEN,
    PAUSE_TITLE,
    PAUSE_QUIT,
    PAUSE_RESTART_YES,
    PAUSE_RESTART_NO,
    PAUSE_VOICE
};

typedef struct PauseItem {
    int id;
    char label[128];
    const char *note;
} PauseItem;

static size_t pause_items(const App *a, PauseItem *it)
{
    size_t n = 0;
    if (a->confirm_restart) {
        /* a restart ends this attempt: asked once more, "no" first */
        it[n] = (PauseItem){PAUSE_RESTART_NO, "", "Esc"};
        snprintf(it[n++].label, sizeof it[0].label, "%s", _("No, go back to the menu"));
        it[n] = (PauseItem){PAUSE_RESTART_YES, "", NULL};
        snprintf(it[n++].label, sizeof it[0].label, "%s", _("Yes, start this scenario again"));
        return n;
    }
    it[n] = (PauseItem){PAUSE_RESUME, "", "Esc"};
    snprintf(it[n++].label, sizeof it[0].label, "%s", _("Resume"));
    if (a->run) {
        it[n] = (PauseItem){PAUSE_RESTART, "", NULL};
        snprintf(it[n++].label, sizeof it[0].label, "%s", _("Restart this scenario"));
    }
    it[n] = (PauseItem){PAUSE_SIZE, "", "\xE2\x86\x90 \xE2\x86\x92"};
    snprintf(it[n++].label, sizeof it[0].label, _("Text size: %s"),
             _(settings_text_size_name(a->settings.text_size)));
    it[n] = (PauseItem){PAUSE_CONTRAST, "", NULL};
    snprintf(it[n++].label, sizeof it[0].label, _("High contrast: %s"),
             a->settings.high_contrast ? _("on") : _("off"));
    it[n] = (PauseItem){PAUSE_VOICE, "", "V"};
    snprintf(it[n++].label, sizeof it[0].label, _("Read aloud: %s"),
             voice_is_on(a->voice) ? _("on") : _("off"));
    if (a->opt.kiosk) { /* a kiosk stays full screen and cannot be quit */
        if (a->screen != SCREEN_TITLE) {
            it[n] = (PauseItem){PAUSE_TITLE, "", NULL};
            snprintf(it[n++].label, sizeof it[0].label, "%s", _("Sign out"));
        }
        return n;
    }
    it[n] = (PauseItem){PAUSE_FULLSCREEN, "", "F11"};
    snprintf(it[n++].label, sizeof it[0].label, _("Full screen: %s"),
             a->settings.fullscreen ? _("on") : _("off"));
    if (a->screen != SCREEN_TITLE && !a->opt.author_file) {
        it[n] = (PauseItem){PAUSE_TITLE, "", NULL};
        snprintf(it[n++].label, sizeof it[0].label, "%s", _("Back to the title screen"));
    }
    it[n] = (PauseItem){PAUSE_QUIT, "", NULL};
    snprintf(it[n++].label, sizeof it[0].label, "%s", _("Quit"));
    return n;
}

static void pause_draw(App *a)
{
    Ui *ui = &a->ui;
    snprintf(ui->context, sizeof ui->context, "pause %dx%d", ui->w, ui->h);
    SDL_Rect all = {0, 0, ui->w, ui->h};
    SDL_Color dim = ui->th.overlay;
    dim.a = 215;
    ui_fill(ui, all, dim);
    PauseItem it[10];
    size_t n = pause_items(a, it);
    int w = ui->body * 24;
    w = w < ui->w - 2 * ui->pad ? w : ui->w - 2 * ui->pad;
    int bw = w - 2 * ui->pad;
    const char *note = a->confirm_restart
                           ? _("Restart this scenario? This attempt ends here; it stays in your "
                               "records as abandoned and cannot be continued.")
                       : a->run ? _("Your attempt is saved after every action.")
                                : "";
    int content = ui->pad + ui_para_height(ui, FONT_TITLE, _("Menu"), bw) + ui->gap +
                  ui_para_height(ui, FONT_BODY, note, bw) + ui->gap;
    for (size_t i = 0; i < n; i++) {
        content +=
            ui_button_height(ui, NULL, it[i].label, it[i].note, bw, BUTTON_NORMAL) + ui->gap / 2;
    }
    content += ui->pad;
    int h = content < ui->h - 2 * ui->pad ? content : ui->h - 2 * ui->pad;
    SDL_Rect box = {(ui->w - w) / 2, (ui->h - h) / 2, w, h};
    ui_fill(ui, box, ui->th.panel);
    ui_frame(ui, box, ui->th.accent, ui->edge);
    ui_region_begin(ui, 3, box);
    int x = box.x + ui->pad, y = ui->pad;
    y += ui_para(ui, FONT_TITLE, ui->th.text, a->confirm_restart ? _("Restart?") : _("Menu"), x, y,
                 bw) +
         ui->gap;
    y += ui_para(ui, a->confirm_restart ? FONT_BODY : FONT_SMALL,
                 a->confirm_restart ? ui->th.text : ui->th.muted, note, x, y, bw) +
         ui->gap;
    for (size_t i = 0; i < n; i++) {
        y += ui_button(ui, it[i].id, NULL, it[i].label, it[i].note, x, y, bw,
                       it[i].id == PAUSE_RESUME || it[i].id == PAUSE_RESTART_NO ? BUTTON_PRIMARY
                                                                                : BUTTON_NORMAL) +
             ui->gap / 2;
    }
    ui_region_end(ui, y + ui->pad);
}

static void cycle_size(App *a, int dir)
{
    int s = (int)a->settings.text_size + dir;
    if (s < 0) {
        s = TEXT_SIZE_COUNT - 1;
    }
    a->settings.text_size = (TextSize)(s % TEXT_SIZE_COUNT);
    app_save_settings(a);
}

static void pause_activate(App *a, int id)
{
    switch (id) {
    case PAUSE_RESUME:
        a->paused = false;
        a->ui.focus = 0;
        break;
    case PAUSE_RESTART:
        a->confirm_restart = true;
        a->ui.focus = PAUSE_RESTART_NO;
        app_mark_changed(a);
        break;
    case PAUSE_RESTART_NO:
        a->confirm_restart = false;
        a->ui.focus = PAUSE_RESTART;
        app_mark_changed(a);
        break;
    case PAUSE_RESTART_YES:
        a->confirm_restart = false;
        a->paused = false;
        app_restart(a);
        break;
    case PAUSE_SIZE:
        cycle_size(a, 1);
        break;
    case PAUSE_CONTRAST:
        a->settings.high_contrast = !a->settings.high_contrast;
        theme_init(&a->ui.th, a->settings.high_contrast);
        app_save_settings(a);
        break;
    case PAUSE_VOICE:
        speech_toggle(a);
        break;
    case PAUSE_FULLSCREEN:
        app_set_fullscreen(a, !a->settings.fullscreen);
        break;
    case PAUSE_TITLE:
        a->paused = false;
        app_to_title(a);
        break;
    case PAUSE_QUIT:
        a->quit = true;
        break;
    default:
        break;
    }
    a->dirty = true;
}

static bool pause_key(App *a, const SDL_KeyboardEvent *k)
{
    SDL_Keycode key = k->keysym.sym;
    if ((key == SDLK_LEFT || key == SDLK_RIGHT) && ui_has_focus(&a->ui, PAUSE_SIZE)) {
        cycle_size(a, key == SDLK_LEFT ? -1 : 1);
        return true;
    }
    if (key >= SDLK_1 && key <= SDLK_9) {
        return true; /* keep digits from reaching the game behind the menu */
    }
    return false;
}

const ScreenOps overlay_pause = {"pause", NULL, NULL, pause_draw, pause_activate, pause_key, NULL};
