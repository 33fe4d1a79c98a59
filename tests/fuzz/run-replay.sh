#!/bin/sh
# tests/fuzz/run-replay.sh - make check: the lexicon fuzz target over the
# default lexicon, its truncations and bit flips (no libFuzzer needed)
set -eu
lex=${KIJANG_DEFAULT_LEXICON:?}
"$KIJANG_FUZZ_LEXICON" "$lex"
echo "1 passed, 0 failed"
