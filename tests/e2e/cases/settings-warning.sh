#!/bin/bash
# settings-warning.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The settings file's warnings stay on the bottom line until a key is
# pressed, past any time a message stays.
. "$(dirname "$0")/../lib.sh"

run_case () {
  local rc=$tmp/config/forkscope/forkscoperc
  mkdir -p "$tmp/config/forkscope"
  printf '[viewer]\nmystery=42\n' > "$rc"
  start_replay "$data_dir" rec-flood.jsonl
  expect_text "forkscoperc:2: unknown key 'mystery'"
  sleep 11
  expect_text "forkscoperc:2: unknown key 'mystery'"
  keys Down
  expect_text '^F1Help'
  stop_viewer "unknown key 'mystery'"
}

run_case
end_case
