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
# The fuzz build stops at a UBSan report (-fno-sanitize-recover); this
# makes sure of it when FUZZ_CFLAGS are overridden.
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
        result="FAIL (exit $rc)"
        # the first of these the log holds names the failure
        for kind in 'fuzz invariant failed=invariant' \
                    'ERROR: libFuzzer: timeout=timeout' \
                    'out-of-memory=out of memory' \
                    'ERROR: LeakSanitizer=leak' \
                    'runtime error:=UBSan' \
                    'ERROR: AddressSanitizer=AddressSanitizer' \
                    'deadly signal=crash'; do
            if grep -q "${kind%%=*}" "$log"; then
                result="FAIL (${kind#*=})"
                break
            fi
        done
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
