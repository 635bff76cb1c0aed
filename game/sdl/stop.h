/* stop.h: SIGTERM and SIGINT end the game promptly in every mode. */
#ifndef BENEATH_STOP_H
#define BENEATH_STOP_H

#include <stdbool.h>

/* Blocks SIGINT and SIGTERM in every thread (call first in main, before any
 * thread exists) and starts the one thread that waits for them: in the
 * event loop (stop_set_loop_running) the first one asks the loop to quit,
 * as closing the window does; anywhere else (start-up, --screenshot,
 * --check-layout, --bench-frames), or on a second signal, the process exits
 * at once with status 128 + the signal. Exiting anywhere is safe because
 * every file the game writes is replaced atomically (files.h). Returns
 * false if the thread cannot be started (signals then act as by default). */
bool stop_watch_start(void);

/* Says whether the interactive event loop is running. */
void stop_set_loop_running(bool running);

#endif
