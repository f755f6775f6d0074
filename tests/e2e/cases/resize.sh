#!/bin/bash
# resize.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Resize down to 20x6 and back: no crash, a sensible small screen, and the
# same screen as before once back.  The help in a box too narrow for its
# two columns puts what each key does under the key, and scrolls.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  check_same panes-1
  tm resize-window -t 0 -x 20 -y 6
  alive "resize to 20x6" || return
  check resize-1-20x6
  tm resize-window -t 0 -x 80 -y 24
  check resize-2-80x24
  tm resize-window -t 0 -x 40 -y 10
  check resize-3-40x10
  tm resize-window -t 0 -x 120 -y 40
  check_same panes-1
  alive "resize back" || return
  tm resize-window -t 0 -x 20 -y 6
  keys F1
  check resize-4-20x6-help
  keys Down Down Down
  check resize-5-20x6-help-down
  keys Escape
  check_same resize-1-20x6
  tm resize-window -t 0 -x 40 -y 10
  keys F1
  check resize-6-40x10-help
  keys Escape
  alive "help at 20x6 and 40x10"
}

run_case
end_case
