#!/bin/sh
# tests/fuzz/smoke.sh - make fuzz-smoke (CI): run each libFuzzer target for
# a few seconds, seeded from the tree, and fail if any finds a crash, a
# leak, a timeout, an out-of-memory or a UBSan report.
#
#   smoke.sh SECONDS TARGET...
#
# Environment (make fuzz-smoke sets it):
#   FUZZ_SMOKE_SRC      the source tree's tests/fuzz (seeds/, regressions/);
#                       only read: new inputs go to the scratch corpus
#   FUZZ_SMOKE_BIN      the build tree's tests/fuzz (fuzz_NAME)
#   FUZZ_SMOKE_OUT      scratch directory in the build tree: NAME/corpus
#                       (emptied first), NAME/artifacts (crash-*, leak-*,
#                       timeout-*, oom-*; kept), NAME.log (libFuzzer's output)
#   FUZZ_SMOKE_FLAGS    further libFuzzer flags (-timeout, -rss_limit_mb, ...)
#   KIJANG_FUZZ_LEXICON_DIR   the build's lexicons/ (fuzz_pipeline)
#
# Prints one line per target: name, executions, seconds, result.
set -u
seconds=${1:?usage: smoke.sh SECONDS TARGET...}
shift
src=${FUZZ_SMOKE_SRC:?}
bin=${FUZZ_SMOKE_BIN:?}
out=${FUZZ_SMOKE_OUT:?}
flags=${FUZZ_SMOKE_FLAGS-}
: "${KIJANG_FUZZ_LEXICON_DIR:?}"
export KIJANG_FUZZ_LEXICON_DIR
# The fuzz build lets UBSan recover (report and go on); here a report must
# stop the run, so that libFuzzer keeps the input and the run fails.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS

mkdir -p "$out" || exit 1
ntargets=$#
failed=
start=$(date +%s)
for t in "$@"; do
    if ! test -x "$bin/fuzz_$t"; then
        echo "fuzz-smoke: $bin/fuzz_$t is missing (make fuzz)" >&2
        exit 2
    fi
    rm -rf "$out/$t/corpus"
    mkdir -p "$out/$t/corpus" "$out/$t/artifacts" || exit 1
    # libFuzzer reads every directory given and writes new inputs only to
    # the first, so the tree's seeds are used in place.
    set --
    for d in "$src/seeds/$t" "$src/regressions/$t"; do
        if test -d "$d"; then
            set -- "$@" "$d"
        fi
    done
    log=$out/$t.log
    t0=$(date +%s)
    # shellcheck disable=SC2086 # flags are words
    "$bin/fuzz_$t" $flags -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$out/$t/artifacts/" "$out/$t/corpus" "$@" \
        > "$log" 2>&1
    rc=$?
    t1=$(date +%s)
    execs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    if test -z "$execs"; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    fi
    result=ok
    if test "$rc" -ne 0 || grep -q 'runtime error:' "$log"; then
        if grep -q 'fuzz invariant failed' "$log"; then
            result='FAIL (invariant)'
        elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then
            result='FAIL (timeout)'
        elif grep -q 'out-of-memory' "$log"; then
            result='FAIL (out of memory)'
        elif grep -q 'ERROR: LeakSanitizer' "$log"; then
            result='FAIL (leak)'
        elif grep -q 'runtime error:' "$log"; then
            result='FAIL (UBSan)'
        elif grep -q 'ERROR: AddressSanitizer' "$log"; then
            result='FAIL (AddressSanitizer)'
        elif grep -q 'deadly signal' "$log"; then
            result='FAIL (crash)'
        else
            result="FAIL (exit $rc)"
        fi
        unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        if test -n "$unit"; then
            result="$result: $unit"
        fi
        failed="$failed $t"
    fi
    printf 'fuzz-smoke: %-8s %9s executions in %3s s  %s\n' \
        "$t" "${execs:-?}" "$((t1 - t0))" "$result"
done
end=$(date +%s)
if test -n "$failed"; then
    for t in $failed; do
        echo "---- $out/$t.log (last 40 lines)"
        tail -n 40 "$out/$t.log"
    done
    echo "fuzz-smoke: FAILED:$failed ($((end - start)) s); reproduce in the" \
        "build directory with" \
        "KIJANG_FUZZ_LEXICON_DIR=lexicons ./tests/fuzz/fuzz_NAME ARTIFACT"
    exit 1
fi
echo "fuzz-smoke: $ntargets targets, no crash, $((end - start)) s"
