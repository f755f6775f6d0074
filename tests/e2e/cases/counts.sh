#!/bin/bash
# counts.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Counts that say what they count: the header counts what the tree shows,
# kernel threads apart while hidden (K shows them, and counts them); the
# children forked of a process older than the recording are those forked
# since it started.  At 160x45 and 80x24.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl
  expect_text '^forkscope \(ended\)  6 procs \(\+6 kthreads hidden\) '
  keys /
  text jobrunner
  keys Enter Enter
  check counts-160x45
  expect_text '100 forked since the'
  keys Escape Escape K
  expect_text '^forkscope \(ended\)  12 procs 120 exited'
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  keys /
  text jobrunner
  keys Enter Enter
  check counts-80x24
  stop_viewer
}

run_case
end_case
