#!/bin/bash
# forkscope leaves out its own process and threads: --count 2 prints two
# events of the machine (here a loop running /bin/true), not the fork and
# rename of forkscope's own GLib worker thread, and neither the snapshot
# nor any event is about forkscope.  Exit 77 without root.
set -u
fs=${FORKSCOPE:?}
[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
tmp=$(mktemp -d)
trap 'kill $loop $watchdog 2>/dev/null; rm -rf "$tmp"' EXIT

(while :; do /bin/true; sleep 0.05; done) & loop=$!
for mode in --json --log; do
  "$fs" $mode --count 2 >"$tmp/out" 2>"$tmp/err" & fp=$!
  (sleep 10; kill $fp) 2>/dev/null & watchdog=$!
  wait $fp
  status=$?
  kill $watchdog 2>/dev/null
  if grep -q "connector unavailable" "$tmp/err"; then echo "connector refused"; exit 77; fi
  [ $status = 0 ] || { cat "$tmp/err"; echo "$mode: exited $status"; exit 1; }
  python3 - "$tmp/out" "$mode" $fp <<'PY' || exit 1
import json, sys
path, mode, me = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(path).read().splitlines()
if mode == "--json":
    evs = [e for e in map(json.loads, lines) if "event" in e]  # not the header
    assert not [e for e in evs if e["tgid"] == me], f"forkscope ({me}) reported itself"
    shown = [e for e in evs if e["event"] != "snapshot"]
    assert len(shown) == 2, shown
else:
    rows = [l.split() for l in lines[1:] if l and not l.startswith("#")]
    assert len(rows) == 2, rows
    assert all(int(r[2]) != me for r in rows), f"forkscope ({me}) reported itself: {rows}"
PY
done
