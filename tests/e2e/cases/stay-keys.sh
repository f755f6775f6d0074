#!/bin/bash
# stay-keys.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Esc leaves one level at a time (details, search, filter, follow), the
# filter prompt's Up brings back the filter Esc cleared; at 80 columns a
# long filter comes after the counts, cut at the end; F2 and F6 are on the
# bar; a filter selects the first match (never init above it); t says
# what it follows; a time typed at ':' goes to the first event of its
# second; F9 says why a replay has no signal menu.
. "$(dirname "$0")/../lib.sh"

run_case () {
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  expect_text '^F1Help F3Search F4Filter uUser fFail zFreeze tFollow cCmd F2 F6 F9Kill F10Quit'
  # F9 in a replay: no menu, and why.
  keys F9
  expect_text 'signals are only sent to processes of a live source'
  keys '\'
  text 'jobrunner cmd:/usr/bin/jobrunner cmd:--retry !user:65534'
  keys Enter
  check stay-keys-1-long-filter
  expect_text '^forkscope \(ended\)  6 procs \(\+6 kthr\) [0-9]+ exited .* lost 0  filter: jobrun…'
  expect_text '^ +1234 0 .*jobrunner'
  keys /
  text job
  keys Enter t
  expect_text 'follow 1234 jobrunner'
  expect_text '▶ jobrunner'
  # Esc: the search goes, the filter stays; then the filter; then follow.
  keys Escape
  expect_text 'filter: jobrun'
  screen | grep -q 'search job' && fail "Esc left the search"
  keys Escape
  screen | grep -q 'filter: jobrun' && fail "the second Esc left the filter"
  expect_text 'follow 1234 jobrunner'
  keys Escape
  screen | grep -q 'follow 1234' && fail "the third Esc did not stop following"
  # The filter prompt brings back the filter Esc cleared.
  keys '\'
  keys C-u
  keys Up
  expect_text '^Filter: .*!user:65534_'
  keys Enter
  expect_text 'filter: jobrun'
  keys Escape
  # A time of whole seconds: the first event of that second.
  keys :
  text 12:00:01
  keys Enter
  expect_text 'AT 12:00:01.000, event 21 of'
  check stay-keys-2-goto
  stop_viewer
}

run_case
end_case
