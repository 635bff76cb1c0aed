#!/usr/bin/env bash
# report.sh: beneath-report's gradebook, class report and completion record
# on a recorded class, with filters; the HTML pages are opened in headless
# Chromium (DOM and screenshot checked, the certificate printed to PDF).
# Screenshots are left in WORK_DIR for review.
# usage: report.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -uo pipefail
B=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
T=$3
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T"
T=$(cd "$T" && pwd)
export BENEATH_DATA_DIR=$T/data
DB=$T/records.sqlite
play() { # WHO CLASS SCENARIO ARGS...
    local who=$1 class=$2 sc=$3
    shift 3
    "$B/beneath-play" "$SRC/scenarios/$sc.json" --trainee "$who" --class "$class" --records "$DB" \
        --quiet "$@" >/dev/null
}
best() { sed -n 's/^best: //p' "$SRC/scenarios/$1.paths.txt"; }
for who in "Avery Cole" "<b>Blake</b> & Co" "=2+3" "Nguyễn Thị Hương"; do
    for seed in 1 2; do
        play "$who" "Academy 7" domestic-call --random "$seed"
        play "$who" "Academy 7" traffic-stop --random "$((seed + 10))"
    done
done
play "Avery Cole" "Academy 7" domestic-call --choices "$(best domestic-call)" || fail "best path"
play "Avery Cole" "Academy 7" traffic-stop --choices "$(best traffic-stop)" || fail "best path"
play "Other Class" "Academy 8" traffic-stop --random 5
R() { "$B/beneath-report" --records "$DB" "$@"; }

echo "== gradebook (CSV)"
R --csv "$T/all.csv" || fail "--csv"
[[ $(head -1 "$T/all.csv") == $'trainee,class,scenario,title,attempts,best score,passed,first passed,last attempt,versions\r' ]] ||
    fail "header: $(head -1 "$T/all.csv")"
[[ $(wc -l <"$T/all.csv") == 10 ]] || fail "expected 9 rows (trainee x scenario), got $(($(wc -l <"$T/all.csv") - 1))"
grep -q '^"'"'"'=2+3",' "$T/all.csv" || fail "a formula-like name is not neutralised"
grep -q '^Avery Cole,Academy 7,domestic-call,"Domestic disturbance, Linden Court",3,100,yes,' "$T/all.csv" ||
    fail "Avery's row: $(grep '^Avery' "$T/all.csv")"
R --csv "$T/a8.csv" --class "Academy 8" || fail "--class"
[[ $(wc -l <"$T/a8.csv") == 2 ]] || fail "--class Academy 8 kept $(($(wc -l <"$T/a8.csv") - 1)) rows"
R --csv "$T/ts.csv" --scenario traffic-stop || fail "--scenario"
grep -q domestic-call "$T/ts.csv" && fail "--scenario kept another scenario"
R --csv "$T/none.csv" --since 2999-01-01 || fail "--since"
[[ $(wc -l <"$T/none.csv") == 1 ]] || fail "--since in the future kept rows"
R --csv "$T/x.csv" --since yesterday 2>/dev/null && fail "a bad --since accepted"

echo "== class report (HTML): self-contained, escaped"
R --html "$T/class.html" --class "Academy 7" || fail "--html"
grep -qi '<script\|src=\|href=\|url(' "$T/class.html" && fail "the page loads or runs something"
grep -q '&lt;b&gt;Blake&lt;/b&gt; &amp; Co' "$T/class.html" || fail "a name was not escaped"
grep -q '<b>Blake' "$T/class.html" && fail "raw HTML from a name"
for h in "Pass rate per scenario" "Indicators most often missed" \
    "Indicators most often seen but not acted on" "Most common critical errors" \
    "Each trainee's progress"; do
    grep -q "$h" "$T/class.html" || fail "no section \"$h\""
done
R --certificate "$T/cert.html" --trainee "Avery Cole" || fail "--certificate"
grep -q 'Domestic disturbance, Linden Court' "$T/cert.html" || fail "certificate lacks a passed scenario"
R --certificate "$T/x.html" 2>/dev/null && fail "--certificate without --trainee accepted"

echo "== in headless Chromium"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome) ||
    fail "chromium is not installed (tools/deps.sh installs it)"
chrome() {
    local profile
    profile=$(mktemp -d)
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --user-data-dir="$profile" --no-first-run "$@" 2>>"$T/chromium.log"
    local rc=$?
    rm -rf "$profile"
    return $rc
}
chrome --dump-dom "file://$T/class.html" >"$T/class.dom" || fail "chromium could not open the page"
[[ $(grep -o '<svg' "$T/class.dom" | wc -l) -ge 8 ]] || fail "charts missing in the rendered page"
grep -q 'Nguyễn Thị Hương' "$T/class.dom" || fail "UTF-8 name lost in the browser"
for size in 800,1400 1920,1400; do
    chrome --window-size=$size --screenshot="$T/class-${size%,*}.png" "file://$T/class.html" \
        >/dev/null || fail "screenshot at $size"
    colors=$(convert "$T/class-${size%,*}.png" -format '%k' info:)
    ((colors > 50)) || fail "the screenshot at $size looks blank ($colors colours)"
done
chrome --window-size=900,900 --screenshot="$T/cert.png" "file://$T/cert.html" >/dev/null ||
    fail "certificate screenshot"
chrome --print-to-pdf="$T/cert.pdf" --no-pdf-header-footer "file://$T/cert.html" >/dev/null ||
    fail "certificate does not print"
[[ $(head -c 5 "$T/cert.pdf") == "%PDF-" ]] || fail "no PDF"
echo "all report checks passed (screenshots in $T)"
