#!/bin/bash
# The /proc polling source, through the command line: a process that lives
# longer than the interval is seen starting and ending, the notice says the
# source is polling, --duration ends the run by itself, and the start is one
# snapshot per process (the poller's first scan, not a second one before it).
set -u
fs=${FORKSCOPE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /bin/sleep "$tmp/fspoll-sleep"

"$fs" --poll --interval 50 --log --comm fspoll --duration 2 >"$tmp/out" 2>"$tmp/err" &
fp=$!
sleep 0.5
"$tmp/fspoll-sleep" 0.4 &
wait $!
wait $fp
status=$?
cat "$tmp/out"
[ $status = 0 ] || { cat "$tmp/err"; echo "exited $status"; exit 1; }
grep -qE ' (fork|exec) .* fspoll-sleep' "$tmp/out" || { echo "start not seen"; exit 1; }
grep -qE ' exit .* fspoll-sleep ' "$tmp/out" || { echo "exit not seen"; exit 1; }
grep -q "^# polling /proc every 50 ms" "$tmp/out" || { echo "no notice"; exit 1; }
"$fs" --poll --json --events snapshot --pid 1 --duration 0.3 >"$tmp/snap" 2>/dev/null
n=$(grep -c '"pid":1,"tgid":1,' "$tmp/snap")
[ "$n" = 1 ] || { echo "pid 1 snapshotted $n times at the start"; exit 1; }
exit 0
