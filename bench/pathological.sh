#!/bin/bash
# pathological.sh - replays recordings whose trees are pathological (100,000
# orphans, a 50,000-deep chain, a 100,000-wide fan-out) and a normal
# recording of the same size, and reports events per CPU second of each and
# their ratio: the cost of an event must not grow with the shape of the tree.
#
# Usage (from the source tree, after `meson setup build && ninja -C build`):
#   bench/pathological.sh [-b BUILDDIR] [-r RUNS] [-k WORKDIR] [-o OLD_FORKSCOPE]
#     -b  meson build directory holding src/forkscope (default build)
#     -r  replays of each recording; the least CPU counts (default 3)
#     -k  keep the recordings in WORKDIR (default: a temporary directory)
#     -o  also time this other forkscope binary (an older build), once per
#         recording, for a "before" column (capped at 300 s each)
# FORKSCOPE=/path/to/forkscope overrides the binary.
#
# Each replay is `forkscope --replay REC --json > /dev/null`: the reader,
# the model and the JSON printer, every event.  CPU is user+sys time of the
# replay (bash's `time`).  bench/genrec.py writes the recordings.
# Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$src/build runs=3 keep= old=
while getopts "b:r:k:o:h" opt; do
  case $opt in
    b) build=$OPTARG ;;
    r) runs=$OPTARG ;;
    k) keep=$OPTARG ;;
    o) old=$OPTARG ;;
    *) sed -n '7,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
fs=${FORKSCOPE:-$build/src/forkscope}
[ -x "$fs" ] || { echo "pathological.sh: $fs missing" >&2; exit 1; }
if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"
else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi

# cpu BINARY REC: CPU seconds (user+sys) of one replay of REC
cpu() {
  local TIMEFORMAT='%3U %3S' t
  t=$( { time timeout 300 "$1" --replay "$2" --json >/dev/null 2>&1; } 2>&1 ) || { echo "-"; return; }
  awk '{ printf "%.3f", $1 + $2 }' <<<"$t"
}

# best REC: the least CPU seconds of $runs replays
best() {
  local b= t
  for _ in $(seq "$runs"); do
    t=$(cpu "$fs" "$1")
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }

echo "| recording | events | CPU s | events per CPU s | normal recording, same size: events per CPU s | ratio |${old:+ before: CPU s |}"
echo "|---|---|---|---|---|---|${old:+---|}"
for shape in orphans chain fanout; do
  rec=$work/$shape.jsonl
  [ -s "$rec" ] || python3 "$here/genrec.py" "$shape" >"$rec"
  n=$(wc -l <"$rec")
  norm=$work/normal-$n.jsonl
  [ -s "$norm" ] || python3 "$here/genrec.py" normal "$n" >"$norm"
  nn=$(wc -l <"$norm")
  t=$(best "$rec"); tn=$(best "$norm")
  r=$(rate "$n" "$t"); rn=$(rate "$nn" "$tn")
  ratio=$(awk -v a="$r" -v b="$rn" 'BEGIN { printf "%.2f", a / b }')
  before=
  [ -n "$old" ] && before=" $(cpu "$old" "$rec") |"
  echo "| $shape | $n | $t | $r | $rn | **$ratio** |$before"
done
echo
echo "- forkscope $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F), $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg); least CPU of $runs replays of each."
