#!/bin/sh
# tests/cli/hostile.sh - hostile input end to end: a clear message, the
# documented exit status, and every good document of the run still tagged
#
# Each case runs kijang on the hostile input followed by a good document
# ("Gubernur Jawa Barat hadir di Jakarta.") and checks the exit status, a
# piece of the message on standard error, and that the good document's
# entity is in the output. (The huge inputs are in tests/slow.sh, run by
# `make check-slow`.)
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0
good="$scratch/good.txt"
printf 'Gubernur Jawa Barat hadir di Jakarta.\n' > "$good"

# case NAME STATUS MESSAGE-PIECE FILE [OPTIONS...]
case_() {
    name=$1 want=$2 msg=$3 file=$4
    shift 4
    status=0
    run_kijang tag -q -j 1 -f jsonl "$@" "$file" "$good" \
        > "$scratch/out" 2> "$scratch/err" || status=$?
    if [ "$status" != "$want" ]; then
        echo "FAIL $name: exit status $status, expected $want"; cat "$scratch/err"
        failed=$((failed + 1))
    elif [ -n "$msg" ] && ! grep -qF -- "$msg" "$scratch/err"; then
        echo "FAIL $name: no message '$msg'"; cat "$scratch/err"
        failed=$((failed + 1))
    elif ! grep -q '"text":"Jakarta"' "$scratch/out"; then
        echo "FAIL $name: the good document was not tagged"
        failed=$((failed + 1))
    elif ! tail -n 1 "$scratch/out" | grep -q '"id":".*good.txt"'; then
        echo "FAIL $name: output out of order or lost"
        failed=$((failed + 1))
    else
        echo "ok   $name"
    fi
}

printf 'A\300\257B di Jakarta\n' > "$scratch/overlong.txt"
case_ "overlong encoding" 0 "overlong.txt: warning: invalid UTF-8 at byte 1" "$scratch/overlong.txt"
printf 'X\355\240\200Y di Bali\n' > "$scratch/surrogate.txt"
case_ "encoded surrogate" 0 "surrogate.txt: warning: invalid UTF-8 at byte 1" "$scratch/surrogate.txt"
case_ "encoded surrogate --strict" 1 "surrogate.txt: error: invalid UTF-8" "$scratch/surrogate.txt" --strict
printf 'Kota\000Bandung di Bali\n' > "$scratch/nul.txt"
case_ "NUL byte" 0 "" "$scratch/nul.txt"
printf '\357\273\277Jakarta\r\nBali\r\n' > "$scratch/bom.txt"
case_ "BOM and CRLF" 0 "" "$scratch/bom.txt"
grep -q '"id":"[^"]*bom.txt","text":"Jakarta\\r\\nBali\\r\\n"' "$scratch/out" ||
    { echo "FAIL BOM and CRLF: BOM kept or text changed"; failed=$((failed + 1)); }
printf 'Jakarta\rBali\rSurabaya' > "$scratch/cr.txt"
case_ "lone CR" 0 "" "$scratch/cr.txt"
: > "$scratch/empty.txt"
case_ "empty file" 0 "" "$scratch/empty.txt"
printf 'J' > "$scratch/one.txt"
case_ "1-byte file" 0 "" "$scratch/one.txt"
awk 'BEGIN { srand(7); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }' \
    > "$scratch/binary.dat"
case_ "binary file" 0 "binary.dat: warning: invalid UTF-8" "$scratch/binary.dat"
if [ -r /proc/self/mem ]; then
    case_ "unreadable file" 1 "/proc/self/mem: read error" /proc/self/mem
    grep -q '{"id":"/proc/self/mem","error":"read error' "$scratch/out" ||
        { echo "FAIL unreadable file: no error record"; failed=$((failed + 1)); }
fi
case_ "missing file" 1 "nonexistent.txt: cannot open" "$scratch/nonexistent.txt"
mkdir -p "$scratch/loop/a"
cp "$good" "$scratch/loop/a/x.txt"
ln -s .. "$scratch/loop/a/up"
case_ "symlink loop" 1 "symbolic link loop" "$scratch/loop"
printf '[1,2]\n{"text":5}\n{"id":"ok"}\n' > "$scratch/bad.jsonl"
status=0
run_kijang tag -q -f jsonl --input jsonl "$scratch/bad.jsonl" > "$scratch/out" 2> "$scratch/err" || status=$?
if [ "$status" = 1 ] && [ "$(grep -c '"error"' "$scratch/out")" = 3 ] &&
   grep -q 'bad.jsonl:2: error: "text" is not a string' "$scratch/err"; then
    echo "ok   JSONL lines that are not objects or lack a string text"
else
    echo "FAIL JSONL errors (status $status)"; failed=$((failed + 1))
fi
printf 'Jawa\tB-LOC\nBarat\tI-LOC\nhadir\tx\tO\n\n' > "$scratch/ragged.conll"
status=0
run_kijang tag -q --input conll --keep-columns "$scratch/ragged.conll" > "$scratch/out" \
    2> "$scratch/err" || status=$?
if [ "$status" = 0 ] && grep -q 'ragged.conll:3: warning: ragged columns: 3 here, 2' "$scratch/err"; then
    echo "ok   ragged CoNLL columns"
else
    echo "FAIL ragged CoNLL (status $status)"; cat "$scratch/err"; failed=$((failed + 1))
fi

# A .kjlex of another format version: exit 3, named, before any output.
printf 'Jakarta\tLOC\n' > "$scratch/l.tsv"
run_kijang compile "$scratch/l.tsv" -o "$scratch/l.kjlex"
printf '\143' | dd of="$scratch/l.kjlex" bs=1 seek=8 conv=notrunc 2> /dev/null
status=0
run_kijang tag -l "$scratch/l.kjlex" "$good" > "$scratch/out" 2> "$scratch/err" || status=$?
if [ "$status" = 3 ] && [ ! -s "$scratch/out" ] && grep -q 'l.kjlex' "$scratch/err"; then
    echo "ok   wrong-version lexicon image"
else
    echo "FAIL wrong-version lexicon (status $status)"; cat "$scratch/err"; failed=$((failed + 1))
fi

# Invalid UTF-8 in a document id (a CoNLL-U comment) is repaired in the
# output like the text (found by fuzzing).
printf '# newdoc id = d\320x\nJakarta\n' > "$scratch/badid.conllu"
status=0
run_kijang tag -q --input conllu -f jsonl "$scratch/badid.conllu" > "$scratch/out" 2> "$scratch/err" || status=$?
if [ "$status" = 0 ] && grep -q "\"id\":\"d$(printf '\357\277\275')x\"" "$scratch/out"; then
    echo "ok   invalid UTF-8 in a document id"
else
    echo "FAIL invalid UTF-8 id (status $status)"; od -c "$scratch/out" | head -3; failed=$((failed + 1))
fi

# A NUL byte in a lexicon source line: refused with its line (found by fuzzing).
printf 'Jakarta\tLOC\nt\t\000\n' > "$scratch/nul.tsv"
status=0
run_kijang compile "$scratch/nul.tsv" -o "$scratch/nul.kjlex" 2> "$scratch/err" || status=$?
if [ "$status" = 3 ] && grep -q 'nul.tsv:2: error: NUL byte at byte 3' "$scratch/err"; then
    echo "ok   NUL byte in a lexicon source"
else
    echo "FAIL NUL in lexicon (status $status)"; cat "$scratch/err"; failed=$((failed + 1))
fi

[ "$failed" = 0 ]
