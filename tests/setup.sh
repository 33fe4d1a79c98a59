# tests/setup.sh - sourced by the shell test drivers
# Strict mode, C locale, a scratch directory removed on exit, and $KIJANG
# (the program under test), wrapped in valgrind when KIJANG_VALGRIND=1.
set -eu
LC_ALL=C
export LC_ALL
: "${KIJANG:?KIJANG must name the kijang program}"
: "${KIJANG_SRCDIR:?KIJANG_SRCDIR must name the source tree}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kijang-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
run_kijang() {
    if [ "${KIJANG_VALGRIND:-0}" = 1 ]; then
        # kijang is a libtool wrapper script: let libtool run the real binary.
        "$KIJANG_LIBTOOL" --mode=execute valgrind -q --error-exitcode=99 \
            --leak-check=full --errors-for-leak-kinds=definite "$KIJANG" "$@"
    else
        "$KIJANG" "$@"
    fi
}
