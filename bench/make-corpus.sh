#!/bin/sh
# make-corpus.sh - build the benchmark corpus from the shared news sentences
#
# Usage: make-corpus.sh SENTENCES.txt OUTDIR [FILES [KB_PER_FILE]]
# Writes FILES (default 1000) files of about KB_PER_FILE (default 100) KiB of
# Indonesian news into OUTDIR: the sentences, shuffled with a fixed seed, in
# paragraphs of 3 to 6 sentences, so every run measures the same bytes.
# Also writes OUTDIR.lines: 100,000 one-sentence documents (for --input lines).
set -eu
src=$1
out=$2
files=${3:-1000}
kb=${4:-100}
mkdir -p "$out"
awk -v files="$files" -v kb="$kb" -v out="$out" '
    BEGIN { srand(20261127) }
    { s[n++] = $0 }
    END {
        f = 0; size = 0; para = 0
        name = sprintf("%s/news-%04d.txt", out, f)
        while (f < files) {
            line = s[int(rand() * n)]
            printf "%s", line > name
            size += length(line) + 1
            if (++para >= 3 + int(rand() * 4)) { printf "\n\n" > name; para = 0 }
            else printf " " > name
            if (size >= kb * 1024) {
                printf "\n" > name; close(name); f++; size = 0; para = 0
                name = sprintf("%s/news-%04d.txt", out, f)
            }
        }
    }' "$src"
awk 'BEGIN { srand(7) } { s[n++] = $0 } END { for (i = 0; i < 100000; i++) print s[int(rand() * n)] }' \
    "$src" > "$out.lines"
