#!/usr/bin/env bash
# install-test.sh: installs the Debian package, runs what it installed and
# removes it, twice:
#  1. into a clean root with `dpkg --root` (no chroot, no network): the root's
#     package database holds only the package's dependencies (their status
#     copied from this machine, so dpkg checks Depends and their versions) and
#     the dependencies' data files the game links to (the DejaVu font);
#  2. on this machine with `dpkg -i`, then `dpkg -r` (skipped, saying so, if
#     a copy is already installed, which the test must not remove).
# In each: every program's --version, the manual pages, beneath-lint --werror
# and the author tests on the installed scenarios, a headless screenshot that
# must use the installed font, a kiosk start with the example system
# settings; after removal no file of the package may be left.
# Needs root (CI runs as root). usage: install-test.sh PACKAGE.deb
set -euo pipefail
deb=$(realpath "$1")
pkg=$(dpkg-deb -f "$deb" Package)
work=$(mktemp -d /tmp/beneath-package-test.XXXXXX)
system_installed=0
cleanup() {
    if ((system_installed)); then
        dpkg -r "$pkg" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
if ((EUID != 0)); then
    echo "package install test: needs root (dpkg); run tools/test as root, as CI does" >&2
    exit 1
fi

# dpkg waits for no one: retry while another install holds the lock
dpkg_locked() {
    local i out
    for i in $(seq 1 60); do
        if out=$("$@" 2>&1); then
            return 0
        fi
        if ! grep -q 'lock' <<<"$out"; then
            echo "$out" >&2
            return 1
        fi
        sleep 5
    done
    echo "$out" >&2
    return 1
}

# run_installed ROOT: runs the installed programs found under ROOT/usr
run_installed() {
    local root=$1 bin=$1/usr/bin share=$1/usr/share home
    home=$(mktemp -d "$work/home.XXXXXX")
    echo "-- --version of every program"
    for p in beneath beneath-lint beneath-play beneath-paths beneath-graph beneath-new \
        beneath-bench beneath-paths-gen; do
        [[ -x $bin/$p ]] || fail "$p is not installed"
        "$bin/$p" --version | grep -q "^$p [0-9]" || fail "$p --version"
        local section=1
        [[ $p == beneath ]] && section=6
        [[ -s $share/man/man$section/$p.$section.gz ]] || fail "no manual page for $p"
        man --warnings -l "$share/man/man$section/$p.$section.gz" 2>&1 >/dev/null |
            grep . && fail "man $p has warnings"
    done
    echo "-- beneath-lint --werror and the author tests on the installed scenarios"
    "$bin/beneath-lint" --werror "$share/beneath/scenarios" || fail "installed scenarios do not lint"
    for t in "$share"/beneath/scenarios/*.tests.json; do
        "$bin/beneath-play" --check "$t" >/dev/null || fail "author tests $t"
    done
    echo "-- a headless screenshot with the installed data and font"
    local out
    out=$(env -i PATH=/usr/bin:/bin HOME="$home" SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
        "$bin/beneath" --screen title --screenshot "$home/title.bmp" 2>&1) ||
        fail "screenshot: $out"
    [[ -z $out ]] || fail "the installed game complained: $out"
    [[ -s $home/title.bmp ]] || fail "no screenshot"
    env -i PATH=/usr/bin:/bin HOME="$home" SDL_VIDEODRIVER=dummy \
        "$bin/beneath" --check-layout --size 800x600 | grep -q 'layout ok' ||
        fail "layout of the installed scenarios"
    echo "-- a kiosk started by the example system settings"
    mkdir -p "$home/etc"
    cp "$share/doc/$pkg/examples/settings.json" "$home/etc/settings.json"
    out=$(env -i PATH=/usr/bin:/bin HOME="$home" SDL_VIDEODRIVER=dummy \
        BENEATH_SYSTEM_CONFIG_DIR="$home/etc" "$bin/beneath" --save-attempts --screen title \
        --screenshot "$home/kiosk.bmp" 2>&1) || fail "kiosk start: $out"
    grep -q 'settings' <<<"$out" && fail "the example settings were refused: $out"
    [[ -s $home/kiosk.bmp ]] || fail "no kiosk screenshot"
    echo "-- the desktop entry's program and icon are installed"
    grep -q '^Exec=beneath$' "$share/applications/"*.desktop || fail "desktop entry Exec"
    [[ -s $share/icons/hicolor/scalable/apps/org.beneaththesurface.Beneath.svg ]] || fail "icon"
    [[ -s $share/doc/$pkg/copyright ]] || fail "copyright file"
    grep -q 'bitstream-vera' "$share/doc/$pkg/copyright" || fail "font licence not in copyright"
}

# files_left ROOT LIST: fails if any file of LIST is still under ROOT
files_left() {
    local root=$1 list=$2 f
    while read -r f; do
        [[ -e $root$f && ! -d $root$f ]] && fail "$f left after removal"
    done <"$list"
    return 0
}

echo "== 1. install into a clean root with dpkg --root"
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/available"
: >"$root/var/lib/dpkg/status"
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (].*//; /^$/d')
for d in $deps; do
    dpkg-query -s "$d" >>"$root/var/lib/dpkg/status" ||
        fail "dependency $d is not installed on this machine"
    echo >>"$root/var/lib/dpkg/status"
    # data files the package links to (fonts), not programs or libraries
    list=$root/var/lib/dpkg/info/$(dpkg-query -W -f='${binary:Package}' "$d").list
    : >"$list"
    for f in $(dpkg -L "$d" | grep '^/usr/share/fonts/' || true); do
        if [[ -f $f ]]; then
            mkdir -p "$root$(dirname "$f")"
            cp "$f" "$root$f"
            echo "$f" >>"$list"
        fi
    done
done
dpkg --root="$root" -i "$deb" >/dev/null || fail "dpkg --root -i"
dpkg --root="$root" -L "$pkg" >"$work/files-root"
run_installed "$root"
dpkg --root="$root" -r "$pkg" >/dev/null || fail "dpkg --root -r"
files_left "$root" "$work/files-root"
echo "clean root: installed, ran and removed cleanly"

echo "== 2. install on this machine with dpkg -i, then dpkg -r"
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    echo "SKIPPED: $pkg is already installed on this machine; not touching it"
    exit 0
fi
system_installed=1
dpkg_locked dpkg -i "$deb" || fail "dpkg -i"
[[ $(command -v beneath) == /usr/bin/beneath ]] || fail "beneath is not on PATH"
dpkg -L "$pkg" >"$work/files-system"
run_installed ""
dpkg_locked dpkg -r "$pkg" || fail "dpkg -r"
system_installed=0
files_left "" "$work/files-system"
dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' &&
    fail "still installed after dpkg -r"
echo "this machine: installed, ran and removed cleanly"
