#!/bin/bash
# busy-search.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Search: what is shown, at once, across arguments; "no match" while
# typing; next and previous; in the log when it has the focus.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  keys '/'
  text 'sleep 1001'
  check busy-search-1-no-match
  keys Escape c
  keys '/'
  text 'sleep 1001'
  check busy-search-2-across-args
  keys Enter
  keys Tab
  keys '/'
  text 'exit 3'
  check busy-search-3-log
  keys Enter
  keys N
  check busy-search-4-log-previous
  # Typed in the log while it follows the newest, a search looks backwards
  # all along: 'e' and 'ex' match the newest event (an exit), 'exe' not;
  # the newest exec (1242's) is found, not the oldest (make's, 400).
  keys Escape End
  keys '/'
  text 'exec'
  expect_text 'Details: 1242 as'
}

run_case
end_case
