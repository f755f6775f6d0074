#!/bin/bash
# idle.sh - what an idle viewer costs on a machine of many sleeping
# processes, against htop and btop in the same run.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/idle.sh [-n N] [-w SECONDS] [-b BUILDDIR]... [-x COLSxLINES]
#     -n  sleeping processes on the machine (default 5000)
#     -w  seconds measured (default 60)
#     -b  a meson build directory whose viewer is measured; repeat it to
#         compare builds (two commits) in the same run (default build)
#     -x  the terminals (default 160x45)
#
# bench/crowd makes the machine's processes up to N sleeping ones; then,
# at once and for the same seconds, in a private tmux server:
#   live    each build's viewer, htop and btop, with their defaults, and
#           forkscope --json writing to /dev/null beside them;
#   replay  each build's viewer replaying a recording of this machine's
#           snapshot (made first, by the first build) and sitting at its
#           end: the same tree with no event at all.
# It reports each one's CPU (all threads, /proc/PID/task/*/schedstat) as a
# share of one CPU over the window, and the events the machine made
# meanwhile (--json's lines).  A live forkscope pays for every event of
# the machine, which an idle viewer does not make: on a busy machine
# (other work, other sessions) the live figure is mostly that, and the
# --json row says how much; the replay rows are the viewer's own idle cost
# (all but the /proc readings of the rows on screen, which only a live
# viewer makes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
n=5000 wait=60 size=160x45
builds=()
while getopts "n:w:b:x:h" opt; do
  case $opt in
    n) n=$OPTARG ;;
    w) wait=$OPTARG ;;
    b) builds+=("$OPTARG") ;;
    x) size=$OPTARG ;;
    *) sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
need_root
need_builds crowd
need_tools htop btop tmux
work_dir idle
tm_init idle
trap 'tm_fini; crowd_stop; rm -rf "$WORK"' EXIT

have=$(machine_procs)
crowd_start "${builds[0]}" $((n > have ? n - have : 0))
"${builds[0]}/src/forkscope" --json --duration 1 > "$WORK/snapshot.jsonl" 2>/dev/null

declare -A pid label
viewer="env TERM=xterm-256color XDG_CONFIG_HOME=$WORK/config"
for i in "${!builds[@]}"; do
  pid[live$i]=$(tm_start "live$i" "$size" $viewer "${builds[$i]}/src/forkscope" --no-save)
  label[live$i]="forkscope viewer, live (${builds[$i]})"
  pid[replay$i]=$(tm_start "replay$i" "$size" $viewer "${builds[$i]}/src/forkscope" --no-save \
                    --replay "$WORK/snapshot.jsonl")
  label[replay$i]="forkscope viewer, replay ended (${builds[$i]})"
done
pid[htop]=$(tm_start htop "$size" "$(peer_env)" htop); label[htop]=htop
pid[btop]=$(tm_start btop "$size" "$(peer_env)" btop); label[btop]=btop
"${builds[0]}/src/forkscope" --json > "$WORK/events.jsonl" 2>/dev/null &
pid[json]=$!; label[json]="forkscope --json (${builds[0]}), the events' cost"
sleep 10
declare -A c0
for k in "${!pid[@]}"; do c0[$k]=$(cpu_ns "${pid[$k]}"); done
e0=$(wc -l < "$WORK/events.jsonl")
sleep "$wait"
e1=$(wc -l < "$WORK/events.jsonl")
echo "| viewer or peer | CPU, share of one CPU |"
echo "|---|---|"
for k in $(printf '%s\n' "${!pid[@]}" | sort); do
  c1=$(cpu_ns "${pid[$k]}")
  awk -v l="${label[$k]}" -v a="${c0[$k]}" -v b="$c1" -v w="$wait" \
    'BEGIN { printf "| %s | %.2f%% |\n", l, (b - a) / (w * 1e9) * 100 }'
done
kill -TERM "${pid[json]}" 2>/dev/null || true
wait "${pid[json]}" 2>/dev/null || true
echo
echo "- $(machine_procs) processes, $wait s, terminals $size; the machine made $(( (e1 - e0) / wait )) events/s meanwhile (other work included); $(nproc) CPUs, load $(cut -d ' ' -f 1-3 /proc/loadavg)."
