#!/bin/bash
# busy.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The busy machine (tests/data/rec-busy.jsonl, from make-busy.py), wide:
# a burst of 240 cc1 under make folds into one row, which expands; the
# tree and the log are filtered by one expression (negation, failed, a bad
# term with its column); failures only with f.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  check busy-1-fold
  keys Down Down Down Down
  keys Right
  check busy-2-unfolded
  keys Left
  keys '\'
  text '!cc1 !as'
  keys Enter
  check busy-3-filter-negated
  keys '\' C-u
  text 'failed'
  check busy-4-filter-failed
  text ' frob:x'
  check busy-5-filter-error
  # Esc cancels the prompt: the filter is back as it was before it.
  keys Escape
  expect_text 'filter: !cc1 !as  '
  keys Escape
  keys f
  check busy-6-failures-key
  keys f x
  check busy-7-hide-ok
}

run_case
end_case
