#!/bin/bash
# busy-small.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The busy machine at 80x24: the function bar fits; Enter shows the
# details over the body, Esc closes them; in the log, Enter shows the
# event's process.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=80
  H=24
  start_replay "$data_dir" rec-busy.jsonl
  check busy-small-1
  keys '/'
  text 'check'
  keys Enter
  keys Enter
  check busy-small-2-details
  keys Down Down
  check busy-small-3-details-scrolled
  keys Escape
  check busy-small-4-closed
  keys Tab Up Enter
  check busy-small-5-log-details
  keys Escape
}

run_case
end_case
