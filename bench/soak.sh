#!/bin/bash
# soak.sh - the viewer (in tmux) and forkscope --json, each with its default
# limits, listening for a long time (10 minutes by default) to a fork storm
# at the one-forker rate (bench/storm -m fork: one process forking and
# reaping as fast as it can); their resident memory is sampled every 10 s.
# --json's must stay flat once the tombstones (20000) are full; the
# viewer's grows with its history (every event since the start) until the
# history's memory budget is full (64 MiB by default; older events then go
# to its spill file, on disk), and stays flat past it.  Nothing may be lost.
#
# Usage (as root, from the source tree, after `meson setup build && ninja -C build`):
#   bench/soak.sh [-s SECONDS] [-i INTERVAL] [-b BUILDDIR] [-k WORKDIR]
#     -s  length of the storm (default 600)
#     -i  seconds between samples (default 10)
#     -b  meson build directory holding src/forkscope and bench/storm (default build)
#     -k  keep the outputs (the --json recording, the samples) in WORKDIR
#         (default: a temporary directory, removed)
# FORKSCOPE=/path/to/forkscope overrides the binary.
#
# Both readers start before the storm and run at the same time.  Losses:
# the recording must hold a fork and an exit for each of the storm's
# children (as many as storm says it made) and no "lost" event; the
# viewer's header must say "lost 0".  Prints the samples every minute as a
# Markdown table, then the RSS range after the first minute and the checks;
# every sample is in WORKDIR/samples.csv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
secs=600 interval=10 build=$src/build keep=
while getopts "s:i:b:k:h" opt; do
  case $opt in
    s) secs=$OPTARG ;;
    i) interval=$OPTARG ;;
    b) build=$OPTARG ;;
    k) keep=$OPTARG ;;
    *) sed -n '11,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
fs=${FORKSCOPE:-$build/src/forkscope}
storm=$build/bench/storm
die() { echo "soak.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$fs" ] && [ -x "$storm" ] || die "$fs or $storm missing: meson setup $build && ninja -C $build"
command -v tmux >/dev/null || die "tmux missing"
if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"
else work=$(mktemp -d); fi
sock=fssoak-$$
jp= sp=
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  [ -n "$jp" ] && kill "$jp" 2>/dev/null || true
  [ -n "$sp" ] && kill "$sp" 2>/dev/null || true
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo -; }
header() { tmux -L "$sock" capture-pane -p -t 0 | head -1 | sed 's/  */ /g; s/\(lost [0-9]*\).*/\1/'; }

"$fs" --json >"$work/soak.jsonl" 2>"$work/json.err" & jp=$!
tmux -L "$sock" -f /dev/null new -d -x 160 -y 40 "exec $fs 2>$work/viewer.err"
vp=$(tmux -L "$sock" display -p -t 0 '#{pane_pid}')
sleep 2   # the initial snapshots
"$storm" -m fork -s "$secs" >"$work/storm.out" & sp=$!
start=$(date +%s)
echo "t_s,json_rss_mib,viewer_rss_mib,viewer_header" >"$work/samples.csv"
while :; do
  t=$(( $(date +%s) - start ))
  echo "$t,$(rss "$jp"),$(rss "$vp"),\"$(header)\"" >>"$work/samples.csv"
  kill -0 "$sp" 2>/dev/null || break
  sleep "$interval"
done
wait "$sp" || die "storm failed"
sp=
sleep 3   # the readers drain
final=$(header)
echo "end,$(rss "$jp"),$(rss "$vp"),\"$final\"" >>"$work/samples.csv"
tmux -L "$sock" send-keys -t 0 q
kill -INT "$jp"; wait "$jp" || true
jp=

stormpid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' "$work/storm.out")
made=$(sed -n 's/.*iterations=\([0-9]*\).*/\1/p' "$work/storm.out")
rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' "$work/storm.out")
forks=$(grep -c "\"event\":\"fork\",.*\"ptgid\":$stormpid," "$work/soak.jsonl" || true)
exits=$(grep -c "\"event\":\"exit\",.*\"ptgid\":$stormpid,.*\"ends\":\"process\"" "$work/soak.jsonl" || true)
lost=$(grep -c '"event":"lost"' "$work/soak.jsonl" || true)
viewer_lost=$(sed -n 's/.* lost \([0-9]*\).*/\1/p' <<<"$final")

echo "| minute | --json RSS MiB | viewer RSS MiB | viewer header |"
echo "|---|---|---|---|"
awk -F, -v iv="$interval" 'NR > 1 && ($1 == "end" || $1 % 60 < iv) {
  h = $4; for (i = 5; i <= NF; i++) h = h "," $i; gsub(/"/, "", h)
  m = $1 == "end" ? "end" : int($1 / 60); printf "| %s | %s | %s | %s |\n", m, $2, $3, h }' "$work/samples.csv"
echo
awk -F, 'NR > 1 && ($1 == "end" || $1 >= 60) { for (c = 2; c <= 3; c++) {
  if (!(c in lo) || $c < lo[c]) lo[c] = $c; if (!(c in hi) || $c > hi[c]) hi[c] = $c } }
  END { printf "- RSS after the first minute: --json %s-%s MiB, viewer %s-%s MiB.\n", lo[2], hi[2], lo[3], hi[3] }' "$work/samples.csv"
echo "- storm: $made children in $secs s ($rate/s), pid $stormpid; --json recorded $forks forks and $exits exits of them, $lost lost events; the viewer's header says lost ${viewer_lost:-?}."
echo "- forkscope $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F), $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
ok=1
[ "$forks" = "$made" ] && [ "$exits" = "$made" ] && [ "$lost" = 0 ] && [ "${viewer_lost:-x}" = 0 ] || ok=0
[ $ok = 1 ] && echo "- nothing lost." || { echo "- LOSSES (see above)."; exit 1; }
