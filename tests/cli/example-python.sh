#!/bin/sh
# tests/cli/example-python.sh - examples/stream_jsonl.py end to end
#
# The script keeps one kijang process and, for each text, writes a line and
# reads the answer before writing the next: this only works if kijang
# answers every line at once. Skips (77) where python3 is missing.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

command -v python3 > /dev/null || { echo "SKIP: no python3"; exit 77; }
printf '%s\n' "Presiden Joko Widodo tiba di Jakarta." \
    "Rapat dibuka oleh Kementerian Perindustrian." \
    "Tanpa nama apa pun di sini." > "$scratch/in.txt"
printf 'PER\tJoko Widodo\nLOC\tJakarta\n\nORG\tKementerian Perindustrian\n\n\n' \
    > "$scratch/want"
status=0
timeout 60 python3 "$KIJANG_SRCDIR/examples/stream_jsonl.py" "$KIJANG" \
    < "$scratch/in.txt" > "$scratch/got" || status=$?
if [ "$status" = 0 ] && cmp -s "$scratch/want" "$scratch/got"; then
    echo "ok   stream_jsonl.py: three documents through one kijang process"
else
    echo "FAIL stream_jsonl.py (status $status)"
    diff "$scratch/want" "$scratch/got" || true
    exit 1
fi
