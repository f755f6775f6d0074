#!/bin/bash
# columns.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# The optional columns and the sort keys on a fake /proc (FORKSCOPE_PROC_ROOT,
# polled): CPU% from the CPU time each process gains, MEM, START, UNIT from
# the cgroup (a container's short id, the unit); sorted by each key, either
# way; the filter's unit: and cgroup:; nothing from /proc at the time
# cursor.  Three siblings under "server": zeta (pid 210, 10% of a CPU,
# 400 KiB, ssh.service), alpha (220, idle, 3.9 MiB, user@1000.service),
# mid (230, 60%, 19 MiB, a session scope).
. "$(dirname "$0")/../lib.sh"

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

run_case () {
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
  # A poller has no task statistics: the header says so before why it polls.
  expect_text ' poll, no task statistics \(polling .*proc every 200 ms'
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
  # Home and End go to the picker's first and last keys.
  keys F6 End Enter                 # container
  expect_text 'by container'
  keys F6 Home Down Down Enter      # seen, start, pid
  expect_text 'by pid'
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
  # Following goes before the columns' note, which the narrow title cuts.
  keys t
  expect_text '^ +PID USER +AGE S +CPU% +MEM +START COMMAND +by cpu follow [0-9]+ [a-z]'
  keys t
  # 100 wide, where the details pane takes its share: fewer columns, never
  # a command column too narrow for a name.
  tm resize-window -t 0 -x 100 -y 24
  sleep 0.5
  expect_text '^ +PID USER +AGE S +CPU% COMMAND +by cpu \(3 columns'
  expect_text '^ +230 root .* [0-9.]+ +`- mid'
  # A thread's row (H) gives the state /proc gives the thread.
  mkdir -p "$proc/230/task/231"
  sed 's/^230 (mid) S 100 /231 (mid-worker) R 100 /' "$proc/230/stat" > "$proc/230/task/231/stat"
  keys H
  wait_for '^ +231 root +[0-9.]+s R .*mid-worker' 5 \
    || { fail "the thread's row with its state"; screen; }
  keys H
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

run_case
end_case
