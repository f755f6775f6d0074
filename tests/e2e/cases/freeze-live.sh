#!/bin/bash
# freeze-live.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Freeze while events keep arriving (a replay from a FIFO): the screen stays,
# the header counts the new events, unfreezing catches up at once.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local rec=$demo_dir/demo.jsonl n
  mkfifo "$tmp/feed"
  n=$(wc -l < "$rec")
  start_in "$tmp" "$(viewer_cmd --replay feed)"
  exec 3> "$tmp/feed"
  head -n 40 "$rec" >&3
  settle
  check freeze-live-1-before
  keys z
  tail -n $((n - 40)) "$rec" >&3
  # The screen must not change, except the count of new events.
  sleep 0.5
  settle
  check freeze-live-2-frozen
  keys z
  check freeze-live-3-thawed
  exec 3>&-
  wait_for '\(ended\)' 10 || fail "the end of the replay was not shown"
  alive "freeze during a live feed"
}

run_case
end_case
