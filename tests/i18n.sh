#!/bin/sh
# i18n.sh: every string marked for translation (_("..."), N_("..."),
# i18n_plural) in the files listed in assets/locale/POTFILES is translated,
# not fuzzy, in every assets/locale/*.po, with printf conversions that match
# the English (msgfmt --check); every source file that marks strings is
# listed; and the template assets/locale/beneath.pot has the code's strings
# (tools/i18n-update makes it and merges it into the .po files). Exit 77 (skipped) without gettext's tools; tools/deps.sh installs
# them. usage: i18n.sh SOURCE_DIR WORK_DIR
set -u
SRC=$1
T=$2
command -v xgettext >/dev/null 2>&1 && command -v msgattrib >/dev/null 2>&1 || {
    echo "SKIPPED: needs gettext (xgettext, msgfmt, msgattrib)"
    exit 77
}
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
cd "$SRC" || exit 1
L=assets/locale
# files that mark strings must be in POTFILES
for f in $(grep -rlE '\b(N?_|i18n_plural)\("' game tools --include='*.c' | sort); do
    grep -qx "$f" $L/POTFILES || fail "$f marks strings for translation but is not in $L/POTFILES"
done
sh tools/i18n-update "$T/beneath.pot" || fail "xgettext (tools/i18n-update)"
n=$(grep -c '^msgid ' "$T/beneath.pot")
echo "$((n - 1)) strings marked in $(wc -l <$L/POTFILES) files"
# the shipped template is what a translator starts a new language from
msgcmp --use-untranslated $L/beneath.pot "$T/beneath.pot" 2>"$T/cmp" &&
    msgcmp --use-untranslated "$T/beneath.pot" $L/beneath.pot 2>>"$T/cmp" ||
    fail "$L/beneath.pot is not the code's strings (run tools/i18n-update): $(head -5 "$T/cmp")"
for po in $L/*.po; do
    msgfmt --check --statistics -o /dev/null "$po" || fail "$po: msgfmt --check"
    msgcmp --use-untranslated "$po" "$T/beneath.pot" 2>"$T/cmp" ||
        fail "$po lacks strings of the code (run msgmerge): $(head -5 "$T/cmp")"
    msgattrib --untranslated --no-obsolete "$po" -o "$T/untranslated.po"
    if [ -s "$T/untranslated.po" ] && grep -q '^msgid "[^"]' "$T/untranslated.po"; then
        fail "$po: untranslated strings: $(grep '^msgid "[^"]' "$T/untranslated.po" | head -5)"
    fi
    msgattrib --only-fuzzy --no-obsolete "$po" -o "$T/fuzzy.po"
    if [ -s "$T/fuzzy.po" ] && grep -q '^msgid "[^"]' "$T/fuzzy.po"; then
        fail "$po: fuzzy (unchecked) translations: $(grep '^msgid "[^"]' "$T/fuzzy.po" | head -5)"
    fi
    echo "ok: $po"
done
echo "all translation checks passed"
