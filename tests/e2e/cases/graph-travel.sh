#!/bin/bash
# graph-travel.sh - an end-to-end case of the viewer (how to run it:
# ../lib.sh).
#
# The activity graph's window and the time cursor, on 3.5 minutes of a
# build (make-long.py: an event every 30 ms, 00:00:00 to 00:03:29.880):
# paused, the cursor taken 90 s back (:), then G back to the freeze point:
# the graph's window follows it there as it follows the cursor's other
# moves, and a moves one column (a second) back from there.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=100
  H=30
  python3 "$here/make-long.py" 7000 30 > "$tmp/long.jsonl"
  start_replay "$tmp" long.jsonl
  wait_for '\(ended\)' 10 || fail "the replay did not end"
  keys z
  keys :
  text 00:02:00
  keys Enter
  expect_text 'AT 00:02:00\.000, event 4,002 of 6,998'
  expect_text 'Activity over the last 1m: .*00:01:31\.000 – 00:02:30\.000$'
  keys G
  expect_text 'AT 00:03:29\.880, event 6,998 of 6,998'
  expect_text 'Activity over the last 1m: .*00:02:30\.000 – 00:03:29\.880$'
  check graph-travel-1-returned
  keys a
  expect_text 'AT 00:03:28\.980, event 6,968 of 6,998'
  expect_text 'Activity over the last 1m: .*00:02:30\.000 – 00:03:29\.880$'
}

run_case
end_case
