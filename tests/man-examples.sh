#!/bin/sh
# tests/man-examples.sh - run the EXAMPLES of man/kijang.1
#
# Each line of a .nf/.fi block in the EXAMPLES section is a shell command (a
# line ending in a backslash goes on on the next). The roff escapes are
# undone (\- \e \& and \(rs \(aq \(dq \(ga \(ti \(ha; any other fails the
# test), the sample files the examples name are made in a scratch directory,
# and the commands are run there in order with sh, the kijang under test
# first on PATH. A command that exits non-zero fails the test. The commands
# of a block that uses GNU parallel are skipped where it is not installed.
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

manpage="$KIJANG_SRCDIR/man/kijang.1"
bindir=$(dirname "$KIJANG")
meta="$scratch/.examples"     # the extracted commands and their output
mkdir "$meta"

# -- the sample files the examples name ---------------------------------------
cd "$scratch" || exit 1
cat > berita.txt <<'EOF'
Menteri Perindustrian Agus Gumiwang Kartasasmita tiba di Jakarta pada Senin pagi.
Ia kemudian bertemu Gubernur Jawa Barat di Bandung untuk membahas Program Kartu Prakerja.
EOF
cat > kalimat.txt <<'EOF'
Presiden Joko Widodo meresmikan Bendungan Sadawira di Kabupaten Sumba Barat Daya.
Kementerian Perindustrian membuka pameran industri di Surabaya.
Gubernur Jawa Barat hadir dalam rapat bersama Badan Pusat Statistik.
EOF
# a gold standard with labels of its own, and the map to kijang's
conll_lines() {   # TOKEN TAG pairs, one sentence per argument list
    while [ $# -gt 1 ]; do
        printf '%s\t%s\n' "$1" "$2"
        shift 2
    done
    printf '\n'
}
{
    conll_lines Menteri O Perindustrian O Agus B-PERSON Gumiwang I-PERSON \
        Kartasasmita I-PERSON tiba O di O Jakarta B-GPE . O
    conll_lines Kementerian B-ORGANIZATION Perindustrian I-ORGANIZATION \
        membuka O pameran O di O Surabaya B-GPE . O
} > gold.conll
printf '# TAGMAP.tsv - labels of gold.conll to kijang labels\nPERSON\tPER\nORGANIZATION\tORG\nGPE\tLOC\n' \
    > TAGMAP.tsv
# a corpus laid out like kijang's own: documents and their gold tokens
mkdir -p corpus/docs corpus/gold
echo 'Menteri Perindustrian Agus Gumiwang Kartasasmita tiba di Jakarta.' \
    > corpus/docs/01-industri.txt
echo 'Banjir melanda Kabupaten Bandung pada Senin.' > corpus/docs/02-banjir.txt
{
    printf '%s\tO\n\n' -DOCSTART-
    conll_lines Menteri O Perindustrian O Agus B-PER Gumiwang I-PER \
        Kartasasmita I-PER tiba O di O Jakarta B-LOC . O
    printf '%s\tO\n\n' -DOCSTART-
    conll_lines Banjir O melanda O Kabupaten B-LOC Bandung I-LOC pada O Senin O . O
} > corpus/gold/corpus.conll
# an archive tree: text files, a compressed one, and a file that is no text
mkdir -p arsip/2026-10 arsip/2026-11
echo 'Wali Kota Surabaya meninjau banjir di Kecamatan Tambaksari.' \
    > arsip/2026-10/daerah.txt
echo 'Bank Indonesia menahan suku bunga acuan, kata Gubernur Perry Warjiyo.' \
    > arsip/2026-11/ekonomi.txt
echo 'Komisi Pemilihan Umum menetapkan jadwal pemilihan kepala daerah.' \
    | gzip -c > arsip/2026-11/politik.txt.gz
printf '# Catatan\nBerkas ini bukan berita.\n' > arsip/CATATAN.md
# JSONL records, each with an id
cat > artikel.jsonl <<'EOF'
{"id":"artikel-1","text":"Presiden Joko Widodo tiba di Kupang, Nusa Tenggara Timur."}
{"id":"artikel-2","text":"Kementerian Keuangan mencairkan dana Program Keluarga Harapan."}
{"id":"artikel-3","text":"Menteri Luar Negeri Retno Marsudi bertemu mitranya dari Jepang."}
EOF
# a lexicon source of one's own
printf '# nama.tsv - entri tambahan\nBendungan Sadawira\tLOC\tkind=dam\nSadawira\tLOC\tkind=dam\n' \
    > nama.tsv

# -- the commands of the EXAMPLES section ---------------------------------------
# cmdN holds command N as written (continuation lines included), descN the
# command on one line, blkN the number of its .nf block; needs-parallel
# lists the blocks that call GNU parallel; bad the lines with an unknown
# escape.
awk -v dir="$meta" '
    function unescape(s,    out, i, c, n, name) {
        out = ""
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c != "\\") { out = out c; continue }
            n = substr(s, i + 1, 1)
            if (n == "-") { out = out "-"; i++ }
            else if (n == "e") { out = out "\\"; i++ }
            else if (n == "&") { i++ }
            else if (n == "(" && (substr(s, i + 2, 2) in glyph)) {
                out = out glyph[substr(s, i + 2, 2)]; i += 3
            } else {
                print FILENAME ":" FNR ": " s > (dir "/bad")
                return s
            }
        }
        return out
    }
    BEGIN {
        glyph["rs"] = "\\"; glyph["aq"] = "\047"; glyph["dq"] = "\""
        glyph["ga"] = "`"; glyph["ti"] = "~"; glyph["ha"] = "^"
    }
    /^\.SH/ { insec = ($0 ~ /^\.SH[ \t]+"?EXAMPLES"?[ \t]*$/); inblock = 0; next }
    !insec { next }
    /^\.nf/ { inblock = 1; block++; next }
    /^\.fi/ { inblock = 0; next }
    !inblock || /^[.\047]/ || /^[ \t]*$/ { next }
    {
        line = unescape($0)
        if (!going) {
            n++; going = 1; desc = ""
            print block > (dir "/blk" n); close(dir "/blk" n)
        }
        print line > (dir "/cmd" n)
        part = line
        sub(/^[ \t]+/, "", part)
        going = sub(/\\$/, "", part)
        sub(/[ \t]+$/, "", part)
        desc = desc (desc == "" ? "" : " ") part
        if (line ~ /(^|[^A-Za-z0-9_-])parallel[ \t]/)
            print block > (dir "/needs-parallel")
        if (!going) {
            close(dir "/cmd" n)
            print desc > (dir "/desc" n); close(dir "/desc" n)
        }
    }
    END { print n + 0 > (dir "/count") }
' "$manpage"

failed=0
bad=0
if [ -s "$meta/bad" ]; then
    echo "FAIL unknown roff escape in the EXAMPLES of man/kijang.1:"
    cat "$meta/bad"
    bad=1
fi

gnu_parallel=0
if command -v parallel > /dev/null 2>&1 &&
   parallel --version < /dev/null 2> /dev/null | grep -q 'GNU parallel'; then
    gnu_parallel=1
fi

total=$(cat "$meta/count")
skipped=0
n=1
while [ "$n" -le "$total" ]; do
    desc=$(cat "$meta/desc$n")
    blk=$(cat "$meta/blk$n")
    if [ "$gnu_parallel" = 0 ] && [ -f "$meta/needs-parallel" ] &&
       grep -qx "$blk" "$meta/needs-parallel"; then
        printf 'skip man example %s: %s (no GNU parallel)\n' "$n" "$desc"
        skipped=$((skipped + 1))
        n=$((n + 1))
        continue
    fi
    status=0
    (cd "$scratch" && PATH="$bindir:$PATH" sh "$meta/cmd$n") \
        < /dev/null > "$meta/out$n" 2>&1 || status=$?
    if [ "$status" = 0 ]; then
        printf 'ok   man example %s: %s\n' "$n" "$desc"
    else
        printf 'FAIL man example %s: %s (exit status %s)\n' "$n" "$desc" "$status"
        head -20 "$meta/out$n" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
    n=$((n + 1))
done
[ "$total" -gt 0 ] || { echo "FAIL no examples found in man/kijang.1"; exit 1; }
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$bad" = 0 ]
