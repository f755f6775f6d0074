#!/bin/bash
# timetravel.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The time cursor on a recording: g on a log event goes there (the process
# that exited then is a fresh tombstone, the one forked later is absent);
# [ steps back across its exec and its fork (it was fsdemo, then it was not
# there), ] forward again; { one second back, filtered and searched there;
# G to the freeze point; : to an event number, a rename that [ undoes (the
# old name returns); z plays on.
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$demo_dir" demo.jsonl
  keys z Tab Up Up Up Up Up Up
  keys g
  check timetravel-1-jump
  expect_text 'AT 06:20:48.345, event 72 of 74'
  keys [ [
  check timetravel-2-forked
  keys [
  check timetravel-3-before-fork
  keys ] ] ]
  check_same timetravel-1-jump
  keys '{'
  check timetravel-4-second-back
  expect_text 'AT 06:20:47.329, event 57 of 74'
  # The filter and the search work there as they do live.
  keys '\'
  text 'sleep'
  keys Enter
  check timetravel-4a-filtered
  keys Escape Tab Tab /
  text check
  check timetravel-4b-search
  keys Enter Escape
  keys G
  check timetravel-5-freeze-point
  keys :
  text '#28'
  check timetravel-6-prompt
  keys Enter
  check timetravel-7-renamed
  keys [
  check timetravel-8-old-name
  keys z
  wait_for '\(ended\)' 10 || fail "the replay did not play on"
  check timetravel-9-thawed
  alive "time cursor"
}

run_case
end_case
