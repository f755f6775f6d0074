#!/bin/bash
# e2e.sh - end-to-end tests of the viewer in a real terminal (tmux).
#
# Usage: e2e.sh CASE   (FORKSCOPE names the binary; meson sets it)
#
# Like tmux's regress/: each case starts the viewer in a private tmux server,
# feeds it a recording with --replay (so the screen is deterministic: the
# viewer's clock is the newest event's time), drives it with send-keys, waits
# until the screen stops changing, and compares the screen as text (see
# screen below) with expected/CASE-N.txt.  FORKSCOPE_E2E_REGEN=1 rewrites the expected files.
# Exit 0 = pass, 1 = fail, 77 = skipped (no tmux; live case: not root or no
# connector).  On failure the diff and the actual screen are printed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
expected=$here/expected
demo_dir=$top/data
data_dir=$here/../data
case_name=${1:?usage: e2e.sh CASE}
: "${FORKSCOPE:?FORKSCOPE must name the forkscope binary}"
regen=${FORKSCOPE_E2E_REGEN:-0}

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }

sock=forkscope-e2e-$$-$case_name
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkscope-e2e.XXXXXX")
failed=0
W=120
H=40

# The private server's settings, read as it starts: no status line, and
# panes stay after their process exits so that crashes can be seen.  (Set
# by a first command instead, they start a server with no session, which
# may exit before the session comes: "server exited unexpectedly".)
printf 'set-option -g status off\nset-option -g remain-on-exit on\n' > "$tmp/tmux.conf"

# Runs tmux on the private server.
tm () {
  tmux -L "$sock" -f "$tmp/tmux.conf" "$@"
}

# Ends the server and moves on to a fresh one (a new socket: a client of
# the old name could still reach the server while it shuts down).
next_server () {
  tm kill-server >/dev/null 2>&1
  server_no=$((${server_no:-0} + 1))
  sock=forkscope-e2e-$$-$case_name-$server_no
}

cleanup () {
  [ -n "${feeder:-}" ] && kill "$feeder" 2>/dev/null
  tm kill-server >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

fail () {
  echo "FAIL: $*"
  failed=1
}

# The environment the viewer runs in: fixed terminal, locale and time zone,
# a settings directory of the case's own, no NO_COLOR from the caller.
viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC XDG_CONFIG_HOME=$tmp/config"

# viewer_cmd ARGS: a shell command line running the viewer with ARGS, its
# pid in $tmp/pid and its stderr (errors, sanitizer reports) in $tmp/stderr.
viewer_cmd () {
  printf "sh -c 'echo \$\$ > %s/pid; exec %s %s %s 2>>%s/stderr'" \
    "$tmp" "$viewer_env" "$FORKSCOPE" "$*" "$tmp"
}

# Whether process PID runs (an exited one that tmux has not reaped yet, a
# zombie, does not).
running () {
  case $(ps -o stat= -p "$1" 2>/dev/null) in
    ''|Z*) return 1 ;;
  esac
}

# After each case: the viewer must quit on q if still running, and must
# have written nothing on stderr.
finish () {
  local pid i=0
  pid=$(cat "$tmp/pid" 2>/dev/null) || return 0
  if running "$pid"; then
    tm send-keys -t 0 Escape q 2>/dev/null
    while running "$pid" && [ "$i" -lt 100 ]; do
      sleep 0.05
      i=$((i + 1))
    done
    if running "$pid"; then
      fail "the viewer did not quit on q: $(ps -o pid=,stat=,wchan:20=,args= -p "$pid")"
      screen
    fi
  fi
  if [ -s "$tmp/stderr" ]; then
    fail "the viewer wrote on stderr:"
    cat "$tmp/stderr"
  fi
}

# start_in DIR COMMAND: a new session of W x H running COMMAND in DIR.
start_in () {
  tm new-session -d -x "$W" -y "$H" -c "$1" "$2" \
    || { echo "FAIL: tmux could not start"; exit 1; }
}

# start_replay DIR FILE [ARGS]: the viewer replaying DIR/FILE (the file is
# named relatively so the header does not depend on where the tree is).
start_replay () {
  local dir=$1 file=$2
  shift 2
  start_in "$dir" "$(viewer_cmd --replay "$file" "$@")"
  # Keys sent before the viewer has set up the terminal would arrive in the
  # wrong cursor-key mode: wait for its first screen.
  wait_for 'forkscope' 10 || fail "the viewer did not start"
  settle
}

# A tmux format of the one pane.
pane_fmt () {
  tm display-message -p -t 0 "$1"
}

# The screen as text, as a user sees it.  capture-pane -p shows line-drawing
# characters (the VT100 alternate character set, which ncurses uses for
# borders) as the ASCII letters that select them, so capture with -e, map
# the shifted runs (SO ... SI, which may span colour changes and lines) to
# Unicode, then drop colours and trailing blanks.
screen () {
  tm capture-pane -p -e -t 0 | perl -CSD -Mutf8 -0777 -ne '
    my $acs = 0;
    for my $t (split /(\e\[[0-9;:]*m|\x0e|\x0f)/) {
      if ($t eq "\x0e") { $acs = 1 }
      elsif ($t eq "\x0f") { $acs = 0 }
      elsif ($t =~ /^\e\[/) { }
      elsif ($acs) { print $t =~ tr{jklmnqtuvwx`a~}{┘┐┌└┼─├┤┴┬│◆▒·}r }
      else { print $t }
    }' | sed 's/ *$//'
}

# Waits until the screen has stayed the same for 5 polls (0.25 s) in a row.
settle () {
  local prev='' cur n=0 tries=0
  while [ "$n" -lt 5 ]; do
    sleep 0.05
    cur=$(screen)
    if [ "$cur" = "$prev" ]; then
      n=$((n + 1))
    else
      n=0
      prev=$cur
    fi
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ]; then
      fail "the screen did not settle in 15 s"
      return 1
    fi
  done
}

# wait_for PATTERN [SECONDS]: waits until the screen matches the grep -E
# PATTERN (default 10 s); returns 1 on timeout.
wait_for () {
  local limit=$(( ${2:-10} * 20 )) i=0
  while ! screen | grep -Eq -- "$1"; do
    i=$((i + 1))
    [ "$i" -lt "$limit" ] || return 1
    sleep 0.05
  done
}

# keys KEY...: sends keys (tmux names: Enter, Escape, Tab, Up, F3, C-z...)
# and waits for the screen to settle.
keys () {
  tm send-keys -t 0 "$@"
  settle
}

# text STRING: types STRING literally.
text () {
  tm send-keys -t 0 -l "$1"
  settle
}

# Fails unless the viewer is still running.
alive () {
  if [ "$(pane_fmt '#{pane_dead}')" != 0 ]; then
    fail "the viewer died ($1): status $(pane_fmt '#{pane_dead_status}'), signal $(pane_fmt '#{pane_dead_signal}')"
    screen
    return 1
  fi
}

# check NAME: compares the screen with expected/NAME.txt (rewritten when
# regenerating).  check_same NAME: compares with a file another step or
# case owns (never rewritten here).
compare () {
  local name=$1 write=$2 file=$expected/$1.txt
  settle
  screen > "$tmp/$name.txt"
  if [ "$regen" = 1 ] && [ "$write" = 1 ]; then
    cp "$tmp/$name.txt" "$file"
    echo "regenerated $file"
    return 0
  fi
  if [ ! -f "$file" ]; then
    fail "$name: no expected screen $file (run with FORKSCOPE_E2E_REGEN=1)"
    cat "$tmp/$name.txt"
    return 1
  fi
  if ! diff -u "$file" "$tmp/$name.txt"; then
    fail "$name: the screen differs from $file (diff above: - expected, + actual)"
    return 1
  fi
  echo "ok: $name"
}
check () { compare "$1" 1; }
check_same () { compare "$1" 0; }

# Fails when PATTERN (grep -E) is not on the screen.
expect_text () {
  if ! screen | grep -Eq -- "$1"; then
    fail "expected /$1/ on the screen:"
    screen
  fi
}

# The state of the terminal after the viewer left: main screen, cursor
# shown, no mouse reporting, normal cursor keys, and DONE_PATTERN printed
# by the wrapper shell.
expect_restored () {
  local what=$1 done_pattern=$2
  if ! wait_for "$done_pattern" 10; then
    fail "$what: the viewer did not end (no /$done_pattern/)"
    screen
    return 1
  fi
  local st
  st=$(pane_fmt 'alt=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}#{mouse_sgr_flag} kcursor=#{keypad_cursor_flag} insert=#{insert_flag}')
  if [ "$st" != "alt=0 cursor=1 mouse=0000 kcursor=0 insert=0" ]; then
    fail "$what: terminal not restored: $st"
  else
    echo "ok: $what: terminal restored ($st)"
  fi
  expect_text '^before the viewer$'
}

# Fails when the screen with its attributes (capture-pane -e) holds control
# characters other than colour changes and line-drawing shifts: ESC, BEL or
# a C1 CSI.  (A raw escape from a name would mostly be obeyed by tmux, not
# stored: the expected screens, which show names escaped as \e[..., and the
# window title are the stronger checks.)
no_raw_controls () {
  if tm capture-pane -p -e -t 0 | sed 's/\x1b\[[0-9;:]*m//g' \
      | LC_ALL=C grep -q -e "$(printf '\033')" -e "$(printf '\007')" -e "$(printf '\302\233')"; then
    fail "raw control characters reached the terminal:"
    tm capture-pane -p -e -t 0 | sed 's/\x1b\[[0-9;:]*m//g' | cat -v
  else
    echo "ok: no raw escape, BEL or C1 CSI on the screen"
  fi
}

# --- cases -----------------------------------------------------------------

# The three panes at 120x40, focus moving with Tab, the help screen, threads
# shown with H (a Python thread renamed itself "flusher"), Ctrl-L.
case_panes () {
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
  keys Escape
  check_same panes-1
  keys H
  check panes-5-threads
  keys H C-l
  check_same panes-1
  no_raw_controls
  alive "panes"
}

# Filter by comm with \: the matches, their dimmed ancestors and descendants.
case_filter_comm () {
  start_replay "$demo_dir" demo.jsonl
  keys '\'
  text cc
  check filter-comm-1-typing
  keys Enter
  check filter-comm-2-cc
  keys '\'
  keys C-u
  text 'w*r'
  keys Enter
  check filter-comm-3-glob
  # Cleared, the selection stays where the filter put it (the first match).
  keys Escape
  check filter-comm-4-cleared
  alive "filter by comm"
}

# Filter by user with u: the picker, a typed uid.
case_filter_user () {
  start_replay "$demo_dir" demo.jsonl
  keys u
  check filter-user-1-picker
  text 65534
  keys Enter
  check filter-user-2-nobody
  keys Escape
  check filter-user-3-cleared
  alive "filter by user"
}

# Search with /: jumps to matches without hiding rows.
case_search () {
  start_replay "$demo_dir" demo.jsonl
  keys /
  text worker
  check search-1-typing
  keys Down
  keys Down
  check search-2-third
  keys Enter
  check search-3-kept
  keys Escape
  alive "search"
}

# Collapse and expand with - + * and Backspace to the parent.
case_collapse () {
  start_replay "$demo_dir" demo.jsonl
  keys Down
  keys -
  check collapse-1-httpd
  keys +
  check collapse-2-expanded
  keys Down
  keys BSpace
  check collapse-3-parent
  keys '*'
  check collapse-4-all
  keys '*'
  check collapse-5-none
  alive "collapse"
}

# Freeze, then inspect an exited process: from the tree (a tombstone) and
# from the event log.
case_freeze () {
  start_replay "$demo_dir" demo.jsonl
  keys z
  check freeze-1-frozen
  keys /
  text hung
  keys Enter
  check freeze-2-tombstone
  keys Tab
  keys Up Up Up Up
  check freeze-3-log-event
  keys t
  check freeze-4-log-to-tree
  keys z
  check freeze-5-thawed
  alive "freeze"
}

# Freeze while events keep arriving (a replay from a FIFO): the screen stays,
# the header counts the new events, unfreezing catches up at once.
case_freeze_live () {
  local rec=$demo_dir/demo.jsonl n
  mkfifo "$tmp/feed"
  n=$(wc -l < "$rec")
  start_in "$tmp" "$(viewer_cmd --replay feed)"
  exec 3> "$tmp/feed"
  head -n 40 "$rec" >&3
  settle
  check freeze-live-1-before
  keys z
  tail -n $((n - 40)) "$rec" >&3
  # The screen must not change, except the count of new events.
  sleep 0.5
  settle
  check freeze-live-2-frozen
  keys z
  check freeze-live-3-thawed
  exec 3>&-
  wait_for '\(ended\)' 10 || fail "the end of the replay was not shown"
  alive "freeze during a live feed"
}

# The time cursor on a recording: g on a log event goes there (a fold's
# line: its newest event; the process that exited then is a fresh
# tombstone, the one forked later is absent);
# [ steps back across its exec and its fork (it was fsdemo, then it was not
# there), ] forward again; { one second back, filtered and searched there;
# G to the freeze point; : to an event number, a rename that [ undoes (the
# old name returns); z plays on.
case_timetravel () {
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

# The cursor beyond the history ring (--history 10): steps before the
# ring's oldest event move the replay itself back there.
case_timetravel_ring () {
  start_replay "$demo_dir" demo.jsonl --history 10
  keys z
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do tm send-keys -t 0 [; done
  settle
  check timetravel-ring-1-back
  expect_text 'AT 06:20:47.530, event 62 of 74'
  keys :
  text '06:20:46.5'
  keys Enter
  check timetravel-ring-2-time
  expect_text 'AT 06:20:46.508, event 26 of 74'
  alive "time cursor beyond the ring"
  # What is said of the frozen view goes when it is unfrozen.
  keys :
  text '#999'
  keys Enter
  expect_text '^no later event in the recording'
  keys z
  expect_text '^F1Help'
}

# A replay that plays (from a FIFO at real-time pace): + and - change the
# pace, the header says it; space pauses (the view freezes where the replay
# is) and plays on; a time and an event number to go to; a bad one.
case_replay_nav () {
  local rec=$demo_dir/demo.jsonl
  mkfifo "$tmp/feed"
  start_in "$tmp" "$(viewer_cmd --replay feed --speed 1)"
  exec 3> "$tmp/feed"
  head -n 10 "$rec" >&3
  wait_for 'PLAY 1x' 10 || fail "the replay did not show its pace"
  keys +
  expect_text 'PLAY 2x'
  keys - -
  expect_text 'PLAY 0.5x'
  check replay-nav-1-slower
  keys Space
  check replay-nav-2-paused
  tail -n +11 "$rec" >&3
  sleep 0.5
  check_same replay-nav-2-paused
  keys Space
  wait_for '30609' 15 || fail "the replay did not play on"
  keys Space
  keys :
  text 'soon'
  keys Enter
  check replay-nav-3-bad-goto
  exec 3>&-
  alive "replay navigation"
}

# Seeking a recording by time and by event number before the history (of
# 10 events: the replay reads the recording again), then playing on.
case_replay_seek () {
  start_replay "$demo_dir" demo.jsonl --history 10
  keys :
  text '06:20:47.2'
  keys Enter
  check replay-seek-1-time
  expect_text 'AT 06:20:47.221, event 46 of 74'
  keys :
  text '#10'
  keys Enter
  check replay-seek-2-number
  expect_text 'AT 06:20:46.394, event 10 of 74'
  keys Space
  wait_for '\(ended\)' 10 || fail "the replay did not play on"
  check replay-seek-3-played
  alive "replay seek"
}

# The busy machine (tests/data/rec-busy.jsonl, from make-busy.py), wide:
# a burst of 240 cc1 under make folds into one row, which expands; the
# tree and the log are filtered by one expression (negation, failed, a bad
# term with its column); failures only with f.
case_busy () {
  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  check busy-1-fold
  keys Down Down Down Down
  keys Right
  check busy-2-unfolded
  keys Left
  keys '\'
  text '!cc1 !as'
  keys Enter
  check busy-3-filter-negated
  keys '\' C-u
  text 'failed'
  check busy-4-filter-failed
  text ' frob:x'
  check busy-5-filter-error
  # Esc cancels the prompt: the filter is back as it was before it.
  keys Escape
  expect_text 'filter: !cc1 !as  '
  keys Escape
  keys f
  check busy-6-failures-key
  keys f x
  check busy-7-hide-ok
}

# The busy machine at 80x24: the function bar fits; Enter shows the
# details over the body, Esc closes them; in the log, Enter shows the
# event's process.
case_busy_small () {
  W=80
  H=24
  start_replay "$data_dir" rec-busy.jsonl
  check busy-small-1
  keys '/'
  text 'check'
  keys Enter
  keys Enter
  check busy-small-2-details
  keys Down Down
  check busy-small-3-details-scrolled
  keys Escape
  check busy-small-4-closed
  keys Tab Up Enter
  check busy-small-5-log-details
  keys Escape
}

# The details as the terminal changes: Enter at 80x24 shows them over the
# body; grown to 160x45 they become the focused pane; Esc there goes back
# to the tree (Down then moves the selection, and the details follow it,
# where before it scrolled the details); Enter in the pane does the same.
case_details_focus () {
  W=80
  H=24
  start_replay "$demo_dir" demo.jsonl
  keys Enter
  expect_text '^┌─ Details: 30493 fsdemo'
  tm resize-window -t 0 -x 160 -y 45
  settle
  expect_text 'COMMAND +Details: 30493 fsdemo'
  screen | grep -q '┌─ Details' && fail "the box stayed over the panes"
  keys Escape Down
  expect_text 'COMMAND +Details: 30549 httpd'
  keys Enter Enter Down
  expect_text 'COMMAND +Details: 30555 worker'
}

# Search: what is shown, at once, across arguments; "no match" while
# typing; next and previous; in the log when it has the focus.
case_busy_search () {
  W=160
  H=45
  start_replay "$data_dir" rec-busy.jsonl
  keys '/'
  text 'sleep 1001'
  check busy-search-1-no-match
  keys Escape c
  keys '/'
  text 'sleep 1001'
  check busy-search-2-across-args
  keys Enter
  keys Tab
  keys '/'
  text 'exit 3'
  check busy-search-3-log
  keys Enter
  keys N
  check busy-search-4-log-previous
  # Typed in the log while it follows the newest, a search looks backwards
  # all along: 'e' and 'ex' match the newest event (an exit), 'exe' not;
  # the newest exec (1242's) is found, not the oldest (make's, 400).
  keys Escape End
  keys '/'
  text 'exec'
  expect_text 'Details: 1242 as'
}

# The selection never jumps to a stranger: a tombstone selected in the
# tree, then the replay's clock moves past its window (a later event comes
# through the feed): the selection stays on it, kept while selected (before
# issue 19 it went to its parent), not on whatever row takes its place.
case_busy_expire () {
  local rec=$data_dir/rec-busy.jsonl
  W=160
  H=45
  mkfifo "$tmp/feed"
  start_in "$tmp" "$(viewer_cmd --replay feed)"
  exec 3> "$tmp/feed"
  cat "$rec" >&3
  wait_for 'cc1' 10 || fail "the recording did not show"
  settle
  keys '/'
  text 'check'
  keys Enter
  check busy-expire-1-selected
  # A rename of the daemon's thread, 6 s later: check's tombstone expires.
  printf '%s\n' '{"time":"2026-01-01T10:00:08.000000Z","mono_ns":2008000000000,"wall_ns":1767261608000000000,"event":"comm","cpu":0,"pid":301,"tgid":300,"comm":"pool-late"}' >&3
  settle
  check busy-expire-2-kept
  exec 3>&-
  alive "tombstone expiry"
}

# --- issue 19: what a user is reading stays put -----------------------------
# On tests/data/rec-flood.jsonl (make-flood.py): a job failing every 80 ms
# (sh, child of jobrunner 1234), backup-job failing once at 12:00:01.500
# (child of cron 300), date every 500 ms, six kernel threads.

# A failed job selected, its details open, then the replay's clock goes on
# past its time in the tree and past --keep (a rename 80 s later): it stays
# selected and shown, said to be kept while selected, in the tree and the
# details; moved away, it goes.  At 160x45 (the details pane) and 80x24
# (the details over the panes).
case_stay_kept () {
  local rec=$data_dir/rec-flood.jsonl size
  for size in 160x45 80x24; do
    W=${size%x*} H=${size#*x}
    rm -f "$tmp/feed"
    mkfifo "$tmp/feed"
    start_in "$tmp" "$(viewer_cmd --replay feed)"
    exec 3> "$tmp/feed"
    head -n 40 "$rec" >&3
    wait_for 'backup-job' 10 || fail "$size: the recording did not show"
    settle
    keys /
    text backup
    keys Enter Enter
    check "stay-kept-$size-1-selected"
    tail -n +41 "$rec" >&3
    printf '%s\n' '{"time":"2026-01-01T12:01:20.000000Z","mono_ns":5080000000000,"wall_ns":1767268880000000000,"event":"comm","cpu":0,"pid":210,"tgid":210,"comm":"sleepy"}' >&3
    wait_for 'event 374 ' 10 || fail "$size: the late event did not come"
    # The next tick forgets what --keep no longer holds, but the selection.
    wait_for ' 1 exited' 5 || fail "$size: the tombstones past --keep stayed"
    check "stay-kept-$size-2-later"
    expect_text 'kept while selected'
    exec 3>&-
    alive "kept while selected, $size" || return
    # Moved away (the details closed first), it goes with the next tick.
    keys Escape Up
    local i=0
    while screen | grep -Eq '^ +2000 ' && [ "$i" -lt 100 ]; do
      sleep 0.05
      i=$((i + 1))
    done
    if screen | grep -Eq '^ +2000 '; then
      fail "$size: backup-job stayed once the selection moved"
      screen
    else
      echo "ok: $size: backup-job went once the selection moved"
    fi
    stop_viewer
  done
}

# The flood in the log: failures only (f), a hundred exits are one line
# with their count, statuses, span and parent; the log stays where it was
# left; Right shows them under the line, Enter the fold's details; c gives
# the command lines of exits.  At 160x45 and 80x24.
case_log_fold () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl
  check log-fold-160x45-1-all
  keys f
  check log-fold-160x45-2-failed
  expect_text 'exit +\+sh ×100 +\[exit 3 ×100, lived 3.0ms\] 12:00:01–12:00:08, child of 1234'
  keys Tab Home Right
  check log-fold-160x45-3-unfolded
  keys Left Enter
  check log-fold-160x45-4-details
  keys Escape c
  check log-fold-160x45-5-cmdline
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  keys f
  check log-fold-80x24-1-failed
  stop_viewer
}

# Columns in a replay: CPU%, MEM and UNIT have nothing to say there and
# give their room to the command (the title says so once); a tombstone's
# [exit ...] is never what is cut.  At 160x45 (the details pane beside)
# and 80x24.
case_columns_replay () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl --columns=cpu,mem,start,unit -T 60
  check columns-replay-160x45
  expect_text 'PID USER +AGE S +START COMMAND .*\(CPU% MEM UNIT live only\)'
  expect_text 'backup-job \[exit 2\]'
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl --columns=cpu,mem,start,unit -T 60
  check columns-replay-80x24
  expect_text 'sh ×100 \[exit 3 ×100'
  stop_viewer
}

# Counts that say what they count: the header counts what the tree shows,
# kernel threads apart while hidden (K shows them, and counts them); the
# children forked of a process older than the recording are those forked
# since it started.  At 160x45 and 80x24.
case_counts () {
  W=160 H=45
  start_replay "$data_dir" rec-flood.jsonl
  expect_text '^forkscope \(ended\)  6 procs \(\+6 kthreads hidden\) '
  keys /
  text jobrunner
  keys Enter Enter
  check counts-160x45
  expect_text '100 forked since the'
  keys Escape Escape K
  expect_text '^forkscope \(ended\)  12 procs 120 exited'
  stop_viewer
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  keys /
  text jobrunner
  keys Enter Enter
  check counts-80x24
  stop_viewer
}

# Esc leaves one level at a time (details, search, filter, follow), the
# filter prompt's Up brings back the filter Esc cleared; at 80 columns a
# long filter comes after the counts, cut at the end; F2 and F6 are on the
# bar; a filter selects the first match (never init above it); t says
# what it follows; a time typed at ':' goes to the first event of its
# second.
case_stay_keys () {
  W=80 H=24
  start_replay "$data_dir" rec-flood.jsonl
  expect_text '^F1Help F3Search F4Filter uUser fFail zFreeze tFollow cCmd F2 F6 F9Kill F10Quit'
  keys '\'
  text 'jobrunner cmd:/usr/bin/jobrunner cmd:--retry !user:nobody'
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
  expect_text '^Filter: .*!user:nobody_'
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

# The settings file's warnings stay on the bottom line until a key is
# pressed, past any time a message stays.
case_settings_warning () {
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

# click X Y [BUTTON]: a mouse press and release at column X, row Y (1-based),
# in the SGR encoding the viewer asks for (button 64/65: wheel up/down).
click () {
  local b=${3:-0}
  tm send-keys -t 0 -l "$(printf '\033[<%d;%d;%dM' "$b" "$1" "$2")"
  [ "$b" -ge 64 ] || tm send-keys -t 0 -l "$(printf '\033[<%d;%d;%dm' "$b" "$1" "$2")"
  settle
}

# The mouse: a click selects a row or an event and focuses its pane, the
# wheel scrolls, a click on the function bar presses its key.
case_mouse () {
  start_replay "$demo_dir" demo.jsonl
  click 10 24
  check mouse-1-tree-click
  click 20 32
  check mouse-2-log-click
  click 10 10 65
  check mouse-3-wheel
  click 3 40
  check mouse-4-fnbar-help
  keys Escape
  alive "mouse"
}

# Hostile names: shown escaped; nothing from a name reaches the terminal raw.
case_hostile () {
  W=100 H=30
  start_replay "$here" hostile.jsonl
  check hostile-1
  keys c
  check hostile-2-cmdline
  # The last process's details: its name is a blink escape.
  keys NPage
  check hostile-3-details
  no_raw_controls
  if [ "$(pane_fmt '#{pane_title}')" = pwned ]; then
    fail "a process name set the window title"
  fi
  alive "hostile names"
}

# Resize down to 20x6 and back: no crash, a sensible small screen, and the
# same screen as before once back.
case_resize () {
  start_replay "$demo_dir" demo.jsonl
  check_same panes-1
  tm resize-window -t 0 -x 20 -y 6
  alive "resize to 20x6" || return
  check resize-1-20x6
  tm resize-window -t 0 -x 80 -y 24
  check resize-2-80x24
  tm resize-window -t 0 -x 40 -y 10
  check resize-3-40x10
  tm resize-window -t 0 -x 120 -y 40
  check_same panes-1
  alive "resize back"
}

# A storm of resizes, down to 1x1: the viewer survives and recovers.
case_resize_storm () {
  start_replay "$demo_dir" demo.jsonl
  settle
  local sizes
  sizes=$(awk 'BEGIN { srand(7); for (i = 0; i < 120; i++)
                 printf "%d %d\n", 1 + int(rand() * 200), 1 + int(rand() * 60);
               print "1 1"; print "2 2"; print "300 100"; print "20 6" }')
  while read -r x y; do
    tm resize-window -t 0 -x "$x" -y "$y" 2>/dev/null
  done <<< "$sizes"
  alive "resize storm" || return
  tm resize-window -t 0 -x 120 -y 40
  check_same panes-1
  alive "after the resize storm"
}

# start_wrapped DIR [ARGS]: starts, in DIR, a shell that prints a marker,
# runs the viewer with ARGS (its pid in $tmp/pid), then prints the viewer's
# exit status.
start_wrapped () {
  local dir=$1
  shift
  cat > "$tmp/wrap.sh" <<EOF
printf 'before the viewer\\n'
$(viewer_cmd "$@")
echo "viewer status=\$?"
exec sleep 600
EOF
  start_in "$dir" "sh $tmp/wrap.sh"
  wait_for '^forkscope ' 10 || fail "the viewer did not start"
}

# A replay read from a pipe (history of 20): the cursor reaches every event
# held, a step or a jump before them says why it cannot and leaves the
# view as it was; Ctrl-C in a prompt cancels it, the viewer stays.
case_replay_pipe () {
  printf 'cat demo.jsonl | %s\n' "$(viewer_cmd --replay - --history 20)" > "$tmp/pipe.sh"
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
  check replay-pipe-2-refused
  expect_text 'AT 06:20:47.530, event 60 of 74'
  expect_text 'read from a pipe, this replay cannot go back'
  keys '\\'
  text sleep
  tm send-keys -t 0 C-c
  settle
  check replay-pipe-3-ctrl-c
  alive "Ctrl-C in a prompt"
}

# Times at the ends of the 64-bit range (tests/data/rec-extreme.jsonl): the
# tree, the details, the rate and the time cursor show them without
# overflowing (the sanitizer builds check), unknown where they make no sense.
case_extreme_times () {
  start_replay "$data_dir" rec-extreme.jsonl
  check extreme-1
  keys z Tab
  keys [ [ '{' '}' ] Enter
  check extreme-2-cursor
  keys Escape :
  text '#2'
  keys Enter
  keys :
  text '23:59:59.999999999'
  keys Enter
  check extreme-3-goto
  alive "extreme times"
}

# A broken recording: what it held up to the break stays on screen with
# the error in the header; quitting prints the error and exits 1.
case_replay_broken () {
  start_wrapped "$data_dir" --replay rec-broken.jsonl
  settle
  check replay-broken-1-stopped
  keys q
  expect_restored "quit after a broken recording" '^viewer status=1$'
  if grep -q '^forkscope: rec-broken.jsonl:4: column ' "$tmp/stderr"; then
    echo "ok: the error is printed on quitting"
    : > "$tmp/stderr"
  else
    fail "the error was not printed on quitting: $(cat "$tmp/stderr")"
  fi
}

# Quit with q and with F10: the terminal is back as it was.
case_quit () {
  local key
  for key in q F10; do
    start_wrapped "$demo_dir" --replay demo.jsonl
    settle
    keys "$key"
    expect_restored "quit with $key" '^viewer status=0$'
    next_server
  done
}

# SIGTERM, SIGINT and SIGHUP: the terminal is restored, the status is
# 128 + the signal.
case_signals () {
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

# The terminal goes away (its window is closed: tmux kill-session hangs
# the pty up): the viewer ends, quietly (finish checks that stderr is
# empty: once, GLib complained of removing its input source twice).
case_hangup () {
  local pid i=0
  start_in "$demo_dir" "$(viewer_cmd --replay demo.jsonl)"
  wait_for '^forkscope ' 10 || fail "the viewer did not start"
  pid=$(cat "$tmp/pid")
  tm kill-session -t 0
  while running "$pid" && [ "$i" -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  running "$pid" && fail "the viewer still runs after its terminal went away"
  echo "ok: the viewer ended with its terminal"
}

# Ctrl-Z suspends (terminal restored, shell prompt back), fg resumes with the
# same screen.
case_suspend () {
  start_in "$demo_dir" "env PS1='e2e\$ ' bash --norc --noprofile -i"
  wait_for 'e2e\$' 5 || { fail "no shell prompt"; return; }
  text "printf 'before the viewer\\n'; $(viewer_cmd --replay demo.jsonl)"
  keys Enter
  expect_text 'forkscope .*replay'
  keys C-z
  expect_restored "Ctrl-Z" 'Stopped'
  text fg
  keys Enter
  check_same panes-1
  keys q
  expect_restored "quit after fg" '^e2e\$$'
}

# The live kernel (root): a uniquely named tree appears, its child exits
# with code 7 and shows as a tombstone; a renamed child with an escape
# sequence and invalid UTF-8 in its name is shown escaped.
case_live () {
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
  # A refused connector (e.g. in a network namespace) makes forkscope poll
  # and say so on stderr.
  timeout 5 "$FORKSCOPE" --log --events=exit --duration=0.2 \
    >/dev/null 2>"$tmp/probe" </dev/null
  if [ -s "$tmp/probe" ]; then
    echo "SKIP: the connector is refused: $(cat "$tmp/probe")"
    exit 77
  fi
  local tag name
  tag=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  name=fse2e-$tag
  mkdir "$tmp/bin"
  cat > "$tmp/bin/$name" <<EOF
#!/bin/sh
# Waits for the viewer to be ready, forks a child that exits with 7 and one
# that renames itself to something hostile.
while [ ! -e "$tmp/go" ]; do sleep 0.05; done
(sleep 1; exit 7) &
/usr/bin/python3 -c 'import ctypes, time
ctypes.CDLL(None).prctl(15, b"\\x1b[31m$tag\\xff", 0, 0, 0)
time.sleep(4)' &
sleep 6
EOF
  chmod 755 "$tmp/bin/$name"
  W=150
  H=40
  # A live screen never settles (other processes run): wait for text, and
  # give keys a moment instead.
  start_wrapped "$tmp"
  wait_for '^forkscope .*netlink' 10 || fail "the viewer did not start on netlink"
  alive "live start" || return
  "$tmp/bin/$name" &
  local root=$!
  tm send-keys -t 0 '\'
  sleep 0.2
  tm send-keys -t 0 -l "$tag"
  tm send-keys -t 0 Enter
  wait_for "filter: $tag" 5 || fail "the filter was not applied"
  touch "$tmp/go"
  if wait_for "^ *$root .*$name" 5; then
    echo "ok: $name ($root) appeared in the tree"
  else
    fail "$name ($root) did not appear"
    screen
  fi
  if wait_for '\\e\[31m'"$tag"'\\xff' 5; then
    echo "ok: the hostile name is shown escaped"
  else
    fail "the hostile child is not shown as \\e[31m$tag\\xff"
    screen
  fi
  if wait_for "$name \[exit 7\]" 5; then
    echo "ok: the child's tombstone shows exit 7:"
    screen | grep -F -e "$name" -e "$tag"
  else
    fail "no tombstone with [exit 7]"
    screen
  fi
  if tm capture-pane -p -e -t 0 | sed 's/\x1b\[[0-9;:]*m//g' | grep -q "$(printf '\033')\|$(printf '\377')"; then
    fail "raw escape or invalid UTF-8 reached the terminal"
  fi
  kill "$root" 2>/dev/null
  wait "$root" 2>/dev/null
  tm send-keys -t 0 q
  expect_restored "quit" '^viewer status=0$'
}

# --- colours, locale, settings, columns ---------------------------------------

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

# Quits the viewer with q, checks its stderr (empty, or each line matching
# the grep -E PATTERN when given), and moves on to a fresh server.
stop_viewer () {
  local pid i=0
  pid=$(cat "$tmp/pid" 2>/dev/null)
  tm send-keys -t 0 Escape q 2>/dev/null
  while [ -n "$pid" ] && running "$pid" && [ "$i" -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  if [ -n "${1:-}" ] && [ -s "$tmp/stderr" ]; then
    if grep -Evq -- "$1" "$tmp/stderr"; then
      fail "stderr holds more than /$1/:"
      cat "$tmp/stderr"
    fi
    : > "$tmp/stderr"
  fi
  finish
  : > "$tmp/stderr"
  next_server
}

# Colours: NO_COLOR (any non-empty value) and --color=never turn them off,
# leaving reverse for the selection and bold; --color=always wins over
# NO_COLOR; the monochrome scheme has none, the light one its own; --log
# colours a terminal, not a pipe, unless asked.
case_colors () {
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

# LANG=C: nothing on the screen depends on the locale being UTF-8: tree
# lines, marks and sizes in ASCII (the live header said 32.0?MiB, a
# no-break space from g_format_size).
case_lang_c () {
  local env0=$viewer_env
  viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C TZ=UTC XDG_CONFIG_HOME=$tmp/config"
  start_replay "$demo_dir" demo.jsonl
  check lang-c-1
  # The raw screen (capture-pane -p: box corners as the letters that draw
  # them) is ASCII.
  if tm capture-pane -p -t 0 | LC_ALL=C grep -q '[^ -~]'; then
    fail "non-ASCII on the screen under LC_ALL=C:"
    tm capture-pane -p -t 0 | LC_ALL=C grep '[^ -~]' | cat -v
  else
    echo "ok: the screen is ASCII under LC_ALL=C"
  fi
  stop_viewer
  if [ "$(id -u)" != 0 ]; then
    echo "skipped: the live header (needs root)"
    viewer_env=$env0
    return
  fi
  W=170
  start_in "$tmp" "$(viewer_cmd)"
  if wait_for '^forkscope .*netlink' 10; then
    if screen | head -1 | grep -Eq ', [0-9.]+ [KMG]iB buffer\)'; then
      echo "ok: the live header's buffer size: $(screen | head -1 | grep -Eo '[0-9.]+ [KMG]iB buffer')"
    else
      fail "the live header has no ASCII buffer size: $(screen | head -1)"
    fi
    if tm capture-pane -p -t 0 | head -1 | LC_ALL=C grep -q '[^ -~]'; then
      fail "the live header is not ASCII: $(tm capture-pane -p -t 0 | head -1 | cat -v)"
    fi
  else
    echo "skipped: the live header (the viewer did not start on netlink: $(screen | head -1))"
  fi
  viewer_env=$env0
}

# The settings file: read at start (threads, columns), unknown keys kept
# and warned about once (stderr, and the bottom line), what is changed in
# the viewer written on quitting and read by the next one; command-line
# values not written; --no-save; a broken file named by its line, the
# defaults used and the file left alone.
case_settings () {
  local rc=$tmp/config/forkscope/forkscoperc
  mkdir -p "$tmp/config/forkscope"
  printf '# mine\n[viewer]\nthreads=true\ncolumns=start\nmystery=42\n' > "$rc"
  start_replay "$demo_dir" demo.jsonl --tombstones=0
  expect_text 'PID USER +AGE S +START COMMAND'
  expect_text '\+threads'
  expect_text "forkscoperc:5: unknown key 'mystery'"
  # The message covers the function bar: a click where F10 Quit would be
  # presses nothing.
  click 90 "$H"
  running "$(cat "$tmp/pid")" || fail "a click on the message quit the viewer"
  keys H
  # The message names the file, which is the case's own: wait for it to go.
  wait_for '^F1Help' 8 || fail "the message stayed"
  keys F2
  check settings-1-setup
  keys Down Down Down Space
  keys Escape
  expect_text 'PID USER +AGE S +START COMMAND .*\(UNIT live only\)'
  if grep -q "forkscoperc:5: unknown key 'mystery' in \[viewer\] (kept as it is)" "$tmp/stderr" \
     && [ "$(wc -l < "$tmp/stderr")" = 1 ]; then
    echo "ok: the unknown key is said once on stderr"
  else
    fail "stderr: $(cat "$tmp/stderr")"
  fi
  stop_viewer "unknown key 'mystery'"
  grep -q '^threads=false$' "$rc" || fail "threads=false not saved: $(cat "$rc")"
  grep -q '^columns=start;unit$' "$rc" || fail "columns not saved: $(cat "$rc")"
  grep -q '^mystery=42$' "$rc" || fail "the unknown key was not kept: $(cat "$rc")"
  grep -q '^# mine$' "$rc" || fail "the comment was not kept"
  grep -q 'tombstones' "$rc" && fail "--tombstones from the command line was saved"
  echo "ok: saved: $(grep -v '^#' "$rc" | tr '\n' ' ')"
  # The next run starts so; --columns overrides the file for this run only.
  cp "$rc" "$tmp/rc.before"
  start_replay "$demo_dir" demo.jsonl --columns=
  expect_text 'PID USER +AGE S COMMAND'
  ! screen | grep -q '+threads' || fail "threads=false was not read"
  stop_viewer "unknown key 'mystery'"
  cmp -s "$rc" "$tmp/rc.before" || fail "a run that changed nothing wrote the file"
  start_replay "$demo_dir" demo.jsonl --no-save
  expect_text 'START COMMAND .*\(UNIT live only\)'
  keys c
  stop_viewer "unknown key 'mystery'"
  cmp -s "$rc" "$tmp/rc.before" && echo "ok: --no-save" || fail "--no-save wrote the file"
  # A broken file: its line named, the defaults used, never written over.
  printf '[viewer]\nthreads=true\nthis is no key\n' > "$rc"
  cp "$rc" "$tmp/rc.before"
  start_replay "$demo_dir" demo.jsonl
  expect_text 'forkscoperc:3: neither a \[group\], a key=value nor a # comment; using'
  ! screen | grep -q '+threads' || fail "a broken file's threads=true was used"
  keys H
  tm send-keys -t 0 q
  wait_for 'x' 1
  sleep 0.5
  grep -q 'forkscoperc:3: neither' "$tmp/stderr" || fail "stderr: $(cat "$tmp/stderr")"
  grep -q 'settings not saved: .*forkscoperc was not read' "$tmp/stderr" \
    || fail "no word on the settings not saved: $(cat "$tmp/stderr")"
  stop_viewer 'forkscoperc:3: neither|settings not saved'
  cmp -s "$rc" "$tmp/rc.before" && echo "ok: the broken file is left alone" \
    || fail "the broken file was written over: $(cat "$rc")"
}

# Writes a process of the fake /proc under $proc: PID PPID COMM START
# (ticks since boot) CPU (ticks) RSS (pages) CGROUP, each file written
# whole and renamed into place (the viewer reads while this writes).
put_proc () {
  local d=$proc/$1
  mkdir -p "$d"
  printf '%s (%s) S %s %s %s 0 -1 4194560 0 0 0 0 %s 0 0 0 20 0 1 0 %s 4096 %s 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n' \
    "$1" "$3" "$2" "$1" "$1" "$5" "$4" "$6" > "$d/stat.new"
  mv "$d/stat.new" "$d/stat"
  printf '%s\n' "$3" > "$d/comm"
  printf '%s\0' "$3" > "$d/cmdline"
  printf 'Name:\t%s\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n' "$3" > "$d/status"
  printf '0::%s\n' "$7" > "$d/cgroup"
}

# The optional columns and the sort keys on a fake /proc (FORKSCOPE_PROC_ROOT,
# polled): CPU% from the CPU time each process gains, MEM, START, UNIT from
# the cgroup (a container's short id, the unit); sorted by each key, either
# way; the filter's unit: and cgroup:; nothing from /proc at the time
# cursor.  Three siblings under "server": zeta (pid 210, 10% of a CPU,
# 400 KiB, ssh.service), alpha (220, idle, 3.9 MiB, user@1000.service),
# mid (230, 60%, 19 MiB, a session scope).
case_columns () {
  local hz up id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  proc=$tmp/proc
  hz=$(getconf CLK_TCK)
  up=$(awk -v hz="$hz" '{ printf "%d", $1 * hz }' /proc/uptime)
  mkdir -p "$proc"
  ln -s 1 "$proc/self"
  put_proc 1 0 init $((up - 100 * hz)) 0 2000 /init.scope
  put_proc 100 1 server $((up - 50 * hz)) 0 3000 "/system.slice/docker-$id.scope"
  put_proc 210 100 zeta $((up - 40 * hz)) 0 100 /system.slice/ssh.service
  put_proc 220 100 alpha $((up - 30 * hz)) 0 1000 /user.slice/user-1000.slice/user@1000.service/init.scope
  put_proc 230 100 mid $((up - 20 * hz)) 0 5000 /user.slice/user-1000.slice/session-4.scope
  # CPU time grows while the viewer runs, with the clock: zeta uses a tenth
  # of a CPU, mid six tenths.
  (
    local t0 cs
    t0=$(date +%s%N)
    while :; do
      sleep 0.1
      cs=$(( ($(date +%s%N) - t0) / 10000000 ))   # hundredths of a second
      put_proc 210 100 zeta $((up - 40 * hz)) $((cs * hz / 1000)) 100 /system.slice/ssh.service
      put_proc 230 100 mid $((up - 20 * hz)) $((cs * hz * 6 / 1000)) 5000 \
        /user.slice/user-1000.slice/session-4.scope
    done
  ) &
  feeder=$!
  W=160
  viewer_env="$viewer_env LC_ALL=C FORKSCOPE_PROC_ROOT=$proc"
  start_in "$tmp" "$(viewer_cmd --poll --interval=200 --columns=cpu,mem,start,unit)"
  wait_for '^forkscope .* poll' 10 || fail "the viewer did not start polling the fake /proc"
  # Two ticks: a CPU figure needs two readings.
  sleep 2.5
  expect_text 'PID USER +AGE S +CPU% +MEM +START UNIT +COMMAND'
  expect_text '^ +100 root .* 0123456789ab +\|?.*server'
  expect_text '^ +210 root .* ([5-9]|1[0-5])\.[0-9] +400 KiB [0-9:]{8} ssh.service +.*zeta'
  expect_text '^ +220 root .* 0\.0 +3\.9 MiB [0-9:]{8} user@1000.service .*alpha'
  expect_text '^ +230 root .* ([4-7][0-9])\.[0-9] +19 MiB [0-9:]{8} session-4.scope .*mid'
  expect_text '^ +1 root .* init.scope +init'
  # order PIDS...: the three siblings' rows come in this order.
  order () {
    local got
    got=$(screen | grep -Eo '^ +(210|220|230) ' | tr -d ' ' | tr '\n' ' ')
    [ "$got" = "$* " ] && echo "ok: order $*" || { fail "order: got '$got', want '$* '"; screen; }
  }
  order 210 220 230
  keys F6
  check_sort_picker=$(screen | grep -c '(\*) seen')
  [ "$check_sort_picker" = 1 ] || fail "the sort picker does not mark seen"
  keys Down Down Down Down Enter   # cpu
  sleep 1.2
  expect_text 'by cpu'
  order 230 210 220
  keys I
  order 220 210 230
  keys '>'
  keys Down Enter                   # mem
  order 230 220 210
  keys '<'
  keys Up Up Enter                  # name
  order 220 230 210
  keys F6 Up Enter                  # pid
  order 210 220 230
  # unit: and cgroup: terms.
  keys '\'
  text 'unit:ssh'
  keys Enter
  expect_text '^ +210 .*zeta'
  screen | grep -Eq '^ +(220|230) ' && fail "unit:ssh shows alpha or mid"
  keys '\' C-u
  text 'cgroup:*docker*'
  keys Enter
  expect_text '^ +100 .*server'
  screen | grep -Eq '^ +(210|220|230) ' && fail "cgroup:*docker* shows a child"
  keys Escape
  # The time cursor (after the fourth snapshot of the first scan's five):
  # CPU%, MEM and UNIT are /proc's of now: blank there.
  keys :
  text 4
  keys Enter
  expect_text ' AT .*event 4 of 5'
  if screen | grep -Eq 'MiB|KiB|ssh\.service|0123456789ab|[0-9]\.[0-9] +[0-9]'; then
    fail "/proc's values shown at the time cursor:"
    screen
  else
    echo "ok: nothing from /proc at the time cursor"
  fi
  expect_text '^ +210 root .* [0-9:]{8} +.*zeta'
  keys z
  expect_text '^ +210 root .* 400 KiB'
  kill "$feeder"
  wait "$feeder" 2>/dev/null
  feeder=
  # Moved to another cgroup (as a service manager moves its child after
  # the fork): the unit is read again, within a second or two.
  put_proc 210 100 zeta $((up - 40 * hz)) 0 100 /system.slice/moved.service
  sleep 2.2
  expect_text '^ +210 root .* moved.service +.*zeta'
  # 80 wide: UNIT goes and the command keeps its room; the sort and the
  # note of what is hidden follow the titles without covering them.
  keys F6 Down Down Enter   # from pid to cpu
  tm resize-window -t 0 -x 80 -y 24
  sleep 0.5
  expect_text '^ +PID USER +AGE S +CPU% +MEM +START COMMAND +by cpu \(1 column hid'
  expect_text '^ +230 root .*[0-9:]{8} .*mid'
  # 100 wide, where the details pane takes its share: fewer columns, never
  # a command column too narrow for a name.
  tm resize-window -t 0 -x 100 -y 24
  sleep 0.5
  expect_text '^ +PID USER +AGE S +CPU% COMMAND +by cpu \(3 columns'
  expect_text '^ +230 root .* [0-9.]+ +`- mid'
  stop_viewer
  # A sort key of the command line starts in its usual direction, whatever
  # the file's sort-reverse (said of the file's key), and is not saved...
  local rc=$tmp/config/forkscope/forkscoperc
  mkdir -p "${rc%/*}"
  printf '[viewer]\nsort=name\nsort-reverse=true\n' > "$rc"
  cp "$rc" "$tmp/rc.before"
  start_in "$tmp" "$(viewer_cmd --poll --interval=200 --sort=pid)"
  wait_for '^forkscope .* poll' 10 || fail "the viewer did not start"
  wait_for '^ +230 ' 10 || fail "no rows of the fake /proc"
  expect_text 'by pid'
  screen | grep -q 'by pid, inverted' && fail "--sort=pid took the file's sort-reverse"
  order 210 220 230
  stop_viewer
  cmp -s "$rc" "$tmp/rc.before" || fail "--sort=pid unchanged was saved: $(cat "$rc")"
  # ...unless the viewer changes it: then it is saved as usual.
  start_in "$tmp" "$(viewer_cmd --poll --interval=200 --sort=pid)"
  wait_for '^forkscope .* poll' 10 || fail "the viewer did not start"
  wait_for '^ +230 ' 10 || fail "no rows of the fake /proc"
  keys I
  order 230 220 210
  stop_viewer
  grep -q '^sort=pid$' "$rc" && grep -q '^sort-reverse=true$' "$rc" \
    || fail "the inverted pid sort was not saved: $(cat "$rc")"
}

fn=case_${case_name//-/_}
if ! declare -F "$fn" >/dev/null; then
  echo "e2e.sh: unknown case '$case_name'" >&2
  exit 2
fi
"$fn"
finish
exit "$failed"
