#!/bin/sh
# untrusted.sh: the rows of issue 11 about untrusted files and terminals, as
# whole-program tests. Scenario text must reach a terminal escaped; a FIFO,
# a huge picture or a path out of the scenario's folder must neither hang nor
# be read; SIGTERM and SIGINT must end the game promptly in every mode.
# usage: untrusted.sh SOURCE_DIR WORK_DIR
# env: LINT PLAY GRAPH PATHS (the tools), GAME (optional: the game's part)
set -u
SRC=$1
T=$2
C=$SRC/tests/corpus
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"

# True if the file holds a byte that can act on a terminal: a C0 control
# other than tab and newline, DEL, or a C1 control (UTF-8 C2 80..C2 9F).
has_controls() {
    n=$(LC_ALL=C tr -d '\011\012\040-\176\200-\377' <"$1" | wc -c)
    [ "$n" -ne 0 ] && return 0
    LC_ALL=C grep -q "$(printf '\302')[$(printf '\200')-$(printf '\237')]" "$1"
}
# Runs a command with output to FILE (stdout and stderr), killed after 20 s.
run_to() {
    out=$1
    shift
    timeout -s KILL 20 "$@" >"$out" 2>&1
}
# Waits up to SECONDS for PID to end; fails if it does not. Sets $rc.
wait_gone() {
    pid=$1
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt $(($2 * 10)) ]; then
            kill -9 "$pid"
            fail "$3: still running $2 s after the signal"
        fi
        sleep 0.1
    done
    wait "$pid"
    rc=$?
}

echo "== scenario text reaches the terminal escaped (play, graph, paths, lint)"
E=$C/terminal/escapes.json
run_to "$T/play.txt" "$PLAY" "$E" --choices look,go || fail "beneath-play exited $?"
run_to "$T/play-i.txt" sh -c "printf '3\n1\n' | '$PLAY' '$E'" || fail "interactive beneath-play"
run_to "$T/play.json" "$PLAY" "$E" --choices look,go --json || fail "beneath-play --json"
run_to "$T/graph.dot" "$GRAPH" "$E" || fail "beneath-graph exited $?"
run_to "$T/paths.txt" "$PATHS" "$E" || fail "beneath-paths exited $?"
run_to "$T/lint.txt" "$LINT" "$C/load/control-chars.json"
run_to "$T/lint.json" "$LINT" --json "$C/load/control-chars.json"
for f in play.txt play-i.txt play.json graph.dot paths.txt lint.txt lint.json; do
    if has_controls "$T/$f"; then
        fail "$f holds raw control characters"
    fi
done
grep -q 'Scene text\\x0Dforged line' "$T/play.txt" || fail "play: carriage return not shown as \\x0D"
grep -q 'Escapes\\x1B\]0;retitled\\x07 title' "$T/play.txt" || fail "play: OSC title not escaped"
grep -q 'second line \\u202Eredro' "$T/play.txt" || fail "play: bidi override not escaped"
grep -q 'no scene has the id "end\\x1B\[31m"' "$T/lint.txt" || fail "lint: quoted value not escaped"
grep -q 'Escapes\\\\x1B\]0;retitled' "$T/graph.dot" || fail "graph: title not escaped"

echo "== FIFOs named like scenarios, catalogues and pictures never block"
F=$T/fifo
mkdir -p "$F/pics" "$F/cat"
cp "$C/load/valid.json" "$C/load/catalog.json" "$F/"
mkfifo "$F/trap.json" "$F/pics/pipe.bmp" "$F/cat/catalog.json"
sed 's#{"id": "a", "text": "Start.",#{"id": "a", "text": "Start.", "image": "pics/pipe.bmp",#' \
    "$C/load/valid.json" >"$F/fifo-picture.json"
cp "$C/load/valid.json" "$F/cat/uses-fifo-catalog.json"
run_to "$T/lint-fifo.txt" "$LINT" "$F"
rc=$?
cat "$T/lint-fifo.txt"
[ $rc -eq 2 ] || fail "lint of a folder with a FIFO: exit $rc, expected 2 (unreadable file)"
grep -q 'trap.json: error: cannot open: not a regular file (a FIFO) \[io\]' "$T/lint-fifo.txt" ||
    fail "the FIFO scenario is not reported"
grep -q 'fifo-picture.json:.*image "pics/pipe.bmp" cannot be shown: not a regular file (a FIFO)' \
    "$T/lint-fifo.txt" || fail "the FIFO picture is not reported"
run_to "$T/lint-fifo-cat.txt" "$LINT" "$F/cat/uses-fifo-catalog.json"
grep -q 'cannot open catalogue "catalog.json": not a regular file (a FIFO)' "$T/lint-fifo-cat.txt" ||
    fail "the FIFO catalogue is not reported"
run_to "$T/play-fifo.txt" "$PLAY" "$F/trap.json" --choices 1
rc=$?
[ $rc -eq 2 ] || fail "beneath-play on a FIFO: exit $rc, expected 2"

if [ -z "${GAME:-}" ]; then
    echo "(no GAME: the game's part is skipped)"
    exit 0
fi
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config"

echo "== the game: pictures that must not be drawn give a note, never a hang"
for c in fifo:"$F/fifo-picture.json":'not a regular file (a FIFO)' \
    huge:"$C/load/picture-huge.json":'65535x65535 pixels; the limit is 4096x4096' \
    escape:"$C/load/picture-escape.json":'must be a path inside the scenario' \
    symlink:"$C/load/picture-symlink.json":'leads outside the scenario.s folder'; do
    name=${c%%:*}
    rest=${c#*:}
    file=${rest%%:*}
    want=${rest#*:}
    run_to "$T/game-$name.txt" "$GAME" --scenario "$file" --screenshot "$T/$name.bmp"
    rc=$?
    cat "$T/game-$name.txt"
    [ $rc -eq 0 ] || fail "game with the $name picture: exit $rc"
    grep -q "could not be shown: .*$want" "$T/game-$name.txt" || fail "no note for the $name picture"
done
run_to "$T/game-layout.txt" "$GAME" --check-layout --scenario "$C/load/picture-huge.json" ||
    fail "check-layout with a huge picture: exit $?"

echo "== the game: a scenarios folder with a FIFO in it"
BENEATH_SCENARIOS_DIR="$F/" run_to "$T/game-dir.txt" "$GAME" --screenshot "$T/title.bmp"
rc=$?
cat "$T/game-dir.txt"
[ $rc -eq 0 ] || fail "title screen with a FIFO among the scenarios: exit $rc"
grep -q 'trap.json.*not a regular file (a FIFO)' "$T/game-dir.txt" || fail "the FIFO is not named"

echo "== the game ends promptly on SIGTERM and SIGINT in every mode"
V=$C/load/valid.json
mkfifo "$T/out.bmp" # --screenshot blocks opening it: a stuck screenshot
"$GAME" --scenario "$V" --screenshot "$T/out.bmp" &
pid=$!
sleep 2
kill -TERM $pid
wait_gone $pid 3 "--screenshot stuck writing"
[ $rc -eq 143 ] || fail "--screenshot: exit $rc after SIGTERM, expected 143"
env --default-signal=INT "$GAME" --scenario "$V" --bench-frames 100000000 >/dev/null &
pid=$!
sleep 2
kill -INT $pid
wait_gone $pid 3 "--bench-frames"
[ $rc -eq 130 ] || fail "--bench-frames: exit $rc after SIGINT, expected 130"
"$GAME" --scenario "$V" &
pid=$!
sleep 5
kill -TERM $pid
wait_gone $pid 3 "the event loop"
# 0: it quit as when the window is closed; 143: a slow machine was still starting
[ $rc -eq 0 ] || [ $rc -eq 143 ] || fail "event loop: exit $rc after SIGTERM, expected 0"
echo "untrusted files and terminals: all passed"
