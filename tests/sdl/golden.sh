#!/bin/sh
# golden.sh: renders a few screens and compares them with the reviewed images
# in tests/sdl/golden/ (ImageMagick `compare`, fuzz 8%, at most 0.5% of the
# pixels may differ). `golden.sh ... --update` rewrites the goldens; look at
# them before committing. Exits 77 (skipped) without ImageMagick.
# usage: golden.sh BENEATH SOURCE_DIR WORK_DIR [--update]
set -u
B=$1
SRC=$2
T=$3
UPDATE=${4:-}
G=$SRC/tests/sdl/golden
D=$SRC/tests/sdl/data
command -v compare >/dev/null 2>&1 && command -v convert >/dev/null 2>&1 || {
    echo "ImageMagick not installed: golden comparison skipped"
    exit 77
}
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export BENEATH_DATA_DIR="$T/data" BENEATH_CONFIG_DIR="$T/config"
rm -rf "$T"
mkdir -p "$T"
status=0
check() { # NAME SIZE ARGS... (at most 0.5 % of the pixels may differ, or
    # one in $PER pixels if PER is set: for a check whose point is a few words)
    name=$1
    size=$2
    shift 2
    "$B" --size "$size" --screenshot "$T/$name.bmp" "$@" || {
        echo "FAIL: $name: beneath exited $?"
        status=1
        return
    }
    if [ "$UPDATE" = "--update" ]; then
        convert "$T/$name.bmp" "$G/$name.png"
        echo "updated $G/$name.png"
        return
    fi
    w=${size%x*}
    h=${size#*x}
    limit=$((w * h / ${PER:-200}))
    diff=$(compare -metric AE -fuzz 8% "$G/$name.png" "$T/$name.bmp" null: 2>&1 | cut -d' ' -f1)
    case $diff in
    '' | *[!0-9.e+]*)
        echo "FAIL: $name: compare failed: $diff"
        status=1
        ;;
    *)
        d=$(printf '%.0f' "$diff")
        if [ "$d" -gt "$limit" ]; then
            echo "FAIL: $name: $d pixels differ (limit $limit); see $T/$name.bmp"
            status=1
        else
            echo "ok: $name ($d pixels differ, limit $limit)"
        fi
        ;;
    esac
}
check play-800x600 800x600 --scenario "$D/accents.json" --choices sobre
check debrief-1280x720 1280x720 --scenario "$D/accents.json" --choices sobre,separar,actuar
check classroom-1920x1080 1920x1080 --classroom --scenario "$D/accents.json" --choices separar
# Arabic right to left and joined, Chinese, Hebrew, Hindi, Vietnamese, emoji
check scripts-1280x720 1280x720 --scenario "$D/scripts.json" --seed 0 --choices telefono
check scripts-debrief-800x600 800x600 --scenario "$D/scripts.json" --seed 0 --choices telefono,hablar
# a scene's plan: rooms, doors, people, hotspots (two examined), the lock a look uncovered
check plan-1280x720 1280x720 --scenario "$SRC/scenarios/domestic-call.json" --seed 0 \
    --choices respond,pike,knock,enter,her-wrist,lock
# a plan in classroom mode at 1080p: room names too long for one line wrap
# onto two ("Jasmine Wellness", "Tax office", "Gary's house"), not cut short
PER=1000 check plan-classroom-1920x1080 1920x1080 --classroom --scenario "$SRC/scenarios/massage-complaint.json" \
    --seed 0 --choices stage,to-plaza
# the Spanish interface (assets/locale/es.po): the longer words still fit
check debrief-es-800x600 800x600 --language es --scenario "$D/accents.json" --choices sobre,separar,actuar
exit $status
