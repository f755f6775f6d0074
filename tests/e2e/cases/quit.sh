#!/bin/bash
# quit.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Quit with q and with F10: the terminal is back as it was.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local key
  for key in q F10; do
    start_wrapped "$demo_dir" --replay demo.jsonl
    settle
    keys "$key"
    expect_restored "quit with $key" '^viewer status=0$'
    next_server
  done
}

run_case
end_case
