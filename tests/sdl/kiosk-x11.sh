#!/usr/bin/env bash
# kiosk-x11.sh: the kiosk driven like a trainee would, on a virtual X display
# with no window manager (as a kiosk session has): the window covers the whole
# screen; a trainee signs in, plays to an ending and leaves the debrief, which
# signs them out, so the next trainee's name goes to the next record; the
# Esc menu offers no way out; SIGTERM (a shutdown) still ends the game.
# Exit 77 (skipped) only if Xvfb or xdotool is missing; tools/deps.sh
# installs both. usage: kiosk-x11.sh BENEATH SOURCE_DIR WORK_DIR
set -u
B=$1
SRC=$2
T=$3
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || {
    echo "SKIPPED: needs Xvfb and xdotool"
    exit 77
}
fail() {
    echo "FAIL: $*"; [ -f "$T/game.log" ] && tail -20 "$T/game.log"
    exit 1
}
rm -rf "$T"
# the test scenario's catalogue lies beside it (a catalogue must stay inside
# the scenario's folder)
mkdir -p "$T/s/sdl/scenarios" "$T/system"
cp "$SRC/tests/sdl/data/accents.json" "$SRC/tests/sdl/data/catalog.json" "$T/s/sdl/scenarios/"
unset SDL_VIDEODRIVER
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config" \
    BENEATH_SYSTEM_CONFIG_DIR="$T/system" BENEATH_SCENARIOS_DIR="$T/s/sdl/scenarios" \
    SDL_AUDIODRIVER=dummy
echo '{"kiosk": true}' >"$T/system/settings.json"
# shellcheck source=xvfb.sh
. "$SRC/tests/sdl/xvfb.sh"
game=
cleanup() {
    [ -n "$game" ] && kill "$game" 2>/dev/null
    stop_xvfb
    wait 2>/dev/null
}
trap cleanup EXIT
start_xvfb 1024x768

# --seed 0: the author's order of choices, so the keys below mean the same
# options every time (real attempts shuffle them)
start_game --software --seed 0
sleep 0.5
alive() { kill -0 "$game" 2>/dev/null || fail "the game exited: $(cat "$T/game.log")"; }
keys() { # send keys to the game, with time to redraw between them
    for k in "$@"; do
        xdotool key --window "$win" "$k"
        sleep 0.25
    done
}

echo "== the window covers the screen"
geo=$(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: //p')
[ "$geo" = "1024x768" ] || fail "window is $geo, not full screen 1024x768"

play_as() { # NAME: sign in, start the only scenario, begin the call after its briefing,
    # take the ending, leave the debrief
    xdotool type --window "$win" --delay 40 "$1"
    sleep 0.3
    keys Return Return Return 2 Return Return
    alive
}

recorded() { # NAME: waits (the game may lag on a loaded machine) for NAME's record
    for _ in $(seq 100); do
        n=$(sqlite3 "file:$T/data/records.sqlite?mode=ro" \
            "SELECT count(*) FROM attempts WHERE who = '$1' AND finished_ms IS NOT NULL" 2>/dev/null)
        [ "${n:-0}" -gt 0 ] && return 0
        sleep 0.2
    done
    return 1
}

echo "== a first trainee signs in, plays and is signed out when leaving the debrief"
play_as "Trainee One"
recorded "Trainee One" || fail "no record for Trainee One after the first attempt"

echo "== the next trainee's attempt is recorded under their own name"
play_as "Trainee Two"
recorded "Trainee Two" ||
    fail "second attempt not recorded for Trainee Two (was the first trainee signed out?)"

echo "== the Esc menu has no way out: every item activated, the game still runs"
for i in 1 2 3 4 5; do
    keys Escape
    for _ in $(seq "$i"); do keys Tab; done
    keys Return
    alive
done

echo "== SIGTERM still ends it (a shutdown or logout)"
kill -TERM "$game"
for _ in $(seq 200); do
    kill -0 "$game" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$game" 2>/dev/null && fail "the game ignored SIGTERM"
wait "$game"
rc=$?
game=
[ $rc -eq 0 ] || fail "exit status $rc after SIGTERM"
echo "all kiosk checks passed"
