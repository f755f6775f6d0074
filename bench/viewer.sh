#!/bin/bash
# viewer.sh - the viewer's CPU per event against --json's on the same storms.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/viewer.sh [-s SECONDS] [-m fork,exec] [-b BUILDDIR] [-x COLSxLINES] [-C COLUMNS] [-o OUT.md]
#     -s  length of each storm in seconds (default 10)
#     -m  which storms (default fork,exec)
#     -b  meson build directory (default build)
#     -x  the viewer's terminal size (default 160x45)
#     -C  the viewer's optional columns (--columns, e.g. cpu,mem,start,unit)
#     -o  append the Markdown table to this file (default: print only)
#
# For each storm, forkscope --json (writing to a file) and the viewer (live,
# in a private tmux server of the given size) listen at the same time.  CPU
# time (user+sys from /proc/PID/stat) is taken just before the storm and
# once both have stopped using CPU after it; the events are those --json
# wrote during the storm (both read the same kernel stream), and the events
# lost are --json's count and the "lost N" of the viewer's header.  The
# ratio viewer/--json is what counts: both ran on the same machine at the
# same time.  The viewer reads no settings file (a private, empty
# XDG_CONFIG_HOME) and saves none.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
secs=10
modes=fork,exec
build=$src/build
size=160x45
out=
columns=

while getopts "s:m:b:x:C:o:h" opt; do
  case $opt in
    s) secs=$OPTARG ;;
    m) modes=$OPTARG ;;
    b) build=$OPTARG ;;
    x) size=$OPTARG ;;
    C) columns=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

forkscope=${FORKSCOPE:-$build/src/forkscope}
storm=$build/bench/storm
die () { echo "viewer.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$storm" ] || die "$storm missing: meson setup $build && ninja -C $build"
[ -x "$forkscope" ] || die "$forkscope missing"
command -v tmux >/dev/null || die "tmux missing"
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "-x takes COLSxLINES"
cols=${BASH_REMATCH[1]} lines=${BASH_REMATCH[2]}

work=$(mktemp -d /tmp/forkscope-viewer.XXXXXX)
# The private tmux server's settings, read as it starts (no status line).
tmux_conf=$work/tmux.conf
echo "set-option -g status off" > "$tmux_conf"
sock=forkscope-bench-$$
tm () { tmux -L "$sock" -f "$tmux_conf" "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)

# The number in "lost N" on the viewer's header.
viewer_lost () {
  tm capture-pane -p -t 0 | head -n 1 | sed -n 's/.*lost \([0-9]*\).*/\1/p'
}

rows=()
for mode in ${modes//,/ }; do
  d=$work/$mode
  mkdir -p "$d"
  "$forkscope" --json > "$d/json.jsonl" 2> "$d/json.err" &
  jp=$!
  tm new-session -d -x "$cols" -y "$lines" \
    "echo \$\$ > $d/viewer.pid; exec env TERM=xterm-256color XDG_CONFIG_HOME=$work/config $forkscope --no-save --columns='$columns' 2>$d/viewer.err"
  sleep 1
  vp=$(cat "$d/viewer.pid")
  wait_idle "$jp" "$vp"
  j0=$(cpu_ticks "$jp"); v0=$(cpu_ticks "$vp")
  n0=$(wc -l < "$d/json.jsonl")
  "$storm" -m "$mode" -s "$secs" > "$d/storm.txt"
  wait_idle "$jp" "$vp"
  j1=$(cpu_ticks "$jp"); v1=$(cpu_ticks "$vp")
  kill -INT "$jp"; wait "$jp" 2>/dev/null || true
  n1=$(wc -l < "$d/json.jsonl")
  vlost=$(viewer_lost)
  tm send-keys -t 0 q
  sleep 0.5
  tm kill-server >/dev/null 2>&1 || true
  events=$((n1 - n0))
  jlost=$(python3 -c 'import json,sys; print(sum(json.loads(l).get("lost",0) for l in open(sys.argv[1]) if "\"lost\"" in l))' "$d/json.jsonl")
  jcpu=$(awk "BEGIN { print ($j1 - $j0) / $ticks }")
  vcpu=$(awk "BEGIN { print ($v1 - $v0) / $ticks }")
  row=$(awk -v m="$mode" -v e="$events" -v j="$jcpu" -v v="$vcpu" -v jl="$jlost" -v vl="${vlost:-?}" -v rate="$(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' "$d/storm.txt")" 'BEGIN {
      printf "| %s, %d/s | %d | %.2f | %.2f | **%.2fx** | %s / %s |", m, rate, e,
             j * 100000 / e, v * 100000 / e, (j > 0 ? v / j : 0), jl, vl }')
  rows+=("$row")
  echo "$mode: $(cat "$d/storm.txt")"
  echo "  --json CPU $jcpu s, viewer CPU $vcpu s, $events events, lost $jlost / ${vlost:-?}"
done

{
  echo
  echo "Viewer ($size${columns:+, columns $columns}, live, in tmux) and \`--json\` on the same storms (\`bench/viewer.sh -s $secs -x $size${columns:+ -C $columns}\`, $(nproc) CPUs, load $(cut -d ' ' -f 1-3 /proc/loadavg), $(date -u +%Y-%m-%d)):"
  echo
  echo "| storm | events | --json CPU s / 100k events | viewer CPU s / 100k events | viewer / --json | lost (--json / viewer) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee -a "${out:-/dev/null}"
