#!/bin/bash
# storms.sh - every reader on the same storms, at once or each alone:
# forkscope --json (one or more builds), the bench floor, forkstat,
# bpftrace, optionally the viewer and forkscope --no-taskstats; CPU per
# event and system calls per exec, ratios taken run by run.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/storms.sh [-s SECONDS] [-r RUNS] [-m fork,exec] [-b BUILDDIR]... [-v] [-t] [-n] [-d] [-a] [-k WORKDIR]
#     -s  length of each storm (default 8)
#     -r  runs of each storm (default 5); the reader started first turns
#         by one from run to run
#     -m  which storms (default fork,exec)
#     -b  a meson build directory whose forkscope --json is measured; repeat
#         it to compare builds (two commits) in the same run (default build)
#     -v  also each build's viewer (live, in a private tmux server, 160x45)
#     -t  also bench/floor -t: the floor that reads the kernel's task
#         statistics too (one message per exit), the least forkscope can
#         cost with them on; ratios against it get a column of their own
#     -n  also the first build's forkscope --json --no-taskstats; with -t,
#         the fork storm gets tables of what the task statistics cost
#         forkscope against what they cost the floor, and against the
#         room two budgets leave them together (bench/results.md)
#     -d  (implies -t) also bench/floor -t -2, the floor split in two
#         threads as forkscope is, and bench/sources, forkscope's own
#         sources with nothing after them: the storm figure taken apart
#     -a  each reader alone on a storm of its own, one after another in
#         the run (the first turning by one from run to run), instead of
#         all on one storm: no reader competes with another for the CPUs
#     -k  keep the raw outputs in WORKDIR
#
# The readers: forkscope --json > file (with -n the first build's with
# --no-taskstats too); bench/floor (reads cmdline, exe and comm of each
# exec the way forkscope does on 6.6+, and nothing else: in a fork storm
# it is a bare connector reader); forkstat -e fork,exec,exit
# > file; bpftrace printing each execve's file name and arguments (its
# user-space side only: the kernel runs its probe) > file.  All listen to
# the same storm (bench/storm) at once, so each pays for the same events
# on a machine in the same state (with -a each its own storm, per event of
# it, with nothing else reading); CPU is user+sys of all threads
# (/proc/PID/task/*/schedstat) from just before the storm until all are
# idle after it, per 100,000 events seen (those --json wrote meanwhile:
# the storm's and whatever else the machine ran).  Medians over the runs,
# and the ratios of the same run.  System calls of each forkscope are
# counted by perf stat on the syscall tracepoints in one more run of each
# storm, whose CPU is not taken: counting costs the reader counted (1.1-1.2x
# in an exec storm, each system call and each switch of its threads), per
# exec seen (per child of the storm in the fork storm).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
src=$(dirname "$here")
secs=8 runs=5 modes=fork,exec viewer= keep= tstats= nots= alone= parts=
builds=()
while getopts "s:r:m:b:vtndak:h" opt; do
  case $opt in
    s) secs=$OPTARG ;;
    r) runs=$OPTARG ;;
    m) modes=$OPTARG ;;
    b) builds+=("$OPTARG") ;;
    v) viewer=1 ;;
    t) tstats=1 ;;
    n) nots=1 ;;
    d) parts=1 tstats=1 ;;
    a) alone=1 ;;
    k) keep=$OPTARG ;;
    *) sed -n '7,29p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
need_root
need_builds storm floor ${parts:+sources}
need_tools forkstat bpftrace perf python3 tmux
[ -d /sys/kernel/tracing/events/syscalls/sys_enter_openat ] || die "no syscall tracepoints (/sys/kernel/tracing)"
storm=${builds[0]}/bench/storm floor=${builds[0]}/bench/floor sources=${builds[0]}/bench/sources
work_dir storms "$keep"
tm_init storms
trap 'tm_fini; [ -n "$keep" ] || rm -rf "$WORK"' EXIT
# The system calls counted, by tracepoint; every other one goes under "other".
calls="poll ppoll epoll_wait recvmmsg recvfrom openat read readlink close write writev eventfd2 futex"
events_arg="raw_syscalls:sys_enter"
for c in $calls; do events_arg+=",syscalls:sys_enter_$c"; done

# Reads a bpftrace program that prints each execve as forkstat and
# forkscope do: the pid, the file and the arguments.
cat > "$WORK/exec.bt" <<'BT'
tracepoint:syscalls:sys_enter_execve { printf("%d %s ", pid, str(args->filename)); join(args->argv); }
BT

# The readers of a run of storm MODE, in the order of run R: the first
# turns by one from run to run.
run_names () {
  local mode=$1 r=$2 names=() i k
  for i in "${!builds[@]}"; do
    names+=("json$i")
    [ -z "$viewer" ] || names+=("viewer$i")
  done
  [ -z "$nots" ] || names+=(nots)
  names+=(floor forkstat)
  [ -z "$tstats" ] || names+=(floort)
  [ -z "$parts" ] || names+=(floort2 sources)
  [ "$mode" != exec ] || names+=(bpftrace)
  for k in "${!names[@]}"; do echo "${names[$(( (k + r) % ${#names[@]} ))]}"; done
}

# Starts reader NAME writing into directory D; sets pid.
start_reader () {
  local name=$1 d=$2
  case $name in
    json*) "${builds[${name#json}]}/src/forkscope" --json > "$d/$name.out" 2> "$d/$name.err" &
           pid=$! ;;
    nots) "${builds[0]}/src/forkscope" --json --no-taskstats > "$d/nots.out" 2> "$d/nots.err" & pid=$! ;;
    viewer*) pid=$(tm_start "$name" 160x45 env TERM=xterm-256color XDG_CONFIG_HOME="$WORK/config" \
                     "${builds[${name#viewer}]}/src/forkscope" --no-save) ;;
    floor) "$floor" > "$d/floor.out" 2> "$d/floor.err" & pid=$! ;;
    floort) "$floor" -t > "$d/floort.out" 2> "$d/floort.err" & pid=$! ;;
    floort2) "$floor" -t -2 > "$d/floort2.out" 2> "$d/floort2.err" & pid=$! ;;
    sources) "$sources" > "$d/sources.out" 2> "$d/sources.err" & pid=$! ;;
    forkstat) forkstat -e fork,exec,exit > "$d/forkstat.out" 2> "$d/forkstat.err" & pid=$! ;;
    bpftrace) bpftrace "$WORK/exec.bt" > "$d/bpftrace.out" 2> "$d/bpftrace.err" & pid=$!
              sleep 2 ;;  # it compiles its program first
  esac
}

# In run 0, starts perf stat counting the system calls of reader NAME
# (PID) into directory D, if it is a forkscope; sets perf (empty for none).
count_calls () {
  local r=$1 name=$2 pid=$3 d=$4
  perf=
  case $r:$name in
    0:json*|0:viewer*|0:nots) perf stat -x, -e "$events_arg" -p "$pid" -o "$d/$name.perf" & perf=$! ;;
  esac
}

# Stops the perf stat PERF (none when empty), then reader NAME (PID); a
# viewer goes with its tmux server (tm_fini).
stop_reader () {
  local name=$1 pid=$2 perf=$3
  [ -z "$perf" ] || { kill -INT "$perf" 2>/dev/null || true; wait "$perf" 2>/dev/null || true; }
  case $name in viewer*) ;; *) kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true ;; esac
}

# Runs storm MODE once, run number R, all readers at once; writes
# $WORK/MODE-R/result: "reader cpu_ns" lines, and the storm's.  Run 0
# counts system calls (perf stat) instead.
run_one () {
  local mode=$1 r=$2 d=$WORK/$1-$2 pids=() name pid
  mkdir -p "$d"
  for name in $(run_names "$mode" "$r"); do
    start_reader "$name" "$d"
    echo "$name $pid" >> "$d/pids"
    sleep 0.3
  done
  mapfile -t pids < <(awk '{ print $2 }' "$d/pids")
  sleep 0.5
  wait_idle "${pids[@]}"
  declare -A c0 perfs
  while read -r name pid; do
    c0[$name]=$(cpu_ns "$pid")
    count_calls "$r" "$name" "$pid" "$d"
    perfs[$name]=$perf
  done < "$d/pids"
  wc -l < "$d/json0.out" > "$d/lines0"
  "$storm" -m "$mode" -s "$secs" > "$d/storm.txt"
  wait_idle "${pids[@]}"
  # What the readers were given: every event of the machine, the storm's
  # and the rest (other work on the machine), as --json wrote it.
  tail -n +$(( $(cat "$d/lines0") + 1 )) "$d/json0.out" > "$d/window.jsonl"
  echo "events=$(wc -l < "$d/window.jsonl") execs=$(grep -c '"event":"exec"' "$d/window.jsonl" || true)" > "$d/seen.txt"
  : > "$d/result"
  while read -r name pid; do
    echo "$name $(( $(cpu_ns "$pid") - ${c0[$name]} ))" >> "$d/result"
  done < "$d/pids"
  while read -r name pid; do stop_reader "$name" "$pid" "${perfs[$name]:-}"; done < "$d/pids"
  tm_fini
  echo "$mode run $r ($(head -n 1 "$d/pids" | cut -d ' ' -f 1) first): $(cat "$d/storm.txt")" >&2
}

# Runs storm MODE once for each reader, run number R, each reader alone;
# writes $WORK/MODE-R/result: "reader cpu_ns events children" lines, the
# events of its own storm (a fork's two, an exec's three) and its
# children; storm.txt and seen.txt are the first reader's.  Run 0 counts
# the system calls of each forkscope (perf stat) instead, and runs no
# other reader.
run_alone () {
  local mode=$1 r=$2 d=$WORK/$1-$2 name pid perf c0 n per
  per=$([ "$mode" = exec ] && echo 3 || echo 2)
  mkdir -p "$d"
  : > "$d/result"
  for name in $(run_names "$mode" "$r"); do
    case $r:$name in 0:json*|0:viewer*|0:nots|[1-9]*) ;; *) continue ;; esac
    start_reader "$name" "$d"
    sleep 0.8
    wait_idle "$pid"
    c0=$(cpu_ns "$pid")
    count_calls "$r" "$name" "$pid" "$d"
    "$storm" -m "$mode" -s "$secs" > "$d/storm-$name.txt"
    wait_idle "$pid"
    n=$(sed 's/.*iterations=\([0-9]*\).*/\1/' "$d/storm-$name.txt")
    echo "$name $(( $(cpu_ns "$pid") - c0 )) $(( n * per )) $n" >> "$d/result"
    stop_reader "$name" "$pid" "$perf"
    tm_fini
    [ -e "$d/storm.txt" ] || { cp "$d/storm-$name.txt" "$d/storm.txt"; echo "events=$(( n * per )) execs=$n" > "$d/seen.txt"; }
    echo "$mode run $r, $name alone: $(cat "$d/storm-$name.txt")" >&2
  done
}

for mode in ${modes//,/ }; do
  for r in $(seq "$runs") 0; do
    if [ -n "$alone" ]; then run_alone "$mode" "$r"; else run_one "$mode" "$r"; fi
  done
done

python3 - "$WORK" "$runs" "$modes" "$secs" "$alone" "$parts" "${builds[@]}" <<'PY'
import re, statistics, sys
work, runs, modes, secs, alone, parts, builds = (sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","),
                                                 sys.argv[4], bool(sys.argv[5]), bool(sys.argv[6]),
                                                 sys.argv[7:])
label = {"floor": "bench floor", "floort": "bench floor -t (task statistics too)",
         "floort2": "bench floor -t -2 (in two threads, as forkscope)",
         "sources": "bench sources (forkscope's sources alone)",
         "forkstat": "forkstat", "bpftrace": "bpftrace (user space)",
         "nots": "forkscope --no-taskstats (first build)"}
for i, b in enumerate(builds):
    label[f"json{i}"] = f"forkscope --json ({b})"
    label[f"viewer{i}"] = f"forkscope viewer ({b})"
med = statistics.median
def fmt(v):
    return f"{med(v):.2f}x ({min(v):.2f}-{max(v):.2f})" if v else "-"
def read_run(mode, r):
    """Run R of MODE: its storm, the children and events each reader was
    counted on, the CPU s per event of each, the system calls counted."""
    d = f"{work}/{mode}-{r}"
    storm = dict(kv.split("=") for kv in open(f"{d}/storm.txt").read().split())
    seen = dict(kv.split("=") for kv in open(f"{d}/seen.txt").read().split())
    events = int(seen["events"])
    children = int(seen["execs"]) if mode == "exec" else int(storm["iterations"])
    res = [l.split() for l in open(f"{d}/result")]
    cpu = {f[0]: int(f[1]) / 1e9 for f in res}
    # Alone, each reader's own storm: its events and children.
    own = {f[0]: (int(f[2]), int(f[3])) for f in res if len(f) > 3}
    calls = {}
    for name in cpu:
        try:
            lines = open(f"{d}/{name}.perf").read().splitlines()
        except OSError:
            continue
        c = {}
        for l in lines:
            f = l.split(",")
            if len(f) > 2 and f[0].isdigit():
                c[f[2].split(":")[-1].replace("sys_enter_", "")] = int(f[0])
        calls[name] = c
    pe = {n: c / own.get(n, (events, children))[0] for n, c in cpu.items()}
    kids = {n: own.get(n, (events, children))[1] for n in cpu}
    return storm, kids, events, pe, calls
for mode in modes:
    runs_ = [read_run(mode, r) for r in range(1, runs + 1)]
    _, counted_on, _, _, counted = read_run(mode, 0)
    rate = med(float(s["rate"]) for s, *_ in runs_)
    print(f"\n#### {mode} storm: {runs} runs of {secs} s, median {rate:.0f} children/s\n")
    names = list(runs_[0][3])
    ft = "floort" in names
    print("| reader | CPU s / 100k events, median (range) | vs forkstat, same run | vs bench floor, same run |"
          + (" vs bench floor -t, same run |" if ft else ""))
    print("|---|---|---|---|" + ("---|" if ft else ""))
    for name in sorted(names, key=lambda n: (not n.startswith(("json", "viewer", "nots", "sources")), n)):
        per = [c[name] * 1e5 for _, _, _, c, _ in runs_ if name in c]
        vf = [c[name] / c["forkstat"] for *_, c, _ in runs_ if c.get("forkstat")]
        vfl = [c[name] / c["floor"] for *_, c, _ in runs_ if c.get("floor")]
        vft = [c[name] / c["floort"] for *_, c, _ in runs_ if c.get("floort")]
        print(f"| {label[name]} | {med(per):.2f} ({min(per):.2f}-{max(per):.2f}) | {fmt(vf)} | {fmt(vfl)} |"
              + (f" {fmt(vft)} |" if ft else ""))
    if parts:
        # Each step of the way from the floor to forkscope, run by run.
        steps = [("floort2", "floort", "the split in two threads: floor -t -2 / floor -t"),
                 ("sources", "floort2", "forkscope's sources: sources / floor -t -2"),
                 ("json0", "sources", "the model and the output: forkscope / sources"),
                 ("json0", "floort", "all of it: forkscope / floor -t")]
        print("\nThe storm figure taken apart, ratios of the same run, median (range):\n")
        print("| step | ratio |")
        print("|---|---|")
        for a, b, what in steps:
            print(f"| {what} | {fmt([c[a] / c[b] for *_, c, _ in runs_ if c.get(b)])} |")
    if not alone:
        other = med(1 - int(s["iterations"]) * (3 if mode == "exec" else 2) / e for s, _, e, _, _ in runs_)
        print(f"\nEvents not the storm's (the rest of the machine): {100 * other:.0f}% of those seen.")
    if mode == "fork" and ft and "nots" in names:
        # Any reader pays the kernel's delivery of the records (floor -t less floor): forkscope / nots goes no lower.
        print("\nTask statistics: forkscope (first build) with them over without, same run, and the least"
              " the kernel allows (what they cost the bench floor, over forkscope --no-taskstats):\n")
        print("| run | forkscope / nots | least: 1 + (floor -t - floor) / nots |")
        print("|---|---|---|")
        rows = [(c["json0"] / c["nots"], 1 + (c["floort"] - c["floor"]) / c["nots"]) for *_, c, _ in runs_]
        for r, row in enumerate(rows, 1):
            print(f"| {r} | " + " | ".join(f"{v:.2f}x" for v in row) + " |")
        print("| median | " + " | ".join(f"{med(row[i] for row in rows):.2f}x" for i in range(2)) + " |")
        # With R = forkscope - nots, R <= 0.25 nots and forkscope <= 0.1 forkstat together
        # give R <= 0.25 (0.1 forkstat - R), that is R <= 0.02 forkstat.
        print("\nThe room the two budgets of the fork storm leave the records together (task statistics"
              " at most 25% over forkscope without them, forkscope at most 0.1x forkstat: 0.02x"
              " forkstat), against what they cost the floors and forkscope, CPU s / 100k events:\n")
        print("| run | room: 0.02 x forkstat | floor -t - floor | forkscope - nots |")
        print("|---|---|---|---|")
        rows = [[x * 1e5 for x in (0.02 * c["forkstat"], c["floort"] - c["floor"], c["json0"] - c["nots"])]
                for *_, c, _ in runs_]
        for r, row in enumerate(rows, 1):
            print(f"| {r} | " + " | ".join(f"{v:.3f}" for v in row) + " |")
        print("| median | " + " | ".join(f"{med(row[i] for row in rows):.3f}" for i in range(3)) + " |")
    unit = "exec seen" if mode == "exec" else "storm child"
    cols = ["sys_enter", "poll", "ppoll", "recvmmsg", "openat", "read", "readlink", "close", "write", "eventfd2", "futex"]
    print(f"\nSystem calls per {unit} (perf stat, a run of their own; 'all' counts every system call):\n")
    print("| reader | all | " + " | ".join(cols[1:]) + " |")
    print("|---|---|" + "---|" * (len(cols) - 1))
    for name in names:
        if not counted.get(name):
            continue
        row = [f"{counted[name].get(col, 0) / counted_on[name]:.2f}" for col in cols]
        print(f"| {label[name]} | " + " | ".join(row) + " |")
if alone:
    print(f"\n- {runs} runs of each storm, each reader alone on a storm of its own, the first turning by one"
          " each run; CPU per event of its own storm.")
else:
    print(f"\n- {runs} runs of each storm, all readers at once, the first started turning by one each run.")
PY
