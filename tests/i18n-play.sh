#!/bin/sh
# i18n-play.sh: beneath-play speaks the trainee's language: --language es
# gives Spanish prompts, scene lines and debrief; LANG=es_MX.UTF-8 does too
# with no Spanish system locale installed; --language en wins over LANG;
# --help, argument errors and --check's lines are Spanish too, and --json
# is the same in every language.
# usage: i18n-play.sh BENEATH_PLAY SOURCE_DIR
set -u
P=$1
S=$2/scenarios/traffic-stop.json
fail() {
    echo "FAIL: $*"
    exit 1
}
has() { # TEXT WHAT: the output so far contains TEXT
    printf '%s' "$out" | grep -qF -- "$1" || fail "$2: no \"$1\" in: $(printf '%s' "$out" | head -20)"
}
unset LC_ALL LC_MESSAGES BENEATH_ASSETS_DIR
export LANG=C.UTF-8

echo "== --language es: the prompt, the options and the debrief in Spanish"
out=$(printf 'zzz\nq\n' | "$P" --language es --seed 0 "$S" 2>&1)
has "Su elección (número o id, q para detenerse): " "prompt"
has "Escriba el número o el id de una opción, o q para detenerse." "retry prompt"
has "Observar con atención: " "a detail to look at"
has "(minuto 0)" "scene heading"
has "==== Análisis final: " "debrief heading"
has "Puntaje: " "score line"
printf '%s' "$out" | grep -q "Your choice" && fail "English prompt with --language es"

echo "== LANG=es_MX.UTF-8 (no such locale installed) gives Spanish too"
out=$(LANG=es_MX.UTF-8 "$P" --choices approach "$S" 2>&1)
has "==== Análisis final: " "LANG debrief heading"
has "Pasos del protocolo" "the lessons (debrief.c) in Spanish"

echo "== --language en wins over LANG"
out=$(printf 'q\n' | LANG=es_MX.UTF-8 "$P" --language en --seed 0 "$S" 2>&1)
has "Your choice (number or id, q to stop): " "English prompt"
has "==== Debrief: " "English debrief"
echo "== --help, argument errors and --check in Spanish, with plurals"
D=$2/tests/authoring/data
out=$("$P" --language es --help)
has "uso: beneath-play ESCENARIO" "usage"
has "--check PRUEBAS" "usage's --check"
out=$("$P" --language es --seed zz "$S" 2>&1)
has "beneath-play: --seed espera un número de 0 a 4294967295; se recibió \"zz\"" "--seed error"
out=$("$P" --language es --trainee " Ana" "$S" 2>&1)
has "beneath-play: --trainee: El nombre empieza o termina con un espacio." "a name rule (records.c)"
out=$("$P" --language es --check "$D/partly-bad.tests.json" 2>&1)
has ": 3 pruebas de " "--check heading"
has "SUPERADA  best play-through  (puntaje 100, aprobado, final end-good)" "a PASS line"
has "FALLIDA   typo in a field  (no ejecutada)" "a FAIL line"
has "1 superada, 2 fallidas" "--check counts (singular, plural)"
out=$("$P" --language es --check "$D/mini.tests.json" 2>&1)
has "3 superadas, 0 fallidas" "--check counts (plural)"
out=$("$P" --check "$D/partly-bad.tests.json" 2>&1)
has "PASS  best play-through  (score 100, passed, ending end-good)" "English PASS line"
has "1 passed, 2 failed" "English counts"

echo "== --json is the same in every language (machine-readable)"
en=$("$P" --language en --json --choices approach "$S") || true
es=$("$P" --language es --json --choices approach "$S") || true
[ -n "$en" ] && [ "$en" = "$es" ] || fail "--json differs with --language es: $es"
echo "ok: beneath-play follows the trainee's language"
