#!/bin/bash
# live-history.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The live kernel (root), default options: a minute of a busy machine (a
# shell loop starting a program as fast as it can, on top of whatever else
# runs), then the time cursor goes back to the viewer's first second and
# finds it held; the log says the history reaches back to the start.
. "$(dirname "$0")/../lib.sh"

run_case () {
  # The connector may be refused (e.g. in a network namespace).
  need_live --log
  local before after first pid
  W=120
  H=40
  before=$(date -u +%s)
  start_live "$tmp" || return
  after=$(date -u +%s)
  pid=$(cat "$tmp/pid")
  # A minute of starts and ends, about as many as the machine can make.
  (
    end=$(( $(date +%s) + 60 ))
    while [ "$(date +%s)" -lt "$end" ]; do
      for _ in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done
    done
  ) &
  local loop=$!
  wait "$loop"
  alive "a minute of a busy machine" || return
  echo "ok: after a minute: $(screen | head -1)"
  # Nothing was let go: the log's title says since when.
  expect_text 'since [0-9:.]+ *$'
  screen | grep -q 'history from' && fail "the history let events go: $(screen | grep 'history from')"
  # The first event held is the first of the run, in the viewer's first
  # second (taken between the two clocks read around its start).
  tm send-keys -t 0 : ; sleep 0.3
  tm send-keys -t 0 -l '#1' ; sleep 0.3
  tm send-keys -t 0 Enter
  if wait_for '^forkscope +AT [0-9:.]+, event 1 of ' 10; then
    first=$(screen | sed -n 's/^forkscope *AT \([0-9:]*\)\.[0-9]*, event 1 of.*/\1/p')
    local t ok=0
    for t in $(seq "$before" "$after"); do
      [ "$(date -u -d "@$t" +%H:%M:%S)" = "$first" ] && ok=1
    done
    [ "$ok" = 1 ] && echo "ok: the cursor is at $first, the viewer's first second" \
      || fail "event 1 is at $first, not between $(date -u -d "@$before" +%T) and $(date -u -d "@$after" +%T)"
  else
    fail "the time cursor did not reach event 1"
    screen
  fi
  screen | grep -q 'not held' && fail "a jump to event 1 said: $(screen | grep 'not held')"
  # The same second by its clock: the cursor lands in it.
  tm send-keys -t 0 : ; sleep 0.3
  tm send-keys -t 0 -l "$first" ; sleep 0.3
  tm send-keys -t 0 Enter
  if wait_for "^forkscope +AT $first\\.[0-9]+, event " 10; then
    echo "ok: :$first goes there: $(screen | head -1)"
  else
    fail ":$first did not go to that second"
    screen
  fi
  tm send-keys -t 0 Escape q
  expect_restored "quit" '^viewer status=0$'
  running "$pid" && fail "the viewer did not quit"
}

run_case
end_case
