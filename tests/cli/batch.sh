#!/bin/sh
# tests/cli/batch.sh - batch annotation end to end
#
# -j N gives the bytes of -j 1 in every format; --output-dir writes one file
# per input (brat: a .txt and a .ann per document) under the input's id,
# .gz inputs are read through zlib, --glob filters, --skip-existing resumes,
# --fail-fast stops, the summary accounts for every document, SIGINT leaves
# no half-written file, and -o never overwrites an input.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
docs="$KIJANG_SRCDIR/corpus/docs"

# -- -j N is -j 1, byte for byte, in every format ----------------------------
awk 'NF { print }' "$docs"/*.txt > "$scratch/lines.txt"   # many small documents
for fmt in conll jsonl conllu doccano labelstudio html; do
    for input in "$docs" "--input lines $scratch/lines.txt"; do
        # shellcheck disable=SC2086
        run_kijang tag -q -j 1 -f "$fmt" $input > "$scratch/j1" 2> "$scratch/j1.err"
        # shellcheck disable=SC2086
        run_kijang tag -q -j 3 -f "$fmt" $input > "$scratch/j3" 2> "$scratch/j3.err"
        if cmp -s "$scratch/j1" "$scratch/j3" && cmp -s "$scratch/j1.err" "$scratch/j3.err" &&
           [ -s "$scratch/j1" ]; then
            pass "-j 3 = -j 1 ($fmt, ${input%% *})"
        else
            fail "-j 3 differs from -j 1 ($fmt, ${input%% *})"
        fi
    done
done

# -- --output-dir, --glob, .gz -------------------------------------------------
in="$scratch/in"
mkdir -p "$in/sub"
cp "$docs/001-industri-jepang.txt" "$docs/002-kunjungan-dagang.txt" "$in/"
cp "$docs/003-banjir-jawa-barat.txt" "$in/sub/"
gzip -c "$docs/004-program-digital.txt" > "$in/sub/004.txt.gz"
echo "not a document" > "$in/notes.md"
run_kijang tag -q --glob '*.txt' --glob '*.gz' -O "$scratch/out" "$in"
(cd "$scratch/out" && find . -type f | LC_ALL=C sort) > "$scratch/files"
printf '%s\n' ./001-industri-jepang.txt.conll ./002-kunjungan-dagang.txt.conll \
    ./sub/003-banjir-jawa-barat.txt.conll ./sub/004.txt.conll > "$scratch/want"
if cmp -s "$scratch/files" "$scratch/want"; then
    pass "output-dir: one file per input, named after its id"
else
    fail "output-dir: files"; diff "$scratch/want" "$scratch/files" || true
fi
run_kijang tag "$docs/003-banjir-jawa-barat.txt" > "$scratch/one"
cmp -s "$scratch/one" "$scratch/out/sub/003-banjir-jawa-barat.txt.conll" &&
    pass "output-dir: a file holds its input's output" || fail "output-dir: content"
run_kijang tag "$docs/004-program-digital.txt" > "$scratch/one"
cmp -s "$scratch/one" "$scratch/out/sub/004.txt.conll" &&
    pass "gzip input" || fail "gzip input"

# -- --skip-existing -----------------------------------------------------------
echo marker > "$scratch/out/002-kunjungan-dagang.txt.conll"
rm "$scratch/out/001-industri-jepang.txt.conll"
run_kijang tag --progress --skip-existing --glob '*.txt' --glob '*.gz' \
    -O "$scratch/out" "$in" 2> "$scratch/skip.err"
if [ "$(cat "$scratch/out/002-kunjungan-dagang.txt.conll")" = marker ] &&
   [ -s "$scratch/out/001-industri-jepang.txt.conll" ] &&
   grep -q '^kijang: 3 inputs skipped (--skip-existing)$' "$scratch/skip.err"; then
    pass "skip-existing"
else
    fail "skip-existing"; cat "$scratch/skip.err"
fi

# -- an input that cannot be opened gets no file: a resumed run retries it --
status=0
run_kijang tag -q -O "$scratch/out2" "$scratch/nonexistent.txt" \
    "$docs/001-industri-jepang.txt" 2> "$scratch/out2.err" || status=$?
if [ "$status" = 1 ] && [ "$(find "$scratch/out2" -type f | wc -l)" = 1 ] &&
   grep -q 'nonexistent.txt: cannot open' "$scratch/out2.err"; then
    pass "output-dir: an unreadable input is reported, no file"
else
    fail "output-dir: unreadable input (status $status)"; find "$scratch/out2" -type f
fi

# -- brat: a .txt and a .ann per document, offsets slicing the .txt ----------
run_kijang tag -q -f brat --input lines -O "$scratch/brat" "$scratch/lines.txt"
n=$(find "$scratch/brat" -name '*.ann' | wc -l)
t=$(find "$scratch/brat" -name '*.txt' | wc -l)
if [ "$n" -gt 10 ] && [ "$n" = "$t" ]; then
    pass "brat: $n documents"
else
    fail "brat: $n .ann, $t .txt"
fi
if command -v python3 > /dev/null; then
    python3 - "$scratch/brat" <<'EOF' && pass "brat: offsets slice the .txt" || fail "brat: offsets"
import os, sys
bad = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith(".ann"):
            continue
        text = open(os.path.join(root, f[:-4] + ".txt"), encoding="utf-8").read()
        for line in open(os.path.join(root, f), encoding="utf-8"):
            tid, mid, surface = line.rstrip("\n").split("\t")
            spans = [p.split() for p in mid.split(" ", 1)[1].split(";")]
            got = " ".join(text[int(s):int(e)] for s, e in spans)
            bad += got != surface
sys.exit(bad != 0)
EOF
fi

# -- hostile ids never leave --output-dir, stay unique, follow no symlink ----
long=$(printf 'x%.0s' $(seq 1 400))
printf '{"id":"../../x","text":"Jakarta"}\n{"id":"/etc/kj-test-x","text":"Bali"}\n{"id":"a/../../b","text":"Bali"}\n{"id":"","text":"Bali"}\n{"id":"%s","text":"Bali"}\n{"id":"dup","text":"Bali"}\n{"id":"dup","text":"Jakarta"}\n{"id":"c\\u0001d\\u0000e","text":"Bali"}\n' \
    "$long" > "$scratch/ids.jsonl"
mkdir "$scratch/safe"
echo keep > "$scratch/victim"
ln -s ../victim "$scratch/safe/dup.ann"
run_kijang tag -q --input jsonl -f brat -O "$scratch/safe" "$scratch/ids.jsonl"
n=$(find "$scratch/safe" -type f -name '*.ann' | wc -l)
if [ "$n" = 8 ] && [ "$(cat "$scratch/victim")" = keep ] &&
   [ ! -L "$scratch/safe/dup.ann" ] && [ ! -e "$scratch/x.ann" ] &&
   [ ! -e /etc/kj-test-x.ann ] && [ -z "$(find "$scratch/safe" -name '*.tmp')" ]; then
    pass "output-dir: hostile ids stay inside, unique; planted symlink not followed"
else
    fail "output-dir: hostile ids ($n .ann files)"; find "$scratch/safe" | head -20
fi

# -- errors: --fail-fast, and the summary accounts for every document --------
printf '{"text":"Presiden Joko Widodo tiba."}\n{"text":\n{"text":"Jakarta"}\n[1]\n' \
    > "$scratch/mixed.jsonl"
printf '{"id":"ok","text":"Gubernur Jawa Barat hadir."}\n' > "$scratch/good.jsonl"
status=0
run_kijang tag -f jsonl --input jsonl --progress "$scratch/mixed.jsonl" \
    "$scratch/missing.txt" "$scratch/good.jsonl" \
    > "$scratch/all.out" 2> "$scratch/all.err" || status=$?
if [ "$status" = 1 ] && [ "$(wc -l < "$scratch/all.out")" = 6 ] &&
   grep -q '^kijang: 6 documents in: 3 tagged, 3 reported with errors;' "$scratch/all.err"; then
    pass "accounting: documents in = tagged + reported"
else
    fail "accounting (status $status)"; cat "$scratch/all.err"
fi
status=0
run_kijang tag -q -f jsonl --input jsonl --fail-fast "$scratch/mixed.jsonl" \
    > "$scratch/ff.out" 2> "$scratch/ff.err" || status=$?
if [ "$status" = 1 ] && [ "$(wc -l < "$scratch/ff.out")" = 2 ] &&
   grep -q '"error"' "$scratch/ff.out"; then
    pass "fail-fast stops after the first bad document"
else
    fail "fail-fast (status $status)"; cat "$scratch/ff.out"
fi

# -- SIGINT during --output-dir: complete files only -------------------------
mkdir "$scratch/many"
cat "$docs"/*.txt "$docs"/*.txt > "$scratch/big.txt"
i=0
while [ $i -lt 100 ]; do
    cp "$scratch/big.txt" "$scratch/many/doc$i.txt"
    i=$((i + 1))
done
"$KIJANG" tag -q -j 2 -f jsonl -O "$scratch/int" "$scratch/many" &
pid=$!
sleep 0.5
kill -INT "$pid" 2>/dev/null || true
status=0
wait "$pid" || status=$?
leftovers=$(find "$scratch/int" -name '*.tmp' | wc -l)
bad=0
for f in "$scratch/int"/*.jsonl; do
    [ -f "$f" ] || continue
    base=$(basename "$f" .jsonl)
    run_kijang tag -f jsonl "$scratch/many/$base" | sed "s|$scratch/many/||" > "$scratch/ref"
    cmp -s "$scratch/ref" "$f" || bad=$((bad + 1))
done
if { [ "$status" = 130 ] || [ "$status" = 0 ]; } && [ "$leftovers" = 0 ] && [ "$bad" = 0 ]; then
    pass "sigint during output-dir: $(ls "$scratch/int" | wc -l) complete files, no partial one"
else
    fail "sigint during output-dir: status $status, $leftovers temporary, $bad damaged"
fi

# -- -o onto an input is refused, the input kept -------------------------------
cp "$docs/001-industri-jepang.txt" "$scratch/self.txt"
status=0
run_kijang tag -o "$scratch/self.txt" "$scratch/self.txt" 2> "$scratch/self.err" || status=$?
if [ "$status" = 4 ] && cmp -s "$scratch/self.txt" "$docs/001-industri-jepang.txt"; then
    pass "-o onto an input is refused"
else
    fail "-o onto an input (status $status)"; cat "$scratch/self.err"
fi

[ "$failed" = 0 ]
