#!/bin/sh
# speed.sh - speed and scale, side by side, in one run (issue 10's ratios)
#
# Usage: bench/speed.sh [KIJANG [SHARED]]     (from a build directory)
#   KIJANG  the kijang program (default ./kijang)
#   SHARED  the shared material (default ../shared next to the source tree)
# Needs: bc, /usr/bin/time, python3 with pyahocorasick (Debian
# python3-ahocorasick) for the Python peer. Scratch in $BENCH_TMP (default
# /tmp/kijang-bench); the corpus comes from bench/make-corpus.sh and the 1M
# and 5M images from bench/lexicon-scale.sh (run it first for those rows).
#
# Every time is the median of 5 whole-process wall-clock runs, the programs
# of one comparison alternating run by run, so that a noisy neighbour slows
# both. Prints one line per ratio.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kijang=${1:-./kijang}
shared=${2:-$here/../../shared}
tmp=${BENCH_TMP:-/tmp/kijang-bench}
py=${PYTHON:-/usr/bin/python3}
mkdir -p "$tmp"
[ -f "$tmp/corpus/news-0999.txt" ] ||
    sh "$here/make-corpus.sh" "$shared/bench-text/leipzig-ind-news-2008-sample.txt" "$tmp/corpus"
[ -x "$tmp/icu_wordbreak" ] ||
    cc -O2 "$shared/bench/icu_wordbreak.c" -o "$tmp/icu_wordbreak" \
        $(pkg-config --cflags --libs icu-uc icu-i18n)

secs() {   # wall seconds of one run, output discarded
    s=$(date +%s.%N)
    "$@" > /dev/null
    e=$(date +%s.%N)
    echo "$e - $s" | bc
}
median() { sort -n | sed -n 3p; }
# pair A ::: B: medians of 5 alternating runs of A and B, as "tA tB"
pair() {
    a=""
    while [ "$1" != ":::" ]; do a="$a $1"; shift; done
    shift
    for i in 1 2 3 4 5; do
        # shellcheck disable=SC2086
        echo "A $(secs $a)"
        echo "B $(secs "$@")"
    done > "$tmp/pair.out"
    echo "$(grep '^A' "$tmp/pair.out" | cut -d' ' -f2 | median)" \
         "$(grep '^B' "$tmp/pair.out" | cut -d' ' -f2 | median)"
}
ratio() { echo "scale=2; $1 / $2" | bc; }
mbps() { echo "scale=1; $1 / $2 / 1000000" | bc; }

# ONLY="1 4": run only these sections (default: all)
want() { [ -z "${ONLY:-}" ] || case " $ONLY " in *" $1 "*) return 0;; *) return 1;; esac; }

bytes=$(cat "$tmp"/corpus/*.txt | wc -c)
echo "corpus: $(ls "$tmp"/corpus | wc -l) files, $bytes bytes"

# 1. The whole pipeline at -j 1 beside ICU's bare word iteration.
if want 1; then
    set -- $(pair "$tmp/icu_wordbreak" "$tmp"/corpus/*.txt ::: \
                  "$kijang" tag -q -j 1 --format conll -o /dev/null "$tmp/corpus")
    echo "news: icu_wordbreak $1 s ($(mbps "$bytes" "$1") MB/s), kijang -j 1 $2 s ($(mbps "$bytes" "$2") MB/s): ratio $(ratio "$1" "$2")"
    fi

# 2. The same text with typographic quotes, dashes and non-ASCII names.
if want 2; then
    if [ ! -f "$tmp/typo/news-0999.txt" ]; then
        mkdir -p "$tmp/typo"
        for f in "$tmp"/corpus/*.txt; do
            # "x" -> “x”, ' - ' -> ' – ', -- -> —, and every capitalised word
            # of 5 letters or more gets its first vowel accented (Jakárta).
            sed -e 's/"\([^"]*\)"/“\1”/g' -e 's/ - / – /g' -e 's/--/—/g' \
                -e 's/\b\([A-Z][b-df-hj-np-tv-z]*\)a\([a-z]\{3,\}\)/\1á\2/g' \
                -e 's/\b\([A-Z][b-df-hj-np-tv-z]*\)o\([a-z]\{3,\}\)/\1ō\2/g' \
                -e "s/'/’/g" "$f" > "$tmp/typo/$(basename "$f")"
        done
    fi
    tbytes=$(cat "$tmp"/typo/*.txt | wc -c)
    set -- $(pair "$tmp/icu_wordbreak" "$tmp"/typo/*.txt ::: \
                  "$kijang" tag -q -j 1 --format conll -o /dev/null "$tmp/typo")
    echo "typographic: icu_wordbreak $1 s, kijang -j 1 $2 s ($(mbps "$tbytes" "$2") MB/s): ratio $(ratio "$1" "$2")"
fi

# 3. 100,000 one-sentence documents.
if want 3; then
    lbytes=$(wc -c < "$tmp/corpus.lines")
    set -- $(pair "$tmp/icu_wordbreak" "$tmp/corpus.lines" ::: \
                  "$kijang" tag -q -j 1 --input lines --format conll -o /dev/null "$tmp/corpus.lines")
    echo "100,000 sentences: icu_wordbreak $1 s, kijang -j 1 --input lines $2 s ($(mbps "$lbytes" "$2") MB/s): ratio $(ratio "$1" "$2")"
fi

# 4. The Python peer with the same entries.
if want 4; then
    lexdir=$(dirname "$kijang")/lexicons
    "$kijang" dump "$lexdir/default.kjlex" > "$tmp/entries.tsv"
    set -- $(pair "$py" "$shared/bench/pyac_tag.py" "$tmp/entries.tsv" -- "$tmp"/corpus/*.txt ::: \
                  "$kijang" tag -q -j 1 --format conll -o /dev/null "$tmp/corpus")
    echo "pyac_tag.py ($(grep -vc '^#' "$tmp/entries.tsv") entries) $1 s ($(mbps "$bytes" "$1") MB/s), kijang -j 1 $2 s: kijang $(ratio "$1" "$2")x faster"
fi

# 5. Two threads on two cores.
if want 5; then
    set -- $(pair "$kijang" tag -q -j 1 -o /dev/null "$tmp/corpus" ::: \
                  "$kijang" tag -q -j 2 -o /dev/null "$tmp/corpus")
    echo "threads: -j 1 $1 s, -j 2 $2 s: speed-up $(ratio "$1" "$2")"
fi

# 6. Peak RSS: 1 GB in 100 KB documents (the corpus ten times) and 10 MB.
if want 6; then
    ten=$(ls "$tmp"/corpus/*.txt | head -100)
    rss_small=$(/usr/bin/time -f %M "$kijang" tag -q -j 1 -o /dev/null $ten 2>&1 >/dev/null | tail -1)
    set -- "$tmp/corpus" "$tmp/corpus" "$tmp/corpus" "$tmp/corpus" "$tmp/corpus" \
           "$tmp/corpus" "$tmp/corpus" "$tmp/corpus" "$tmp/corpus" "$tmp/corpus"
    rss_big=$(/usr/bin/time -f %M "$kijang" tag -q -j 1 -o /dev/null "$@" 2>&1 >/dev/null | tail -1)
    rss_bigj=$(/usr/bin/time -f %M "$kijang" tag -q -j 2 -o /dev/null "$@" 2>&1 >/dev/null | tail -1)
    echo "peak RSS: 10 MB $rss_small KB, 1 GB $rss_big KB (-j 2: $rss_bigj KB): 1 GB / 10 MB = $(ratio "$rss_big" "$rss_small")"
fi

# 7. A lexicon of 5 million entries beside the default lexicons (CPU time).
if want 7; then
    if [ -f "$tmp/gen-5000000.kjlex" ]; then
        cpu() { /usr/bin/time -f %U "$@" 2>&1 >/dev/null | tail -1; }
        for i in 1 2 3 4 5; do
            echo "A $(cpu "$kijang" tag -q -j 1 -o /dev/null "$tmp/corpus")"
            echo "B $(cpu "$kijang" tag -q -j 1 --no-default-lexicon -l "$tmp/gen-5000000.kjlex" -o /dev/null "$tmp/corpus")"
        done > "$tmp/pair.out"
        a=$(grep '^A' "$tmp/pair.out" | cut -d' ' -f2 | median)
        b=$(grep '^B' "$tmp/pair.out" | cut -d' ' -f2 | median)
        echo "5M lexicon: default $a s CPU, 5M image $b s CPU: throughput $(echo "scale=0; 100 * $a / $b" | bc)% of the default lexicons'"
    fi
fi

echo "done"
