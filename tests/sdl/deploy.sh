#!/bin/sh
# deploy.sh: what an academy's deployment relies on, headless: --version,
# system-wide settings overridden per user (and refused values named), and
# the kiosk: its sign-in screen, no author mode, layout at both sizes.
# usage: deploy.sh BENEATH WORK_DIR
set -u
B=$1
T=$2
fail() {
    echo "FAIL: $*"
    exit 1
}
rm -rf "$T"
mkdir -p "$T/system" "$T/config"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config" BENEATH_SYSTEM_CONFIG_DIR="$T/system"

echo "== --version"
"$B" --version | grep -Eq '^beneath [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"

echo "== a system-wide kiosk setting: sign-in screen, identical to --kiosk"
echo '{"kiosk": true, "course": "Basic Academy 2026-3"}' >"$T/system/settings.json"
"$B" --save-attempts --screen title --screenshot "$T/system-kiosk.bmp" --size 800x600 ||
    fail "kiosk screenshot exited $?"
rm "$T/system/settings.json"
echo '{"course": "Basic Academy 2026-3"}' >"$T/system/settings.json"
"$B" --save-attempts --kiosk --screen title --screenshot "$T/flag-kiosk.bmp" --size 800x600 ||
    fail "--kiosk screenshot exited $?"
cmp -s "$T/system-kiosk.bmp" "$T/flag-kiosk.bmp" || fail "the kiosk setting and --kiosk differ"
"$B" --save-attempts --screen title --screenshot "$T/plain.bmp" --size 800x600 || fail "plain"
cmp -s "$T/plain.bmp" "$T/flag-kiosk.bmp" && fail "the kiosk title looks like the plain one"

echo "== a user's file cannot switch a system kiosk off"
echo '{"kiosk": true, "course": "Basic Academy 2026-3"}' >"$T/system/settings.json"
echo '{"kiosk": false}' >"$T/config/settings.json"
"$B" --save-attempts --screen title --screenshot "$T/user-off.bmp" --size 800x600 || fail "user-off"
cmp -s "$T/user-off.bmp" "$T/flag-kiosk.bmp" || fail "the user's file turned the kiosk off"
rm "$T/config/settings.json"

echo "== kiosk: no author mode"
out=$("$B" --save-attempts --author "$T/none.json" --screenshot "$T/a.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "author mode in a kiosk: exit $rc, expected 2"
echo "$out" | grep -q 'not available in kiosk mode' || fail "author refusal not explained"
rm "$T/system/settings.json"

echo "== kiosk layout, signed out and signed in, at 800x600 and 1920x1080"
for size in 800x600 1920x1080; do
    "$B" --kiosk --check-layout --size "$size" | grep -q 'layout ok' || fail "kiosk layout $size"
    "$B" --kiosk --trainee "Officer Diaz" --check-layout --size "$size" | grep -q 'layout ok' ||
        fail "signed-in kiosk layout $size"
done

echo "== a refused system value is named, and the game still starts"
echo '{"lrs_endpoint": "ftp://lrs.example", "course": "A"}' >"$T/system/settings.json"
out=$("$B" --save-attempts --screen title --screenshot "$T/bad.bmp" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "a refused value stopped the game: exit $rc"
echo "$out" | grep -q 'lrs_endpoint.*http' || fail "the refused key is not named"
echo "$out" | grep -q "$T/system/settings.json" || fail "the file is not named"

echo "== saving preferences does not copy system values into the user's file"
echo '{"course": "System course"}' >"$T/system/settings.json"
"$B" --save-attempts --trainee "Sam" --screen title --screenshot "$T/s.bmp" || fail "save run"
if [ -e "$T/config/settings.json" ]; then
    grep -q 'System course' "$T/config/settings.json" && fail "system value copied"
fi
echo "== --check-settings: the files read, the values in effect, problems"
printf 'key:secret\n' >"$T/lrs-credentials"
chmod 0644 "$T/lrs-credentials"
printf '{"lrs_endpoint": "https://lrs.example/xapi/", "lrs_auth_file": "%s", "course": "C3"}\n' \
    "$T/lrs-credentials" >"$T/system/settings.json"
out=$("$B" --check-settings)
rc=$?
echo "$out"
[ $rc -eq 1 ] || fail "--check-settings with a world-readable credentials file: exit $rc"
echo "$out" | grep -q "PROBLEM: LRS credentials: .*every user" || fail "credentials problem not shown"
echo "$out" | grep -q "$T/system/settings.json: read" || fail "system file not listed as read"
echo "$out" | grep -q 'course *"C3"' || fail "course not shown"
chmod 0640 "$T/lrs-credentials"
out=$("$B" --check-settings) || fail "--check-settings after chmod 0640: $out"
echo "$out" | grep -q '^settings ok$' || fail "no 'settings ok'"
echo '{"language": "english"}' >"$T/system/settings.json"
out=$("$B" --check-settings) && fail "a refused value passed --check-settings"
echo "$out" | grep -q 'PROBLEM: settings .*"language"' || fail "refused language not shown: $out"
echo "all deployment checks passed"
