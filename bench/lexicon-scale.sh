#!/bin/sh
# lexicon-scale.sh - compile time, image size and load time at 1M and 5M entries
#
# Usage: bench/lexicon-scale.sh [KIJANG [SHARED]]   (from a build directory)
# Entries are generated from the Indonesian DBpedia person names of
# ../shared/lexicon-sources: given name x family name pairs, in a fixed
# order, each with a label, an id and a kind, so the sources look like real
# lexicons (multi-token names sharing first tokens).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kijang=${1:-./kijang}
shared=${2:-$here/../../shared}
tmp=${BENCH_TMP:-/tmp/kijang-bench}
mkdir -p "$tmp"
names="$shared/lexicon-sources/dbpedia-id/expanded-mdee-gazetteer/person.txt"
cc -O2 -I"$here/../src/lib" "$here/lexload.c" -o "$tmp/lexload" \
    -L./src/lib/.libs -lkijang
for n in 1000000 5000000; do
    src="$tmp/gen-$n.tsv"
    if [ ! -f "$src" ]; then
        LC_ALL=C awk -F ' ' -v n="$n" '
            NF >= 2 { first[nf++] = $1; last[nl++] = $NF }
            END {
                k = 0
                for (i = 0; k < n; i++)
                    for (j = 0; j < 97 && k < n; j++) {
                        f = first[(i * 7919) % nf]; l = last[(i * 31 + j * 104729) % nl]
                        lab = (k % 10 < 7) ? "PER" : (k % 10 < 9 ? "ORG" : "LOC")
                        printf "%s %s %d\t%s\tid=g%d\tkind=gen\n", f, l, k % 13, lab, k
                        k++
                    }
            }' "$names" > "$src"
    fi
    s=$(date +%s.%N)
    "$kijang" compile "$src" -o "$tmp/gen-$n.kjlex"
    e=$(date +%s.%N)
    size=$(wc -c < "$tmp/gen-$n.kjlex")
    entries=$("$kijang" check "$tmp/gen-$n.kjlex" | sed 's/.*ok: \([0-9]*\) entries.*/\1/')
    strs=$(LD_LIBRARY_PATH=./src/lib/.libs "$kijang" dump "$tmp/gen-$n.kjlex" | wc -c)
    printf '%s entries: compile %.1f s, image %s bytes = %.1f bytes/entry (source text %.1f bytes/entry)\n' \
        "$entries" "$(echo "$e - $s" | bc)" "$size" "$(echo "$size / $entries" | bc -l)" \
        "$(echo "$strs / $entries" | bc -l)"
    LD_LIBRARY_PATH=./src/lib/.libs "$tmp/lexload" "$tmp/gen-$n.kjlex"
done
