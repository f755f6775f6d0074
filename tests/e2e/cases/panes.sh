#!/bin/bash
# panes.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The three panes at 120x40, focus moving with Tab, the help screen (its
# pages turned), threads
# shown with H (a Python thread renamed itself "flusher"), Ctrl-L.
. "$(dirname "$0")/../lib.sh"

# The lines inside the help's box, as shown.
help_lines () {
  screen | python3 -c '
import sys
rows = sys.stdin.read().split("\n")
top = next(i for i, r in enumerate(rows) if "┌─ forkscope keys" in r)
left = rows[top].index("┌")
right = rows[top].index("┐")
for r in rows[top + 1:]:
    if r[left] == "└":
        break
    print(r[left + 1:right].strip())
'
}

run_case () {
  start_replay "$demo_dir" demo.jsonl
  check panes-1
  keys Tab
  check panes-2-log-focus
  keys Tab
  check panes-3-details-focus
  keys Tab
  check_same panes-1
  keys '?'
  check panes-4-help
  # PgDn turns a box of lines less one: the last line shown comes first;
  # PgUp and Home come back, End shows the last line.
  local first last
  first=$(help_lines | head -1)
  last=$(help_lines | tail -1)
  [ -n "$first" ] && [ "$first" != "$last" ] || fail "no help box with lines: '$first'"
  keys NPage
  [ "$(help_lines | head -1)" = "$last" ] \
    || fail "PgDn: '$(help_lines | head -1)' first, not the page's last, '$last'"
  keys PPage
  [ "$(help_lines | head -1)" = "$first" ] || fail "PgUp did not come back to '$first'"
  keys End
  help_lines | tail -1 | grep -q '^sort keys: ' || fail "End: '$(help_lines | tail -1)' last"
  keys Home
  [ "$(help_lines | head -1)" = "$first" ] || fail "Home did not come back to '$first'"
  keys Escape
  check_same panes-1
  keys H
  check panes-5-threads
  keys H C-l
  check_same panes-1
  no_raw_controls
  alive "panes"
}

run_case
end_case
