#!/bin/bash
# extreme-times.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Times at the ends of the 64-bit range (tests/data/rec-extreme.jsonl): the
# tree, the details, the rate and the time cursor show them without
# overflowing (the sanitizer builds check), unknown where they make no sense;
# the graph zoomed out to all of them (it hung, its width never wide enough).
# Replayed in real time, the fork recorded 292 years on is waited for 5 s,
# and the message line says so (it waited for ever).
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$data_dir" rec-extreme.jsonl
  check extreme-1
  # A key at a time: the graph's window follows the cursor as each frame
  # finds it, so keys read together would leave it elsewhere.
  keys z
  keys Tab
  for k in [ [ '{' '}' ] Enter; do keys "$k"; done
  check extreme-2-cursor
  keys Escape :
  text '#2'
  keys Enter
  keys :
  text '23:59:59.999999999'
  keys Enter
  check extreme-3-goto
  # the graph zoomed out to all of it: a window as wide as the clock
  # (The window's times there depend on the frames the keys got: the
  # screen is not compared, only that it draws and lives.)
  for k in s s s s s s s s s s; do keys "$k"; done
  expect_text 'Activity over all'
  no_raw_controls
  alive "extreme times"
  stop_viewer
  start_replay "$data_dir" rec-extreme.jsonl --speed 1
  wait_for 'the next event is due in 106751d: waiting 5.00s instead' 3 \
    || fail "no word of the shortened wait"
  stop_viewer
}

run_case
end_case
