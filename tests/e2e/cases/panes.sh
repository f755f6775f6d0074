#!/bin/bash
# panes.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The three panes at 120x40, focus moving with Tab, the help screen, threads
# shown with H (a Python thread renamed itself "flusher"), Ctrl-L.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  check panes-1
  keys Tab
  check panes-2-log-focus
  keys Tab
  check panes-3-details-focus
  keys Tab
  check_same panes-1
  keys '?'
  check panes-4-help
  keys Escape
  check_same panes-1
  keys H
  check panes-5-threads
  keys H C-l
  check_same panes-1
  no_raw_controls
  alive "panes"
}

run_case
end_case
