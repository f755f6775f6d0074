#!/bin/bash
# timeline.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The timeline (T) on the busy machine: each row's life as a bar across
# the graph's window, a fold of 240 cc1 as how many were alive at once,
# its peak in its text; Enter opens the fold's details; the window of a
# day, dated; a click on a bar
# takes the time cursor there (a vertical line); at 80x24 and 160x45, in
# UTF-8 and with LANG=C (the counts in digits).
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=80
  H=24
  start_replay "$data_dir" rec-busy.jsonl
  keys w w T
  check timeline-1-80x24
  expect_text 'cc1 ×240 peak 12'
  keys Down Down Down Down
  keys Enter
  check timeline-2-fold-details
  expect_text 'Details: 240 exited cc1'
  keys Escape
  # A window of a day or more has dates at its edges, and ends at the
  # moment shown, not at its last interval's end after it.
  keys s s s s s s s
  expect_text 'Dec 31 10:26 +1d +Jan 01 10:00$'
  check timeline-2a-day
  keys s
  expect_text 'Dec 2[45] [0-9:]+ +1w +Jan 01 10:00$'
  keys T
  expect_text 'PID USER       AGE S COMMAND'
  stop_viewer

  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  keys w w T
  check timeline-3-160x45
  expect_text 'cc1 ×240 peak 12'
  # A click on a bar: the time cursor there, a line across the bars.
  click 92 12
  wait_for 'AT 10:00:0' 5 || fail "the click did not move the time cursor"
  check timeline-4-cursor
  expect_text 'AT 10:00:0'
  stop_viewer
  viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C TZ=UTC XDG_CONFIG_HOME=$tmp/config"
  start_replay "$data_dir" rec-busy.jsonl
  keys w w T
  check timeline-5-ascii-160x45
  expect_text 'cc1 x240 peak'
}

run_case
end_case
