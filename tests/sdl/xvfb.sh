# xvfb.sh: sourced by the X11 tests. start_xvfb SIZE starts a virtual X
# display with no window manager (as a kiosk session has) and exports its
# DISPLAY; the caller's EXIT trap calls stop_xvfb. A libdbus leak that
# LeakSanitizer reports at exit (sanitizer build) is the library's: it is
# suppressed. Needs T (the work folder) and fail (prints and exits).
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
