#!/bin/bash
# cost.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# What processes cost, on a build whose ends carry it (rec-build.jsonl):
# the CPU%, TCPU and MEM columns keep what exits cost in a replay, a fold
# says what its members cost, the log's ends say it; the details give an
# end's cost (the OOM killer's victim), and a process's subtree totals;
# F6 sorts by TCPU.  At 160x45 and 80x24 (the details in a box).
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160 H=45
  start_replay "$data_dir" rec-build.jsonl --columns=cpu,tcpu,mem -T 60
  check cost-160x45-1-tree
  expect_text '├─\+cc1 ×12 \[exit 0 ×11, exit 1 ×1, cpu'
  expect_text 'SIGKILL \(OOM killer\) after 1\.19s, child of 1500, cpu 2\.10s, peak 1\.9 GiB'
  expect_text '1501 1000 +1\.19s X 176\.4  2\.10s  1\.9 GiB'
  keys Down Down Down
  check cost-160x45-2-make
  expect_text 'subtree  since the recording started: 15 spawned, 14 ended, 3'
  expect_text 'tcpu +4\.77s\+: ended 4\.77s \(1 not measured\), alive not known'
  keys F6
  check cost-160x45-3-sort-picker
  expect_text 'tcpu +the most CPU time of a subtree first'
  keys Down Down Down Down Down Down Enter
  expect_text 'by tcpu'
  keys /
  text java
  keys Enter
  check cost-160x45-4-oom
  expect_text 'cpu      2\.10s \(user 1\.89s, system 210ms\)'
  expect_text 'delays   waiting for a CPU 52ms'
  keys /
  text 'cc1 '
  keys Enter
  check cost-160x45-5-fold
  expect_text 'measured cpu of 11, peak of 11 of the 12'
  expect_text 'ended +exit 0 ×11, exit 1 ×1, cpu 2\.67s\+, peak 127 MiB'
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-build.jsonl --columns=cpu,tcpu,mem -T 60
  check cost-80x24-1-tree
  keys Down Down Down Enter
  check cost-80x24-2-make
  expect_text 'tcpu     4\.77s\+: ended 4\.77s \(1 not measured\), alive not known in a replay'
  stop_viewer
}

run_case
end_case
