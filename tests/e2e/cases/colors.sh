#!/bin/bash
# colors.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# Colours: NO_COLOR (any non-empty value) and --color=never turn them off,
# leaving reverse for the selection and bold; --color=always wins over
# NO_COLOR; the monochrome scheme has none, the light one its own; --log
# colours a terminal, not a pipe, unless asked.
. "$(dirname "$0")/../lib.sh"

# Whether the screen with its attributes (capture-pane -e) sets a colour:
# SGR 30-38, 40-48, 90-97 or 100-107 (39 and 49 are the default colours).
colours_on_screen () {
  tm capture-pane -p -e -t 0 | perl -ne '
    while (/\e\[([0-9;:]*)m/g) { $c = 1 if grep { /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/ } split /[;:]/, $1 }
    END { exit ($c ? 0 : 1) }'
}

# Whether the screen's attributes hold SGR parameter N (1 bold, 7 reverse).
sgr_on_screen () {
  tm capture-pane -p -e -t 0 | perl -ne '
    while (/\e\[([0-9;:]*)m/g) { $c = 1 if grep { $_ eq "'"$1"'" } split /[;:]/, $1 }
    END { exit ($c ? 0 : 1) }'
}

# expect_colours WHAT yes|no: the screen has colours, or has none.
expect_colours () {
  if colours_on_screen; then
    [ "$2" = yes ] && echo "ok: $1: colours" || { fail "$1: colour escapes on the screen:"; tm capture-pane -p -e -t 0 | head -3 | cat -v; }
  else
    [ "$2" = no ] && echo "ok: $1: no colour" || fail "$1: no colours on the screen"
  fi
}

run_case () {
  local env0=$viewer_env
  viewer_env="$env0 NO_COLOR=1"
  start_replay "$demo_dir" demo.jsonl
  expect_colours "NO_COLOR=1" no
  sgr_on_screen 7 && echo "ok: the selection is in reverse" || fail "NO_COLOR=1: no reverse"
  sgr_on_screen 1 && echo "ok: bold is used" || fail "NO_COLOR=1: no bold"
  check_same panes-1
  stop_viewer
  viewer_env="$env0 NO_COLOR="
  start_replay "$demo_dir" demo.jsonl
  expect_colours "NO_COLOR empty" yes
  stop_viewer
  viewer_env=$env0
  start_replay "$demo_dir" demo.jsonl --color=never
  expect_colours "--color=never" no
  sgr_on_screen 7 || fail "--color=never: no reverse"
  stop_viewer
  start_replay "$demo_dir" demo.jsonl --scheme=monochrome
  expect_colours "--scheme=monochrome" no
  stop_viewer
  viewer_env="$env0 NO_COLOR=1"
  start_replay "$demo_dir" demo.jsonl --color=always --scheme=light
  expect_colours "--color=always with NO_COLOR" yes
  # The light scheme's header: white on blue (the default's is black on cyan).
  if tm capture-pane -p -e -t 0 | head -1 | grep -q $'\e\\[[0-9;]*44[;m]'; then
    echo "ok: the light scheme's header"
  else
    fail "--scheme=light: the header is not on blue"
  fi
  # The help lists the schemes, the one in use marked.
  keys '?'
  keys NPage NPage NPage NPage NPage
  expect_text 'colour schemes: default monochrome light \(now\)'
  keys Escape
  stop_viewer
  # --log: auto colours a terminal only, NO_COLOR and never turn it off.
  viewer_env=$env0
  start_in "$demo_dir" "$(viewer_cmd --replay demo.jsonl --log -e fork,exit)"
  wait_for 'exit 3' 10 || fail "--log did not print"
  expect_colours "--log on a terminal" yes
  next_server
  viewer_env="$env0 NO_COLOR=1"
  start_in "$demo_dir" "$(viewer_cmd --replay demo.jsonl --log -e fork,exit)"
  wait_for 'exit 3' 10 || fail "--log did not print"
  expect_colours "--log with NO_COLOR" no
  next_server
  viewer_env=$env0
  local esc
  esc=$(printf '\033')
  # Run from a terminal, --output's file gets no colour: it is not one.
  start_in "$demo_dir" "$(viewer_cmd --replay demo.jsonl --log --output "$tmp/out.log"); echo ended; sleep 60"
  wait_for '^ended' 10 || fail "--log --output did not end"
  if grep -q "$esc" "$tmp/out.log"; then
    fail "--log --output from a terminal coloured the file"
  else
    echo "ok: --log --output from a terminal: no colour in the file"
  fi
  next_server
  if "$FORKSCOPE" --replay "$demo_dir/demo.jsonl" --log | grep -q "$esc"; then
    fail "--log into a pipe is coloured"
  else
    echo "ok: --log into a pipe: no colour"
  fi
  if "$FORKSCOPE" --replay "$demo_dir/demo.jsonl" --log --color=always \
      | grep -q "^${esc}\[1;31m.* exit 3 .*${esc}\[0m$"; then
    echo "ok: --log --color=always: a failure in bold red, reset before the end of line"
  else
    fail "--log --color=always: no bold red failure line"
  fi
  : > "$tmp/pid"
}

run_case
end_case
