#!/bin/bash
# filter-comm.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Filter by comm with \: the matches, their dimmed ancestors and descendants.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys '\'
  text cc
  check filter-comm-1-typing
  keys Enter
  check filter-comm-2-cc
  keys '\'
  keys C-u
  text 'w*r'
  keys Enter
  check filter-comm-3-glob
  # Cleared, the selection stays where the filter put it (the first match).
  keys Escape
  check filter-comm-4-cleared
  alive "filter by comm"
}

run_case
end_case
