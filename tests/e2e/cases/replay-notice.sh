#!/bin/bash
# replay-notice.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A recording's notice is shown in the header after the source, as the
# recording's: "(in the recording: ...)".
. "$(dirname "$0")/../lib.sh"

run_case () {
  start_replay "$data_dir" rec-small.jsonl
  check replay-notice-1-header
  alive "a recording's notice"
}

run_case
end_case
