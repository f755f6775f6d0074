#!/bin/bash
# extreme-times.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Times at the ends of the 64-bit range (tests/data/rec-extreme.jsonl): the
# tree, the details, the rate and the time cursor show them without
# overflowing (the sanitizer builds check), unknown where they make no sense.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$data_dir" rec-extreme.jsonl
  check extreme-1
  keys z Tab
  keys [ [ '{' '}' ] Enter
  check extreme-2-cursor
  keys Escape :
  text '#2'
  keys Enter
  keys :
  text '23:59:59.999999999'
  keys Enter
  check extreme-3-goto
  alive "extreme times"
}

run_case
end_case
