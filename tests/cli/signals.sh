#!/bin/sh
# tests/cli/signals.sh - SIGINT and a closed output pipe, end to end
#
# SIGINT: kijang blocked reading a pipe is interrupted; it must write the
# documents it finished, then exit 130. A closed output pipe must end the run
# quietly: nothing on stderr.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0

# -- SIGINT while waiting for input ------------------------------------------
mkfifo "$scratch/in"
( printf 'Satu dokumen.\nDua dokumen.\n'; sleep 20 ) > "$scratch/in" &
feeder=$!
"$KIJANG" tag --input lines --format jsonl < "$scratch/in" \
    > "$scratch/int.out" 2> "$scratch/int.err" &
pid=$!
# Wait until both documents are read (the process is then blocked in read).
sleep 1
kill -INT "$pid"
status=0
wait "$pid" || status=$?
kill "$feeder" 2>/dev/null || true
if [ "$status" != 130 ]; then
    echo "FAIL sigint: exit status $status, expected 130"; failed=$((failed + 1))
elif [ "$(wc -l < "$scratch/int.out")" != 2 ]; then
    echo "FAIL sigint: finished documents were not written"; cat "$scratch/int.out"
    failed=$((failed + 1))
else
    echo "ok   sigint"
fi

# -- closed output pipe -------------------------------------------------------
i=0
while [ $i -lt 2000 ]; do
    echo "Menteri Perindustrian bertemu Menteri METI di Tokyo, baris $i."
    i=$((i + 1))
done > "$scratch/many.txt"
"$KIJANG" tag --input lines < "$scratch/many.txt" 2> "$scratch/pipe.err" | head -n 1 > /dev/null
if [ -s "$scratch/pipe.err" ]; then
    echo "FAIL closed pipe: stderr not empty"; cat "$scratch/pipe.err"
    failed=$((failed + 1))
else
    echo "ok   closed pipe"
fi

echo "$((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
