#!/bin/bash
# timetravel-ring.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The cursor beyond the history ring (--history 10): steps before the
# ring's oldest event move the replay itself back there.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl --history 10
  keys z
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do tm send-keys -t 0 [; done
  settle
  check timetravel-ring-1-back
  expect_text 'AT 06:20:47.530, event 62 of 74'
  keys :
  text '06:20:46.5'
  keys Enter
  check timetravel-ring-2-time
  expect_text 'AT 06:20:46.549, event 28 of 74'
  alive "time cursor beyond the ring"
  # What is said of the frozen view goes when it is unfrozen.
  keys :
  text '#999'
  keys Enter
  expect_text '^no later event in the recording'
  keys z
  expect_text '^F1Help'
}

run_case
end_case
