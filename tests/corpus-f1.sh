#!/bin/sh
# tests/corpus-f1.sh - the regression gate on kijang's own gold corpus
#
# Tags corpus/docs with the default lexicons and rules, scores the result
# against corpus/gold (CoNLL with provenance, and JSONL on character
# offsets) with kijang eval, and fails when F1 is more than 0.02 below the
# value recorded in corpus/README.md ("Recorded F1: X"). Also fails when
# the gold CoNLL's tokens are no longer kijang's (kijang eval checks).
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

readme="$KIJANG_SRCDIR/corpus/README.md"
recorded=$(sed -n 's/^Recorded F1: \([0-9][0-9.]*\).*/\1/p' "$readme" | head -1)
[ -n "$recorded" ] || { echo "FAIL no 'Recorded F1: X' line in $readme"; exit 1; }
min=$(awk -v r="$recorded" 'BEGIN { printf "%.4f", r - 0.02 }')
gold="$KIJANG_SRCDIR/corpus/gold"
failed=0

run_kijang tag --columns source "$KIJANG_SRCDIR/corpus/docs" > "$scratch/pred.conll"
run_kijang tag --format jsonl "$KIJANG_SRCDIR/corpus/docs" > "$scratch/pred.jsonl"
for fmt in conll jsonl; do
    status=0
    run_kijang eval --errors 0 --min-f1 "$min" "$gold/corpus.$fmt" \
        "$scratch/pred.$fmt" > "$scratch/report.$fmt" 2> "$scratch/err.$fmt" || status=$?
    f1=$(sed -n 's/^accuracy:.*FB1: *\([0-9.]*\)$/\1/p' "$scratch/report.$fmt")
    if [ "$status" = 0 ]; then
        echo "ok   corpus F1 ($fmt) $f1% (recorded $recorded, gate $min)"
    else
        echo "FAIL corpus F1 ($fmt) ${f1:-?}% (recorded $recorded, gate $min)"
        cat "$scratch/err.$fmt"
        failed=1
    fi
done
exit $failed
