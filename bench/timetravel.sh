#!/bin/bash
# timetravel.sh - what one key of the time cursor costs the viewer itself,
# drawing included, on a recording of a machine of 5,000 processes.
#
# Usage (from the source tree, after `meson setup build && ninja -C build`):
#   bench/timetravel.sh [-n RECORDS] [-k KEYS] [-b BUILDDIR] [-x COLSxLINES] [-o OUT.md]
#     -n  events in the recording (default 1000000)
#     -k  keys of each kind (default 50)
#     -b  meson build directory (default build)
#     -x  the viewer's terminal size (default 160x45)
#     -o  append the Markdown table to this file (default: print only)
#
# build/bench/timetravel -W writes the recording (5,000 live processes,
# then churn); the viewer replays it in a private tmux server, as fast as
# it can, with its default history (every event read: 64 MiB in memory,
# then a spill file).  Then, one key at a time, each sent when the screen
# has shown the last one: [ (one event back, from the freeze point), ]
# (one forward), and ":#N Enter" to random event numbers of the whole
# recording (a jump in the history: a saved table loaded and up to
# 262,144 events folded, the recording not read again).  For each
# kind it reports the viewer's CPU time per key (user+sys from
# /proc/PID/stat) and the wall time from sending the key to seeing its
# screen (capture-pane polled every 2 ms: an upper bound).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
records=1000000
keys=50
build=$src/build
size=160x45
out=

while getopts "n:k:b:x:o:h" opt; do
  case $opt in
    n) records=$OPTARG ;;
    k) keys=$OPTARG ;;
    b) build=$OPTARG ;;
    x) size=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

forkscope=${FORKSCOPE:-$build/src/forkscope}
gen=$build/bench/timetravel
die () { echo "timetravel.sh: $*" >&2; exit 1; }
[ -x "$gen" ] || die "$gen missing: meson setup $build && ninja -C $build"
[ -x "$forkscope" ] || die "$forkscope missing"
command -v tmux >/dev/null || die "tmux missing"
[[ $keys =~ ^[0-9]+$ ]] && [ "$keys" -gt 0 ] || die "-k takes a whole number"
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "-x takes COLSxLINES"
cols=${BASH_REMATCH[1]} lines=${BASH_REMATCH[2]}

work=$(mktemp -d /tmp/forkscope-timetravel.XXXXXX)
# The private tmux server's settings, read as it starts (no status line).
tmux_conf=$work/tmux.conf
echo "set-option -g status off" > "$tmux_conf"
sock=forkscope-tt-$$
tm () { tmux -L "$sock" -f "$tmux_conf" "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)

"$gen" -W -w "$work/rec.jsonl" -n "$records" >/dev/null
tm new-session -d -x "$cols" -y "$lines" \
  "echo \$\$ > $work/pid; exec env TERM=xterm-256color LC_ALL=C.UTF-8 $forkscope --replay $work/rec.jsonl"
for _ in $(seq 600); do
  tm capture-pane -p -t 0 | head -n 1 | grep -q '(ended)' && break
  sleep 0.5
done
tm capture-pane -p -t 0 | head -n 1 | grep -q '(ended)' || die "the replay did not end in 5 minutes"
vp=$(cat "$work/pid")
wait_idle "$vp"

# The header line.
header () { tm capture-pane -p -t 0 | head -n 1; }

# key KEYS...: sends them, waits until the header changes; prints the ms.
key () {
  local before t0 t1
  before=$(header)
  t0=$(date +%s%N)
  tm send-keys -t 0 "$@"
  while [ "$(header)" = "$before" ]; do sleep 0.002; done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

# run NAME COMMAND: KEYS times COMMAND; prints a Markdown row.
run () {
  local name=$1 c0 c1 i ms total=0 worst=0
  shift
  c0=$(cpu_ticks "$vp")
  for i in $(seq "$keys"); do
    ms=$("$@")
    total=$((total + ms))
    [ "$ms" -le "$worst" ] || worst=$ms
  done
  wait_idle "$vp"
  c1=$(cpu_ticks "$vp")
  awk -v n="$name" -v k="$keys" -v c=$((c1 - c0)) -v t="$ticks" -v tot="$total" -v w="$worst" \
    'BEGIN { printf "| %s | %d | %.1f | %.0f | %d |\n", n, k, c * 1000 / t / k, tot / k, w }'
}

step_back () { key '['; }
step_fwd () { key ']'; }
goto_random () {
  tm send-keys -t 0 ':' && tm send-keys -t 0 -l "#$(( (RANDOM * 32768 + RANDOM) % records + 1 ))"
  key Enter
}

tm send-keys -t 0 z
sleep 0.5
table=$(
  echo "### The viewer, ${cols}x${lines}: $(header | grep -o '[0-9,]* procs') live, a recording of $records events"
  echo
  echo "| key | keys | CPU ms per key | wall ms per key (mean) | wall ms (max) |"
  echo "|---|---|---|---|---|"
  run "[ one event back" step_back
  run "] one event forward" step_fwd
  run ":#N to a random event of the recording" goto_random
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
)
echo "$table"
[ -z "$out" ] || printf '%s\n\n' "$table" >> "$out"
