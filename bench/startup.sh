#!/bin/bash
# startup.sh - time to the first screen on a machine of many processes:
# the viewer against btop and htop, in the same run.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/startup.sh [-n N,N...] [-r RUNS] [-b BUILDDIR]... [-x COLSxLINES]
#     -n  sleeping processes on the machine (default 5000,10000)
#     -r  starts of each reader at each size (default 5); medians reported
#     -b  a meson build directory whose viewer is measured; repeat it to
#         compare builds (two commits) in the same run (default build)
#     -x  the terminal (default 160x45)
#
# At each size bench/crowd makes the machine's processes up to N
# sleeping ones (each with a command line, a name and an executable of its
# own), then each reader is started alone in a private tmux server, in an
# order that turns by one from run to run, and its screen polled every
# 10 ms until it shows its first screen of processes: the viewer's header
# counting at least 90% of the machine's processes, btop's and htop's
# process lists with five rows or more.  It reports the wall time from the
# start to that screen and the CPU time the reader had used by then (all
# its threads, /proc/PID/task/*/schedstat), and the ratio of each to
# btop's in the same run.  Two more take their turns: "harness", a shell
# that prints one line at once (the wall time tmux and the polling take,
# which the ratios leave out), and bench/scanfloor, which reads what a
# snapshot of every process must read from /proc and nothing else (its
# CPU and wall time are the floor under any first screen of every
# process).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
sizes=5000,10000 runs=5 size=160x45
builds=()
while getopts "n:r:b:x:h" opt; do
  case $opt in
    n) sizes=$OPTARG ;;
    r) runs=$OPTARG ;;
    b) builds+=("$OPTARG") ;;
    x) size=$OPTARG ;;
    *) sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
need_root
need_builds crowd scanfloor
need_tools htop btop tmux python3
work_dir startup
tm_init startup
trap 'tm_fini; crowd_stop; rm -rf "$WORK"' EXIT

# Whether the screen in file $1 is reader $2's first screen of processes,
# on a machine of $3 processes.
first_screen () {
  case $2 in
    viewer*) head -n 1 "$1" | awk -v want="$3" 'BEGIN { ok = 0 }
               { for (i = 2; i <= NF; i++) if ($i == "procs") ok = $(i - 1) >= want * 0.9 }
               END { exit !ok }' ;;
    btop) [ "$(grep -cE '│ +[0-9]+ +[^ ]' "$1")" -ge 5 ] ;;
    harness) grep -q ready "$1" ;;
    htop) [ "$(grep -cE '^ *[0-9]+ +[a-z]+ +-?[0-9]+ ' "$1")" -ge 5 ] ;;
  esac
}

# One start of reader NAME (COMMAND...): prints "NAME WALL_S CPU_S".
start_one () {
  local name=$1 t0 t1 pid cpu i procs
  shift
  procs=$(machine_procs)
  t0=$(date +%s%N)
  pid=$(tm_start "$name" "$size" "$@")
  for i in $(seq 3000); do
    tm_screen "$name" > "$WORK/screen" 2>/dev/null || true
    if first_screen "$WORK/screen" "$name" "$procs"; then
      cpu=$(cpu_ns "$pid")
      t1=$(date +%s%N)
      break
    fi
    sleep 0.01
  done
  tm_fini
  [ -n "${t1:-}" ] || { echo "$name: no first screen in 30 s" >&2; return 0; }
  awk -v n="$name" -v w=$((t1 - t0)) -v c="$cpu" 'BEGIN { printf "%s %.3f %.3f\n", n, w / 1e9, c / 1e9 }'
}

readers=()
for i in "${!builds[@]}"; do readers+=("viewer$i"); done
readers+=(btop htop harness floor)
for n in ${sizes//,/ }; do
  have=$(machine_procs)
  crowd_start "${builds[0]}" $((n > have ? n - have : 0))
  for r in $(seq "$runs"); do
    for k in "${!readers[@]}"; do
      name=${readers[$(( (k + r) % ${#readers[@]} ))]}
      case $name in
        viewer*) b=${builds[${name#viewer}]}
                 line=$(start_one "$name" env TERM=xterm-256color XDG_CONFIG_HOME="$WORK/config" "$b/src/forkscope" --no-save) ;;
        harness) line=$(start_one "$name" sh -c "'echo ready; exec sleep 60'") ;;
        floor) line=$("${builds[0]}/bench/scanfloor" | sed -n 's/.*cpu_s=\([0-9.]*\) wall_s=\([0-9.]*\)/floor \2 \1/p') ;;
        *) line=$(start_one "$name" "$(peer_env)" "$name") ;;
      esac
      echo "$n $r $line" | tee -a "$WORK/results" >&2
    done
  done
  crowd_stop
done

python3 - "$WORK/results" "$runs" "$size" "${builds[@]}" <<'PY'
import statistics, sys
path, runs, size, builds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rows = [l.split() for l in open(path) if len(l.split()) == 5]
names = {"btop": "btop", "htop": "htop", "floor": "bench/scanfloor (no screen)"}
for i, b in enumerate(builds):
    names[f"viewer{i}"] = f"forkscope viewer ({b})"
med = statistics.median
print("| processes | reader | first screen, wall s less the harness's: median | CPU s by then: median (range) | vs btop, same run: wall / CPU (medians) |")
print("|---|---|---|---|---|")
for n in sorted({int(r[0]) for r in rows}):
    at = {(r[1], r[2]): (float(r[3]), float(r[4])) for r in rows if int(r[0]) == n}
    def net(run, name):
        wall, cpu = at[(run, name)]
        # The floor runs without tmux: no harness to take off.
        return (wall if name == "floor" else wall - at.get((run, "harness"), (0, 0))[0]), cpu
    for name in names:
        runs_ = [r for (r, m) in at if m == name]
        if not runs_:
            continue
        wall = [net(r, name)[0] for r in runs_]
        cpu = [net(r, name)[1] for r in runs_]
        vw = [net(r, name)[0] / net(r, "btop")[0] for r in runs_ if (r, "btop") in at and net(r, "btop")[0] > 0]
        vc = [net(r, name)[1] / net(r, "btop")[1] for r in runs_ if (r, "btop") in at and net(r, "btop")[1] > 0]
        print(f"| {n} | {names[name]} | {med(wall):.3f} | {med(cpu):.3f} ({min(cpu):.3f}-{max(cpu):.3f}) "
              f"| {med(vw):.2f}x / {med(vc):.2f}x |")
print()
print(f"- {runs} starts of each reader at each size, one at a time, the order turning by one each run; terminal {size}; "
      f"wall times less that of a shell printing one line in the same harness, same run.")
PY
