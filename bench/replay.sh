#!/bin/bash
# replay.sh - events per CPU second of a replay to --json: builds compared
# on the same recordings, in turn.
#
# Usage (from the source tree, after `meson setup build && ninja -C build`):
#   bench/replay.sh [-r RUNS] [-s SECONDS] [-b BUILDDIR]... [-R FORK.jsonl,EXEC.jsonl] [-k WORKDIR]
#     -r  replays of each recording by each build (default 5); medians
#     -s  length of the storms recorded (default 10)
#     -b  a meson build directory whose forkscope replays; repeat it to
#         compare builds (two commits); the first is the reference
#     -R  replay these two recordings instead of recording storms
#     -k  keep the recordings in WORKDIR
#
# Without -R (as root) it records a fork storm and an exec storm of the
# given length with the first build's `forkscope --json` (bench/storm), as
# a user would.  Each replay is `forkscope --replay REC --json >
# /dev/null`: the reader, the model and the JSON writer, every event; CPU
# is user+sys of the replay (bash's `time`), the builds taking turns, so
# that each meets the machine in the same state.  It reports events per
# CPU second for each build and recording, and each build's ratio to the
# first one's, run by run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
runs=5 secs=10 recs= keep=
builds=()
while getopts "r:s:b:R:k:h" opt; do
  case $opt in
    r) runs=$OPTARG ;;
    s) secs=$OPTARG ;;
    b) builds+=("$OPTARG") ;;
    R) recs=$OPTARG ;;
    k) keep=$OPTARG ;;
    *) sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
need_builds storm
need_tools python3
work_dir replay "$keep"
trap '[ -n "$keep" ] || rm -rf "$WORK"' EXIT

if [ -n "$recs" ]; then
  cp "${recs%,*}" "$WORK/fork.jsonl"
  cp "${recs#*,}" "$WORK/exec.jsonl"
else
  [ "$(id -u)" = 0 ] || die "recording storms needs root (or give -R)"
  for mode in fork exec; do
    "${builds[0]}/src/forkscope" --json > "$WORK/$mode.jsonl" 2> /dev/null &
    pid=$!
    sleep 1
    "${builds[0]}/bench/storm" -m "$mode" -s "$secs" > /dev/null
    sleep 0.5
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  done
fi

# cpu BINARY REC: CPU seconds (user+sys) of one replay of REC.
cpu () {
  local TIMEFORMAT='%3U %3S' t
  t=$( { time "$1" --replay "$2" --json > /dev/null 2>&1; } 2>&1 )
  awk '{ printf "%.3f", $1 + $2 }' <<<"$t"
}

for mode in fork exec; do
  n=$(wc -l < "$WORK/$mode.jsonl")
  for r in $(seq "$runs"); do
    for i in "${!builds[@]}"; do
      echo "$mode $r $i $n $(cpu "${builds[$i]}/src/forkscope" "$WORK/$mode.jsonl")"
    done
  done
done > "$WORK/results"

python3 - "$WORK/results" "${builds[@]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
builds = sys.argv[2:]
print("| recording | events | build | CPU s, median | events per CPU s | vs the first build, same run: median (range) |")
print("|---|---|---|---|---|---|")
for mode in ("fork", "exec"):
    mine = [r for r in rows if r[0] == mode]
    n = int(mine[0][3])
    for i, b in enumerate(builds):
        cpu = [float(r[4]) for r in mine if int(r[2]) == i]
        ref = {r[1]: float(r[4]) for r in mine if int(r[2]) == 0}
        ratio = [ref[r[1]] / float(r[4]) for r in mine if int(r[2]) == i and float(r[4]) > 0]
        m = statistics.median(cpu)
        print(f"| {mode} storm | {n} | {b} | {m:.3f} | {n / m:.0f} | "
              f"{statistics.median(ratio):.2f}x ({min(ratio):.2f}-{max(ratio):.2f}) |")
print(f"\n- {len(rows) // (2 * len(builds))} replays of each recording by each build, in turn.")
PY
