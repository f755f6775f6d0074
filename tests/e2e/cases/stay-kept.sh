#!/bin/bash
# stay-kept.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# A failed job selected, its details open, then the replay's clock goes on
# past its time in the tree and past --keep (a rename 80 s later): it stays
# selected and shown, said to be kept while selected, in the tree and the
# details; moved away, it goes.  At 160x45 (the details pane) and 80x24
# (the details over the panes).
. "$(dirname "$0")/../lib.sh"

run_case () {
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

run_case
end_case
