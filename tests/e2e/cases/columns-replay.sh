#!/bin/bash
# columns-replay.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Columns in a replay: CPU%, MEM and UNIT have nothing to say there and
# give their room to the command (the title says so once); a tombstone's
# [exit ...] is never what is cut.  At 160x45 (the details pane beside)
# and 80x24.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl --columns=cpu,mem,start,unit -T 60
  check columns-replay-160x45
  expect_text 'PID USER +AGE S +START COMMAND .*\(CPU% MEM UNIT live only\)'
  expect_text 'backup-job \[exit 2\]'
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl --columns=cpu,mem,start,unit -T 60
  check columns-replay-80x24
  expect_text 'sh ×100 \[exit 3 ×100'
  stop_viewer
}

run_case
end_case
