#!/usr/bin/env bash
# lrs.sh: the xAPI export and sender against a real learning record store:
# Learning Locker's statement service (npm xapi-statements, pinned in
# tests/records/lrs/package-lock.json; it validates every statement and
# answers 400 with reasons), run in memory on a free port. Then a store that
# answers 500 and one that never answers. Needs node and npm (tools/deps.sh).
# usage: lrs.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -uo pipefail
B=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
T=$3
fail() {
    echo "FAIL: $*"
    [[ -s $T/lrs.log ]] && tail -20 "$T/lrs.log"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
T=$(cd "$T" && pwd)

# ---- the store, installed from the project's own package files ----------
NODE_DIR=$B/lrs-node
if ! cmp -s "$SRC/tests/records/lrs/package-lock.json" "$NODE_DIR/package-lock.json" ||
    [[ ! -f $NODE_DIR/node_modules/xapi-statements/dist/index.js ]]; then
    echo "installing the learning record store (npm ci, xapi-statements 5.0.1)"
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    cp "$SRC/tests/records/lrs/package.json" "$SRC/tests/records/lrs/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT=$(free_port)
LRS_PID=
start_lrs() {
    (cd "$NODE_DIR/node_modules/xapi-statements" &&
        MODELS_REPO=memory STORAGE_REPO=memory EVENTS_REPO=test AUTH_REPO=test \
            EXPRESS_PORT=$PORT exec node dist/index.js) >>"$T/lrs.log" 2>&1 &
    LRS_PID=$!
    for ((i = 0; i < 300; i++)); do
        curl -sf -o /dev/null -H 'X-Experience-API-Version: 1.0.3' -u t:t \
            "http://127.0.0.1:$PORT/xAPI/statements?limit=1" && return 0
        sleep 0.1
    done
    fail "the learning record store did not start"
}
stop_lrs() {
    kill "$LRS_PID" 2>/dev/null
    wait "$LRS_PID" 2>/dev/null
}
FAKE_PID=
start_fake() { # MODE
    python3 "$SRC/tests/records/fake_lrs.py" "$FPORT" "$1" "$T/fake.log" &
    FAKE_PID=$!
    for ((i = 0; i < 100; i++)); do
        python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
            "$FPORT" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "the fake store did not start"
}
cleanup() {
    [[ -n $LRS_PID ]] && kill "$LRS_PID" 2>/dev/null
    [[ -n $FAKE_PID ]] && kill "$FAKE_PID" 2>/dev/null
}
trap cleanup EXIT
# every statement the store holds, as "id verb registration" lines
lrs_ids() {
    curl -sf -H 'X-Experience-API-Version: 1.0.3' -u t:t \
        "http://127.0.0.1:$PORT/xAPI/statements?limit=10000" |
        python3 -c 'import json, sys
d = json.load(sys.stdin)
assert not d["more"], "paging not expected"
for s in d["statements"]:
    print(s["id"], s["verb"]["id"].rsplit("/", 1)[1], s["context"]["registration"])'
}

# ---- a recorded class --------------------------------------------------
DB=$T/records.sqlite
export BENEATH_DATA_DIR=$T/data BENEATH_CONFIG_DIR=$T/config SDL_VIDEODRIVER=dummy
SECRET="s3cret-$RANDOM-token"
printf 'academy-kiosk:%s\n' "$SECRET" >"$T/auth"
chmod 600 "$T/auth"
record_class() { # CLASS SEEDS...
    local class=$1
    shift
    for who in "Avery Cole" "Blake Diaz" "Casey Nguyễn"; do
        for seed in "$@"; do
            for sc in domestic-call traffic-stop; do
                "$B/beneath-play" "$SRC/scenarios/$sc.json" --trainee "$who" --class "$class" \
                    --records "$DB" --random "$seed" --quiet >/dev/null || true
            done
        done
    done
}
record_class "Academy 1" 1 2
"$B/beneath-play" "$SRC/scenarios/traffic-stop.json" --trainee "Avery Cole" --records "$DB" \
    --choices "$(sed -n 's/^best: //p' "$SRC/scenarios/traffic-stop.paths.txt")" --quiet >/dev/null ||
    fail "best path"
ATTEMPTS=$(sqlite3 "$DB" "SELECT count(*) FROM attempts WHERE result IS NOT NULL")

echo "== export: a JSON array of statements, fixed ids"
"$B/beneath-report" --records "$DB" --xapi "$T/all.json" || fail "--xapi"
"$B/beneath-report" --records "$DB" --xapi "$T/again.json" || fail "--xapi again"
cmp -s "$T/all.json" "$T/again.json" || fail "a second export gives other statements"
WANT=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
assert len({x["id"] for x in s}) == len(s), "duplicate ids"
assert len({x["context"]["registration"] for x in s}) == int(sys.argv[2]), "registrations"
print(len(s))' "$T/all.json" "$ATTEMPTS") || fail "export is not what it should be"
echo "$WANT statements for $ATTEMPTS attempts"

echo "== the store validates and takes every statement"
export BENEATH_LRS_ENDPOINT=http://127.0.0.1:$PORT/xAPI/ BENEATH_LRS_AUTH_FILE=$T/auth
start_lrs
"$B/beneath-report" --records "$DB" --send >"$T/send1.out" 2>&1 || fail "send: $(cat "$T/send1.out")"
lrs_ids >"$T/got1.txt" || fail "cannot read the statements back"
[[ $(wc -l <"$T/got1.txt") == "$WANT" ]] || fail "store has $(wc -l <"$T/got1.txt") of $WANT"
python3 - "$T/all.json" "$T/got1.txt" <<'PY' || fail "statements read back differ"
import json, sys
sent = {s["id"]: s for s in json.load(open(sys.argv[1]))}
got = [l.split() for l in open(sys.argv[2])]
assert {g[0] for g in got} == set(sent), "ids differ"
for sid, verb, reg in got:
    assert sent[sid]["verb"]["id"].endswith("/" + verb) and sent[sid]["context"]["registration"] == reg
verbs = {g[1] for g in got}
assert {"initialized", "answered", "experienced", "completed", "terminated", "passed", "failed"} <= verbs, verbs
PY
grep -q "$SECRET" "$T/send1.out" && fail "the credentials were printed"

echo "== sent again: the store keeps one of each"
sqlite3 "$DB" "UPDATE outbox SET sent_at = NULL WHERE id % 2 = 0"
"$B/beneath-report" --records "$DB" --send >/dev/null 2>&1 || fail "resend"
[[ $(lrs_ids | wc -l) == "$WANT" ]] || fail "a resent statement was counted twice"

echo "== the store stops mid-send and comes back: nothing lost, nothing twice"
record_class "Academy 2" 3 4 5
"$B/beneath-report" --records "$DB" --xapi "$T/all2.json" || fail "--xapi"
WANT2=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$T/all2.json")
export BENEATH_LRS_TIMEOUT_MS=1500
("$B/beneath-report" --records "$DB" --send >"$T/send2.out" 2>&1; echo $? >"$T/send2.rc") &
SEND=$!
sleep 0.3
kill -STOP "$LRS_PID"
sleep 2.5
kill -CONT "$LRS_PID"
wait "$SEND"
for ((i = 0; i < 5; i++)); do
    "$B/beneath-report" --records "$DB" --send >"$T/send3.out" 2>&1 && break
    sleep 1
done
[[ $(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 ]] ||
    fail "statements left unsent: $(cat "$T/send3.out")"
lrs_ids >"$T/got2.txt"
[[ $(wc -l <"$T/got2.txt") == "$WANT2" ]] || fail "store has $(wc -l <"$T/got2.txt") of $WANT2"
[[ $(cut -d' ' -f1 "$T/got2.txt" | sort -u | wc -l) == "$WANT2" ]] || fail "duplicates"
echo "first send: $(cat "$T/send2.out") (exit $(cat "$T/send2.rc"))"

echo "== the store restarts (empty, in memory) while the game finishes an attempt"
stop_lrs
"$B/beneath" --scenario "$SRC/scenarios/domestic-call.json" --trainee "Avery Cole" \
    --records "$DB" --choices respond,knock,enter,ask-both,log-verbal --screenshot "$T/g.bmp" \
    >"$T/game.out" 2>&1 || fail "game: $(cat "$T/game.out")"
UNSENT=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
((UNSENT > 0)) || fail "the game's statements were not kept for later"
grep -q "$SECRET" "$T/game.out" && fail "the credentials were printed"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE last_error LIKE '%$SECRET%'") == 0 ]] ||
    fail "the credentials were stored in an error"
start_lrs
"$B/beneath-report" --records "$DB" --send >/dev/null 2>&1 || fail "send after restart"
[[ $(lrs_ids | wc -l) == "$UNSENT" ]] || fail "after the restart the store has $(lrs_ids | wc -l) of $UNSENT"
stop_lrs

echo "== a store that answers 500, then one that never answers"
FPORT=$(free_port)
start_fake 500
sqlite3 "$DB" "UPDATE outbox SET sent_at = NULL WHERE id <= 20"
export BENEATH_LRS_ENDPOINT=http://127.0.0.1:$FPORT/xAPI
"$B/beneath-report" --records "$DB" --send >"$T/send500.out" 2>&1 && fail "a 500 counted as sent"
grep -q 'HTTP 500' "$T/send500.out" || fail "the 500 is not reported: $(cat "$T/send500.out")"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND tries > 0
                     AND last_error LIKE '%HTTP 500%'") == 20 ]] || fail "the failed try was not kept"
python3 - "$T/fake.log" "$SECRET" <<'PY' || fail "the request was not right"
import base64, json, sys
r = json.loads(open(sys.argv[1]).readline())
h = {k.lower(): v for k, v in r["headers"].items()}
assert r["path"] == "/xAPI/statements", r["path"]
assert h["x-experience-api-version"] == "1.0.3"
assert h["content-type"] == "application/json"
assert base64.b64decode(h["authorization"].split()[1]).decode() == "academy-kiosk:" + sys.argv[2]
PY
kill "$FAKE_PID"
wait "$FAKE_PID" 2>/dev/null
start_fake hang
start=$SECONDS
BENEATH_LRS_TIMEOUT_MS=1000 "$B/beneath-report" --records "$DB" --send >"$T/hang.out" 2>&1 &&
    fail "a timeout counted as sent"
((SECONDS - start < 10)) || fail "the sender waited $((SECONDS - start)) s on a silent store"
grep -qi 'timeout\|timed out' "$T/hang.out" || fail "the timeout is not reported: $(cat "$T/hang.out")"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 20 ]] ||
    fail "statements were lost on a timeout"
echo "all LRS checks passed: $WANT + $WANT2 + $UNSENT statements round-tripped"
