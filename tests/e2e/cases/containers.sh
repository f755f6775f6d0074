#!/bin/bash
# containers.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Containers, from a recording (rec-containers.jsonl, make-containers.py):
# the CONTAINER and NSPID columns and the mark of a process that entered a
# pid namespace (at 160x45 and 80x24), the exited children of a pod's shim
# folded apart by container, the log saying where each process runs, the
# details of an entry, the container: filter and its negation, the sort by
# container.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=160 H=45
  start_replay "$data_dir" rec-containers.jsonl --columns=container,nspid -T 60
  check containers-1-160x45
  expect_text 'docker:web +1 .* ◆ nginx'
  expect_text 'containerd:api +│  ├─\+sh ×5'
  expect_text 'containerd:envoy +│  └─\+sh ×5'
  # Each line says where its process ran as of its event: sleep's exec
  # came before the tick read its pid in the namespace it entered (the
  # mark is the table's), its exit after.
  expect_text 'exec +471 sleep +sleep 30 \[new pid namespace\]$'
  expect_text 'exit +460 ps +exit 0 after 60ms \[new pid namespace: docker:web, pid 60\]'
  # The details of an entry: its container, its pid namespace.
  keys / ; text ps ; keys Enter Enter
  check containers-2-details
  expect_text 'runs in +docker:web, id$'
  expect_text 'pid ns +pid 60 in it, 1 below forkscope.s; ◆ entered here: its'
  keys Escape Escape
  # Only docker's: the tree keeps their ancestors, dimmed.
  keys '\' ; text 'container:docker:' ; keys Enter
  check containers-3-docker
  keys '\' ; keys C-u ; text '!container:' ; keys Enter
  expect_text '471 .* ◆ sleep'
  ! screen | grep -q 'docker:web' || fail "!container: showed a container's process"
  stop_viewer
  # By container: siblings sorted on what CONTAINER shows, the host's last.
  start_replay "$data_dir" rec-containers.jsonl --columns=container,nspid -T 60 --sort=container
  check containers-4-sorted
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-containers.jsonl --columns=container,nspid -T 60
  check containers-5-80x24
  expect_text '311 0 +8m21s +docker:web +1 │  ├─ ◆ nginx'
  stop_viewer
  # Asked for where no process is in a container: the columns give their
  # room back, and say why.
  W=120 H=40
  start_replay "$data_dir" rec-busy.jsonl --columns=container,nspid
  expect_text 'PID USER +AGE S COMMAND .*\(CONTAINER NSPID none seen\)'
  stop_viewer
}

run_case
end_case
