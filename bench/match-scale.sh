#!/bin/sh
# match-scale.sh - tagging speed with a 1M-entry lexicon beside the default
# lexicons, and peak memory against input size
#
# Usage: bench/match-scale.sh [KIJANG]   (from a build directory, after
# text-layer.sh and lexicon-scale.sh have made the corpus and gen-1000000.kjlex)
# Times are CPU seconds (user + system) of the whole process, the minimum of
# 5 alternating runs: on this shared, virtualised machine wall time swings by
# a third with other tenants' I/O, CPU time much less.
set -eu
kijang=${1:-./kijang}
tmp=${BENCH_TMP:-/tmp/kijang-bench}
big="$tmp/gen-1000000.kjlex"
run() { # label args...
    label=$1; shift
    /usr/bin/time -f "$label %U %S" "$kijang" tag "$@" -o /dev/null "$tmp/corpus" 2>&1 |
        awk '{ print $1, $2 + $3 }'
}
for i in 1 2 3 4 5; do
    run default
    run only-1M --no-default-lexicon --lexicon "$big"
    run default+1M --lexicon "$big"
done | awk '{ if (!($1 in m) || $2 < m[$1]) m[$1] = $2 }
    END { printf "default lexicons        %.2f s\n", m["default"];
          printf "1M image alone          %.2f s  (%.0f%% of the default speed)\n", m["only-1M"], 100 * m["default"] / m["only-1M"];
          printf "default + 1M image      %.2f s  (%.0f%% of the default speed)\n", m["default+1M"], 100 * m["default"] / m["default+1M"] }'
mkdir -p "$tmp/small"
cp "$tmp"/corpus/news-000*.txt "$tmp/small/"
for d in small corpus; do
    /usr/bin/time -f "peak RSS, $d ($(du -sh "$tmp/$d" | cut -f1)), default + 1M: %M KB" \
        "$kijang" tag --lexicon "$big" -o /dev/null "$tmp/$d"
done
