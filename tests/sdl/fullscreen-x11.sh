#!/usr/bin/env bash
# fullscreen-x11.sh: full screen saved in the settings, then the game started
# on an X display with no window manager (a kiosk PC's session): the window
# must cover the screen and the game draw to its edges (not a desktop-sized
# layout cropped to the saved window size); F11 must go back to the saved
# window size and then to full screen again.
# Exit 77 (skipped) if Xvfb or xdotool is missing.
# usage: fullscreen-x11.sh BENEATH WORK_DIR
set -u
B=$1
T=$2
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || {
    echo "SKIPPED: needs Xvfb and xdotool"
    exit 77
}
fail() {
    echo "FAIL: $*"; [ -f "$T/game.log" ] && tail -20 "$T/game.log"
    exit 1
}
rm -rf "$T"
mkdir -p "$T/config" "$T/system"
unset SDL_VIDEODRIVER
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config" \
    BENEATH_SYSTEM_CONFIG_DIR="$T/system" SDL_AUDIODRIVER=dummy
echo '{"fullscreen": true, "window_w": 1024, "window_h": 640}' >"$T/config/settings.json"
# shellcheck source=xvfb.sh
. "$(dirname "$0")/xvfb.sh"
game=
cleanup() {
    [ -n "$game" ] && kill "$game" 2>/dev/null
    stop_xvfb
    wait 2>/dev/null
}
trap cleanup EXIT
start_xvfb 1600x900

start_game --software --trainee "Fullscreen Test"

geometry() { # waits up to 5 s for the window to have size $1
    for _ in $(seq 50); do
        g=$(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: //p')
        [ "$g" = "$1" ] && return 0
        sleep 0.1
    done
    echo "$g"
    return 1
}
# the footer bar is drawn along the bottom edge: its pixel is not the black
# of an undrawn screen
drawn_to_edge() {
    command -v import >/dev/null || return 0
    sleep 0.5
    px=$(import -window root -crop "1x1+$1+$2" txt:- 2>/dev/null | tail -1 | grep -o '#[0-9A-F]\{6\}')
    [ -n "$px" ] && [ "$px" != "#000000" ]
}

echo "== full screen saved: the window covers the screen and is drawn to its edge"
got=$(geometry 1600x900) || fail "window is $got, not the screen's 1600x900"
drawn_to_edge 1595 895 || fail "the bottom-right corner is not drawn (a cropped layout?)"
echo "== F11: back to the saved window size"
xdotool key --window "$win" F11
got=$(geometry 1024x640) || fail "after F11 the window is $got, not 1024x640"
echo "== F11 again: full screen again"
xdotool key --window "$win" F11
got=$(geometry 1600x900) || fail "after F11 twice the window is $got, not 1600x900"
drawn_to_edge 1595 895 || fail "the bottom-right corner is not drawn after F11"
echo "all full-screen checks passed"
