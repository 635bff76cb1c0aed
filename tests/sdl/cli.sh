#!/bin/sh
# cli.sh: command-line behavior of `beneath` without a display: screenshots,
# bad input (clear message and exit code, never a crash), saves and records.
# usage: cli.sh BENEATH SOURCE_DIR WORK_DIR
set -u
B=$1
SRC=$2
T=$3
D=$SRC/tests/sdl/data
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config"

echo "== screenshot of a scene, and of the debrief when the choices end the run"
"$B" --scenario "$D/accents.json" --choices sobre,separar --screenshot "$T/play.bmp" ||
    fail "screenshot exited $?"
[ -s "$T/play.bmp" ] || fail "no play.bmp"
"$B" --scenario "$D/accents.json" --choices 2 --screenshot "$T/end.bmp" --size 1920x1080 ||
    fail "debrief screenshot exited $?"
[ -s "$T/end.bmp" ] || fail "no end.bmp"
for s in title pause debrief; do
    "$B" --scenario "$D/accents.json" --screen $s --screenshot "$T/$s.bmp" || fail "--screen $s"
done

echo "== --help and argument errors in the trainee's language (--language, then LANG)"
out=$(LANG=C.UTF-8 "$B" --language es --help) || fail "--help exited $?"
echo "$out" | head -1 | grep -q '^uso: beneath \[opciones\]' || fail "Spanish --help: $out"
out=$(LANG=es_MX.UTF-8 "$B" --size 3 2>&1)
[ $? -eq 1 ] || fail "--size 3 should exit 1"
echo "$out" | grep -q 'espera ANCHOxALTO' || fail "Spanish --size error with LANG: $out"
out=$(LANG=es_MX.UTF-8 "$B" --language en --size 3 2>&1)
echo "$out" | grep -q 'expects WxH' || fail "--language en should win over LANG: $out"

echo "== a scenario with errors: file:line:col message, exit 2, no crash"
out=$("$B" --scenario "$D/broken.json" --screenshot "$T/b.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "broken scenario: exit $rc, expected 2"
echo "$out" | grep -q 'broken.json:[0-9]*:[0-9]*: error' || fail "no file:line:col diagnostic"

echo "== a missing scenario file"
out=$("$B" --scenario "$T/nope.json" --screenshot "$T/n.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "missing scenario: exit $rc"
echo "$out" | grep -q 'nope.json' || fail "missing scenario not named"

echo "== a choice that is not available"
out=$("$B" --scenario "$D/accents.json" --choices sobre,zzz --screenshot "$T/c.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "bad choice: exit $rc"
echo "$out" | grep -q '"zzz" is not available' || fail "bad choice not explained"

echo "== author mode shows the linter's messages instead of exiting"
"$B" --author "$D/broken.json" --screenshot "$T/author.bmp" || fail "author mode exited $?"
[ -s "$T/author.bmp" ] || fail "no author.bmp"

echo "== missing assets folder: falls back to a system font, or says why"
out=$(BENEATH_ASSETS_DIR="$T/no-assets" "$B" --screenshot "$T/f.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || echo "$out" | grep -q 'cannot load a font' || fail "font failure not explained"

echo "== unwritable data and config folders: a message, no crash"
out=$(BENEATH_DATA_DIR=/proc/beneath-nope BENEATH_CONFIG_DIR=/proc/beneath-nope \
    "$B" --save-attempts --scenario "$D/accents.json" --choices 1 --screenshot "$T/u.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "unwritable data dir: exit $rc"
echo "$out" | grep -qi 'not being saved\|cannot be saved' || fail "no message about saving"

echo "== records after every action, the result when the attempt ends (SQLite)"
DB="$T/data/records.sqlite"
"$B" --trainee "Lucía Pérez" --scenario "$D/accents.json" --choices sobre \
    --screenshot "$T/s1.bmp" || fail "record run exited $?"
[ -s "$DB" ] || fail "no records database at $DB"
q() { sqlite3 -batch "$DB" "$1"; }
[ "$(q "SELECT count(*) FROM actions a JOIN attempts t ON t.id = a.attempt_id
        WHERE t.who = 'Lucía Pérez' AND a.kind = 'detail' AND a.item = 'sobre'")" = 1 ] ||
    fail "the action was not recorded"
[ "$(q "SELECT status FROM attempts WHERE who = 'Lucía Pérez'")" = playing ] ||
    fail "the unfinished attempt is not 'playing'"
"$B" --trainee "Lucía Pérez" --class "Academy 12" --scenario "$D/accents.json" \
    --choices sobre,separar,actuar --screenshot "$T/s2.bmp" || fail "record run exited $?"
[ "$(q "SELECT count(*) FROM attempts WHERE who = 'Lucía Pérez' AND status = 'ended'
        AND scenario_id = 'sdl-accents' AND result LIKE '%\"score\"%' AND class = 'Academy 12'")" = 1 ] ||
    fail "no finished attempt with its result"
[ "$(q "SELECT count(*) FROM attempts WHERE status = 'abandoned'")" = 1 ] ||
    fail "the earlier unfinished attempt was not kept as abandoned"

echo "== after-action review of a recorded attempt, with an instructor's note"
ID=$(q "SELECT id FROM attempts WHERE status = 'ended' LIMIT 1")
"$(dirname "$B")/beneath-report" --records "$DB" --note "$ID" 1 "Asked before separating." \
    --author "Sgt. Ortiz" || fail "note not added"
[ "$(q "SELECT count(*) FROM notes WHERE attempt_id = $ID AND seq = 1")" = 1 ] || fail "no note"
"$B" --review "$ID" --step 1 --screenshot "$T/review.bmp" || fail "review exited $?"
[ -s "$T/review.bmp" ] || fail "no review.bmp"
"$B" --review "$ID" --step 99 --screenshot "$T/review-end.bmp" || fail "review at the end exited $?"
out=$("$B" --review 9999 --screenshot "$T/r.bmp" 2>&1)
rc=$?
[ $rc -eq 2 ] || fail "review of a missing attempt: exit $rc"
echo "$out" | grep -q 'no attempt 9999' || fail "missing attempt not explained"

echo "== names: empty and too long are refused, not cut (exit 2, a message)"
out=$("$B" --trainee "" --scenario "$D/accents.json" --choices 1 --screenshot "$T/e.bmp" 2>&1)
rc=$?
[ $rc -eq 2 ] || fail "empty name: exit $rc"
echo "$out" | grep -q 'name or officer ID is required' || fail "empty name not explained"
long=$(printf 'N%.0s' $(seq 65))
out=$("$B" --trainee "$long" --scenario "$D/accents.json" --choices 1 --screenshot "$T/e.bmp" 2>&1)
rc=$?
[ $rc -eq 2 ] || fail "long name: exit $rc"
echo "$out" | grep -q 'limit is 64' || fail "long name not explained"
[ "$(q "SELECT count(*) FROM trainees WHERE name LIKE 'NNNN%'")" = 0 ] || fail "long name stored"

echo "== usage"
"$B" --help >/dev/null || fail "--help"
"$B" --no-such-flag 2>/dev/null && fail "unknown flag accepted"
echo "all cli checks passed"
