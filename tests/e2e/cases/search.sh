#!/bin/bash
# search.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Search with /: jumps to matches without hiding rows.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys /
  text worker
  check search-1-typing
  keys Down
  keys Down
  check search-2-third
  keys Enter
  check search-3-kept
  keys Escape
  alive "search"
}

run_case
end_case
