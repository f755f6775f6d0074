#!/bin/bash
# run.sh - forkscope's headless JSON mode against forkstat (or against itself
# without task statistics) on the same storms.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/run.sh [-s SECONDS] [-r RUNS] [-m fork,exec,floor] [-o OUT.md] [-b BUILDDIR]
#                [-k WORKDIR] [-c] [-f] [-R] [-t]
#     -s  length of each storm in seconds (default 5; a run takes about S+5 s)
#     -r  runs of each storm in each placement (default 3): RUNS pinned, RUNS shared
#     -m  which storms to run (default fork,exec; floor: an exec storm read
#         by bench/floor, the least a reader can do, instead of forkscope)
#     -f  adds the floor storm to the others
#     -o  where to write the Markdown report (default bench/results.md)
#     -b  meson build directory holding src/forkscope and bench/storm (default build)
#     -k  keep the raw outputs in WORKDIR (default: a temporary directory, removed)
#     -c  also count forkscope's instructions per event with callgrind, replaying
#         the first exec storm's recording (adds about a minute)
#     -R  both readers real-time: forkscope --realtime, forkstat -r
#     -t  the other reader is forkscope --no-taskstats instead of forkstat: what
#         reading the kernel's task statistics costs, on and off in each run
# FORKSCOPE=/path/to/forkscope overrides the binary.  Environment variables
# forkscope reads (FORKSCOPE_DOORBELL=0, say) pass through.
#
# Who captures a short-lived process's command line depends on who gets a
# CPU first, so every storm runs in two placements, RUNS times each:
#   pinned  each reader pinned to a CPU of its own (taskset), swapped from
#           one run to the next; the storm runs where the scheduler puts it
#   shared  no pinning: readers, storm and everything else share the CPUs;
#           the reader started first alternates from one run to the next
# For each run both readers listen at the same time, writing to files:
#   forkscope --json --duration D > forkscope.jsonl
#   forkstat -e fork,exec,exit -D D > forkstat.txt
#   (-t: forkscope --json --no-taskstats --duration D > nots.jsonl instead)
# CPU time (user+sys of all threads, from /proc/PID/stat) is taken just
# before the storm and again once both readers have stopped using CPU after
# it; the load average and the machine's busy share during the storm are
# recorded with each run.  bench/report.py then matches each reader's lines
# against the pids the storm made and reports medians over the runs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
secs=5
runs=3
modes=fork,exec
out=$here/results.md
build=$src/build
keep=
callgrind=
floor_storm=
realtime=
peer=forkstat   # the other reader: forkstat, or nots (forkscope --no-taskstats)
args=           # the options that change the figures, for the report

while getopts "s:r:m:o:b:k:cfRth" opt; do
  case $opt in
    s) secs=$OPTARG; args+=" -s $OPTARG" ;;
    r) runs=$OPTARG; args+=" -r $OPTARG" ;;
    m) modes=$OPTARG; args+=" -m $OPTARG" ;;
    o) out=$OPTARG ;;
    b) build=$OPTARG ;;
    k) keep=$OPTARG ;;
    c) callgrind=1; args+=" -c" ;;
    f) floor_storm=1; args+=" -f" ;;
    R) realtime=1; args+=" -R" ;;
    t) peer=nots; args+=" -t" ;;
    *) sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
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
[ "$peer" = nots ] || command -v forkstat >/dev/null \
  || die "forkstat missing: apt-get install -y forkstat"
command -v python3 >/dev/null || die "python3 missing"
command -v taskset >/dev/null || die "taskset missing (util-linux)"
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || die "-s takes whole seconds"
[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -gt 0 ] || die "-r takes a whole number of runs"
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
# The two CPUs the pinned placement uses: the first two this shell may use.
read -r cpu_a cpu_b < <(python3 -c 'import os; print(*sorted(os.sched_getaffinity(0))[:2])')
[ -n "$cpu_b" ] || die "the pinned placement needs 2 CPUs"

# Prints the thread id of forkscope PID's exec capture thread, if any.
exec_thread () {
  local t
  for t in /proc/"$1"/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" != forkscope-exec ] || { echo "${t##*/}"; return 0; }
  done
}

# Prints the machine's busy and total CPU ticks so far (all CPUs).
machine_ticks () {
  local cpu user nice sys idle iowait rest
  read -r cpu user nice sys idle iowait rest < /proc/stat
  set -- $rest
  echo "$((user + nice + sys + ${1:-0} + ${2:-0} + ${3:-0})) $((user + nice + sys + idle + iowait + ${1:-0} + ${2:-0} + ${3:-0}))"
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

# Runs one storm of MODE with both readers listening, in PLACEMENT (pinned
# or shared), run number I; fills $work/MODE-PLACEMENT-I/.  The floor storm
# is an exec storm with bench/floor in forkscope's place.
run_one () {
  local mode=$1 placement=$2 i=$3 d=$work/$1-$2-$3 dur me=forkscope kind=$1
  local fs fk fs0 fk0 fs1 fk1 th th0= th1= m0 m1 aff_me=() aff_fk=() first how
  mkdir -p "$d"
  dur=$((secs + 30))    # a safety net; the readers are stopped with SIGINT
  [ "$mode" != floor ] || { me=floor; kind=exec; }
  if [ "$placement" = pinned ]; then
    # Swap the CPUs from one run to the next.
    if [ $((i % 2)) = 0 ]; then
      aff_me=(taskset -c "$cpu_a"); aff_fk=(taskset -c "$cpu_b")
      how="$me on CPU $cpu_a, $peer on CPU $cpu_b"
    else
      aff_me=(taskset -c "$cpu_b"); aff_fk=(taskset -c "$cpu_a")
      how="$me on CPU $cpu_b, $peer on CPU $cpu_a"
    fi
    first=$me
  else
    # Alternate which reader starts first.
    if [ $((i % 2)) = 0 ]; then first=$me; else first=$peer; fi
    how="$first started first"
  fi
  start_me () {
    if [ "$me" = floor ]; then
      "${aff_me[@]}" "$floor" > "$d/floor.txt" 2> "$d/floor.err" &
    else
      "${aff_me[@]}" "$forkscope" --json --duration "$dur" ${realtime:+--realtime} \
        > "$d/forkscope.jsonl" 2> "$d/forkscope.err" &
    fi
    fs=$!
  }
  start_fk () {
    if [ "$peer" = nots ]; then
      "${aff_fk[@]}" "$forkscope" --json --no-taskstats --duration "$dur" \
        ${realtime:+--realtime} > "$d/nots.jsonl" 2> "$d/nots.err" &
    else
      "${aff_fk[@]}" forkstat -e fork,exec,exit -D "$dur" ${realtime:+-r} \
        > "$d/forkstat.txt" 2> "$d/forkstat.err" &
    fi
    fk=$!
  }
  if [ "$first" = "$peer" ]; then start_fk; sleep 0.5; start_me
  else start_me; sleep 0.5; start_fk; fi
  sleep 0.5
  wait_idle "$fs" "$fk"  # both have subscribed and finished their /proc scans
  kill -0 "$fs" 2>/dev/null || echo "run.sh: $me exited early: $(head -c 300 "$d/$me.err")" >&2
  kill -0 "$fk" 2>/dev/null || die "$peer exited early: $(cat "$d/$peer.err")"
  printf 'placement=%s\nrun=%s\nhow=%s\nload=%s\n' "$placement" "$i" "$how" \
    "$(cut -d ' ' -f 1 /proc/loadavg)" > "$d/run.txt"
  fs0=$(cpu_ticks "$fs"); fk0=$(cpu_ticks "$fk"); m0=$(machine_ticks)
  th=$(exec_thread "$fs"); th0=${th:+$(cpu_ticks "$fs/task/$th")}
  "$storm" -m "$kind" -s "$secs" -p "$d/pids" > "$d/storm.txt"
  m1=$(machine_ticks)
  wait_idle "$fs" "$fk"
  fs1=$(cpu_ticks "$fs"); fk1=$(cpu_ticks "$fk"); th1=${th:+$(cpu_ticks "$fs/task/$th")}
  stop_reader "$fs"; stop_reader "$fk"
  set -- $m0 $m1
  echo "busy=$(awk "BEGIN { print 100 * ($3 - $1) / ($4 - $2) }")" >> "$d/run.txt"
  {
    if [ -n "$fs0" ] && [ -n "$fs1" ]; then
      echo "$me $(awk "BEGIN { print ($fs1 - $fs0) / $ticks }")"
    else
      echo "$me -"
    fi
    echo "$peer $(awk "BEGIN { print ($fk1 - $fk0) / $ticks }")"
    [ -z "$th0" ] || [ -z "$th1" ] || echo "forkscope-exec $(awk "BEGIN { print ($th1 - $th0) / $ticks }")"
  } > "$d/cpu.txt"
  echo "  $mode, $placement run $i ($how): $(cat "$d/storm.txt")"
}

# Counts forkscope's instructions per event on a replay of an exec storm.
run_callgrind () {
  local rec=$work/exec-shared-0/forkscope.jsonl cg=$work/callgrind.out n ir
  [ -s "$rec" ] || return 0
  command -v valgrind >/dev/null || { echo "run.sh: no valgrind, -c skipped" >&2; return 0; }
  n=$(wc -l < "$rec")
  valgrind --tool=callgrind --callgrind-out-file="$cg" \
    "$forkscope" --replay "$rec" --json > /dev/null 2> "$work/callgrind.err" || {
      echo "run.sh: callgrind replay failed: $(tail -n 3 "$work/callgrind.err")" >&2; return 0; }
  ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$cg")
  [ -n "$ir" ] || ir=$(sed -n 's/^totals: \([0-9]*\).*/\1/p' "$cg")
  echo "callgrind=forkscope --replay of an exec storm's $n JSON lines with --json output: $ir instructions in all, $((ir / n)) per event (startup included)." >> "$work/machine.txt"
}

{
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "ncpu=$(nproc)"
  echo "kernel=$(uname -r)"
  echo "forkstat=$(forkstat -h 2>&1 | head -n 1)"
  echo "peer=$peer"
  echo "forkscope=forkscope $(git -C "$src" describe --always --dirty 2>/dev/null || echo '?')"
  echo "date=$(date -u +%Y-%m-%d)"
  echo "load=$(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "realtime=${realtime:-0}"
  echo "args=${args# }"
} > "$work/machine.txt"

echo "Storms alone (no reader), 3 s each:"
for mode in fork exec; do
  "$storm" -m "$mode" -s 3 > "$work/baseline-$mode.txt"
  echo "  $(cat "$work/baseline-$mode.txt")"
done
echo "Storms of $secs s with both readers listening, $runs runs in each placement:"
for mode in ${modes//,/ }; do
  for i in $(seq 0 $((runs - 1))); do
    run_one "$mode" pinned "$i"
    run_one "$mode" shared "$i"
  done
done
echo "load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)" >> "$work/machine.txt"
[ -z "$callgrind" ] || run_callgrind
echo
python3 "$here/report.py" "$work" "$out"
echo
echo "Markdown report written to $out"
