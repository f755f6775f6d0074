#!/bin/bash
# suspend.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Ctrl-Z suspends (terminal restored, shell prompt back), fg resumes with the
# same screen.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_in "$demo_dir" "env PS1='e2e\$ ' bash --norc --noprofile -i"
  wait_for 'e2e\$' 5 || { fail "no shell prompt"; return; }
  text "printf 'before the viewer\\n'; $(viewer_cmd --replay demo.jsonl)"
  keys Enter
  expect_text 'forkscope .*replay'
  keys C-z
  expect_restored "Ctrl-Z" 'Stopped'
  text fg
  keys Enter
  check_same panes-1
  keys q
  expect_restored "quit after fg" '^e2e\$$'
}

run_case
end_case
