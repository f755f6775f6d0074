#!/bin/bash
# replay-nav.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A replay that plays (from a FIFO at real-time pace): + and - change the
# pace, the header says it; space pauses (the view freezes where the replay
# is) and plays on; a time and an event number to go to; a bad one.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local rec=$demo_dir/demo.jsonl
  mkfifo "$tmp/feed"
  start_in "$tmp" "$(viewer_cmd --replay feed --speed 1)"
  exec 3> "$tmp/feed"
  head -n 10 "$rec" >&3
  wait_for 'PLAY 1x' 10 || fail "the replay did not show its pace"
  # The ten lines are played in 1.3 s; a slow build (sanitizers) must not
  # see the screen settle half-way (the screens below are after them).
  wait_for 'event 10 ' 15 || fail "the replay did not play the lines fed"
  keys +
  expect_text 'PLAY 2x'
  keys - -
  expect_text 'PLAY 0.5x'
  check replay-nav-1-slower
  keys Space
  check replay-nav-2-paused
  tail -n +11 "$rec" >&3
  sleep 0.5
  check_same replay-nav-2-paused
  keys Space
  wait_for '30609' 15 || fail "the replay did not play on"
  keys Space
  keys :
  text 'soon'
  keys Enter
  check replay-nav-3-bad-goto
  exec 3>&-
  alive "replay navigation"
}

run_case
end_case
