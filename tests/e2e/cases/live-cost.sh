#!/bin/bash
# live-cost.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# What a process cost, live (root, with the kernel's task statistics;
# issue 20): under a uniquely named parent, a child burns about 300 ms of
# CPU and touches 64 MiB (tests/integration/costwork); its details report
# its CPU within 20% and a peak of at least 64 MiB, and its parent's
# subtree totals count its CPU among the ended.  COSTWORK names the
# workload (meson sets it; default: the build tree's).
. "$(dirname "$0")/../lib.sh"

COSTWORK=${COSTWORK:-$top/build/tests/integration/costwork}

# The figure after LABEL's first "WORD N(ms|s)" in the details, in ms.
ms_of () {
  screen | sed -n "s/.*│$1 .*$2 \([0-9.]*\)\(ms\|s\)\b.*/\1 \2/p" | head -1 \
    | awk '{ print $2 == "s" ? $1 * 1000 : $1 }'
}

run_case () {
  # The connector or the task statistics may be refused.
  need_live --json --events=exit
  [ -x "$COSTWORK" ] || { echo "FAIL: no workload at $COSTWORK (set COSTWORK)"; exit 1; }
  local tag name
  tag=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  name=fscost-$tag
  mkdir "$tmp/bin"
  # The parent: waits for the viewer to be ready, runs the workload, stays.
  printf '%s\n' '#!/bin/sh' \
    "while [ ! -e '$tmp/go' ]; do sleep 0.05; done" \
    "'$COSTWORK' burn 300 64 > '$tmp/work.out'" \
    "touch '$tmp/done'" \
    'sleep 8' > "$tmp/bin/$name"
  chmod 755 "$tmp/bin/$name"
  W=160
  H=45
  # A live screen never settles: wait for text.
  start_live "$tmp" -T 60 || return
  "$tmp/bin/$name" &
  local root=$!
  # The parent's subtree only.
  filter_live "pid:$root"
  touch "$tmp/go"
  local i=0
  while [ ! -e "$tmp/done" ] && [ "$i" -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  [ -e "$tmp/done" ] || fail "the workload did not end"
  local pid
  pid=$(sed -n 's/{"pid": \([0-9]*\)}/\1/p' "$tmp/work.out")
  if ! wait_for "^ *$pid .*costwork \[exit 0\]" 5; then
    fail "no tombstone of costwork $pid"
    screen
  fi
  # Its details: the search selects it.
  tm send-keys -t 0 /
  tm send-keys -t 0 -l costwork
  tm send-keys -t 0 Enter
  if wait_for "Details: $pid costwork \(exited\)" 5 && wait_for '│memory +peak' 5; then
    local cpu peak
    cpu=$(screen | sed -n 's/.*│cpu \+\([0-9.]*\)\(ms\|s\) .*/\1 \2/p' | head -1 \
          | awk '{ print $2 == "s" ? $1 * 1000 : $1 }')
    peak=$(screen | sed -n 's/.*│memory \+peak \([0-9.]*\) \(MiB\|GiB\).*/\1 \2/p' \
           | awk '{ print $2 == "GiB" ? $1 * 1024 : $1 }')
    if awk -v c="$cpu" 'BEGIN { exit !(c >= 240 && c <= 360) }'; then
      echo "ok: the details say cpu $cpu ms (300 ms within 20%)"
    else
      fail "the details say cpu '$cpu' ms, not 300 ms within 20%"
      screen
    fi
    if awk -v p="$peak" 'BEGIN { exit !(p >= 64) }'; then
      echo "ok: the details say a peak of $peak MiB (at least 64)"
    else
      fail "the details say a peak of '$peak' MiB, not at least 64"
      screen
    fi
  else
    fail "no details with a cost for costwork $pid"
    screen
  fi
  # Its parent's subtree: the child's CPU among the ended.
  tm send-keys -t 0 /
  tm send-keys -t 0 -l "$name"
  tm send-keys -t 0 Enter
  if wait_for "Details: $root $name" 5 && wait_for '│tcpu .*ended' 5; then
    local ended
    ended=$(ms_of tcpu ended)
    if awk -v e="$ended" 'BEGIN { exit !(e >= 240) }'; then
      echo "ok: the parent's subtree counts $ended ms ended"
      screen | grep -E '│(subtree|alive|tcpu)'
    else
      fail "the parent's tcpu says '$ended' ms ended, not at least 240"
      screen
    fi
  else
    fail "no subtree totals in the parent's details"
    screen
  fi
  kill "$root" 2>/dev/null
  wait "$root" 2>/dev/null
  tm send-keys -t 0 Escape q
  expect_restored "quit" '^viewer status=0$'
}

run_case
end_case
