#!/bin/bash
# time-gaps.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The time cursor on a recording whose events come 3 s apart
# (tests/data/rec-gaps.jsonl, from make-gaps.py): } with no event in the
# next second goes on to the next event and says how far; { goes back a
# second and more; d across a column of the graph with no event in it.
# : to the second the recording starts in (05:18:38, before its first
# event at 05:18:38.870) goes to its first event and says so; : to an
# event number too big for 64 bits reads to the end, as a large one does,
# and the header says the recording ended.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$data_dir" rec-gaps.jsonl
  keys :
  text '#4'
  keys Enter
  expect_text 'AT 05:18:38.922, event 4 of 12'
  keys '}'
  expect_text 'AT 05:18:38.922, event 5 of 12'
  keys '}'
  check time-gaps-1-second-on
  expect_text 'AT 05:18:41.922, event 6 of 12'
  expect_text '^no event in the next second: on to the next, 2.99s later'
  keys '}' '}'
  expect_text 'AT 05:18:44.922, event 8 of 12'
  keys '{'
  expect_text 'AT 05:18:41.922, event 7 of 12'
  keys '{'
  expect_text 'AT 05:18:38.922, event 5 of 12'
  # The graph at 10 s: columns of a tenth of a second or less.
  keys w w d
  expect_text 'AT 05:18:41.922, event 6 of 12'
  expect_text '^no event in the next column: on to the next, 2.99s later'
  keys :
  text '05:18:38'
  keys Enter
  check time-gaps-2-before-start
  expect_text 'AT 05:18:38.870, event 1 of 12'
  expect_text '^05:18:38.000 is before the first event: the recording starts at 05:18:38.870$'
  keys :
  text '#999999999999999999999'
  keys Enter
  expect_text 'AT 05:18:53.922, event 12 of 12 +\(ended\)'
  expect_text '^no later event in the recording$'
  alive "time gaps"
}

run_case
end_case
