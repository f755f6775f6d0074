#!/bin/bash
# Where the connector is refused, forkscope polls /proc and says so: on
# stderr, in the output stream, and in the viewer's header.  A network
# namespace other than the initial one refuses the connector on any kernel,
# so the test runs forkscope under `unshare -n`.  Exit 77 when that is not
# allowed (not root).
set -u
fs=${FORKSCOPE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; tmux -L fsfallback-$$ kill-server 2>/dev/null' EXIT
unshare -n true 2>/dev/null || { echo "cannot unshare the network namespace"; exit 77; }

unshare -n "$fs" --json --duration 1.5 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 0 ] || { cat "$tmp/err"; echo "exited $status"; exit 1; }
grep -q "connector unavailable.*polling /proc every 1000 ms" "$tmp/err" \
  || { cat "$tmp/err"; echo "no notice on stderr"; exit 1; }
# the header record first, then the notice
head -1 "$tmp/out" | grep -q '^{"forkscope":' || { head -1 "$tmp/out"; echo "no header record"; exit 1; }
sed -n 2p "$tmp/out" | grep -q '^{"notice":"process-events connector unavailable' \
  || { head -2 "$tmp/out"; echo "no notice in the stream"; exit 1; }
grep -q '"event":"snapshot","cpu":0,"pid":1,' "$tmp/out" || { echo "the poller's first scan is missing"; exit 1; }
# the recording, notice included, replays
"$fs" --replay "$tmp/out" --json >/dev/null || { echo "replay failed"; exit 1; }
# --realtime has no exec reader to make real-time there: said with the rest
unshare -n "$fs" --realtime --log --duration 0.3 >/dev/null 2>"$tmp/err"
grep -q "polling /proc every 1000 ms: .* (--realtime: no exec reader to make real-time)$" "$tmp/err" \
  || { cat "$tmp/err"; echo "--realtime's fallback not said"; exit 1; }

if command -v tmux >/dev/null; then
  tmux -L fsfallback-$$ -f /dev/null new-session -d -x 120 -y 30 \
    "env TERM=xterm-256color LC_ALL=C.UTF-8 unshare -n $fs"
  for i in $(seq 50); do
    tmux -L fsfallback-$$ capture-pane -p | head -1 | grep -q " poll, " && break
    sleep 0.1
  done
  header=$(tmux -L fsfallback-$$ capture-pane -p | head -1)
  echo "$header"
  echo "$header" | grep -q " poll, no task statistics (process-events connector unavailable" \
    || { echo "header does not say why it polls, and that it has no task statistics"; exit 1; }
  tmux -L fsfallback-$$ send-keys q
fi
exit 0
