#!/bin/bash
# live.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root): a uniquely named tree appears, its child exits
# with code 7 and shows as a tombstone; a renamed child with an escape
# sequence and invalid UTF-8 in its name is shown escaped.
. "$(dirname "$0")/../lib.sh"

run_case () {
  # The connector may be refused (e.g. in a network namespace).
  need_live --log --events=exit --no-taskstats
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
  start_live "$tmp" || return
  "$tmp/bin/$name" &
  local root=$!
  filter_live "$tag"
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

run_case
end_case
