#!/bin/sh
# tests/cli/lexicon.sh - compiled lexicons end to end: compile, check, dump,
# round trip, damaged images, and how `kijang tag` loads lexicons
. "${KIJANG_SRCDIR:-.}/tests/setup.sh"

failed=0
total=0
ok() { total=$((total + 1)); echo "ok   $1"; }
bad() { total=$((total + 1)); failed=$((failed + 1)); echo "FAIL $1"; }
expect_status() { # name want cmd...
    name=$1; want=$2; shift 2
    st=0; "$@" > "$scratch/out" 2> "$scratch/err" || st=$?
    if [ "$st" = "$want" ]; then ok "$name"; else bad "$name: status $st, expected $want"; cat "$scratch/err"; fi
}

cd "$scratch"
printf '@default\tLOC\tkind=province\nJawa Barat\t\tid=idn-prov-32\nJabar\t\tid=idn-prov-32\n' > a.tsv
printf 'Kementerian Perindustrian\tORG\tid=kemenperin\nMETI\tORG\tcase=exact\tprio=3\n' > b.tsv

expect_status "compile" 0 run_kijang compile a.tsv b.tsv -o lex.kjlex
expect_status "check" 0 run_kijang check lex.kjlex
grep -q '^lex.kjlex: ok: 4 entries, format 1$' out && ok "check says ok" || bad "check output: $(cat out)"
expect_status "dump" 0 run_kijang dump lex.kjlex
cp out dump1.tsv
printf 'Jabar\tLOC\tid=idn-prov-32\tkind=province\nJawa Barat\tLOC\tid=idn-prov-32\tkind=province\nKementerian Perindustrian\tORG\tid=kemenperin\nMETI\tORG\tcase=exact\tprio=3\n' > want.tsv
cmp -s dump1.tsv want.tsv && ok "dump lines" || { bad "dump lines"; diff want.tsv dump1.tsv; }
# compile -> dump -> compile gives the same entries
expect_status "recompile" 0 run_kijang compile dump1.tsv -o lex2.kjlex
run_kijang dump lex2.kjlex > dump2.tsv
cmp -s dump1.tsv dump2.tsv && ok "round trip" || bad "round trip"
# same sources, same bytes
run_kijang compile a.tsv b.tsv -o lex3.kjlex
cmp -s lex.kjlex lex3.kjlex && ok "deterministic" || bad "deterministic"
# a directory of sources
mkdir -p dir/sub && cp a.tsv dir/ && cp b.tsv dir/sub/ && echo 'not a source' > dir/README
expect_status "compile a directory" 0 run_kijang compile dir -o lex4.kjlex
run_kijang check lex4.kjlex | grep -q ': ok: 4 entries' && ok "directory entries" || bad "directory entries"

# damaged images: exit 3 and a message saying how to fix it
head -c 100 lex.kjlex > cut.kjlex
expect_status "check truncated" 3 run_kijang check cut.kjlex
grep -q "rebuild it with 'kijang compile'" err && ok "truncated message" || bad "truncated message"
cp lex.kjlex flip.kjlex
printf '\377' | dd of=flip.kjlex bs=1 seek=$(($(wc -c < lex.kjlex) - 10)) conv=notrunc 2>/dev/null
expect_status "check bit flip" 3 run_kijang check flip.kjlex
grep -q "checksum mismatch" err && ok "bit flip message" || bad "bit flip message"
expect_status "check foreign file" 3 run_kijang check a.tsv
expect_status "dump truncated" 3 run_kijang dump cut.kjlex

# kijang tag and lexicons
echo "Rapat di Jawa Barat." > doc.txt
expect_status "tag with lexicons" 0 run_kijang tag --lexicon lex.kjlex --lexicon b.tsv --lexicon dir doc.txt
expect_status "tag with a damaged lexicon" 3 run_kijang tag --lexicon cut.kjlex doc.txt
[ -s out ] && bad "no output with a bad lexicon" || ok "no output with a bad lexicon"
printf 'x\tPER\tkind\n' > broken.tsv
expect_status "tag with a broken source" 3 run_kijang tag --lexicon broken.tsv doc.txt
grep -q "^broken.tsv:1: error: malformed attribute" err && ok "source error named" || bad "source error named"
expect_status "missing default lexicon" 3 env KIJANG_DEFAULT_LEXICON=/nonexistent/x.kjlex "$KIJANG" tag doc.txt
grep -q "/nonexistent/x.kjlex: error: cannot open lexicon" err && ok "missing default named" || bad "missing default named: $(cat err)"
expect_status "no default lexicon" 0 env KIJANG_DEFAULT_LEXICON=/nonexistent/x.kjlex "$KIJANG" tag --no-default-lexicon doc.txt

# the project's own lexicons compile without errors or warnings
(cd "$KIJANG_SRCDIR" && "$KIJANG" compile lexicons/gazetteer -o "$scratch/default.kjlex") \
    > "$scratch/out" 2> "$scratch/err" && [ ! -s "$scratch/err" ] &&
    ok "default lexicons compile cleanly" || { bad "default lexicons compile cleanly"; head "$scratch/err"; }
(cd "$KIJANG_SRCDIR" && "$KIJANG" compile lexicons/rules -o "$scratch/rules.kjlex") \
    > "$scratch/out" 2> "$scratch/err" && [ ! -s "$scratch/err" ] &&
    ok "rule lists compile cleanly" || { bad "rule lists compile cleanly"; head "$scratch/err"; }

echo "$((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
