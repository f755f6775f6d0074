#!/bin/bash
# graph.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The activity graph on the busy machine (tests/data/rec-busy.jsonl): a
# strip of one row at 80x24, lanes of starts and ends at 160x45, in UTF-8
# and with LANG=C, in colour and with NO_COLOR (failures told apart by
# their glyphs then); w and the wheel zoom; a click on a column, and a,
# take the time cursor to that moment, which the graph marks; a filter's
# graph (failed) counts failures alone.
. "$(dirname "$0")/../lib.sh"

# Whether line N of the screen with its attributes (capture-pane -e) sets
# colour SGR parameter C (31 red, 32 green...).
colour_on_line () {
  tm capture-pane -p -e -t 0 | sed -n "${1}p" | perl -ne '
    while (/\e\[([0-9;:]*)m/g) { $c = 1 if grep { $_ eq "'"$2"'" } split /[;:]/, $1 }
    END { exit ($c ? 0 : 1) }'
}

run_case () {
  local env0=$viewer_env
  W=80
  H=24
  start_replay "$data_dir" rec-busy.jsonl
  check graph-1-80x24
  expect_text '^1m peak [0-9]+/s'
  colour_on_line 2 31 && echo "ok: failures in red" || fail "no red on the graph's line"
  keys w w
  check graph-2-zoomed
  expect_text '^graph: the last 10s'
  # A click on a column: the time cursor at the end of its second.
  click 70 2
  wait_for 'AT 10:00:01' 5 || fail "the click did not move the time cursor"
  check graph-3-clicked
  expect_text 'AT 10:00:01\.990, event 604 of 753'
  keys a
  expect_text 'AT 10:00:00\.9[0-9][0-9], event'
  # The wheel over the strip: a longer window (down), a shorter (up).
  click 40 2 65
  expect_text '^graph: the last 30s'
  click 40 2 64
  expect_text '^graph: the last 10s'
  stop_viewer

  # Without colour, the same screen: failures are their own glyphs.
  viewer_env="$env0 NO_COLOR=1"
  start_replay "$data_dir" rec-busy.jsonl
  check_same graph-1-80x24
  colour_on_line 2 31 && fail "NO_COLOR: red on the graph's line" || echo "ok: NO_COLOR: no red"
  stop_viewer
  viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C TZ=UTC XDG_CONFIG_HOME=$tmp/config"
  start_replay "$data_dir" rec-busy.jsonl
  check graph-4-ascii-80x24
  stop_viewer

  W=160
  H=45
  viewer_env=$env0
  start_replay "$data_dir" rec-busy.jsonl
  keys w w
  check graph-5-160x45
  colour_on_line 3 32 && echo "ok: starts in green" || fail "no green in the starts' lane"
  # A filter's graph counts what it picks: failures only.
  keys f
  wait_for 'failed' 5
  check graph-6-failed
  stop_viewer
  # Without colour at 160x45: the same lanes, without their green.
  viewer_env="$env0 NO_COLOR=1"
  start_replay "$data_dir" rec-busy.jsonl
  keys w w
  check_same graph-5-160x45
  colour_on_line 3 32 && fail "NO_COLOR: green in the starts' lane" || echo "ok: NO_COLOR: no green"
  stop_viewer
  viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C TZ=UTC XDG_CONFIG_HOME=$tmp/config"
  start_replay "$data_dir" rec-busy.jsonl
  keys w w
  check graph-7-ascii-160x45
}

run_case
end_case
