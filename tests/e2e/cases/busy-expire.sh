#!/bin/bash
# busy-expire.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The selection never jumps to a stranger: a tombstone selected in the
# tree, then the replay's clock moves past its window (a later event comes
# through the feed): the selection goes to its parent, not to whatever row
# takes its place.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local rec=$data_dir/rec-busy.jsonl
  W=160
  H=45
  mkfifo "$tmp/feed"
  start_in "$tmp" "$(viewer_cmd --replay feed)"
  exec 3> "$tmp/feed"
  cat "$rec" >&3
  wait_for 'cc1' 10 || fail "the recording did not show"
  settle
  keys '/'
  text 'check'
  keys Enter
  check busy-expire-1-selected
  # A rename of the daemon's thread, 6 s later: check's tombstone expires.
  printf '%s\n' '{"time":"2026-01-01T10:00:08.000000Z","mono_ns":2008000000000,"wall_ns":1767261608000000000,"event":"comm","cpu":0,"pid":301,"tgid":300,"comm":"pool-late"}' >&3
  settle
  check busy-expire-2-kept
  exec 3>&-
  alive "tombstone expiry"
}

run_case
end_case
