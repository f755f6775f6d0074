#!/bin/bash
# run-long.sh - runs the pipeline fuzzer (fuzz-pipeline.c) with libFuzzer
# for a long time, by default 10 minutes, and says how many inputs it ran
# and whether any failed.
#
# Usage: tests/fuzz/run-long.sh [-t SECONDS] [-b BUILDDIR] [-T TARGET]
#   -t  how long (default 600)
#   -b  the libFuzzer build (default build-fuzz; set up with clang, ASan and
#       UBSan when missing)
#   -T  which target of tests/fuzz (default pipeline)
# The corpus grows in BUILDDIR/long-corpus-TARGET (seeded from
# tests/fuzz/corpus-TARGET); a failing input is written to
# BUILDDIR/long-artifacts/.  Exit status: libFuzzer's (0: nothing found).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=600 build=$src/build-fuzz target=pipeline
while getopts "t:b:T:h" opt; do
  case $opt in
    t) secs=$OPTARG ;;
    b) build=$OPTARG ;;
    T) target=$OPTARG ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false >/dev/null
fi
meson compile -C "$build" "fuzz-$target" >/dev/null
exe=$build/tests/fuzz/fuzz-$target
grep -qa LLVMFuzzerRunDriver "$exe" || { echo "run-long.sh: $exe is not a libFuzzer build (clang, -Dfuzz=true)" >&2; exit 2; }

corpus=$build/long-corpus-$target
mkdir -p "$corpus" "$build/long-artifacts"
cp -n "$here/corpus-$target"/* "$corpus"/
dict=()
[ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
log=$build/long-$target.log
echo "fuzz-$target for $secs s; corpus $corpus; log $log"
status=0
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$exe" -max_total_time="$secs" \
  -max_len=16384 -print_final_stats=1 -artifact_prefix="$build/long-artifacts/" \
  "${dict[@]}" "$corpus" >"$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "executions: ${runs:-?}; corpus: $(ls "$corpus" | wc -l) inputs; exit status $status"
[ $status = 0 ] && echo "result: no failure" || { echo "result: FAILED"; tail -30 "$log"; }
exit $status
