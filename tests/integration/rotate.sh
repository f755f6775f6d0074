#!/bin/bash
# Rotation under a running storm, as logrotate does it in production:
# forkscope --json --output FILE records while bench/storm forks and reaps
# children as fast as it can, and logrotate renames the file and sends
# SIGHUP (postrotate) four times meanwhile.  Across the files, every
# child's fork and end is there exactly once; no line is split or
# mangled; each file starts with the header record; each child's records
# carry one entity id, its parent's the storm's, and the ids are those
# /proc gives.  Usage: rotate.sh STORM.  Exit 77 without root, without
# logrotate (bash .ci/setup --tests installs it) or when the connector is
# refused.
set -u
fs=${FORKSCOPE:?}
storm=${1:?}
[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
command -v logrotate >/dev/null || { echo "logrotate is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'kill $fp 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$fs" --json --output "$tmp/events.jsonl" 2>"$tmp/err" & fp=$!
cat >"$tmp/logrotate.conf" <<CONF
$tmp/events.jsonl {
	rotate 10
	missingok
	postrotate
		kill -HUP $fp
	endscript
}
CONF
sleep 1                               # subscribed, snapshot taken
if grep -q "connector unavailable" "$tmp/err"; then echo "connector refused"; exit 77; fi
kill -0 $fp 2>/dev/null || { cat "$tmp/err"; fail "forkscope ended at start"; }

"$storm" -m fork -s 2.5 -p "$tmp/pids" >"$tmp/storm" 2>&1 & sp=$!
for i in 1 2 3 4; do
  sleep 0.5
  logrotate -f -s "$tmp/state" "$tmp/logrotate.conf" || fail "logrotate $i"
done
wait $sp || { cat "$tmp/storm"; fail "the storm failed"; }
sleep 0.5                             # the storm's last events are in
kill -INT $fp; wait $fp
status=$?
[ $status = 130 ] || { cat "$tmp/err"; fail "forkscope exited $status, not 130 (SIGINT)"; }
grep -q "still writing" "$tmp/err" && { cat "$tmp/err"; fail "a reopen failed"; }

storm_pid=$(grep -oE '\bpid=[0-9]+' "$tmp/storm" | cut -d= -f2)
python3 - "$tmp" "$storm_pid" "$$" <<'PY'
import json, os, sys
tmp, storm, me = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
boot = open("/proc/sys/kernel/random/boot_id").read().strip()
names = [f"events.jsonl.{i}" for i in range(4, 0, -1)] + ["events.jsonl"]
assert "events.jsonl.5" not in os.listdir(tmp), "more rotations than asked"
records = []
for name in names:
    text = open(f"{tmp}/{name}", encoding="utf-8").read()
    assert text.endswith("\n"), f"{name} ends inside a record"
    lines = text.split("\n")[:-1]
    recs = [json.loads(l) for l in lines]           # a split line is no JSON
    assert recs[0].get("forkscope") and recs[0]["boot_id"] == boot, (name, recs[0])
    assert not any("forkscope" in r for r in recs[1:]), f"{name}: a header inside"
    assert len(recs) > 1, f"{name}: nothing recorded between two rotations"
    records += recs[1:]
children = {int(l.split()[0]) for l in open(f"{tmp}/pids")}
assert len(children) > 200, f"only {len(children)} children"
lost = sum(r.get("lost", 0) for r in records)
forks, ends, ids = {}, {}, {}
for r in records:
    if r.get("ptgid") != storm or r.get("tgid") not in children:
        continue
    ev = r["event"]
    if ev == "fork":
        forks[r["tgid"]] = forks.get(r["tgid"], 0) + 1
    elif ev == "exit" and r["ends"] == "process":
        ends[r["tgid"]] = ends.get(r["tgid"], 0) + 1
    else:
        continue
    ids.setdefault(r["tgid"], set()).add(r["entity_id"])
    assert r["entity_id"].startswith(f"{boot}:{r['tgid']}:"), r
    assert r["parent_entity_id"].startswith(f"{boot}:{storm}:"), r
twice = [p for p, n in list(forks.items()) + list(ends.items()) if n > 1]
assert not twice, f"recorded twice: {twice[:10]}"
missing = [p for p in children if p not in forks or p not in ends]
if lost:
    print(f"the kernel dropped {lost} events: {len(missing)} children incomplete")
else:
    assert not missing, f"{len(missing)} children missing, e.g. {missing[:10]}"
assert all(len(s) == 1 for s in ids.values()), "a child with two entity ids"
assert len({next(iter(s)) for s in ids.values()}) == len(ids), "two children with one id"
# a process the snapshot saw: its id is what /proc says
stat = open(f"/proc/{me}/stat").read()
start = int(stat[stat.rindex(")") + 2:].split()[19])
mine = [r for r in records if r.get("event") == "snapshot" and r["pid"] == me]
assert mine and mine[0]["entity_id"] == f"{boot}:{me}:{start}", (mine, start)
print(f"{len(children)} children, {len(records)} records in {len(names)} files: each once")
PY
