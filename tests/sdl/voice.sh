#!/bin/sh
# voice.sh: self-voicing, headless. The screen after --choices is read into a
# WAV file (--speak-to): it must last as long as reading a whole scene takes,
# carry real sound (sox's RMS amplitude), and use the voice of each part's
# language: the scenario's language for Latin script, Arabic, Chinese,
# Hebrew and Hindi voices for the lines in those scripts; the game's own
# words ("What do you do?", the score, the debrief's sentences) in the voice
# of the interface's language (--language), not the scenario's. Exit 77 (skipped)
# without sox; tools/deps.sh installs it.
# usage: voice.sh BENEATH SOURCE_DIR WORK_DIR
set -u
B=$1
SRC=$2
T=$3
D=$SRC/tests/sdl/data
command -v sox >/dev/null 2>&1 || {
    echo "SKIPPED: needs sox"
    exit 77
}
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config"
# an English interface unless a check asks for another (--language)
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8

# seconds and RMS amplitude of a WAV file, as sox's stat reports them
measure() {
    sox "$1" -n stat 2>&1 | awk '/^Length/ {l=$3} /^RMS +amplitude/ {r=$3} END {print l, r}'
}
check_sound() { # FILE MIN_SECONDS
    set -- "$1" "$2" $(measure "$1")
    awk -v l="$3" -v r="$4" -v min="$2" 'BEGIN {exit !(l >= min && r >= 0.02)}' ||
        fail "$1: $3 s at RMS $4 (want at least $2 s and RMS 0.02)"
    echo "ok: $1: $3 s, RMS $4"
}

echo "== a scene with Arabic, Chinese, Hebrew and Hindi lines in a Spanish scenario"
out=$("$B" --scenario "$D/scripts.json" --seed 0 --choices telefono --speak-to "$T/scene.wav") ||
    fail "--speak-to exited $?"
echo "$out"
for v in es ar cmn he hi; do
    echo "$out" | grep -q "voices.*\b$v\b" || fail "voice $v not used: $out"
done
check_sound "$T/scene.wav" 20

echo "== an English scenario is read in English only"
out=$("$B" --scenario "$SRC/scenarios/domestic-call.json" --seed 0 --speak-to "$T/en.wav") ||
    fail "--speak-to exited $?"
echo "$out" | grep -q "in voices en:" || fail "expected only the English voice: $out"
check_sound "$T/en.wav" 10

echo "== a Spanish interface: the scene in the English voice, the game's words in the Spanish one"
out=$("$B" --language es --scenario "$SRC/scenarios/domestic-call.json" --seed 0 \
    --speak-to "$T/en-es.wav") || fail "--speak-to exited $?"
echo "$out"
# the scene's text comes first (English), then "¿Qué hace usted?" (Spanish)
echo "$out" | grep -q "in voices en,es:" || fail "expected the English, then the Spanish voice: $out"
check_sound "$T/en-es.wav" 10

echo "== a Spanish scenario with an English interface: the debrief's sentences in English"
out=$("$B" --language en --scenario "$D/accents.json" --seed 0 --choices sobre,separar,actuar \
    --speak-to "$T/es-en.wav") || fail "--speak-to exited $?"
echo "$out"
echo "$out" | grep -q "in voices en,es:" || fail "expected the English, then the Spanish voice: $out"
out=$("$B" --language es --scenario "$D/accents.json" --seed 0 --choices sobre,separar,actuar \
    --speak-to "$T/es-es.wav") || fail "--speak-to exited $?"
echo "$out"
echo "$out" | grep -q "in voices es:" || fail "expected only the Spanish voice: $out"

echo "== the debrief is read too: verdict, score and lessons"
out=$("$B" --scenario "$D/accents.json" --seed 0 --choices sobre,separar,actuar \
    --speak-to "$T/debrief.wav") || fail "--speak-to exited $?"
check_sound "$T/debrief.wav" 10

echo "all self-voicing checks passed"
