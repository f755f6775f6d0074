#!/bin/bash
# perfetto.sh - converts recordings of 100,000 and 1,000,000 events to
# Perfetto traces (forkscope --replay REC --perfetto OUT) and prints, for
# each, the CPU time and the peak memory of the conversion beside those of
# the JSON printer over the same recording (--replay REC --json >
# /dev/null: the same reader and model), and the trace's size.  Memory
# that does not grow with the recording is the point: the peak of the
# 1,000,000-event conversion should be that of the 100,000-event one.
#
# Usage (from the source tree, after `meson setup build && ninja -C build`):
#   bench/perfetto.sh [-b BUILDDIR] [-r RUNS] [-k WORKDIR]
#     -b  meson build directory holding src/forkscope (default build)
#     -r  runs of each conversion; the least CPU counts (default 3)
#     -k  keep the recordings and traces in WORKDIR (default: a temporary
#         directory)
# FORKSCOPE=/path/to/forkscope overrides the binary.
#
# CPU is user+sys time and memory the peak resident set (ru_maxrss), both
# from wait4(2) for each run.  bench/genrec.py writes the recordings
# (shape "normal": shells forking compilers that exec and exit).  With
# protoc installed, the 100,000-event trace is decoded against
# tests/format/perfetto.proto and its packets counted.
# Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$src/build runs=3 keep=
while getopts "b:r:k:h" opt; do
  case $opt in
    b) build=$OPTARG ;;
    r) runs=$OPTARG ;;
    k) keep=$OPTARG ;;
    *) sed -n '11,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
fs=${FORKSCOPE:-$build/src/forkscope}
[ -x "$fs" ] || { echo "perfetto.sh: $fs missing" >&2; exit 1; }
if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"
else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi

# measure OUT ARGS...: runs forkscope ARGS with stdout to OUT $runs times;
# prints the least CPU seconds and the largest peak RSS in KiB
measure() {
  python3 - "$runs" "$@" <<'PY'
import os, sys
runs, out, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
best, rss = None, 0
for _ in range(runs):
    pid = os.fork()
    if pid == 0:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.execv(args[0], args)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("forkscope failed: %s" % " ".join(args))
    cpu = ru.ru_utime + ru.ru_stime
    best = cpu if best is None else min(best, cpu)
    rss = max(rss, ru.ru_maxrss)
print("%.2f %d" % (best, rss))
PY
}

echo "| recording | events | --perfetto: CPU s | --json: CPU s | CPU ratio | --perfetto: peak RSS | --json: peak RSS | trace | bytes per event |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in 100000 1000000; do
  rec=$work/normal-$n.jsonl
  [ -s "$rec" ] || python3 "$here/genrec.py" normal "$n" >"$rec"
  events=$(wc -l <"$rec")
  read -r pc pr < <(measure /dev/null "$fs" --replay "$rec" --perfetto "$work/normal-$n.pftrace")
  read -r jc jr < <(measure /dev/null "$fs" --replay "$rec" --json)
  size=$(stat -c %s "$work/normal-$n.pftrace")
  awk -v n="$n" -v e="$events" -v pc="$pc" -v jc="$jc" -v pr="$pr" -v jr="$jr" -v s="$size" \
    'BEGIN { printf "| normal %d | %d | %.2f | %.2f | **%.2fx** | %.1f MiB | %.1f MiB | %.1f MiB | %.0f |\n",
             n, e, pc, jc, pc / jc, pr / 1024, jr / 1024, s / 1048576, s / e }'
done
packets=-
if command -v protoc >/dev/null; then
  packets=$(protoc -I "$src/tests/format" --decode=perfetto.protos.Trace perfetto.proto \
              <"$work/normal-100000.pftrace" | grep -c '^packet {')
fi
echo
echo "- forkscope $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F), $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg); least CPU of $runs runs of each, largest peak RSS; the 100,000-event trace decodes with protoc into $packets packets."
