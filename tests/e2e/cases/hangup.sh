#!/bin/bash
# hangup.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The terminal goes away (its window is closed: tmux kill-session hangs
# the pty up): the viewer ends, quietly (finish checks that stderr is
# empty: once, GLib complained of removing its input source twice).
. "$(dirname "$0")/../lib.sh"

run_case () {
  local pid i=0
  start_in "$demo_dir" "$(viewer_cmd --replay demo.jsonl)"
  wait_for '^forkscope ' 10 || fail "the viewer did not start"
  pid=$(cat "$tmp/pid")
  tm kill-session -t 0
  while running "$pid" && [ "$i" -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  running "$pid" && fail "the viewer still runs after its terminal went away"
  echo "ok: the viewer ended with its terminal"
}

run_case
end_case
