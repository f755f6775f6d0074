#!/bin/bash
# log-fold.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The flood in the log: failures only (f), a hundred exits are one line
# with their count, statuses, span and parent; the log stays where it was
# left; Right shows them under the line, Enter the fold's details; c gives
# the command lines of exits.  At 160x45 and 80x24.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl
  check log-fold-160x45-1-all
  keys f
  check log-fold-160x45-2-failed
  expect_text 'exit +\+sh ×100 +\[exit 3 ×100, lived 3.0ms\] 12:00:01–12:00:08, child of 1234'
  keys Tab Home Right
  check log-fold-160x45-3-unfolded
  keys Left Enter
  check log-fold-160x45-4-details
  keys Escape c
  check log-fold-160x45-5-cmdline
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  keys f
  check log-fold-80x24-1-failed
  stop_viewer
}

run_case
end_case
