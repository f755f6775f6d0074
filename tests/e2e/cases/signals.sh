#!/bin/bash
# signals.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# SIGTERM, SIGINT and SIGHUP: the terminal is restored, the status is
# 128 + the signal.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local sig num
  for sig in TERM:15 INT:2 HUP:1; do
    num=${sig#*:}
    sig=${sig%:*}
    start_wrapped "$demo_dir" --replay demo.jsonl
    settle
    kill "-$sig" "$(cat "$tmp/pid")"
    expect_restored "SIG$sig" "^viewer status=$((128 + num))\$"
    next_server
  done
}

run_case
end_case
