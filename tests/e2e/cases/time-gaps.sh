#!/bin/bash
# time-gaps.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The time cursor on a recording whose events come 3 s apart
# (tests/data/rec-gaps.jsonl, from make-gaps.py): } with no event in the
# next second goes on to the next event and says how far; { goes back a
# second and more; d across a column of the graph with no event in it.
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
  alive "time gaps"
}

run_case
end_case
