#!/bin/bash
# collapse.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Collapse and expand with - + * and Backspace to the parent.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys Down
  keys -
  check collapse-1-httpd
  keys +
  check collapse-2-expanded
  keys Down
  keys BSpace
  check collapse-3-parent
  keys '*'
  check collapse-4-all
  keys '*'
  check collapse-5-none
  alive "collapse"
}

run_case
end_case
