#!/bin/sh
# eval-ner-ui.sh - precision, recall and F1 on the NER UI development set
#
# Usage: bench/eval-ner-ui.sh [KIJANG [SHARED]] [-- TAG-OPTIONS...]
# Tags ../shared/eval/ner-ui/gold.conll as pre-tokenised input, one document
# per sentence (so nothing learned in one sentence leaks into another), and
# scores it with ../shared/eval/score.py (exact spans, conlleval's
# definition; PER/ORG/LOC; PROG counts as O). Also the Wikipedia gold set.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kijang=${1:-./kijang}
shared=${2:-$here/../../shared}
[ $# -ge 2 ] && shift 2 || shift $#
[ "${1:-}" = "--" ] && shift
tmp=${BENCH_TMP:-/tmp/kijang-bench}
mkdir -p "$tmp"
# Raw text through kijang's own tokenizer, scored on character offsets.
"$kijang" tag --input jsonl --format jsonl "$@" "$shared/eval/ner-ui/spans.jsonl" \
    > "$tmp/ner-ui.spans.pred.jsonl"
echo "== ner-ui spans (own tokenizer)"
python3 "$shared/eval/score.py" spans "$shared/eval/ner-ui/spans.jsonl" \
    "$tmp/ner-ui.spans.pred.jsonl" --map "$shared/eval/ner-ui/TAGMAP.tsv"
for set in ner-ui wiki-gold; do
    gold="$shared/eval/$set/gold.conll"
    "$kijang" tag --input conll --doc-unit sentence --keep-columns "$@" "$gold" \
        > "$tmp/$set.pred.conll"
    echo "== $set"
    python3 "$shared/eval/score.py" conll "$gold" "$tmp/$set.pred.conll" \
        --map "$shared/eval/$set/TAGMAP.tsv"
done
