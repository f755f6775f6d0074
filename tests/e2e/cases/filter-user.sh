#!/bin/bash
# filter-user.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Filter by user with u: the picker, a typed uid.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys u
  check filter-user-1-picker
  text 65534
  keys Enter
  check filter-user-2-nobody
  keys Escape
  check filter-user-3-cleared
  alive "filter by user"
}

run_case
end_case
