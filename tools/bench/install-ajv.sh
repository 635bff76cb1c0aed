#!/usr/bin/env bash
# install-ajv.sh: installs ajv-cli (pinned in tools/bench/ajv/package-lock.json)
# into BUILD_DIR/bench-ajv, where `beneath-bench --lint` looks for it to time a
# JSON Schema check of the same files beside beneath-lint. Benchmark only:
# the build and the tests never need it. Needs node and npm (tools/deps.sh).
# usage: tools/bench/install-ajv.sh [BUILD_DIR]   (default: build)
set -euo pipefail
SRC=$(cd "$(dirname "$0")" && pwd)/ajv
B=$(cd "${1:-build}" && pwd)
D=$B/bench-ajv
if cmp -s "$SRC/package-lock.json" "$D/package-lock.json" && [[ -x $D/node_modules/.bin/ajv ]]; then
    echo "ajv is installed in $D"
    exit 0
fi
command -v npm >/dev/null || {
    echo "install-ajv.sh: npm is not installed (tools/deps.sh installs it)" >&2
    exit 1
}
rm -rf "$D"
mkdir -p "$D"
cp "$SRC/package.json" "$SRC/package-lock.json" "$D/"
(cd "$D" && npm ci --no-audit --no-fund --loglevel=error)
echo "ajv installed in $D"
