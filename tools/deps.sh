# Sourced by tools/run and tools/test: installs the Debian packages the build
# and tests need, only those missing, saying what and why.
# shellcheck shell=bash
beneath_install_deps() {
    local want=(
        "cmake:build system"
        "pkg-config:finds the libraries below"
        "gcc:C compiler"
        "make:build driver"
        "libcjson-dev:JSON parser used by the engine core"
        "libsqlite3-dev:the training records database"
        "sqlite3:tests read the records database"
        "libcurl4-openssl-dev:sends results to a learning record store (xAPI)"
        "chromium:tests open the HTML reports in a headless browser"
        "python3:a misbehaving learning record store for the sender's tests"
        "curl:tests read statements back from the learning record store"
        "libcriterion-dev:unit test framework"
        "libsdl2-dev:window, input and rendering for the game"
        "libsdl2-ttf-dev:text rendering for the game"
        "fonts-dejavu-core:fallback font"
        "libfribidi-dev:right-to-left text (Arabic, Hebrew) in the right order"
        "fonts-noto-core:fonts for Arabic, Hebrew, Indic, Thai, Khmer, Ethiopic lines"
        "fonts-droid-fallback:font for Chinese and Japanese lines"
        "fonts-nanum:font for Korean lines"
        "fonts-symbola:font for emoji"
        "libespeak-ng-dev:reads the screen aloud (self-voicing)"
        "sox:tests measure the speech"
        "xvfb:virtual display for screenshot tests"
        "xauth:needed by xvfb-run"
        "xdotool:types and clicks into the game on Xvfb (kiosk test)"
        "imagemagick:converts screenshots for review and golden comparisons"
        "graphviz:beneath-graph --svg renders scenario maps"
        "clang:sanitizer and fuzzer builds"
        "libclang-rt-14-dev:sanitizer runtimes for clang"
        "dpkg-dev:dpkg-shlibdeps and dpkg-buildflags for the Debian package (tools/package)"
        "lintian:checks the Debian package"
        "desktop-file-utils:checks the desktop entry"
        "appstream:checks the AppStream metadata"
    )
    local missing=() item pkg why
    for item in "${want[@]}"; do
        pkg=${item%%:*}
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    # node and npm run a real learning record store in the tests; a node
    # installed another way (NodeSource bundles npm) is fine as it is
    if ! command -v npm >/dev/null 2>&1; then
        want+=("nodejs:runs the learning record store in the tests" "npm:installs it")
        missing+=(nodejs npm)
    fi
    ((${#missing[@]})) || return 0
    echo "Installing missing packages:"
    for item in "${want[@]}"; do
        pkg=${item%%:*}
        why=${item#*:}
        for m in "${missing[@]}"; do
            [[ $m == "$pkg" ]] && echo "  $pkg  ($why)"
        done
    done
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
