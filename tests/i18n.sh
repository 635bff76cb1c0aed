#!/bin/sh
# i18n.sh: every string marked for translation (_("..."), N_("..."),
# i18n_plural) in the files listed in assets/locale/POTFILES is translated,
# not fuzzy, in every assets/locale/*.po, with printf conversions that match
# the English (msgfmt --check); and every source file that marks strings is
# listed. Exit 77 (skipped) without gettext's tools; tools/deps.sh installs
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
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=i18n_plural:1,2 \
    --no-location -f $L/POTFILES -o "$T/beneath.pot" || fail "xgettext"
n=$(grep -c '^msgid ' "$T/beneath.pot")
echo "$((n - 1)) strings marked in $(wc -l <$L/POTFILES) files"
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
