#!/bin/bash
# viewer.sh - the viewer's CPU per event against --json's on the same storms.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/viewer.sh [-s SECONDS] [-r RUNS] [-m fork,exec] [-b BUILDDIR] [-x COLSxLINES] [-C COLUMNS] [-o OUT.md]
#     -s  length of each storm in seconds (default 10)
#     -r  runs of each storm (default 4): --json starts first in odd runs,
#         the viewer in even ones
#     -m  which storms (default fork,exec)
#     -b  meson build directory (default build)
#     -x  the viewer's terminal size (default 160x45)
#     -C  the viewer's optional columns (--columns, e.g. cpu,mem,start,unit)
#     -o  append the Markdown table to this file (default: print only)
#
# For each storm, forkscope --json (writing to a file) and the viewer (live,
# in a private tmux server of the given size) listen at the same time.  CPU
# time (user+sys of all threads, /proc/PID/task/*/schedstat) is taken just
# before the storm and once both have stopped using CPU after it; the
# events are those --json wrote during the storm (both read the same kernel
# stream), and the events lost are --json's count and the "lost N" of the
# viewer's header.  The ratio viewer/--json is what counts: both ran on the
# same machine at the same time.  Whichever starts second pays more per
# exec (its capture thread wakes second, its /proc reads come later), so
# the two take turns to start first, and the report gives the ratio in
# each order and over all runs.  The viewer reads no settings file (a
# private, empty XDG_CONFIG_HOME) and saves none.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
secs=10
runs=4
modes=fork,exec
build=$src/build
size=160x45
out=
columns=

while getopts "s:r:m:b:x:C:o:h" opt; do
  case $opt in
    s) secs=$OPTARG ;;
    r) runs=$OPTARG ;;
    m) modes=$OPTARG ;;
    b) build=$OPTARG ;;
    x) size=$OPTARG ;;
    C) columns=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '4,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
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

# The number in "lost N" on the viewer's header.
viewer_lost () {
  tm capture-pane -p -t 0 | head -n 1 | sed -n 's/.*lost \([0-9]*\).*/\1/p'
}

# run_one MODE R: one storm of MODE, run R, both listening; appends
# "mode first events json_s viewer_s json_lost viewer_lost rate" to results.
run_one () {
  local mode=$1 r=$2 d=$work/$1-$2 first jp vp j0 v0 j1 v1 n0 n1 vlost jlost
  mkdir -p "$d"
  start_json () { "$forkscope" --json > "$d/json.jsonl" 2> "$d/json.err" & jp=$!; }
  start_viewer () {
    tm new-session -d -x "$cols" -y "$lines" \
      "echo \$\$ > $d/viewer.pid; exec env TERM=xterm-256color XDG_CONFIG_HOME=$work/config $forkscope --no-save --columns='$columns' 2>$d/viewer.err"
    sleep 1
    vp=$(cat "$d/viewer.pid")
  }
  if [ $((r % 2)) = 1 ]; then
    first=json; start_json; sleep 1; start_viewer
  else
    first=viewer; start_viewer; sleep 1; start_json
  fi
  wait_idle "$jp" "$vp"
  j0=$(cpu_ns "$jp"); v0=$(cpu_ns "$vp")
  n0=$(wc -l < "$d/json.jsonl")
  "$storm" -m "$mode" -s "$secs" > "$d/storm.txt"
  wait_idle "$jp" "$vp"
  j1=$(cpu_ns "$jp"); v1=$(cpu_ns "$vp")
  kill -TERM "$jp"; wait "$jp" 2>/dev/null || true
  n1=$(wc -l < "$d/json.jsonl")
  vlost=$(viewer_lost)
  tm send-keys -t 0 q
  sleep 0.5
  tm kill-server >/dev/null 2>&1 || true
  jlost=$(python3 -c 'import json,sys; print(sum(json.loads(l).get("lost",0) for l in open(sys.argv[1]) if "\"lost\"" in l))' "$d/json.jsonl")
  echo "$mode $first $((n1 - n0)) $(( j1 - j0 )) $(( v1 - v0 )) $jlost ${vlost:-?} $(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' "$d/storm.txt")" >> "$work/results"
  echo "$mode run $r ($first first): $(cat "$d/storm.txt")"
}

for mode in ${modes//,/ }; do
  for r in $(seq "$runs"); do run_one "$mode" "$r"; done
done

{
  echo
  echo "Viewer ($size${columns:+, columns $columns}, live, in tmux) and \`--json\` on the same storms (\`bench/viewer.sh -s $secs -r $runs -x $size${columns:+ -C $columns}\`, $(nproc) CPUs, load $(cut -d ' ' -f 1-3 /proc/loadavg), $(date -u +%Y-%m-%d)):"
  echo
  python3 - "$work/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = statistics.median
print("| storm | started first | runs | events | --json CPU s / 100k events | viewer CPU s / 100k events | viewer / --json, median (range) | lost (--json / viewer) |")
print("|---|---|---|---|---|---|---|---|")
for mode in dict.fromkeys(r[0] for r in rows):
    for first in ("json", "viewer", "either"):
        mine = [r for r in rows if r[0] == mode and first in (r[1], "either")]
        if not mine:
            continue
        ev = [int(r[2]) for r in mine]
        j = [int(r[3]) / 1e9 * 1e5 / int(r[2]) for r in mine]
        v = [int(r[4]) / 1e9 * 1e5 / int(r[2]) for r in mine]
        ratio = [int(r[4]) / int(r[3]) for r in mine if int(r[3]) > 0]
        rate = med(float(r[7]) for r in mine)
        print(f"| {mode}, {rate:.0f}/s | {'--json' if first == 'json' else first} | {len(mine)} | {med(ev):.0f} "
              f"| {med(j):.2f} | {med(v):.2f} | **{med(ratio):.2f}x** ({min(ratio):.2f}-{max(ratio):.2f}) "
              f"| {sum(int(r[5]) for r in mine)} / {'+'.join(r[6] for r in mine)} |")
PY
} | tee -a "${out:-/dev/null}"
