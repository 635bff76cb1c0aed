#!/bin/sh
# i18n-play.sh: beneath-play speaks the trainee's language: --language es
# gives Spanish prompts, scene lines and debrief; LANG=es_MX.UTF-8 does too
# with no Spanish system locale installed; --language en wins over LANG.
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
echo "ok: beneath-play follows the trainee's language"
