#!/bin/sh
# beneath-play as a program: option order from --seed, and wrapping.
# usage: PLAY=... DATA=tests/data OUT=dir sh play-cli.sh seed|wrap|tty
# Exits 0 on success, 1 with a message on failure, 77 when it cannot run here.
set -u
RULES=$DATA/rules.json
fail() {
    echo "FAIL: $*"
    exit 1
}

# The ids of the options of the first scene, in the order listed.
first_listing() {
    "$PLAY" "$RULES" --choices end "$@" | sed -n '/^> /q; s/^  [0-9]*\. .*  \[\([a-z0-9-]*\)\]$/\1/p' |
        tr '\n' ',' | sed 's/,$//'
}

# Lines longer than $1 characters in stdin (ASCII test data).
too_long() {
    awk -v w="$1" 'length($0) > w { n++; print "  " length($0) ": " $0 > "/dev/stderr" } END { print n + 0 }'
}

case $1 in
seed)
    file_order=$(first_listing --seed 0)
    [ "$file_order" = "ask-papers,act-door,act-arm,act-papers,a,b,c,one,two,soft,wait,inside,menu,end,walk,arm" ] ||
        fail "--seed 0 should list the file order, got $file_order"
    [ "$(first_listing)" = "$file_order" ] || fail "--choices without --seed should keep the file order"
    s5=$(first_listing --seed 5)
    [ "$s5" != "$file_order" ] || fail "--seed 5 should change the listed order"
    [ "$(first_listing --seed 5)" = "$s5" ] || fail "--seed 5 twice should list the same order"
    [ "$(first_listing --seed 6)" != "$s5" ] || fail "--seed 6 should list another order"
    sorted() { echo "$1" | tr ',' '\n' | sort | tr '\n' ','; }
    [ "$(sorted "$s5")" = "$(sorted "$file_order")" ] || fail "--seed 5 lists other options: $s5"

    # choices by id: the same attempt and result whatever the seed
    path="arm,act-door,act-arm,ask-papers,ask-papers,c,a,b,inside,act-calm,back,soft,end"
    ref=$("$PLAY" "$RULES" --choices "$path" --seed 0 --json) || fail "seed 0 run failed"
    echo "$ref" | grep -q '"seed":0,' || fail "the result should record seed 0: $ref"
    ref=$(echo "$ref" | sed 's/"seed":[0-9]*,//')
    for seed in 1 5 77 4000000000; do
        got=$("$PLAY" "$RULES" --choices "$path" --seed "$seed" --json) || fail "seed $seed run failed"
        echo "$got" | grep -q "\"seed\":$seed," || fail "the result should record seed $seed"
        [ "$(echo "$got" | sed 's/"seed":[0-9]*,//')" = "$ref" ] ||
            fail "seed $seed changed the result by id: $got vs $ref"
    done

    # numbers follow the order listed with that seed
    first5=${s5%%,*}
    label=$(grep -o "\"id\": \"$first5\", \"label\": \"[^\"]*\"" "$RULES" | head -1 | sed 's/.*"label": "\(.*\)"/\1/')
    [ -n "$label" ] || fail "cannot find the label of $first5"
    "$PLAY" "$RULES" --choices 1 --seed 5 | grep -qxF "> $label" || fail "--choices 1 --seed 5 should take \"$label\""

    # the seed is kept in a save, and the order with it
    rm -f "$OUT/seed5.save.json"
    "$PLAY" "$RULES" --choices wait --seed 5 --save "$OUT/seed5.save.json" >/dev/null
    [ $? -eq 3 ] || fail "a path that stops early should exit 3"
    grep -q '"seed":5' "$OUT/seed5.save.json" || fail "the save should keep seed 5"
    resumed=$("$PLAY" "$RULES" --resume "$OUT/seed5.save.json" --choices end |
        sed -n '/^> /q; s/^  [0-9]*\. .*  \[\([a-z0-9-]*\)\]$/\1/p' | tr '\n' ',' | sed 's/,$//')
    [ "$resumed" = "$s5" ] || fail "resuming should list seed 5's order: $resumed vs $s5"
    "$PLAY" "$RULES" --resume "$OUT/seed5.save.json" --choices end --json | grep -q '"seed":5,' ||
        fail "the resumed result should record seed 5"
    ;;
wrap)
    # piped: 78 columns, transcript and debrief alike
    for case in "rules.json|arm,act-arm,c,a,two,soft,end" "deadline.json|wait-9,wait-9,wait-9,wait-9" \
        "mini.json|look,one,act,two" "../authoring/data/lint/text-too-long.json|look,go"; do
        file=${case%%|*}
        choices=${case#*|}
        out=$("$PLAY" "$DATA/$file" --choices "$choices" --seed 3)
        echo "$out" | grep -q "What you noticed and what you did about it" || fail "$file: no debrief"
        n=$(echo "$out" | too_long 78)
        [ "$n" -eq 0 ] || fail "$file: $n lines longer than 78 columns when piped"
    done
    # the deadline lab shows its countdowns and says when the call was ended
    out=$("$PLAY" "$DATA/deadline.json" --choices wait-9,wait-9,wait-9,wait-9)
    echo "$out" | grep -q "\[countdown\] The sergeant wants you back: 12 minutes left (minute 30)" ||
        fail "no countdown line"
    echo "$out" | grep -q "ended for you at minute 36" || fail "the debrief should say minute 36"
    ;;
tty)
    # on a terminal: its width (script gives the program a pseudo-terminal)
    command -v script >/dev/null 2>&1 || {
        echo "script(1) is not installed: cannot give beneath-play a terminal"
        exit 77
    }
    out=$(script -qec "stty cols 60 rows 50; '$PLAY' '$RULES' --choices arm,act-arm,c,a,two,soft,end --seed 3" /dev/null |
        tr -d '\r')
    echo "$out" | grep -q "What you noticed and what you did about it" || fail "no debrief on a terminal: $out"
    n=$(echo "$out" | too_long 59)
    [ "$n" -eq 0 ] || fail "$n lines longer than 59 columns on a 60-column terminal"
    n=$(echo "$out" | too_long 40)
    [ "$n" -gt 0 ] || fail "lines should use the width, not wrap at 40"
    ;;
*)
    echo "usage: play-cli.sh seed|wrap|tty"
    exit 2
    ;;
esac
echo "ok"
