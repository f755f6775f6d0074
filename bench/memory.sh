#!/bin/bash
# memory.sh - resident memory per tracked process: forkscope --json and the
# viewer against htop and btop, in the same run.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/memory.sh [-n N] [-r RUNS] [-w SECONDS] [-b BUILDDIR]... [-x COLSxLINES]
#     -n  sleeping processes added (default 5000)
#     -r  runs (default 3); the report gives medians
#     -w  seconds each reader runs before its memory is read (default 8)
#     -b  a meson build directory whose forkscope is measured; repeat it to
#         compare builds (two commits) in the same run (default build)
#     -x  the terminal of the viewer, htop and btop (default 160x45)
#
# Each run measures every reader twice, at two sizes of the machine: as
# it is, and with N more sleeping processes (bench/crowd: each has a
# command line, a name and an executable of its own).  At each size all
# readers start together (the viewers, htop and btop in a private tmux
# server, --json writing to /dev/null), run for the given seconds, and
# their resident memory (VmRSS) is read with the number of processes on
# the machine; the figure is the difference in memory over the difference
# in processes, so what a reader costs with no process at all (its code,
# its libraries, its buffers) cancels out.  The machine's other work must
# not count: forkscope keeps no tombstone (--keep 0) and the viewer the
# smallest history (--history-memory 256K --history-file 0), so that what
# it holds is the processes alive, in its live table and the copies of it
# that its history saves.  A history's own
# cost is per event held, not per process: the budget suite measures it
# (tests/budget/budgets.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
n=5000 runs=3 wait=8 size=160x45
builds=()
while getopts "n:r:w:b:x:h" opt; do
  case $opt in
    n) n=$OPTARG ;;
    r) runs=$OPTARG ;;
    w) wait=$OPTARG ;;
    b) builds+=("$OPTARG") ;;
    x) size=$OPTARG ;;
    *) sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
need_root
need_builds crowd
need_tools htop btop tmux python3
work_dir memory
tm_init memory
trap 'tm_fini; crowd_stop; rm -rf "$WORK"' EXIT

# One measurement at the machine's current size: prints "procs" and then
# "reader KiB" for each reader.
measure () {
  local pids=() names=() i b jp
  for i in "${!builds[@]}"; do
    b=${builds[$i]}
    "$b/src/forkscope" --json --keep 0 > /dev/null 2>"$WORK/json$i.err" &
    pids+=($!); names+=("json$i")
    pids+=("$(tm_start "viewer$i" "$size" env TERM=xterm-256color XDG_CONFIG_HOME="$WORK/config" \
                "$b/src/forkscope" --no-save --keep 0 --history-memory 256K \
                --history-file 0)")
    names+=("viewer$i")
  done
  pids+=("$(tm_start htop "$size" "$(peer_env)" htop)"); names+=(htop)
  pids+=("$(tm_start btop "$size" "$(peer_env)" btop)"); names+=(btop)
  sleep "$wait"
  echo "procs $(machine_procs)"
  for i in "${!pids[@]}"; do echo "${names[$i]} $(rss_kib "${pids[$i]}")"; done
  for i in "${!builds[@]}"; do
    jp=${pids[$((2 * i))]}
    kill -INT "$jp" 2>/dev/null || true
    wait "$jp" 2>/dev/null || true
  done
  tm_fini
}

for r in $(seq "$runs"); do
  measure > "$WORK/small.$r"
  crowd_start "${builds[0]}" "$n"
  measure > "$WORK/large.$r"
  crowd_stop
  echo "run $r: $(tr '\n' ' ' < "$WORK/small.$r")/ $(tr '\n' ' ' < "$WORK/large.$r")" >&2
done

python3 - "$WORK" "$runs" "$n" "$size" "${builds[@]}" <<'PY'
import statistics, sys
work, runs, n, size, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
def read(path):
    return {k: float(v) for k, v in (l.split() for l in open(path) if len(l.split()) == 2)}
per = {}
for r in range(1, runs + 1):
    a, b = read(f"{work}/small.{r}"), read(f"{work}/large.{r}")
    dp = b["procs"] - a["procs"]
    for k in a:
        if k != "procs" and k in b:
            per.setdefault(k, []).append((b[k] - a[k]) * 1024 / dp)
names = {"htop": "htop", "btop": "btop"}
for i, b in enumerate(builds):
    names[f"json{i}"] = f"forkscope --json ({b})"
    names[f"viewer{i}"] = f"forkscope viewer ({b})"
ref = statistics.median(per["htop"])
print(f"| reader | bytes per process, median (range) | vs htop |")
print(f"|---|---|---|")
for k, v in per.items():
    m = statistics.median(v)
    print(f"| {names[k]} | {m:.0f} ({min(v):.0f}-{max(v):.0f}) | {m / ref:.2f}x |")
print()
print(f"- {runs} runs, {n} sleeping processes added (bench/crowd), terminals {size}, "
      f"memory read after each reader ran the same seconds; bytes = difference in VmRSS "
      f"over the difference in processes on the machine.")
PY
