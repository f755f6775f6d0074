#!/bin/bash
# history-start.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A jump before the history says where it starts and why there: the
# recording's start (a time before its first event goes to that event,
# the first at or after it); then, in a recording longer than a small
# history keeps (--history-memory 256K --history-file 0), what it let go
# of.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys :
  text '05:00:00'
  keys Enter
  check history-start-1-recording
  expect_text '05:00:00.000 is before the first event: the recording starts at 06:20:45.389'
  expect_text 'AT 06:20:45.389, event 1 of 74'
  stop_viewer

  python3 "$here/make-long.py" 30000 > "$tmp/long.jsonl"
  start_replay "$tmp" long.jsonl --history-memory 256K --history-file 0
  wait_for '\(ended\)' 20 || fail "the replay did not end"
  keys :
  text '#1'
  keys Enter
  check history-start-2-evicted
  expect_text 'event #1 is not held: the history starts at 00:00:'
  alive "a jump before the history"
}

run_case
end_case
