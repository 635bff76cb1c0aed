/* beneath-bench-bare: the floor for tools/bench-game. The least an SDL2 +
 * SDL_ttf program does to show a screen of text with the renderer the game
 * uses: a window, the game's font at the game's size, one texture per line
 * of text filling the window, and per frame a clear, a copy of every line
 * and a present. It prints the same kind of lines as beneath --bench-frames:
 *   first frame ms: X (since main), first frame unix ms: X (wall clock)
 *   mean frame ms (text re-rendered): X   every texture rasterized again
 *   mean frame ms (text cached): X        the textures kept
 * usage: beneath-bench-bare FONT.ttf WIDTHxHEIGHT PX FRAMES */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LINES 256

static const char sample[] =
    "The kitchen is small and warm; a radio plays in the next room while the officer asks "
    "who called and why, and a woman by the sink looks at the man before answering. ";

typedef struct Bare {
    SDL_Renderer *ren;
    TTF_Font *font;
    int w, h, skip;
    char text[MAX_LINES][512];
    SDL_Texture *tex[MAX_LINES];
    int tw[MAX_LINES], th[MAX_LINES];
    int n;
} Bare;

static double now_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* Lines of the sample text, each as long as fits the window less margins. */
static void lay_out(Bare *b)
{
    int max_w = b->w - b->skip * 2;
    size_t at = 0, len = strlen(sample);
    b->n = (b->h - b->skip) / b->skip;
    b->n = b->n > MAX_LINES ? MAX_LINES : b->n;
    for (int i = 0; i < b->n; i++) {
        char *out = b->text[i];
        size_t o = 0;
        for (;;) {
            size_t word = strcspn(sample + at, " ") + 1; /* with its space */
            if (o + word >= sizeof b->text[i]) {
                break;
            }
            memcpy(out + o, sample + at, word);
            out[o + word] = '\0';
            int tw = 0;
            TTF_SizeUTF8(b->font, out, &tw, NULL);
            if (tw > max_w && o > 0) {
                out[o] = '\0';
                break;
            }
            o += word;
            at = (at + word) % len;
        }
    }
}

static int rasterize(Bare *b)
{
    SDL_Color ink = {0x1d, 0x26, 0x30, 255};
    for (int i = 0; i < b->n; i++) {
        if (b->tex[i]) {
            SDL_DestroyTexture(b->tex[i]);
        }
        SDL_Surface *s = TTF_RenderUTF8_Blended(b->font, b->text[i], ink);
        b->tex[i] = s ? SDL_CreateTextureFromSurface(b->ren, s) : NULL;
        if (!b->tex[i]) {
            SDL_FreeSurface(s);
            return -1;
        }
        b->tw[i] = s->w;
        b->th[i] = s->h;
        SDL_FreeSurface(s);
    }
    return 0;
}

static void frame(Bare *b)
{
    SDL_SetRenderDrawColor(b->ren, 0xf4, 0xf1, 0xea, 255);
    SDL_RenderClear(b->ren);
    for (int i = 0; i < b->n; i++) {
        SDL_Rect dst = {b->skip, b->skip / 2 + i * b->skip, b->tw[i], b->th[i]};
        SDL_RenderCopy(b->ren, b->tex[i], NULL, &dst);
    }
    SDL_RenderPresent(b->ren);
    SDL_PumpEvents();
}

int main(int argc, char **argv)
{
    double t0 = now_ms();
    Bare b = {0};
    if (argc != 5 || sscanf(argv[2], "%dx%d", &b.w, &b.h) != 2) {
        fputs("usage: beneath-bench-bare FONT.ttf WIDTHxHEIGHT PX FRAMES\n", stderr);
        return 2;
    }
    int px = atoi(argv[3]), frames = atoi(argv[4]);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "beneath-bench-bare: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win =
        SDL_CreateWindow("bare", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, b.w, b.h, 0);
    b.ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    b.font = TTF_OpenFont(argv[1], px > 0 ? px : 16);
    if (!b.ren || !b.font || frames < 1) {
        fprintf(stderr, "beneath-bench-bare: %s\n", SDL_GetError());
        return 1;
    }
    b.skip = TTF_FontLineSkip(b.font);
    lay_out(&b);
    if (rasterize(&b) != 0) {
        fprintf(stderr, "beneath-bench-bare: %s\n", SDL_GetError());
        return 1;
    }
    frame(&b);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("first frame ms: %.1f (since main)\n", now_ms() - t0);
    printf("first frame unix ms: %.1f\n", (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6);
    double t = now_ms();
    for (int i = 0; i < 20; i++) {
        rasterize(&b);
        frame(&b);
    }
    printf("mean frame ms (text re-rendered): %.3f\n", (now_ms() - t) / 20.0);
    t = now_ms();
    for (int i = 0; i < frames; i++) {
        frame(&b);
    }
    printf("mean frame ms (text cached): %.3f\n", (now_ms() - t) / frames);
    printf("lines: %d of %d px\n", b.n, px);
    for (int i = 0; i < b.n; i++) {
        SDL_DestroyTexture(b.tex[i]);
    }
    TTF_CloseFont(b.font);
    SDL_DestroyRenderer(b.ren);
    SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
