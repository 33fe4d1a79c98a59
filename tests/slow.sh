#!/bin/sh
# tests/slow.sh - huge and pathological inputs (make check-slow; not in CI)
#
# A 200 MB line, 1 million tokens with no sentence end, time linear in the
# document's length, a lexicon of 100,000 entries sharing a 30-token
# prefix, and an entry of 1,000 tokens (refused: entries have at most 64).
# Prints the time and peak memory of each; the limits checked are the ones
# README.md states.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0
corpus="$KIJANG_SRCDIR/corpus/docs"
measure() {   # measure NAME CMD...: run, print time and peak RSS
    name=$1
    shift
    status=0
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" > "$scratch/out" 2> "$scratch/err" || status=$?
    read -r secs kb < "$scratch/time" || true
    echo "     $name: ${secs}s, $((kb / 1024)) MB peak, exit $status"
}

# One text of about 200 MB with no line break: the corpus, repeated.
cat "$corpus"/*.txt | tr '\n' ' ' > "$scratch/unit.txt"
: > "$scratch/huge.txt"
while [ "$(wc -c < "$scratch/huge.txt")" -lt 200000000 ]; do
    cat "$scratch/unit.txt" "$scratch/unit.txt" "$scratch/unit.txt" "$scratch/unit.txt" >> "$scratch/huge.txt"
done
bytes=$(wc -c < "$scratch/huge.txt")
measure "200 MB line, --input lines, JSONL" "$KIJANG" tag -q -j 1 --input lines -f jsonl -o /dev/null "$scratch/huge.txt"
if [ "$status" = 0 ] && [ "$kb" -lt $((bytes / 1024 * 48)) ]; then
    echo "ok   200 MB line (memory under 48 bytes per input byte)"
else
    echo "FAIL 200 MB line"; cat "$scratch/err"; failed=$((failed + 1))
fi

# 1 million tokens and no sentence end.
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "%s ", (i % 7 ? "kata" : "Jakarta") }' \
    > "$scratch/notend.txt"
measure "1M tokens, one sentence" "$KIJANG" tag -q -j 1 -f jsonl -o "$scratch/notend.json" "$scratch/notend.txt"
if [ "$status" = 0 ] && grep -q '"sentences":\[\[0,1000000\]\]' "$scratch/notend.json"; then
    echo "ok   1M tokens with no sentence end"
else
    echo "FAIL 1M tokens"; cat "$scratch/err"; failed=$((failed + 1))
fi

# Time linear in the length of one document: 8x the text, at most 12x the time.
head -c 2000000 "$scratch/huge.txt" > "$scratch/2mb.txt"
head -c 16000000 "$scratch/huge.txt" > "$scratch/16mb.txt"
measure "2 MB document" "$KIJANG" tag -q -j 1 -o /dev/null "$scratch/2mb.txt"
t2=$secs
measure "16 MB document" "$KIJANG" tag -q -j 1 -o /dev/null "$scratch/16mb.txt"
t16=$secs
if [ "$(echo "$t16 <= 12 * $t2 + 0.5" | bc)" = 1 ]; then
    echo "ok   time linear in the document (2 MB ${t2}s, 16 MB ${t16}s)"
else
    echo "FAIL time not linear: 2 MB ${t2}s, 16 MB ${t16}s"; failed=$((failed + 1))
fi

# 100,000 entries sharing a 30-token prefix, and text full of it.
awk 'BEGIN { p = "Kementerian"; for (i = 1; i < 30; i++) p = p " Kementerian";
             for (i = 0; i < 100000; i++) printf "%s Nomor%d\tORG\n", p, i }' > "$scratch/prefix.tsv"
awk 'BEGIN { p = "Kementerian"; for (i = 1; i < 30; i++) p = p " Kementerian";
             for (i = 0; i < 2000; i++) printf "%s Nomor%d hadir. ", p, i * 37 }' > "$scratch/prefix.txt"
measure "compile 100,000 entries with a shared 30-token prefix" \
    "$KIJANG" compile "$scratch/prefix.tsv" -o "$scratch/prefix.kjlex"
c_status=$status
measure "tag text full of that prefix" \
    "$KIJANG" tag -q -j 1 --no-default-lexicon -l "$scratch/prefix.kjlex" -f jsonl "$scratch/prefix.txt"
if [ "$c_status" = 0 ] && [ "$status" = 0 ] &&
   [ "$(grep -o '"label":"ORG"' "$scratch/out" | wc -l)" = 2000 ]; then
    echo "ok   pathological lexicon: shared prefix"
else
    echo "FAIL pathological lexicon"; cat "$scratch/err"; failed=$((failed + 1))
fi

# An entry of 1,000 tokens is refused with its line, not truncated.
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "kata%d ", i; printf "akhir\tPROG\n" }' > "$scratch/long.tsv"
status=0
"$KIJANG" compile "$scratch/long.tsv" -o "$scratch/long.kjlex" 2> "$scratch/err" || status=$?
if [ "$status" = 3 ] && grep -q 'long.tsv:1: error:' "$scratch/err" && [ ! -e "$scratch/long.kjlex" ]; then
    echo "ok   an entry of 1,000 tokens is refused"
else
    echo "FAIL 1,000-token entry (status $status)"; failed=$((failed + 1))
fi

[ "$failed" = 0 ]
