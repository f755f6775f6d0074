#!/bin/bash
# live-command.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root): forkscope -- CMD in the viewer.  When the
# command's tree has ended the viewer stays, frozen at its end, its ends
# in the tree and the log, and says so; q then quits with the command's
# status.
. "$(dirname "$0")/../lib.sh"

run_case () {
  # The connector may be refused (e.g. in a network namespace).
  need_live --log --events=exit --no-taskstats
  W=100
  H=30
  printf '%s\n' 'sleep 0.5' 'sh -c "exit 3"' 'exit 4' > "$tmp/cmd.sh"
  start_wrapped "$tmp" -- sh cmd.sh || return
  if wait_for 'the command ended \(status 4\): frozen at its end, q quits' 10; then
    echo "ok: the command ended, the viewer stayed"
  else
    fail "the viewer did not say the command ended"
    screen
    return
  fi
  expect_text '^forkscope +FROZEN '
  expect_text 'sh \[exit 4\]'
  expect_text 'sh \[exit 3\]'
  expect_text 'sleep \[exit 0\]'
  # Still there a while later, frozen.
  sleep 1.5
  alive "after the command's end" || return
  expect_text 'sh \[exit 3\]'
  keys q
  expect_restored "quit after the command" '^viewer status=4$'
}

run_case
end_case
