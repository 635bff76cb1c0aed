#!/usr/bin/env bash
# killloop.sh: kills beneath-play and the game with SIGKILL at random moments
# while they record attempts, and after every kill checks every record:
#   - the database passes SQLite's integrity check and every attempt in it
#     replays through the engine to its recorded state and result
#     (beneath-report --verify);
#   - no acknowledged action is lost: every action beneath-play printed
#     (it prints an action only after it is committed) is in the database,
#     and at most one more per kill;
#   - every completed attempt is recorded as ended;
#   - the interrupted attempt is continued (--continue), never lost or
#     started over: no attempt of the beneath-play trainee is abandoned.
# usage: killloop.sh BUILD_DIR SOURCE_DIR WORK_DIR [KILLS]
set -uo pipefail
B=$1
SRC=$2
T=$3
KILLS=${4:-200}
fail() {
    echo "FAIL (after $kills kills): $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
DB=$T/records.sqlite
SC=$SRC/scenarios/domestic-call.json
BEST=$(sed -n 's/^best: //p' "$SRC/scenarios/domestic-call.paths.txt")
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy BENEATH_DATA_DIR=$T/data BENEATH_CONFIG_DIR=$T/config
q() { sqlite3 -batch "$DB" "$1"; }
acked=0     # actions beneath-play said it had taken
endings=0   # attempts beneath-play or the game reported finished
kills=0
games=0
RANDOM=${BENEATH_KILL_SEED:-14}
check() {
    "$B/beneath-report" --records "$DB" --verify >"$T/verify.out" 2>&1 ||
        fail "beneath-report --verify: $(cat "$T/verify.out")"
    grep -q ' 0 not checked' "$T/verify.out" || fail "not every attempt replayed: $(cat "$T/verify.out")"
    local stored ended abandoned playing
    IFS='|' read -r stored ended abandoned playing < <(q "
        SELECT (SELECT count(*) FROM actions a JOIN attempts t ON t.id = a.attempt_id
                WHERE t.who = 'Kill Loop' AND a.kind IN ('choice','detail')),
               (SELECT count(*) FROM attempts WHERE status = 'ended'),
               (SELECT count(*) FROM attempts WHERE who = 'Kill Loop' AND status = 'abandoned'),
               (SELECT count(*) FROM attempts WHERE who = 'Kill Loop' AND status = 'playing')")
    ((stored >= acked)) || fail "$acked actions acknowledged, only $stored recorded"
    ((stored <= acked + kills)) || fail "$stored actions recorded, $acked acknowledged"
    ((ended >= endings)) || fail "$endings attempts finished, $ended recorded as ended"
    ((abandoned == 0)) || fail "an interrupted attempt was started over instead of continued"
    ((playing <= 1)) || fail "more than one unfinished attempt"
}

# One beneath-play run fed random option numbers, killed at a random moment
# while it plays (each action costs a commit, about 15 ms here). It flushes
# what it printed at every prompt, so what the output shows was recorded.
play_once() {
    local out=$T/play.out input="" delay a e
    for ((i = 0; i < 60; i++)); do input+="$((RANDOM % 3 + 1))"$'\n'; done
    "$B/beneath-play" "$SC" --trainee "Kill Loop" --class "Kill 1" --records "$DB" --continue \
        <<<"$input" >"$out" 2>&1 &
    local pid=$!
    printf -v delay '0.%03d' $((RANDOM % 150))
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null
    # "> label" follows the prompt once an action is recorded; the debrief
    # names the ending reached ("Ending: none reached" if none)
    read -r a e < <(awk '/\): > /{a++} /^Ending: / && !/none reached/{e=1} END{print a+0, e+0}' "$out")
    acked=$((acked + a))
    endings=$((endings + e))
    return 0
}

# One headless game run of the whole best path, killed after a random delay
# up to about twice what the run takes here (~0.6 s), so some finish.
game_once() {
    "$B/beneath" --scenario "$SC" --trainee "Kill Game" --records "$DB" --choices "$BEST" \
        --screenshot "$T/g.bmp" >/dev/null 2>&1 &
    local pid=$!
    local delay ms=$((RANDOM % 1200))
    printf -v delay '%d.%03d' $((ms / 1000)) $((ms % 1000))
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null && endings=$((endings + 1))
    games=$((games + 1))
    return 0
}

start=$SECONDS
while ((kills < KILLS)); do
    if ((RANDOM % 6 == 0)); then game_once; else play_once; fi
    check
done
echo "kill loop: $kills kills ($games of the game), $acked acknowledged actions, $endings" \
    "finished attempts, all recorded; $(q 'SELECT count(*) FROM attempts') attempts replay;" \
    "$((SECONDS - start)) s"
