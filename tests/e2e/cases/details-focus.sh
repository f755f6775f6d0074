#!/bin/bash
# details-focus.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The details as the terminal changes: Enter at 80x24 shows them over the
# body; grown to 160x45 they become the focused pane; Esc there goes back
# to the tree (Down then moves the selection, and the details follow it,
# where before it scrolled the details); Enter in the pane does the same.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=80
  H=24
  start_replay "$demo_dir" demo.jsonl
  keys Enter
  expect_text '^┌─ Details: 30493 fsdemo'
  tm resize-window -t 0 -x 160 -y 45
  settle
  expect_text 'COMMAND +Details: 30493 fsdemo'
  screen | grep -q '┌─ Details' && fail "the box stayed over the panes"
  keys Escape Down
  expect_text 'COMMAND +Details: 30549 httpd'
  keys Enter Enter Down
  expect_text 'COMMAND +Details: 30555 worker'
}

run_case
end_case
