#!/bin/bash
# lib.sh - what the end-to-end cases of the viewer share; each case is a
# script of its own in cases/, which sources this file.
#
# Run one alone from the source tree (FORKSCOPE defaults to
# build/src/forkscope there):
#   FORKSCOPE=build/src/forkscope tests/e2e/cases/busy.sh
# or through meson: meson test -C build e2e-busy (suite e2e: all of them).
#
# Like tmux's regress/: each case starts the viewer in a private tmux server,
# feeds it a recording with --replay (so the screen is deterministic: the
# viewer's clock is the newest event's time), drives it with send-keys, waits
# until the screen stops changing, and compares the screen as text (see
# screen below) with expected/CASE-N.txt.  FORKSCOPE_E2E_REGEN=1 rewrites
# the expected files.  A case ends with end_case: exit 0 = pass, 1 = fail;
# 77 = skipped (no tmux; live case: not root or no connector).  On failure
# the diff and the actual screen are printed.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
expected=$here/expected
demo_dir=$top/data
data_dir=$here/../data
case_name=$(basename "$0" .sh)
FORKSCOPE=${FORKSCOPE:-$top/build/src/forkscope}
# The viewer runs in other directories: the binary by an absolute name.
case $FORKSCOPE in
  /*) ;;
  *) FORKSCOPE=$PWD/$FORKSCOPE ;;
esac
[ -x "$FORKSCOPE" ] || { echo "FAIL: no forkscope binary at $FORKSCOPE (set FORKSCOPE)"; exit 1; }
regen=${FORKSCOPE_E2E_REGEN:-0}
# What this script reads of the screen is UTF-8, its times UTC (as meson
# runs it).
export LC_ALL=C.UTF-8 TZ=UTC

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

# mouse_report BUTTON X Y M|m: the SGR report of a press (M) or a release
# (m) of BUTTON at column X, row Y (1-based), the encoding the viewer asks
# for (button 1: middle, 2: right, 64/65: wheel up/down).
mouse_report () {
  printf '\033[<%d;%d;%d%s' "$1" "$2" "$3" "$4"
}

# click X Y [BUTTON]: a press and its release (none for the wheel) in one
# write, which ncurses reads as one click.
click () {
  local b=${3:-0} seq
  seq=$(mouse_report "$b" "$1" "$2" M)
  [ "$b" -ge 64 ] || seq+=$(mouse_report "$b" "$1" "$2" m)
  tm send-keys -t 0 -l "$seq"
  settle
}

# click_apart X Y [BUTTON]: the press, then 0.2 s later its release in a
# second write, as a terminal sends a human's click.
click_apart () {
  local b=${3:-0}
  tm send-keys -t 0 -l "$(mouse_report "$b" "$1" "$2" M)"
  sleep 0.2
  tm send-keys -t 0 -l "$(mouse_report "$b" "$1" "$2" m)"
  settle
}

# run_wrapped DIR [ARGS]: starts, in DIR, a shell that prints a marker,
# runs the viewer with ARGS (its pid in $tmp/pid), then prints the viewer's
# exit status.
run_wrapped () {
  local dir=$1
  shift
  cat > "$tmp/wrap.sh" <<EOF
printf 'before the viewer\\n'
$(viewer_cmd "$@")
echo "viewer status=\$?"
exec sleep 600
EOF
  start_in "$dir" "sh $tmp/wrap.sh"
}

# start_wrapped DIR [ARGS]: run_wrapped, then waits for the viewer's screen.
start_wrapped () {
  run_wrapped "$@"
  wait_for '^forkscope ' 10 || fail "the viewer did not start"
}

# need_live ARGS: skips the case (77) unless it runs as root with the
# kernel connector, as `forkscope ARGS --duration=0.2` finds (a refused
# connector makes forkscope poll and say so on stderr; so do refused task
# statistics unless ARGS say --no-taskstats).
need_live () {
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
  timeout 5 "$FORKSCOPE" "$@" --duration=0.2 >/dev/null 2>"$tmp/probe" </dev/null
  if [ -s "$tmp/probe" ]; then
    echo "SKIP: refused: $(cat "$tmp/probe")"
    exit 77
  fi
}

# start_live DIR [ARGS]: the viewer live on the connector (start_wrapped);
# fails when it does not start so.
start_live () {
  start_wrapped "$@"
  wait_for '^forkscope .*netlink' 10 || fail "the viewer did not start on netlink"
  alive "live start"
}

# filter_live EXPR: types the filter EXPR (\) into a live viewer, whose
# screen never settles, and waits for it to be applied.
filter_live () {
  tm send-keys -t 0 '\'
  sleep 0.2
  tm send-keys -t 0 -l "$1"
  tm send-keys -t 0 Enter
  wait_for "filter: $1" 5 || fail "the filter was not applied"
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

# Ends the case: the viewer's last checks (finish), and the exit status.
end_case () {
  finish
  exit "$failed"
}
