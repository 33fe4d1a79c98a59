#!/bin/sh
# text-layer.sh - speed of the text layer beside ICU's bare word iteration
#
# Usage: bench/text-layer.sh [KIJANG [SHARED]]
#   KIJANG  the kijang program (default ./kijang, run from a build directory)
#   SHARED  the shared material (default ../shared next to the source tree)
# Builds the corpus (bench/make-corpus.sh) and ../shared/bench/icu_wordbreak.c
# in $BENCH_TMP (default /tmp/kijang-bench), then, median of 5 runs each:
#   icu      icu_wordbreak over the files (ICU word iteration, nothing else)
#   kijang   kijang tag --format conll -o /dev/null over the same files
#            (tokenization, sentence splitting, keys, CoNLL writing)
# and the differential check: --tokenizer icu and the fast path give the same
# bytes over the whole corpus.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kijang=${1:-./kijang}
shared=${2:-$here/../../shared}
tmp=${BENCH_TMP:-/tmp/kijang-bench}
mkdir -p "$tmp"
if [ ! -f "$tmp/corpus/news-0999.txt" ]; then
    sh "$here/make-corpus.sh" "$shared/bench-text/leipzig-ind-news-2008-sample.txt" "$tmp/corpus"
fi
if [ ! -x "$tmp/icu_wordbreak" ]; then
    cc -O2 "$shared/bench/icu_wordbreak.c" -o "$tmp/icu_wordbreak" \
        $(pkg-config --cflags --libs icu-uc icu-i18n)
fi
bytes=$(cat "$tmp"/corpus/*.txt | wc -c)
nfiles=$(ls "$tmp"/corpus/*.txt | wc -l)

# median of 5 wall-clock times of a command
median5() {
    for i in 1 2 3 4 5; do
        s=$(date +%s.%N)
        "$@" > /dev/null
        e=$(date +%s.%N)
        echo "$e - $s" | bc
    done | sort -n | sed -n 3p
}

t_icu=$(median5 "$tmp/icu_wordbreak" "$tmp"/corpus/*.txt)
t_kj=$(median5 "$kijang" tag --format conll -o /dev/null "$tmp/corpus")
mb=$(echo "scale=1; $bytes / 1000000" | bc)
printf 'corpus: %s files, %s MB\n' "$nfiles" "$mb"
printf 'icu_wordbreak  %6.2f s  %6.1f MB/s\n' "$t_icu" "$(echo "$bytes / $t_icu / 1000000" | bc -l)"
printf 'kijang tag     %6.2f s  %6.1f MB/s\n' "$t_kj" "$(echo "$bytes / $t_kj / 1000000" | bc -l)"
printf 'ratio kijang/icu throughput: %.2f\n' "$(echo "$t_icu / $t_kj" | bc -l)"

# Differential: the fast path gives ICU's tokens on the whole corpus.
"$kijang" tag --format jsonl --tokenizer icu "$tmp/corpus" > "$tmp/icu.jsonl"
"$kijang" tag --format jsonl "$tmp/corpus" > "$tmp/fast.jsonl"
if cmp -s "$tmp/icu.jsonl" "$tmp/fast.jsonl"; then
    echo "differential: fast path == ICU on all $nfiles files"
else
    echo "differential: fast path and ICU DIFFER"; cmp "$tmp/icu.jsonl" "$tmp/fast.jsonl" || true
    exit 1
fi
