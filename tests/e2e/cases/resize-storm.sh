#!/bin/bash
# resize-storm.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A storm of resizes, down to 1x1: the viewer survives and recovers.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  settle
  local sizes
  sizes=$(awk 'BEGIN { srand(7); for (i = 0; i < 120; i++)
                 printf "%d %d\n", 1 + int(rand() * 200), 1 + int(rand() * 60);
               print "1 1"; print "2 2"; print "300 100"; print "20 6" }')
  while read -r x y; do
    tm resize-window -t 0 -x "$x" -y "$y" 2>/dev/null
  done <<< "$sizes"
  alive "resize storm" || return
  tm resize-window -t 0 -x 120 -y 40
  check_same panes-1
  alive "after the resize storm"
}

run_case
end_case
