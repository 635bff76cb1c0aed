# xvfb.sh: sourced by the X11 tests. start_xvfb SIZE starts a virtual X
# display with no window manager (as a kiosk session has) and exports its
# DISPLAY; the caller's EXIT trap calls stop_xvfb. start_game ARGS... starts
# the game on it and sets 'game' (its pid) and 'win' (its window). A libdbus
# leak that LeakSanitizer reports at exit (sanitizer build) is the library's:
# it is suppressed. Needs B (the game), T (the work folder) and fail (prints
# and exits).
xvfb=
start_xvfb() { # SIZE, e.g. 1024x768
    echo 'leak:libdbus-1.so' >"$T/lsan.supp"
    export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    # Xvfb picks a free display number itself and writes it to fd 3
    Xvfb -displayfd 3 -screen 0 "${1}x24" -nolisten tcp 3>"$T/display" >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 300); do
        [ -s "$T/display" ] && break
        sleep 0.1
    done
    [ -s "$T/display" ] || fail "Xvfb did not start"
    export DISPLAY=:$(cat "$T/display")
    for _ in $(seq 300); do # a loaded machine can take seconds
        xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    fail "Xvfb on $DISPLAY does not answer"
}
stop_xvfb() {
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
}
# Starts the game on the display with ARGS (its log in $T/game.log) and
# waits for its window: sets 'game' and 'win'. SDL_VIDEODRIVER=x11: these
# tests are about X11, so if SDL cannot use the display the log says why (an
# unset driver falls back to an invisible one). A loaded CI machine has
# refused the first connection ("x11 not available"), so a start that dies
# at once is retried, and every failed start's log is shown.
start_game() {
    win=
    for attempt in 1 2 3; do
        SDL_VIDEODRIVER=x11 "$B" "$@" >"$T/game.log" 2>&1 &
        game=$!
        for _ in $(seq 300); do
            win=$(xdotool search --name '^Beneath the Surface$' 2>/dev/null | head -1)
            [ -n "$win" ] && return 0
            kill -0 "$game" 2>/dev/null || break
            sleep 0.1
        done
        echo "start $attempt: no game window on $DISPLAY; the game said:"
        cat "$T/game.log"
        kill "$game" 2>/dev/null
        wait "$game" 2>/dev/null
        game=
        sleep 1
    done
    fail "no game window after 3 starts (DISPLAY=$DISPLAY; $(ls -l /tmp/.X11-unix 2>&1 | tr '\n' ' '))"
}
