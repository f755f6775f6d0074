#!/bin/bash
# replay-pipe.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A replay read from a pipe: the cursor reaches every event read, back and
# forth (the history holds them: nothing is read again); Ctrl-C in a
# prompt cancels it, the viewer stays.
. "$(dirname "$0")/../lib.sh"

run_case () {
  printf 'cat demo.jsonl | %s\n' "$(viewer_cmd --replay -)" > "$tmp/pipe.sh"
  start_in "$demo_dir" "sh $tmp/pipe.sh"
  wait_for '\(ended\)' 10 || fail "the replay did not end"
  settle
  keys :
  text '#60'
  keys Enter
  check replay-pipe-1-held
  expect_text 'AT 06:20:47.530, event 60 of 74'
  keys :
  text '#30'
  keys Enter
  check replay-pipe-2-back
  expect_text 'AT 06:20:46.[0-9]+, event 30 of 74'
  keys '\\'
  text sleep
  tm send-keys -t 0 C-c
  settle
  check replay-pipe-3-ctrl-c
  alive "Ctrl-C in a prompt"
}

run_case
end_case
