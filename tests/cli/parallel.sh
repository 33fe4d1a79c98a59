#!/bin/sh
# tests/cli/parallel.sh - sharding a corpus across machines with GNU parallel
#
# GNU parallel's --sshlogin runs jobs on other hosts; here two local slots
# (-S 2/:) stand in for them. The joined outputs of the shards must equal a
# single run byte for byte: for files (ids are the paths as given) and for
# JSONL lines piped in blocks (ids come from the lines). Skips (77) where
# GNU parallel is not installed.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

command -v parallel > /dev/null || { echo "SKIP: no GNU parallel"; exit 77; }
failed=0
docs="$KIJANG_SRCDIR/corpus/docs"
kdir=$(dirname "$KIJANG")
export PATH="$kdir:$PATH"

# Files: one kijang per shard of files, outputs joined in input order.
cd "$docs"
ls | LC_ALL=C sort > "$scratch/files"
kijang tag -q -j 1 -f jsonl $(cat "$scratch/files") > "$scratch/single.jsonl"
parallel --will-cite -k -S 2/: -N 5 "cd '$docs' && kijang tag -q -j 1 -f jsonl {}" \
    < "$scratch/files" > "$scratch/sharded.jsonl"
if cmp -s "$scratch/single.jsonl" "$scratch/sharded.jsonl"; then
    echo "ok   parallel -S: files in shards = one run"
else
    echo "FAIL parallel -S: files differ"; failed=1
fi

# JSONL lines (the Hadoop Streaming / Spark pipe shape): line N in, line N out.
i=0
for f in $(cat "$scratch/files"); do
    i=$((i + 1))
    # one JSON object per paragraph, with a stable id
    awk -v f="$f" 'NF { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); n++;
        printf "{\"id\":\"%s#%d\",\"text\":\"%s\"}\n", f, n, $0 }' "$f"
done > "$scratch/paras.jsonl"
kijang tag -q -j 1 --input jsonl -f jsonl < "$scratch/paras.jsonl" > "$scratch/single2.jsonl"
parallel --will-cite -k --pipe -N 17 -S 2/: "kijang tag -q -j 1 --input jsonl -f jsonl" \
    < "$scratch/paras.jsonl" > "$scratch/sharded2.jsonl"
if cmp -s "$scratch/single2.jsonl" "$scratch/sharded2.jsonl" &&
   [ "$(wc -l < "$scratch/paras.jsonl")" = "$(wc -l < "$scratch/sharded2.jsonl")" ]; then
    echo "ok   parallel --pipe: $(wc -l < "$scratch/paras.jsonl") JSONL lines in shards = one run"
else
    echo "FAIL parallel --pipe: JSONL lines differ"; failed=1
fi
exit $failed
