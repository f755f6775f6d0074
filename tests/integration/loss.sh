#!/bin/bash
# Lost events are counted, reported and repaired by a resync from /proc.
# forkscope --json runs with a tiny receive buffer (FORKSCOPE_RCVBUF) and is
# stopped while processes come and go; after it resumes the stream must hold
# a "lost" event, the exit (status unknown) of a process that died unseen,
# and a snapshot of one that started unseen; the loss is reported after the
# events received before it and the resync's events after it (the stream
# stays in time order), and no process ends twice (the kernel's late report
# of an end the resync found is not a second end).  Three shell loops of
# /bin/true run all along, so that processes exec and end while the resync
# scans /proc: one the scan reads late is gone, and the exec and exit the
# kernel reported before the scan ended must not make it live again, to
# end twice (they did, nine runs in ten).  Exit 77 without root.
set -u
fs=${FORKSCOPE:?}
[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
out=$(mktemp); err=$(mktemp)
loops=()
trap 'rm -f "$out" "$err"; kill $victim $survivor $fp "${loops[@]}" 2>/dev/null' EXIT

for i in 1 2 3; do
  sh -c 'while :; do /bin/true; done' & loops+=($!)
done
sleep 60 & victim=$!
FORKSCOPE_RCVBUF=2048 "$fs" --json >"$out" 2>"$err" & fp=$!
sleep 0.5
if grep -q "connector unavailable" "$err"; then echo "connector refused"; exit 77; fi
kill -STOP $fp
for i in $(seq 300); do /bin/true; done     # fills the buffer: later events are dropped
kill $victim; wait $victim 2>/dev/null
exec -a fsloss-survivor sleep 60 & survivor=$!
sleep 0.2
kill -CONT $fp
sleep 0.5
kill -INT $fp; wait $fp   # ended by SIGINT: 128 + 2
status=$?
kill "${loops[@]}"; wait "${loops[@]}" 2>/dev/null
[ $status = 130 ] || { cat "$err"; echo "forkscope exited $status"; exit 1; }
grep -q "events lost; the tree was resynced" "$err" || { cat "$err"; echo "no loss summary"; exit 1; }

python3 - "$out" $victim $survivor <<'PY'
import json, sys
events = [e for e in map(json.loads, open(sys.argv[1])) if "event" in e]  # not the header
victim, survivor = int(sys.argv[2]), int(sys.argv[3])
lost = [i for i, e in enumerate(events) if e["event"] == "lost"]
assert lost, "no lost event"
assert all(events[i]["lost"] > 0 for i in lost), "a lost event with no count"
first = lost[0]
before = events[:first]
after = events[first + 1:]
assert any(e["pid"] == victim for e in before if e["event"] == "snapshot"), "victim not in the initial snapshot"
ex = [e for e in after if e["event"] == "exit" and e["pid"] == victim]
assert ex, "the victim's exit was not repaired"
assert ex[0].get("status_unknown") is True and ex[0]["status"] == "unknown", ex[0]
snap = [e for e in after if e["event"] == "snapshot" and e["pid"] == survivor]
assert snap, "the survivor was not found by the resync"
assert snap[0]["argv"][0] == "fsloss-survivor", snap[0]
# Time order around each loss (receive order may differ from timestamp
# order across CPUs by about 0.1 ms: allow 5 ms).
slack = 5_000_000
for i in lost:
    t = events[i]["mono_ns"]
    older = [e for e in events[i + 1:] if e["mono_ns"] < t - slack]
    assert not older, f"events after the loss report are older than it: {older[:3]}"
    newer = [e for e in events[:i] if e["event"] != "snapshot" and e["mono_ns"] > t + slack]
    assert not newer, f"events before the loss report are newer than it: {newer[:3]}"
# One end per process incarnation.
ended = set()
for e in events:
    if e["event"] in ("fork", "snapshot") and e["pid"] == e["tgid"]:
        ended.discard(e["pid"])
    elif e["event"] == "exit" and e.get("ends", "process") == "process":
        assert e["tgid"] not in ended, f"pid {e['tgid']} ended twice: {e}"
        ended.add(e["tgid"])
print(f"ok: {len(lost)} lost events, {sum(e['lost'] for e in events if e['event'] == 'lost')} events lost, repaired")
PY
