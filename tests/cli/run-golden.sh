#!/bin/sh
# tests/cli/run-golden.sh - golden command-line tests
#
# Each directory tests/cli/<scenario>/ holds:
#   args             the arguments to kijang, one per line (@DIR@ is replaced
#                    by the scenario directory; @TMP@ by a scratch directory)
#   stdin            optional: standard input (else /dev/null)
#   expected.out     standard output, byte for byte
#   expected.err     standard error, byte for byte (optional: empty)
#   expected.status  exit status (optional: 0)
# The test runs kijang from inside the scenario directory, so file operands
# are written as relative paths and appear so in ids and messages, with
# tests/cli/default-lexicon.tsv as the default lexicon.
# Regenerate after an intended change: KIJANG_BLESS=1 make check.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0
total=0
for dir in "$KIJANG_SRCDIR"/tests/cli/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    total=$((total + 1))
    out="$scratch/$name.out"
    err="$scratch/$name.err"
    tmp="$scratch/$name.tmp"
    mkdir -p "$tmp"
    set --
    while IFS= read -r a || [ -n "$a" ]; do
        a=$(printf '%s' "$a" | sed -e "s|@DIR@|$dir|g" -e "s|@TMP@|$tmp|g")
        set -- "$@" "$a"
    done < "$dir/args"
    in=/dev/null
    [ -f "$dir/stdin" ] && in="$dir/stdin"
    status=0
    # The golden default lexicon, named relative to the scenario directory
    # so that sources print the same everywhere.
    (cd "$dir" && KIJANG_DEFAULT_LEXICON=../default-lexicon.tsv run_kijang "$@") \
        < "$in" > "$out" 2> "$err" || status=$?
    want_status=0
    [ -f "$dir/expected.status" ] && want_status=$(cat "$dir/expected.status")
    if [ "${KIJANG_BLESS:-0}" = 1 ]; then
        cp "$out" "$dir/expected.out"
        cp "$err" "$dir/expected.err"
        echo "$status" > "$dir/expected.status"
        continue
    fi
    ok=1
    cmp -s "$out" "$dir/expected.out" || { ok=0; echo "FAIL $name: stdout differs"; diff "$dir/expected.out" "$out" | head -20 || true; }
    if [ -f "$dir/expected.err" ]; then
        cmp -s "$err" "$dir/expected.err" || { ok=0; echo "FAIL $name: stderr differs"; diff "$dir/expected.err" "$err" | head -20 || true; }
    elif [ -s "$err" ]; then
        ok=0; echo "FAIL $name: unexpected stderr"; head -5 "$err"
    fi
    [ "$status" = "$want_status" ] || { ok=0; echo "FAIL $name: exit status $status, expected $want_status"; }
    if [ $ok = 1 ]; then echo "ok   $name"; else failed=$((failed + 1)); fi
done
echo "$((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
