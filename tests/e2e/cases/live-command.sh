#!/bin/bash
# live-command.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root): forkscope -- CMD in the viewer.  When the
# command's tree has ended the viewer stays, frozen at its end, its ends
# in the tree and the log, and says so; q then quits with the command's
# status.  A view the user froze before the end stays where it is, and
# says the command ended after it.  --duration ending the viewer before
# the command's end exits 0 (the command's status is not taken), and so
# does --count reached at the command's own end, which comes before its
# tree's end is known; a command that ends first is waited for.
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
  finish
  next_server
  printf '%s\n' 'sleep 2' 'exit 5' > "$tmp/cmd.sh"
  start_wrapped "$tmp" -- sh cmd.sh || return
  tm send-keys -t 0 z
  if wait_for 'the command ended \(status 5\) after this view: z z shows its end, q quits' 10
  then
    echo "ok: frozen before the end, the view stayed"
  else
    fail "the viewer did not say the command ended after the frozen view"
    screen
  fi
  screen | grep -q 'sh \[exit 5\]' && fail "the frozen view shows the end after it"
  keys q
  expect_restored "quit after the command, frozen before" '^viewer status=5$'
  next_server
  printf '%s\n' 'sleep 4' 'exit 6' > "$tmp/cmd.sh"
  start_wrapped "$tmp" --duration 1.5 -- sh cmd.sh || return
  expect_restored "--duration before the command's end" '^viewer status=0$'
  next_server
  printf '%s\n' 'exit 7' > "$tmp/cmd.sh"
  start_wrapped "$tmp" --duration 1.5 -- sh cmd.sh || return
  wait_for 'the command ended \(status 7\)' 10 || fail "--duration: no end of the command said"
  expect_restored "--duration after the command's end" '^viewer status=7$'
  printf '%s\n' 'exit 5' > "$tmp/cmd.sh"
  for i in 1 2 3; do
    next_server
    run_wrapped "$tmp" --count 3 -- sh cmd.sh
    expect_restored "--count 3, its end the third event ($i)" '^viewer status=0$'
  done
}

run_case
end_case
