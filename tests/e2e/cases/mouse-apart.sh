#!/bin/bash
# mouse-apart.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Clicks as a human makes them: the release a moment after the press, in
# a write of its own.  The press acts when it comes, the release adds
# nothing (the help a click on the function bar opened stays), and neither
# it nor the middle button's press and release stop the viewer: a replay
# read from a pipe goes on showing what arrives (ncurses once waited in
# read() for the rest of such a "gesture", and the viewer froze until the
# next key).
. "$(dirname "$0")/../lib.sh"

# feed FIRST LAST: events FIRST to LAST of the demo into the viewer's pipe.
feed () {
  sed -n "$1,$2p" "$demo_dir/demo.jsonl" >&3
}

run_case () {
  mkfifo "$tmp/events"
  printf 'cat %s/events | %s\n' "$tmp" "$(viewer_cmd --replay -)" > "$tmp/pipe.sh"
  start_in "$demo_dir" "sh $tmp/pipe.sh"
  exec 3>"$tmp/events"
  feed 1 40
  wait_for 'event 40 ' 10 || fail "the first 40 events did not show"
  settle
  click_apart 10 20
  check mouse-apart-1-row
  feed 41 60
  wait_for 'event 60 ' 10 || fail "after a click sent apart, the viewer showed no more events"
  click_apart 10 22 1
  click_apart 10 22 2
  feed 61 74
  exec 3>&-
  wait_for '\(ended\)' 10 || fail "after a middle and a right click, the viewer showed no more events"
  check mouse-apart-2-ended
  click_apart 3 40
  check mouse-apart-3-help
  keys Escape
  alive "clicks apart"
  stop_viewer

  # The timeline's bars (the click that showed the defect).
  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  keys w w T
  click_apart 92 12
  wait_for 'AT 10:00:0' 10 || fail "the click did not move the time cursor"
  check_same timeline-4-cursor
}

run_case
end_case
