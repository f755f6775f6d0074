#!/bin/bash
# live-kill.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root): the signal menu (k) on a uniquely named sleeper.
# Enter asks "Send SIGTERM ...? y/N"; n sends nothing and says so, and
# that message is gone when the menu opens again; y sends it, the sleeper
# ends by it and shows as a [SIGTERM] tombstone.
. "$(dirname "$0")/../lib.sh"

run_case () {
  # The connector may be refused (e.g. in a network namespace).
  need_live --log --events=exit --no-taskstats
  local tag name pid status
  tag=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  name=fskill-$tag
  mkdir "$tmp/bin"
  cp /bin/sleep "$tmp/bin/$name"
  W=120
  H=30
  start_live "$tmp" || return
  "$tmp/bin/$name" 300 &
  pid=$!
  filter_live "$tag"
  wait_for "^ *$pid .*$name" 5 || fail "$name ($pid) did not appear"
  # The search selects it.
  tm send-keys -t 0 /
  tm send-keys -t 0 -l "$name"
  tm send-keys -t 0 Enter
  wait_for "Details: $pid $name" 5 || fail "the search did not select $name ($pid)"
  tm send-keys -t 0 k
  wait_for "Signal $pid $name" 5 || fail "k did not open the signal menu"
  tm send-keys -t 0 Enter
  wait_for "Send SIGTERM to $pid \($name\)\? y/N" 5 || fail "Enter did not ask"
  tm send-keys -t 0 n
  wait_for "no signal sent" 5 || fail "n did not say that no signal was sent"
  kill -0 "$pid" 2>/dev/null || fail "$name ended though n was pressed"
  # Open again: the last menu's answer is not shown as this one's.
  tm send-keys -t 0 k
  wait_for "Signal $pid $name" 5 || fail "k did not open the signal menu again"
  screen | grep -q "no signal sent" && fail "the last answer is still shown: $(screen | tail -1)"
  tm send-keys -t 0 Enter
  wait_for "Send SIGTERM to $pid" 5 || fail "Enter did not ask again"
  tm send-keys -t 0 y
  wait_for "sent SIGTERM to $pid" 5 || fail "y did not say the signal was sent"
  wait "$pid"
  status=$?
  [ "$status" = 143 ] || fail "$name ended with $status, not 143 (SIGTERM)"
  if wait_for "$name \[SIGTERM\]" 5; then
    echo "ok: $name ($pid) ended by SIGTERM and shows so:"
    screen | grep -F "$name"
  else
    fail "no [SIGTERM] tombstone of $name"
    screen
  fi
  tm send-keys -t 0 q
  expect_restored "quit" '^viewer status=0$'
}

run_case
end_case
