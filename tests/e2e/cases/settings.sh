#!/bin/bash
# settings.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The settings file: read at start (threads, columns), unknown keys kept
# and warned about once (stderr, and the bottom line), what is changed in
# the viewer written on quitting and read by the next one; command-line
# values not written; --no-save; a broken file named by its line, the
# defaults used and the file left alone.
. "$(dirname "$0")/../lib.sh"

run_case () {
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
  keys Down Down Down Down Space
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

run_case
end_case
