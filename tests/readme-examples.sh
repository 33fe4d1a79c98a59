#!/bin/sh
# tests/readme-examples.sh - run the ```console examples of README.md
#
# In each ```console block, a line "$ COMMAND" is run with sh from the source
# directory (with the kijang under test first on PATH) and what follows, up
# to the next "$ " line or the end of the block, is its expected output.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

bindir=$(dirname "$KIJANG")
awk -v dir="$scratch" '
    /^```console$/ { inblock = 1; next }
    /^```$/ && inblock { inblock = 0; next }
    inblock && /^\$ / { n++; cmd = dir "/cmd" n; ex = dir "/exp" n;
                        print substr($0, 3) > cmd; close(cmd); printf "" > ex; next }
    inblock { print >> ex }
' "$KIJANG_SRCDIR/README.md"

failed=0
total=0
for cmd in "$scratch"/cmd*; do
    [ -f "$cmd" ] || continue
    total=$((total + 1))
    n=${cmd##*cmd}
    (cd "$KIJANG_SRCDIR" && PATH="$bindir:$PATH" sh "$cmd") > "$scratch/got$n" 2>&1 || true
    if cmp -s "$scratch/got$n" "$scratch/exp$n"; then
        echo "ok   README example $n"
    else
        echo "FAIL README example $n: $(cat "$cmd")"
        diff "$scratch/exp$n" "$scratch/got$n" | head -20 || true
        failed=$((failed + 1))
    fi
done
[ "$total" -gt 0 ] || { echo "FAIL no examples found in README.md"; exit 1; }
echo "$((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
