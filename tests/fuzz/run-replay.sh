#!/bin/sh
# tests/fuzz/run-replay.sh - make check: every fuzz target, linked with
# replay.c instead of libFuzzer, over its seeds (tests/fuzz/seeds/NAME) and
# its regressions (tests/fuzz/regressions/NAME), each file whole, truncated
# and with bytes flipped; kjlex also over the build's default.kjlex and
# rules.kjlex. Inputs under tests/fuzz/pending/ (crashes not fixed yet) are
# not run.
set -eu
src=${KIJANG_SRCDIR:?}/tests/fuzz
bin=${KIJANG_FUZZ_REPLAY_DIR:?}
: "${KIJANG_FUZZ_LEXICON_DIR:?}"
export KIJANG_FUZZ_LEXICON_DIR
pass=0
fail=0
for t in text lexsrc kjlex readers pipeline; do
    set --
    for f in "$src/seeds/$t"/* "$src/regressions/$t"/*; do
        if test -f "$f"; then
            set -- "$@" "$f"
        fi
    done
    if test "$t" = kjlex; then
        set -- "$@" "${KIJANG_DEFAULT_LEXICON:?}" "${KIJANG_RULES_LEXICON:?}"
    fi
    if test $# -eq 0; then
        echo "FAIL: $t: no inputs in $src/seeds/$t"
        fail=$((fail + 1))
        continue
    fi
    if "$bin/fuzz_${t}_replay" "$@" > "$bin/replay-$t.out" 2>&1; then
        echo "PASS: fuzz_$t over $# files"
        pass=$((pass + 1))
    else
        echo "FAIL: fuzz_$t (exit $?):"
        tail -n 20 "$bin/replay-$t.out"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
test "$fail" -eq 0
