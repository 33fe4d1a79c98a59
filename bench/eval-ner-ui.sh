#!/bin/sh
# eval-ner-ui.sh - precision, recall and F1 on the NER UI development set
#
# Usage: bench/eval-ner-ui.sh [KIJANG [SHARED]] [-- TAG-OPTIONS...]
# Tags ../shared/eval/ner-ui/gold.conll as pre-tokenised input, one document
# per sentence (so nothing learned in one sentence leaks into another), and
# scores it with ../shared/eval/score.py (exact spans, conlleval's
# definition; PER/ORG/LOC; PROG counts as O). Also the Wikipedia gold set.
# Each set is scored twice, by score.py and by kijang eval, and the script
# fails when the two disagree on the counts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kijang=${1:-./kijang}
shared=${2:-$here/../../shared}
[ $# -ge 2 ] && shift 2 || shift $#
[ "${1:-}" = "--" ] && shift
tmp=${BENCH_TMP:-/tmp/kijang-bench}
mkdir -p "$tmp"
# score.py's "all gold G pred P correct C" and kijang eval's first line must
# carry the same three counts.
same() {
    a=$(sed -n 's/^all *gold *\([0-9]*\) *pred *\([0-9]*\) *correct *\([0-9]*\).*/\1 \2 \3/p' "$tmp/score.py.out")
    b=$(sed -n 's/^processed .* with \([0-9]*\) phrases; found: \([0-9]*\) phrases; correct: \([0-9]*\)\./\1 \2 \3/p' "$tmp/eval.out")
    if [ "$a" = "$b" ]; then
        echo "kijang eval agrees: $(sed -n 2p "$tmp/eval.out")"
    else
        echo "kijang eval DISAGREES: score.py '$a', kijang eval '$b'" >&2
        exit 1
    fi
}
# Raw text through kijang's own tokenizer, scored on character offsets.
"$kijang" tag --input jsonl --format jsonl "$@" "$shared/eval/ner-ui/spans.jsonl" \
    > "$tmp/ner-ui.spans.pred.jsonl"
echo "== ner-ui spans (own tokenizer)"
python3 "$shared/eval/score.py" spans "$shared/eval/ner-ui/spans.jsonl" \
    "$tmp/ner-ui.spans.pred.jsonl" --map "$shared/eval/ner-ui/TAGMAP.tsv" \
    | tee "$tmp/score.py.out"
"$kijang" eval --errors 0 -m "$shared/eval/ner-ui/TAGMAP.tsv" --labels PER,ORG,LOC \
    "$shared/eval/ner-ui/spans.jsonl" "$tmp/ner-ui.spans.pred.jsonl" > "$tmp/eval.out"
same
for set in ner-ui wiki-gold; do
    gold="$shared/eval/$set/gold.conll"
    "$kijang" tag --input conll --doc-unit sentence --keep-columns "$@" "$gold" \
        > "$tmp/$set.pred.conll"
    echo "== $set"
    python3 "$shared/eval/score.py" conll "$gold" "$tmp/$set.pred.conll" \
        --map "$shared/eval/$set/TAGMAP.tsv" | tee "$tmp/score.py.out"
    "$kijang" eval --errors 0 -m "$shared/eval/$set/TAGMAP.tsv" --labels PER,ORG,LOC \
        "$tmp/$set.pred.conll" > "$tmp/eval.out"
    same
done
