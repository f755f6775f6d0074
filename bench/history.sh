#!/bin/bash
# history.sh - what the history costs: bench/history (see history.c) on an
# exec storm and a fork storm (bench/genrec.py normal and forks, 300,000
# events each), the tests' busy recording and any RECORDING given; the
# instructions of an append under callgrind (deterministic), beside those
# of applying the same events to the live table, which the monitor pays
# anyway; then HOURS of a busy machine (default 1; 0: none).
#
# Usage (from the source tree, after `meson setup build && ninja -C build`):
#   bench/history.sh [-b BUILDDIR] [-H HOURS] [-o OUT.md] [RECORDING...]
#     -b  meson build directory (default build)
#     -H  hours of the busy machine (default 1)
#     -o  append the Markdown to this file (default: print only)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$src/build
hours=1
out=

while getopts "b:H:o:h" opt; do
  case $opt in
    b) build=$OPTARG ;;
    H) hours=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
bin=$build/bench/history
[ -x "$bin" ] || { echo "history.sh: build $bin first" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "history.sh: needs valgrind" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/genrec.py" normal 300000 > "$work/exec-storm.jsonl"
python3 "$here/genrec.py" forks 300000 > "$work/fork-storm.jsonl"
recs=("$work/exec-storm.jsonl" "$work/fork-storm.jsonl" "$src/tests/data/rec-busy.jsonl" "$@")

# The instructions in FUNCTION (callgrind's toggle) while appending
# recording $2.
instructions () {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect="$1" \
    "$bin" -c "$2" > /dev/null 2>&1
  callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}

{
  echo "### The history: bytes held, appends, decoding (bench/history.sh)"
  echo
  "$bin" "${recs[@]}"
  echo "| recording | events | instructions per append | per apply to the live table | ratio |"
  echo "|---|---|---|---|---|"
  for rec in "${recs[@]}"; do
    n=$("$bin" -c "$rec" | sed -n 's/^events=//p')
    store=$(instructions history_append "$rec")
    all=$(instructions hb_feed "$rec")
    apply=$((all - store))
    printf '| %s | %s | %d | %d | %sx |\n' "$(basename "$rec")" "$n" $((store / n)) \
      $((apply / n)) "$(awk -v a="$store" -v b="$apply" 'BEGIN { printf "%.2f", a / b }')"
  done
  echo
  if [ "$hours" != 0 ]; then
    "$bin" -H "$hours" -j 30
  fi
  echo "- $(uname -srm), $(nproc) CPUs, forkscope $(git -C "$src" rev-parse --short HEAD), $(date -u +%F)."
  echo "- Reproduce: \`bench/history.sh\`."
} | if [ -n "$out" ]; then tee -a "$out"; else cat; fi
