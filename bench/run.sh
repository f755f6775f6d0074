#!/bin/bash
# run.sh - forkscope's headless JSON mode against forkstat on the same storms.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/run.sh [-s SECONDS] [-m fork,exec,floor] [-o OUT.md] [-b BUILDDIR] [-k WORKDIR] [-c] [-f]
#     -s  length of each storm in seconds (default 10; a run takes about
#         S+8 s per storm plus 10 s)
#     -m  which storms to run (default fork,exec; floor: an exec storm read
#         by bench/floor, the least a reader can do, instead of forkscope)
#     -f  adds the floor storm to the others
#     -o  where to write the Markdown table (default bench/results.md)
#     -b  meson build directory holding src/forkscope and bench/storm (default build)
#     -k  keep the raw outputs in WORKDIR (default: a temporary directory, removed)
#     -c  also count forkscope's instructions per event with callgrind, replaying
#         the exec storm's recording (adds about a minute)
# FORKSCOPE=/path/to/forkscope overrides the binary.  Environment variables
# forkscope reads (FORKSCOPE_DOORBELL=0, say) pass through.
#
# For each storm both readers run at the same time, writing to files:
#   forkscope --json --duration D > forkscope.jsonl
#   forkstat -e fork,exec,exit -D D > forkstat.txt
# CPU time (user+sys, from /proc/PID/stat) is taken just before the storm and
# again once both readers have stopped using CPU after it.  bench/report.py
# then matches each reader's lines against the pids the storm made.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
secs=10
modes=fork,exec
out=$here/results.md
build=$src/build
keep=
callgrind=
floor_storm=
args=           # the options that change the figures, for the report

while getopts "s:m:o:b:k:cfh" opt; do
  case $opt in
    s) secs=$OPTARG; args+=" -s $OPTARG" ;;
    m) modes=$OPTARG; args+=" -m $OPTARG" ;;
    o) out=$OPTARG ;;
    b) build=$OPTARG ;;
    k) keep=$OPTARG ;;
    c) callgrind=1; args+=" -c" ;;
    f) floor_storm=1; args+=" -f" ;;
    *) sed -n '4,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

[ -z "$floor_storm" ] || [[ ,$modes, == *,floor,* ]] || modes+=,floor
forkscope=${FORKSCOPE:-$build/src/forkscope}
storm=$build/bench/storm
floor=$build/bench/floor
die () { echo "run.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (forkstat refuses otherwise)"
[ -x "$storm" ] || die "$storm missing: meson setup $build && ninja -C $build"
[ -x "$forkscope" ] || die "$forkscope missing"
command -v forkstat >/dev/null || die "forkstat missing: apt-get install -y forkstat"
command -v python3 >/dev/null || die "python3 missing"
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || die "-s takes whole seconds"
for mode in ${modes//,/ }; do
  case $mode in fork|exec|floor) ;; *) die "unknown storm '$mode' (fork, exec, floor)" ;; esac
  [ "$mode" != floor ] || [ -x "$floor" ] || die "$floor missing"
done

if [ -n "$keep" ]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/forkscope-bench.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
ticks=$(getconf CLK_TCK)

# Prints a process's user+sys CPU time in clock ticks, or nothing if gone.
cpu_ticks () {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # Fields after the ")" closing comm: state is 3, utime 14, stime 15.
  set -- ${stat##*) }
  echo $(( ${12} + ${13} ))
}

# Waits (up to 10 s) until none of the given pids used CPU for 0.5 s.
wait_idle () {
  local before now i p
  before=$(for p in "$@"; do cpu_ticks "$p"; done)
  for i in $(seq 20); do
    sleep 0.5
    now=$(for p in "$@"; do cpu_ticks "$p"; done)
    [ "$now" = "$before" ] && return 0
    before=$now
  done
}

# Stops a reader and waits for it: SIGINT first, SIGKILL after 5 s.
stop_reader () {
  local pid=$1 i
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Runs one storm of MODE with both readers listening; fills $work/MODE/.
# The floor storm is an exec storm with bench/floor in forkscope's place.
run_mode () {
  local mode=$1 d=$work/$1 dur fs fk fs0 fk0 fs1 fk1 me=forkscope kind=$1
  mkdir -p "$d"
  dur=$((secs + 30))    # a safety net; the readers are stopped with SIGINT
  if [ "$mode" = floor ]; then
    me=floor kind=exec
    "$floor" > "$d/floor.txt" 2> "$d/floor.err" &
  else
    "$forkscope" --json --duration "$dur" > "$d/forkscope.jsonl" 2> "$d/forkscope.err" &
  fi
  fs=$!
  forkstat -e fork,exec,exit -D "$dur" > "$d/forkstat.txt" 2> "$d/forkstat.err" &
  fk=$!
  sleep 0.5
  wait_idle "$fs" "$fk"  # both have subscribed and finished their /proc scans
  kill -0 "$fs" 2>/dev/null || echo "run.sh: $me exited early: $(head -c 300 "$d/$me.err")" >&2
  kill -0 "$fk" 2>/dev/null || die "forkstat exited early: $(cat "$d/forkstat.err")"
  fs0=$(cpu_ticks "$fs"); fk0=$(cpu_ticks "$fk")
  "$storm" -m "$kind" -s "$secs" -p "$d/pids" > "$d/storm.txt"
  wait_idle "$fs" "$fk"
  fs1=$(cpu_ticks "$fs"); fk1=$(cpu_ticks "$fk")
  stop_reader "$fs"; stop_reader "$fk"
  {
    if [ -n "$fs0" ] && [ -n "$fs1" ]; then
      echo "$me $(awk "BEGIN { print ($fs1 - $fs0) / $ticks }")"
    else
      echo "$me -"
    fi
    echo "forkstat $(awk "BEGIN { print ($fk1 - $fk0) / $ticks }")"
  } > "$d/cpu.txt"
  echo "  $mode storm with both readers: $(cat "$d/storm.txt")"
}

# Counts forkscope's instructions per event on a replay of the exec storm.
run_callgrind () {
  local rec=$work/exec/forkscope.jsonl cg=$work/callgrind.out n ir
  [ -s "$rec" ] || return 0
  command -v valgrind >/dev/null || { echo "run.sh: no valgrind, -c skipped" >&2; return 0; }
  n=$(wc -l < "$rec")
  valgrind --tool=callgrind --callgrind-out-file="$cg" \
    "$forkscope" --replay "$rec" --json > /dev/null 2> "$work/callgrind.err" || {
      echo "run.sh: callgrind replay failed: $(tail -n 3 "$work/callgrind.err")" >&2; return 0; }
  ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$cg")
  [ -n "$ir" ] || ir=$(sed -n 's/^totals: \([0-9]*\).*/\1/p' "$cg")
  echo "callgrind=forkscope --replay of the exec storm's $n JSON lines with --json output: $ir instructions in all, $((ir / n)) per event (startup included)." >> "$work/machine.txt"
}

{
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "ncpu=$(nproc)"
  echo "kernel=$(uname -r)"
  echo "forkstat=$(forkstat -h 2>&1 | head -n 1)"
  echo "forkscope=forkscope $(git -C "$src" describe --always --dirty 2>/dev/null || echo '?')"
  echo "date=$(date -u +%Y-%m-%d)"
  echo "load=$(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "args=${args# }"
} > "$work/machine.txt"

echo "Storms alone (no reader), 3 s each:"
for mode in fork exec; do
  "$storm" -m "$mode" -s 3 > "$work/baseline-$mode.txt"
  echo "  $(cat "$work/baseline-$mode.txt")"
done
echo "Storms of $secs s with forkscope and forkstat listening:"
for mode in ${modes//,/ }; do
  run_mode "$mode"
done
[ -z "$callgrind" ] || run_callgrind
echo
python3 "$here/report.py" "$work" "$out"
echo
echo "Markdown table written to $out"
