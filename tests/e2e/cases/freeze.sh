#!/bin/bash
# freeze.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Freeze, then inspect an exited process: from the tree (a tombstone) and
# from the event log.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys z
  check freeze-1-frozen
  keys /
  text hung
  keys Enter
  check freeze-2-tombstone
  keys Tab
  keys Up Up Up Up
  check freeze-3-log-event
  keys t
  check freeze-4-log-to-tree
  keys z
  check freeze-5-thawed
  alive "freeze"
}

run_case
end_case
