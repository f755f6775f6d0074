#!/bin/bash
# replay-broken.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A broken recording: what it held up to the break stays on screen with
# the error in the header; quitting prints the error and exits 1.  One
# with nothing before its break (a binary file), or with nothing at all (an
# empty file), ends the viewer at once, with the error, as it ends --log.
. "$(dirname "$0")/../lib.sh"

# stderr_says PATTERN WHAT: the error on stderr (then cleared), or a failure.
stderr_says () {
  if grep -q "$1" "$tmp/stderr"; then
    echo "ok: $2"
    : > "$tmp/stderr"
  else
    fail "$2: not on stderr: $(cat "$tmp/stderr")"
  fi
}

run_case () {
  start_wrapped "$data_dir" --replay rec-broken.jsonl
  settle
  check replay-broken-1-stopped
  keys q
  expect_restored "quit after a broken recording" '^viewer status=1$'
  stderr_says '^forkscope: rec-broken.jsonl:4: column ' "the error is printed on quitting"
  finish
  next_server
  printf '\177ELF\002\001\001\000\n' > "$tmp/binary"
  run_wrapped "$tmp" --replay binary
  expect_restored "a recording with nothing before its break" '^viewer status=1$'
  stderr_says '^forkscope: binary:1: column 1: ' "the binary file's error is printed"
  next_server
  : > "$tmp/empty"
  run_wrapped "$tmp" --replay empty
  expect_restored "an empty recording" '^viewer status=1$'
  stderr_says '^forkscope: empty: empty: no recording$' "the empty file's error is printed"
}

run_case
end_case
