#!/bin/bash
# hostile.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Hostile names: shown escaped; nothing from a name reaches the terminal raw.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=100 H=30
  start_replay "$here" hostile.jsonl
  check hostile-1
  keys c
  check hostile-2-cmdline
  # The last process's details: its name is a blink escape.
  keys NPage
  check hostile-3-details
  no_raw_controls
  if [ "$(pane_fmt '#{pane_title}')" = pwned ]; then
    fail "a process name set the window title"
  fi
  alive "hostile names"
}

run_case
end_case
