#!/bin/bash
# spill.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The history's spill file as the running viewer holds it: in $TMPDIR,
# with no name there, mode 0600 and no link, so that no one else can read
# it; bytes changed under the viewer's feet are said (which events cannot
# be read back) while the rest is served; killed with SIGKILL, the viewer
# leaves nothing behind.
. "$(dirname "$0")/../lib.sh"

# The descriptor number of PID's open regular file under DIR, if any.
spill_fd () {
  local fd
  for fd in /proc/"$1"/fd/*; do
    case $(readlink "$fd") in
      "$2"/*) [ -f "$fd" ] && { basename "$fd"; return 0; } ;;
    esac
  done
  return 1
}

run_case () {
  local pid fd
  mkdir -m 0755 "$tmp/spill"
  python3 "$here/make-long.py" 100000 > "$tmp/long.jsonl"
  viewer_env="$viewer_env TMPDIR=$tmp/spill"
  # A quarter of a MiB in memory: most of the recording goes to the file.
  start_replay "$tmp" long.jsonl --history-memory 256K
  wait_for '\(ended\)' 20 || fail "the replay did not end"
  pid=$(cat "$tmp/pid")
  if ! fd=$(spill_fd "$pid" "$tmp/spill"); then
    fail "no spill file open in $tmp/spill: $(ls -l /proc/"$pid"/fd)"
    return
  fi
  [ "$(stat -L -c '%a %h' /proc/"$pid"/fd/"$fd")" = "600 0" ] \
    && echo "ok: mode 0600, no link" \
    || fail "spill file: $(stat -L -c 'mode %a, %h links' /proc/"$pid"/fd/"$fd")"
  [ -z "$(ls -A "$tmp/spill")" ] || fail "names in the spill directory: $(ls -A "$tmp/spill")"
  [ "$(stat -L -c %s /proc/"$pid"/fd/"$fd")" -gt 262144 ] \
    || fail "the spill file holds $(stat -L -c %s /proc/"$pid"/fd/"$fd") bytes"
  # Every event since the first is reachable.
  keys :
  text '#2'
  keys Enter
  expect_text 'AT 00:00:00\.000, event 2 of 99,998'

  # Another process writes over the whole file: the events there
  # cannot be read back, and the viewer says which; the newest, in
  # memory, are still served.
  keys G
  local size
  size=$(stat -L -c %s /proc/"$pid"/fd/"$fd")
  head -c "$size" /dev/zero | tr '\0' 'x' \
    | dd of=/proc/"$pid"/fd/"$fd" conv=notrunc status=none
  # A move in time reads chunks back from the file (which ones depends on
  # what the viewer still holds decoded): one of them is said.
  keys :
  text '#5000'
  keys Enter
  expect_text '^events [0-9]+-[0-9]+ cannot be read back: the spill file was changed under forkscope'
  # The newest events, in memory, are served: the log's last lines.
  keys G
  expect_text '^00:01:39\.99[0-9] '
  check spill-newest-served

  # Killed: nothing is left in the directory (the file never had a name
  # there, and its last descriptor went with the process).
  kill -KILL "$pid"
  local i=0
  while running "$pid" && [ "$i" -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  running "$pid" && fail "the viewer outlived SIGKILL"
  [ -z "$(ls -A "$tmp/spill")" ] && echo "ok: nothing left after SIGKILL" \
    || fail "left after SIGKILL: $(ls -A "$tmp/spill")"
  # The terminal is not the viewer's to restore after SIGKILL; the case
  # is over.
  rm -f "$tmp/pid"
}

run_case
end_case
