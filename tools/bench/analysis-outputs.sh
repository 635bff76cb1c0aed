#!/usr/bin/env bash
# analysis-outputs.sh: records what beneath-lint and beneath-paths print for
# every bundled scenario and every file of the test corpora, with timing
# figures taken out, so a change that should only make the analyses faster
# can be checked to change no result:
#   tools/bench/analysis-outputs.sh OLD_BUILD /tmp/before
#   tools/bench/analysis-outputs.sh build /tmp/after
#   diff -r /tmp/before /tmp/after && echo same
# Extra files (say the benchmark's generated ones) may follow the folders.
# usage: analysis-outputs.sh BUILD_DIR OUT_DIR [FILE...]
set -uo pipefail
if (($# < 2)); then
    echo "usage: analysis-outputs.sh BUILD_DIR OUT_DIR [FILE...]" >&2
    exit 2
fi
B=$(cd "$1" && pwd)
OUT=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
shift 2
mkdir -p "$OUT"
cd "$SRC" || exit 2
files=(scenarios/*.json)
while IFS= read -r f; do
    files+=("$f")
done < <(find tests/corpus tests/authoring/data -name '*.json' | sort)
files+=("$@")
for f in "${files[@]}"; do
    name=$(printf '%s' "$f" | tr '/' '_')
    # output and messages apart (interleaved, they would differ by buffering),
    # then the exit status; "N ms" is the only figure that varies
    {
        "$B/beneath-lint" "$f" 2>"$OUT/$name.lint.err"
        echo "exit $?"
    } >"$OUT/$name.lint"
    case $f in
    *.tests.json | *catalog*.json | *course.json) continue ;;
    esac
    {
        "$B/beneath-paths" "$f" 2>"$OUT/$name.paths.err" | sed -E 's/, [0-9]+ ms/, N ms/'
        echo "exit ${PIPESTATUS[0]}"
    } >"$OUT/$name.paths"
done
echo "${#files[@]} files recorded in $OUT"
