#!/usr/bin/env bash
# twoinstances.sh: two games and beneath-play recording at the same moment,
# for the same trainee and scenario, 50 completed attempts each (issue 11:
# the JSON store lost 7 of 100). Every completed attempt must be in the
# records, ended, with its result, and replay.
# usage: twoinstances.sh BUILD_DIR SOURCE_DIR WORK_DIR [ROUNDS]
set -uo pipefail
B=$1
SRC=$2
T=$3
ROUNDS=${4:-50}
rm -rf "$T"
mkdir -p "$T"
DB=$T/records.sqlite
SC=$SRC/scenarios/domestic-call.json
PATH_CHOICES=$(sed -n 's/^surface: //p' "$SRC/scenarios/domestic-call.paths.txt")
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy BENEATH_DATA_DIR=$T/data BENEATH_CONFIG_DIR=$T/config
game_loop() { # NAME
    local ok=0
    for ((i = 0; i < ROUNDS; i++)); do
        "$B/beneath" --scenario "$SC" --trainee "Twin" --records "$DB" --choices "$PATH_CHOICES" \
            --screenshot "$T/$1.bmp" >"$T/$1.log" 2>&1 && ok=$((ok + 1))
    done
    echo "$ok" >"$T/$1.ok"
}
play_loop() {
    local ok=0
    for ((i = 0; i < ROUNDS; i++)); do
        "$B/beneath-play" "$SC" --trainee "Twin" --records "$DB" --choices "$PATH_CHOICES" \
            --quiet >/dev/null 2>"$T/play.log" && ok=$((ok + 1))
    done
    echo "$ok" >"$T/play.ok"
}
start=$SECONDS
game_loop game1 &
game_loop game2 &
play_loop &
wait
want=$(($(cat "$T/game1.ok") + $(cat "$T/game2.ok") + $(cat "$T/play.ok")))
[[ $want == $((3 * ROUNDS)) ]] || {
    echo "FAIL: only $want of $((3 * ROUNDS)) runs succeeded"
    cat "$T"/*.log
    exit 1
}
got=$(sqlite3 -batch "$DB" "SELECT count(*) FROM attempts WHERE who = 'Twin' AND status = 'ended'
                            AND result IS NOT NULL")
[[ $got == "$want" ]] || {
    echo "FAIL: $want attempts completed, $got recorded"
    exit 1
}
"$B/beneath-report" --records "$DB" --verify || exit 1
echo "two games and beneath-play at once: $got of $want completed attempts recorded," \
    "$((SECONDS - start)) s"
