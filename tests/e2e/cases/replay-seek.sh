#!/bin/bash
# replay-seek.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Going back in a recording read whole, by time and by event number (the
# history holds every event read), then playing on.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys :
  text '06:20:47.2'
  keys Enter
  check replay-seek-1-time
  expect_text 'AT 06:20:47.221, event 46 of 74'
  keys :
  text '#10'
  keys Enter
  check replay-seek-2-number
  expect_text 'AT 06:20:46.394, event 10 of 74'
  keys Space
  wait_for '\(ended\)' 10 || fail "the replay did not play on"
  check replay-seek-3-played
  alive "replay seek"
}

run_case
end_case
