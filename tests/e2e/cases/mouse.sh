#!/bin/bash
# mouse.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The mouse: a click selects a row or an event and focuses its pane, the
# wheel scrolls, a click on the function bar presses its key.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  click 10 24
  check mouse-1-tree-click
  click 20 32
  check mouse-2-log-click
  click 10 10 65
  check mouse-3-wheel
  click 3 40
  check mouse-4-fnbar-help
  keys Escape
  alive "mouse"
}

run_case
end_case
