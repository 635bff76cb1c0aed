/* stop.c: a thread that waits for SIGINT/SIGTERM with sigwait, so nothing
 * runs in a signal handler and the event loop is woken by an ordinary
 * SDL_PushEvent from a normal thread. */
#include "stop.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

static atomic_bool loop_running;
static sigset_t stop_signals;

static void *watch(void *unused)
{
    (void)unused;
    bool asked = false;
    for (;;) {
        int sig = 0;
        if (sigwait(&stop_signals, &sig) != 0) {
            continue;
        }
        if (atomic_load(&loop_running) && !asked) {
            asked = true;
            SDL_Event ev;
            memset(&ev, 0, sizeof ev);
            ev.type = SDL_QUIT;
            if (SDL_PushEvent(&ev) == 1) {
                continue;
            }
        }
        _exit(128 + sig);
    }
    return NULL;
}

bool stop_watch_start(void)
{
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &stop_signals, NULL) != 0) {
        return false;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, watch, NULL) != 0) {
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
        return false;
    }
    pthread_detach(t);
    return true;
}

void stop_set_loop_running(bool running)
{
    atomic_store(&loop_running, running);
}
