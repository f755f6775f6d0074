#!/bin/bash
# A recorder whose file system fills up (issue 19): --json and --log with
# --output on a small tmpfs while a loop of /bin/true runs.  The file
# never ends in part of a record; the recorder goes on, names the file on
# stderr, counts what it could not write, and says it in the stream when
# room returns (a filler file is removed, the loop stopped); it exits 1.  Exit 77 without
# root or when a tmpfs cannot be mounted.
set -u
fs=${FORKSCOPE:?}
[ "$(id -u)" = 0 ] || { echo "needs root (mount)"; exit 77; }
tmp=$(mktemp -d)
dir=$tmp/full
loop=
cleanup () {
  [ -n "$loop" ] && kill "$loop" 2>/dev/null
  umount "$dir" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$dir"
mount -t tmpfs -o size=1m tmpfs "$dir" 2>"$tmp/mount" \
  || { cat "$tmp/mount"; echo "cannot mount a tmpfs"; exit 77; }
fail () { echo "FAIL ($fmt): $*"; exit 1; }

for fmt in json log; do
  rm -f "$dir"/*
  # Room enough for a few records; removed, for some seconds of a busy
  # machine's records.
  head -c 950000 /dev/zero >"$dir/filler"
  ( while :; do /bin/true; done ) &
  loop=$!
  "$fs" --$fmt --output "$dir/e.$fmt" --duration 8 2>"$tmp/err" &
  fp=$!
  for _ in $(seq 100); do
    grep -q 'No space left on device; going on' "$tmp/err" && break
    sleep 0.05
  done
  grep -q "^forkscope: $dir/e.$fmt: No space left on device; going on" "$tmp/err" \
    || { cat "$tmp/err"; fail "the file system never filled, or the file is not named"; }
  # Room again, and fewer events: writes go through whole.
  rm "$dir/filler"
  kill "$loop"
  wait "$loop" 2>/dev/null
  loop=
  wait $fp
  status=$?
  cat "$tmp/err"
  [ $status = 1 ] || fail "exited $status, want 1"
  grep -q "^forkscope: $dir/e.$fmt: writing again; [1-9][0-9]* records could not be written" \
    "$tmp/err" || fail "no word on stderr that writing went on"
  python3 - "$dir/e.$fmt" "$fmt" <<'PY' || fail "the file"
import json, sys
path, fmt = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
assert data.endswith(b"\n"), "the file ends in part of a record"
lines = data.decode().splitlines()
if fmt == "json":
    recs = [json.loads(l) for l in lines]
    lost = [i for i, r in enumerate(recs) if r.get("lost_in") == "output"]
    assert lost, "no lost record"
    assert all(recs[i]["event"] == "lost" and recs[i]["lost"] > 0 for i in lost)
    assert any("event" in r and r.get("lost_in") is None for r in recs[lost[0] + 1:]), \
        "nothing recorded after the loss"
else:
    assert lines[0].startswith("TIME "), lines[0]
    lost = [i for i, l in enumerate(lines) if "records not written (no room in the output)" in l]
    assert lost, "no lost line"
    assert len(lines) > lost[0] + 1, "nothing recorded after the loss"
PY
  if [ $fmt = json ]; then
    "$fs" --replay "$dir/e.json" --log >"$tmp/replay" 2>&1 || { cat "$tmp/replay"; fail "the recording does not replay"; }
    grep -q 'records not written (no room in the output)' "$tmp/replay" || fail "the replay does not say the loss"
  fi
done
echo "ok: the recorder went on through a full file system, whole records only"
exit 0
