#!/bin/bash
# live-kill.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root): the signal menu (k) on a uniquely named sleeper.
# Enter asks "Send SIGTERM ...? y/N"; n sends nothing and says so, and
# that message is gone when the menu opens again; y sends it, the sleeper
# ends by it and shows as a [SIGTERM] tombstone.  Each step must have
# worked before the next key: y goes to the sleeper or is never pressed.
. "$(dirname "$0")/../lib.sh"

# Fails with MESSAGE and ends the case's steps, the sleeper killed.
give_up () {
  fail "$1"
  screen
  kill "$pid" 2>/dev/null
}

run_case () {
  # The connector may be refused (e.g. in a network namespace).
  need_live --log --events=exit --no-taskstats
  local tag name ask i
  tag=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  name=fskill-$tag
  mkdir "$tmp/bin"
  cp /bin/sleep "$tmp/bin/$name"
  W=120
  H=30
  start_live "$tmp" || return
  "$tmp/bin/$name" 300 &
  pid=$!
  ask="Send SIGTERM to $pid \($name\)\? y/N"
  filter_live "$tag"
  wait_for "^ *$pid .*$name" 5 || { give_up "$name ($pid) did not appear"; return; }
  # The search selects it.
  tm send-keys -t 0 /
  tm send-keys -t 0 -l "$name"
  tm send-keys -t 0 Enter
  wait_for "Details: $pid $name" 5 || { give_up "the search did not select $name"; return; }
  tm send-keys -t 0 k
  wait_for "Signal $pid $name" 5 || { give_up "k did not open the signal menu"; return; }
  tm send-keys -t 0 Enter
  wait_for "$ask" 5 || { give_up "Enter did not ask"; return; }
  tm send-keys -t 0 n
  wait_for "no signal sent" 5 || { give_up "n did not say that no signal was sent"; return; }
  kill -0 "$pid" 2>/dev/null || fail "$name ended though n was pressed"
  # Open again: the last menu's answer is not shown as this one's.
  tm send-keys -t 0 k
  wait_for "Signal $pid $name" 5 || { give_up "k did not open the signal menu again"; return; }
  screen | grep -q "no signal sent" && fail "the last answer is still shown: $(screen | tail -1)"
  tm send-keys -t 0 Enter
  wait_for "$ask" 5 || { give_up "Enter did not ask again"; return; }
  tm send-keys -t 0 y
  wait_for "sent SIGTERM to $pid$" 5 || fail "y did not say the signal was sent"
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { give_up "$name ($pid) did not end"; return; }
  wait "$pid"
  local status=$?
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

pid=
run_case
end_case
