#!/bin/bash
# Command-line tests: run as "cli.sh CASE"; FORKSCOPE is the binary,
# TEST_DATA the fixtures, SRCDIR the source tree, BUILDDIR the build tree
# (its man/forkscope.1 is the page as configured).  Exit 0 pass, 1 fail.
set -u
fs=${FORKSCOPE:?}
data=${TEST_DATA:?}
src=${SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status WANT CMD...: runs CMD, stdout/stderr to $tmp/out, $tmp/err
expect_status() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local got=$?
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "'$*' exited $got, want $want"; }
}

grep_err() { grep -q -- "$1" "$tmp/err" || { cat "$tmp/err" >&2; fail "stderr lacks '$1'"; }; }
grep_out() { grep -q -- "$1" "$tmp/out" || { cat "$tmp/out" >&2; fail "stdout lacks '$1'"; }; }

case $1 in
help)
  expect_status 0 "$fs" --help
  for opt in --log --json --replay --speed --poll --interval --comm --user --pid \
             --events --ppid --failed --count --duration --threads --history-memory \
             --history-file --keep --version \
             --perfetto --run-as; do
    grep_out "$opt"
  done
  # and where the viewer's settings are
  grep_out '^Viewer settings: \$XDG_CONFIG_HOME/forkscope/forkscoperc (~/.config by default;$'
  ;;
version)
  expect_status 0 "$fs" --version
  grep -qE '^forkscope [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "bad version line: $(cat "$tmp/out")"
  ;;
usage-errors)
  expect_status 2 "$fs" --bogus;                     grep_err "Unknown option"
  expect_status 2 "$fs" --events fork,frok;          grep_err "frok"
  expect_status 2 "$fs" --user no-such-user-xyz;     grep_err "no such user"
  expect_status 2 "$fs" --ppid 12,abc;               grep_err "abc"
  expect_status 2 "$fs" --log --json;                grep_err "exclusive"
  # every numeric option: its range, named; NaN and infinities refused
  rec=$data/rec-small.jsonl
  expect_status 2 "$fs" --count -1 --log;   grep_err "^forkscope: --count takes a number of events from 0 to 9223372036854775807, not '-1'"
  expect_status 2 "$fs" --replay "$rec" --log --duration 1e30
  grep_err "^forkscope: --duration takes seconds from 0 to 2592000 (30 days), not '1e30'"
  expect_status 2 "$fs" --replay "$rec" --log -d inf;          grep_err "duration takes"
  expect_status 2 "$fs" --replay "$rec" --log --keep 1e30;     grep_err "keep takes seconds from 0 to 86400"
  expect_status 2 "$fs" --replay "$rec" --log --history-memory 17G
  grep_err "^forkscope: --history-memory takes a size from 256K to 16G (bytes, or with K, M, G or T), not '17G'"
  expect_status 2 "$fs" --replay "$rec" --log --history-file 512K
  grep_err "history-file takes 0 (none) or a size from 1M to 1T"
  # the option of older versions: what replaced it
  expect_status 2 "$fs" --replay "$rec" --log --history 10000
  grep_err "^forkscope: --history is gone: the history keeps every event now, within the sizes of --history-memory and --history-file"
  expect_status 2 "$fs" --replay "$rec" --log --speed nan;     grep_err "speed takes a pace from 0 to 1000000, not 'nan'"
  expect_status 2 "$fs" --replay "$rec" --log --speed -1;      grep_err "speed takes"
  expect_status 2 "$fs" --replay "$rec" --log --tombstones -inf; grep_err "tombstones takes seconds from 0 to 86400"
  expect_status 2 "$fs" --replay "$rec" --log --interval 5;    grep_err "interval takes milliseconds from 10 to 3600000"
  expect_status 2 "$fs" --replay "$rec" --log --interval 99999999999; grep_err "interval takes"
  expect_status 2 "$fs" --replay "$rec" --log --pid 0;         grep_err "pid takes a pid from 1 to 2147483647"
  expect_status 2 "$fs" --replay "$rec" --log -n 1x;           grep_err "count takes"
  # the bounds themselves are accepted (the viewer's options, as values:
  # then refused, in --log, for being the viewer's)
  expect_status 0 "$fs" --replay "$rec" --log --keep 86400 --speed 0 --duration 2592000 \
    --count 9223372036854775807
  expect_status 2 "$fs" --replay "$rec" --log --history-memory 16G --history-file 1T --tombstones 0
  grep_err "^forkscope: --history-memory is the viewer's, which --log does without$"
  expect_status 2 "$fs" --pid x;                     grep_err "pid"
  expect_status 2 "$fs" --output "$tmp/o.jsonl";     grep_err "output needs --log or --json"
  expect_status 2 "$fs" --replay "$rec" --json --output "$tmp/no/such/dir.jsonl"
  grep_err "^forkscope: --output: $tmp/no/such/dir.jsonl: No such file or directory$"
  expect_status 2 "$fs" extra-arg;                   grep_err "unexpected argument"
  # an empty name is no name: a usage error naming the option and its names
  # (an empty --columns is valid: no columns)
  expect_status 2 "$fs" --sort= --replay "$rec" --log
  grep_err "^forkscope: --sort takes one of: seen, start, pid, name, cpu, mem, tcpu, container, not ''$"
  expect_status 2 "$fs" --scheme= --replay "$rec" --log
  grep_err "^forkscope: --scheme takes one of: default, monochrome, light, not ''$"
  expect_status 2 "$fs" --color= --replay "$rec" --log
  grep_err "^forkscope: --color takes one of: auto, always, never, not ''$"
  expect_status 2 "$fs" --columns=cpu, --replay "$rec" --log
  grep_err "^forkscope: --columns takes names separated by commas, each one of: .*, not ''$"
  expect_status 2 "$fs" --columns= --replay "$rec" --log
  grep_err "^forkscope: --columns is the viewer's, which --log does without$"
  expect_status 2 "$fs" --replay "$tmp/missing.jsonl" --log
  grep_err "missing.jsonl"
  ;;
same-file)
  # what is read and what is written are different files, compared by
  # device and inode: a usage error naming both options, and the
  # recording untouched (it was emptied, or grew without end)
  rec=$tmp/l.jsonl
  cp "$data/rec-build.jsonl" "$rec"
  size=$(stat -c %s "$rec")
  expect_status 2 "$fs" -r "$rec" --perfetto "$rec"
  grep_err "^forkscope: --replay and --perfetto are the same file ($rec): give another$"
  expect_status 2 "$fs" -r "$rec" --json -o "$rec"; grep_err "^forkscope: --replay and --output are"
  expect_status 2 "$fs" -r "$rec" --log -o "$rec";  grep_err "^forkscope: --replay and --output are"
  ln "$rec" "$tmp/hard.jsonl"; ln -s "$rec" "$tmp/sym.jsonl"
  expect_status 2 "$fs" -r "$tmp/hard.jsonl" --log -o "$tmp/sym.jsonl"
  expect_status 2 "$fs" -r "$tmp/../$(basename "$tmp")/l.jsonl" --json -o "$rec"
  expect_status 2 "$fs" -r "$rec" --log --perfetto "$tmp/sym.jsonl"
  # standard input and output are files too
  "$fs" -r - --json <"$rec" >>"$rec" 2>"$tmp/err"
  [ $? = 2 ] || fail "stdin and stdout the same file: not refused"
  grep_err "^forkscope: --replay - (standard input) and --json (standard output) are the same file: "
  "$fs" -r "$rec" --perfetto - >>"$rec" 2>"$tmp/err"
  [ $? = 2 ] || fail "--perfetto - into the recording: not refused"
  grep_err "^forkscope: --replay and --perfetto - (standard output) are the same file ($rec)"
  [ "$(stat -c %s "$rec")" = "$size" ] || fail "the recording changed"
  # two outputs in one file
  : >"$tmp/same.x"
  expect_status 2 "$fs" --json -o "$tmp/same.x" --perfetto "$tmp/same.x" -n 2
  grep_err "^forkscope: --output and --perfetto are the same file ($tmp/same.x)"
  [ -s "$tmp/same.x" ] && fail "written to although refused"
  # nor one not made yet (by its folder and name), nor a pipe by two names
  expect_status 2 "$fs" -r "$rec" --json -o "$tmp/none.x" --perfetto "$tmp/../$(basename "$tmp")/none.x"
  grep_err "^forkscope: --output and --perfetto are the same file ($tmp/none.x)"
  [ -e "$tmp/none.x" ] && fail "made although refused"
  "$fs" -r "$rec" --json -o /dev/stdout --perfetto - 2>"$tmp/err" | cat >/dev/null
  [ "${PIPESTATUS[0]}" = 2 ] || fail "--output /dev/stdout and --perfetto - into one pipe: not refused"
  grep_err "^forkscope: --output and --perfetto - (standard output) are the same file (/dev/stdout)"
  # two files not made yet are two files; /dev/null (a character device) is
  # written to as often as asked
  expect_status 0 "$fs" -r "$rec" --json -o "$tmp/new.jsonl" --perfetto "$tmp/new.pftrace"
  expect_status 0 "$fs" -r "$rec" --json -o /dev/null --perfetto /dev/null
  ;;
count-status)
  # an ending by --count or --duration: the command's status if its tree
  # ended before, else 0 (forkscope ended first), whichever of its end's
  # report and its reaping came first; 126 or 127 when it could not run
  : >"$tmp/noexec"
  for n in 1 2 3; do
    expect_status 126 "$fs" --log -n $n -- "$tmp/noexec"
    grep_err "^forkscope: $tmp/noexec: Permission denied$"
  done
  expect_status 127 "$fs" --log -n 1 -- no-such-command-xyz
  for i in 1 2 3 4 5; do
    expect_status 0 "$fs" --log -n 3 -- sh -c 'exit 5'   # its end is the third event
  done
  expect_status 5 "$fs" --log -n 4 -- sh -c 'exit 5'     # no fourth: its end ends the run
  expect_status 0 "$fs" --log -n 1 -- sleep 3
  expect_status 0 "$fs" --log -d 0.2 -- sleep 3
  expect_status 4 "$fs" --log -d 5 -- sh -c 'exit 4'
  ;;
numbers)
  # one rule for every number: digits, a fraction and an exponent where
  # it is real; no sign (no option takes a negative value), blank, hex,
  # infinity or NaN
  rec=$data/rec-small.jsonl
  for bad in 0x1 0x1p1 '  1' '1 ' +1 -0 1e 0X10; do
    expect_status 2 "$fs" --replay "$rec" --log --duration "$bad"
    grep_err "^forkscope: --duration takes seconds from 0 to 2592000 (30 days), not '$bad'$"
  done
  expect_status 2 "$fs" --replay "$rec" --log --count ' 5';  grep_err "count takes"
  expect_status 2 "$fs" --replay "$rec" --log --count +5;    grep_err "count takes"
  expect_status 2 "$fs" --log --interval 0x10;               grep_err "interval takes"
  expect_status 2 "$fs" --replay "$rec" --log --speed 0x0;   grep_err "speed takes"
  expect_status 0 "$fs" --replay "$rec" --log --duration 1.5e1 --keep .5 --speed 0. --count 07
  ;;
mode-options)
  # an option that would do nothing in the mode chosen is a usage error
  rec=$data/rec-small.jsonl
  expect_status 2 "$fs" --log --speed 2 -n 1;         grep_err "^forkscope: --speed needs --replay$"
  expect_status 2 "$fs" --replay "$rec" --log --interval 50
  grep_err "^forkscope: --interval is for polling /proc, which --replay does without$"
  expect_status 2 "$fs" --realtime --poll --log
  grep_err "^forkscope: --realtime is for the connector's exec reader, which --poll does without$"
  expect_status 2 "$fs" --realtime -r "$rec" --log;   grep_err "which --replay does without$"
  expect_status 0 "$fs" --replay "$rec" --log --speed 0
  # a replay reads no task statistics
  expect_status 2 "$fs" --replay "$rec" --no-taskstats --log
  grep_err "^forkscope: --no-taskstats is for the kernel's task statistics, which --replay does without$"
  # --color is for the viewer and --log: --json and a trace have no colour
  expect_status 2 "$fs" --perfetto "$tmp/c.pftrace" --replay "$rec" --color always
  grep_err "^forkscope: --color is for the viewer and --log, which --perfetto does without$"
  expect_status 2 "$fs" --replay "$rec" --json --color always
  grep_err "^forkscope: --color is for the viewer and --log, which --json does without$"
  expect_status 2 "$fs" --replay "$rec" --json --perfetto "$tmp/c.pftrace" --color never
  grep_err "which --json does without$"
  expect_status 0 "$fs" --replay "$rec" --log --perfetto "$tmp/c.pftrace" --color always
  expect_status 0 "$fs" --poll --no-taskstats --log -d 0.2
  # the viewer's own options, with the printers or a trace alone
  expect_status 2 "$fs" --replay "$rec" --json --sort cpu
  grep_err "^forkscope: --sort is the viewer's, which --json does without$"
  expect_status 2 "$fs" --replay "$rec" --perfetto "$tmp/t.pftrace" -T 0
  grep_err "^forkscope: --tombstones is the viewer's, which --perfetto does without$"
  expect_status 2 "$fs" --replay "$rec" --log --no-save;  grep_err "no-save is the viewer's"
  # live, --interval is the poller's: with --poll, and where forkscope
  # falls back to polling (the connector refused), so it is not refused
  expect_status 0 "$fs" --poll --interval 10 --log -d 0.2
  expect_status 0 "$fs" --interval 10 --log -d 0.2
  ;;
list-names)
  # one rule for names, as the filter's event: reads kinds: any case,
  # blanks around each ignored; an empty one (between commas, at the end)
  # is refused
  rec=$data/rec-small.jsonl
  expect_status 0 "$fs" --replay "$rec" --log --color ' Never' -e ' EXIT, Fork' -n 1
  expect_status 2 "$fs" --replay "$rec" --log --columns ' CPU, mem' --sort ' Cpu ' --scheme LIGHT
  grep_err "^forkscope: --columns is the viewer's, which --log does without$"
  expect_status 2 "$fs" --replay "$rec" --log --sort ' '
  grep_err "^forkscope: --sort takes one of: .*, not ' '$"
  expect_status 2 "$fs" --replay "$rec" --log --columns 'cpu,cpux'
  grep_err "^forkscope: --columns takes names separated by commas, each one of: .*, not 'cpux'$"
  expect_status 2 "$fs" --replay "$rec" --log --columns 'cpu,,mem';  grep_err "not ''$"
  expect_status 2 "$fs" --replay "$rec" --log -e 'exit,';   grep_err "a value after each comma"
  expect_status 2 "$fs" --replay "$rec" --log -e 'exit,forks';   grep_err "forks"
  ;;
file-names)
  # a file named by an option that cannot be opened: a usage error naming
  # the option and the file
  rec=$data/rec-small.jsonl
  for opt in --output --perfetto --replay; do
    expect_status 2 "$fs" --log $opt '';   grep_err "^forkscope: $opt takes a file name, not ''$"
  done
  expect_status 2 "$fs" --replay "$rec" --log -o /nonexist/x
  grep_err "^forkscope: --output: /nonexist/x: No such file or directory$"
  expect_status 2 "$fs" --replay "$rec" --log -o "$tmp"
  grep_err "^forkscope: --output: $tmp: Is a directory$"
  expect_status 2 "$fs" --replay "$rec" --perfetto /nonexist/x
  grep_err "^forkscope: --perfetto: /nonexist/x: No such file or directory$"
  expect_status 2 "$fs" --replay /nonexist --log
  grep_err "^forkscope: --replay: /nonexist: No such file or directory$"
  expect_status 2 "$fs" --replay "$tmp" --log
  grep_err "^forkscope: --replay: $tmp: Is a directory$"
  ;;
empty-recording)
  # an empty recording (or blanks only, or a pipe that ends before any
  # record) is an error, as the other broken ones are
  : >"$tmp/e.jsonl"
  expect_status 1 "$fs" --replay "$tmp/e.jsonl" --log
  grep_err "^forkscope: $tmp/e.jsonl: empty: no recording$"
  expect_status 1 "$fs" --replay "$tmp/e.jsonl" --json
  grep_err "empty: no recording$"
  printf '\n  \n' | "$fs" --replay - --json >/dev/null 2>"$tmp/err"
  [ $? = 1 ] || fail "a pipe of blanks did not fail with 1"
  grep_err "^forkscope: stdin: empty: no recording$"
  # a header alone is a recording, of nothing
  head -1 "$data/rec-cost.jsonl" >"$tmp/h.jsonl"
  grep -q '"header"\|"host"' "$tmp/h.jsonl" || fail "rec-cost.jsonl starts with no header"
  expect_status 0 "$fs" --replay "$tmp/h.jsonl" --json
  ;;
replay-log)
  # the text log of a known recording, escaped, with decoded statuses
  TZ=UTC expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --events all
  diff -u "$data/rec-small.log" "$tmp/out" || fail "text log differs"
  grep_err "5 events lost"
  if grep -q $'\e' "$tmp/out"; then fail "raw escape in the text log"; fi
  # a thread's exit is no process's: shown only when threads are asked for
  grep -q ' exit     203 ' "$tmp/out" && fail "a thread exit without --threads"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --threads
  grep_out "\[thread of 200\] exit 0"
  ;;
threads)
  # a recording made before exits said what they ended (issue 13): the
  # model concludes it again; each process ends once, in every output
  TZ=UTC expect_status 0 "$fs" --replay "$data/rec-threads.jsonl" --log --threads
  diff -u "$data/rec-threads.log" "$tmp/out" || fail "text log with threads differs"
  expect_status 0 "$fs" --replay "$data/rec-threads.jsonl" --log
  [ "$(grep -c ' exit ' "$tmp/out")" = 3 ] || { cat "$tmp/out"; fail "want 3 process ends"; }
  grep -q 'leader thread\|\] exit' "$tmp/out" && fail "a thread exit without --threads"
  grep_out "/bin/sleep 2 (by thread 22055, which took over pid 22052)$"
  grep_out "^[0-9:.]* exit     22060 .* exit 5 after 151ms (last thread 22061)$"
  grep_out "(name not known) name and command line unreadable$"
  expect_status 0 "$fs" --replay "$data/rec-threads.jsonl" --log --events exit --failed --ppid 22000
  [ "$(grep -c '^[0-9]' "$tmp/out")" = 2 ] || { cat "$tmp/out"; fail "want the ends of 22060 and 22070"; }
  grep_out " 22060 .* exit 5 "; grep_out " 22070 .* exit 1 "
  expect_status 0 "$fs" --replay "$data/rec-threads.jsonl" --log --events exit --threads
  [ "$(grep -c '^[0-9]' "$tmp/out")" = 7 ] || { cat "$tmp/out"; fail "--threads: want 7 exits"; }
  # the JSON: every exit says what it ended; exec_tid; nothing unread named
  expect_status 0 "$fs" --replay "$data/rec-threads.jsonl" --json
  python3 - "$tmp/out" <<'PY' || fail "JSON of the thread cases"
import json, sys
evs = [e for e in map(json.loads, open(sys.argv[1])) if "event" in e]
ends = [(e["pid"], e["tgid"], e["status"]) for e in evs if e["event"] == "exit" and e["ends"] == "process"]
assert ends == [(22052, 22052, "exit 0"), (22061, 22060, "exit 5"), (22070, 22070, "exit 1")], ends
assert all(e["ends"] in ("process", "thread") for e in evs if e["event"] == "exit")
assert [e.get("exec_tid") for e in evs if e["event"] == "exec"] == [22055, None]
unread = [e for e in evs if e.get("tgid") == 22070 and e["event"] in ("exec", "exit")]
assert unread[0].get("unread") is True and not {"comm", "argv", "exe"} & set(unread[0]), unread
assert "comm" not in unread[1] and "unread" not in unread[1], unread
PY
  # and what it wrote replays to the same conclusions
  cp "$tmp/out" "$tmp/new.jsonl"
  expect_status 0 "$fs" --replay "$tmp/new.jsonl" --json
  cmp "$tmp/new.jsonl" "$tmp/out" || fail "second generation differs"
  ;;
cost)
  # what processes cost, in a recording that carries it: the text log says
  # it on each end, the JSON of a replay carries it on, unchanged
  TZ=UTC expect_status 0 "$fs" --replay "$data/rec-cost.jsonl" --log --threads
  grep_out "^# replaying .*rec-cost.jsonl, recorded on build1, kernel 6.18.4$"
  sed '/^# replaying /d' "$tmp/out" | diff -u "$data/rec-cost.log" - || fail "text log of costs differs"
  grep_out " exit 0 after 190ms, cpu 180ms, peak 120 MiB$"
  grep_out " SIGKILL (OOM killer) after 690ms, cpu 650ms, peak 1.1 GiB$"
  grep_out " exit 1 after 10ms, cost unknown$"
  expect_status 0 "$fs" --replay "$data/rec-cost.jsonl" --json
  cp "$tmp/out" "$tmp/a.jsonl"
  for f in '"cpu_ns":180000000,"cpu_user_ns":170000000,"cpu_system_ns":10000000' \
           '"peak_rss_bytes":125829120,"disk_read_bytes":4096,"disk_write_bytes":8192' \
           '"ctx_switches_voluntary":12,"ctx_switches_involuntary":4,"delay_cpu_ns":2500000}' \
           '"ends":"thread","cpu_ns":30000000,' '"oom_kill":true}' '"cost_unknown":true}'; do
    grep -qF -- "$f" "$tmp/a.jsonl" || fail "replayed JSON lacks $f"
  done
  expect_status 0 "$fs" --replay "$tmp/a.jsonl" --json
  cmp "$tmp/a.jsonl" "$tmp/out" || fail "second generation differs"
  # an end with nothing measured says nothing of it; nor do older recordings
  grep_out '"pid":204,.*"lifetime_ns":5000000}$'
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --json
  grep -qE '"(cpu_ns|cost_unknown|oom_kill)"' "$tmp/out" && fail "costs made up for an old recording"
  ;;
replay-roundtrip)
  # --json of a replay replays to the same JSON
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --json
  cp "$tmp/out" "$tmp/a.jsonl"
  expect_status 0 "$fs" --replay "$tmp/a.jsonl" --json
  cmp "$tmp/a.jsonl" "$tmp/out" || fail "second generation differs"
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out" \
    || fail "output is not JSON Lines"
  # and from standard input
  "$fs" --replay - --json <"$tmp/a.jsonl" >"$tmp/b.jsonl" || fail "replay from stdin"
  cmp "$tmp/a.jsonl" "$tmp/b.jsonl" || fail "stdin replay differs"
  ;;
replay-rotated)
  # a recording that starts mid-stream (a file begun at a rotation): its
  # records of processes it never saw start keep what they say, their
  # name, parent and lifetime, through --replay --json and --log
  python3 - >"$tmp/full.jsonl" <<'PY'
import json
print(json.dumps({"forkscope": "0.0.9", "host": "h", "boot_id": "b", "kernel": "k"}))
t = 0
def ev(kind, **kw):
    global t
    t += 1
    print(json.dumps({"mono_ns": t * 100000000, "wall_ns": 1700000000000000000 + t * 100000000,
                      "event": kind, **kw}))
ev("fork", pid=100, tgid=100, ppid=1, ptgid=1, comm="sh")
ev("exec", pid=100, tgid=100, comm="sleep", exe="/usr/bin/sleep", argv=["sleep", "1"])
ev("fork", pid=101, tgid=101, ppid=100, ptgid=100)
ev("exec", pid=101, tgid=101, comm="true", exe="/usr/bin/true", argv=["true"])
ev("exit", pid=101, tgid=101, ppid=100, ptgid=100, exit_code=0, exit_signal=17)
ev("exit", pid=100, tgid=100, ppid=1, ptgid=1, exit_code=768, exit_signal=17)
PY
  expect_status 0 "$fs" --replay "$tmp/full.jsonl" --json
  { head -n 1 "$tmp/out"; tail -n 3 "$tmp/out"; } >"$tmp/rotated.jsonl"
  grep -q '"event":"exec".*"ptgid":100' "$tmp/rotated.jsonl" || fail "no exec's ptgid to keep"
  [ "$(grep -c '"comm":"sleep".*"lifetime_ns":500000000' "$tmp/rotated.jsonl")" = 1 ] \
    || fail "no end's name and lifetime to keep"
  expect_status 0 "$fs" --replay "$tmp/rotated.jsonl" --json
  diff "$tmp/rotated.jsonl" "$tmp/out" || fail "a replay of the rotated file differs from it"
  expect_status 0 "$fs" --replay "$tmp/rotated.jsonl" --log
  grep -q 'name not known' "$tmp/out" && { cat "$tmp/out"; fail "a recorded name lost"; }
  grep_out ' exec  *101  *100 .* true '
  grep_out ' exit  *101  *100 .* true  *exit 0 after 200ms$'
  grep_out ' exit  *100  *1 .* sleep  *exit 3 after 500ms$'
  ;;
filters)
  # failures of the children of 200 (the 2018 use case)
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --events exit --failed --ppid 200
  [ "$(grep -c '^[0-9]' "$tmp/out")" = 3 ] || { cat "$tmp/out"; fail "want cc, bad and the lost line"; }
  grep_out "exit 1"; grep_out "SIGKILL"; grep_out "events lost"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --comm 'c?' --events exec
  [ "$(grep -c ' exec ' "$tmp/out")" = 1 ] || fail "--comm glob"
  # an exact name: =cc is cc, =c nothing (c alone is a substring of cc)
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log -F '=cc' --events exec
  [ "$(grep -c ' exec ' "$tmp/out")" = 1 ] || fail "-F =cc"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --comm '=c' --events exec
  [ "$(grep -c ' exec ' "$tmp/out")" = 0 ] || fail "--comm =c matched"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log -F '!=cc' --events exec
  [ "$(grep -c ' exec ' "$tmp/out")" = 2 ] || fail "-F !=cc"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --user root --events exit
  grep_out " 200 "; grep -q " 201 " "$tmp/out" && fail "--user root showed uid 54321's exit"
  grep -q " 203 " "$tmp/out" && fail "--events exit showed a thread's exit"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --user root --events exit --threads
  grep_out " 203 "
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --pid 200 --events fork
  [ "$(grep -c ' fork ' "$tmp/out")" = 4 ] || { cat "$tmp/out"; fail "--pid: want 200, 201, 202 and thread 203"; }
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --count 2
  [ "$(grep -c '^[0-9]' "$tmp/out")" = 2 ] || fail "--count 2"
  ;;
broken-recording)
  # a clear error with the line number, never a crash
  printf '%s\n' "$(head -3 "$data/rec-small.jsonl")" '{"event":"fork","pid":' >"$tmp/bad.jsonl"
  expect_status 1 "$fs" --replay "$tmp/bad.jsonl" --log
  grep_err "bad.jsonl:4:"
  head -c 4096 /dev/urandom >"$tmp/garbage.jsonl"
  "$fs" --replay "$tmp/garbage.jsonl" --json >/dev/null 2>"$tmp/err"
  [ $? = 1 ] || fail "garbage did not fail with 1"
  grep_err "garbage.jsonl:"
  printf '{"event":"exit","pid":99999999999999999999999,"mono_ns":1}\n' >"$tmp/huge.jsonl"
  expect_status 1 "$fs" --replay "$tmp/huge.jsonl" --json
  grep_err "huge.jsonl:1:"
  ;;
valgrind)
  # the whole binary, replaying and printing both formats, is clean under valgrind
  command -v valgrind >/dev/null || { echo "no valgrind"; exit 77; }
  # gcc links libasan, clang links the sanitizer in: both name __asan_init
  if grep -qa __asan_init "$fs"; then echo "a sanitizer build: valgrind cannot run it"; exit 77; fi
  for fmt in --json --log; do
    expect_status 0 valgrind -q --error-exitcode=9 --leak-check=full \
      --errors-for-leak-kinds=definite "$fs" --replay "$data/rec-small.jsonl" $fmt
  done
  ;;
install)
  # meson install --destdir puts in place the binary, the configured man
  # page, the recorder's systemd unit and logrotate snippet, and the
  # completions, under the prefix
  prefix=$(meson introspect "${BUILDDIR:?}" --buildoptions \
    | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
  meson install -C "$BUILDDIR" --no-rebuild --quiet --destdir "$tmp/dest" >"$tmp/out" 2>&1 \
    || { cat "$tmp/out"; fail "meson install"; }
  root=$tmp/dest$prefix
  ( cd "$tmp/dest" && find . -type f | sort ) >"$tmp/files"
  for f in bin/forkscope share/man/man1/forkscope.1 lib/systemd/system/forkscope-record.service \
           share/bash-completion/completions/forkscope share/zsh/site-functions/_forkscope; do
    grep -qx "\.$prefix/$f" "$tmp/files" || { cat "$tmp/files"; fail "$prefix/$f is not installed"; }
  done
  # logrotate.d under sysconfdir: /etc for --prefix=/usr, PREFIX/etc otherwise
  grep -qE '^\./(.*/)?etc/logrotate\.d/forkscope-record$' "$tmp/files" \
    || { cat "$tmp/files"; fail "the logrotate snippet is not installed"; }
  [ -x "$root/bin/forkscope" ] || fail "the installed binary is not executable"
  "$root/bin/forkscope" --version | grep -q "^forkscope " || fail "the installed binary does not run"
  grep -q '^\.TH FORKSCOPE 1 ' "$root/share/man/man1/forkscope.1" || fail "the installed man page is not configured"
  unit=$root/lib/systemd/system/forkscope-record.service
  grep -qx "ExecStart=$prefix/bin/forkscope --json --output /var/log/forkscope/events.jsonl" "$unit" \
    || { grep ExecStart "$unit"; fail "the unit does not run the installed binary"; }
  # hardened, with the capabilities the recorder uses and no others
  for line in ProtectSystem=strict NoNewPrivileges=yes DynamicUser=yes \
              'CapabilityBoundingSet=CAP_NET_ADMIN CAP_SYS_PTRACE' \
              'AmbientCapabilities=CAP_NET_ADMIN CAP_SYS_PTRACE'; do
    grep -qx "$line" "$unit" || fail "the unit lacks $line"
  done
  grep -qE '^(PrivateNetwork|PrivateUsers|ProtectProc|ProcSubset)=' "$unit" \
    && fail "the unit hides the connector or /proc from forkscope"
  if command -v systemd-analyze >/dev/null; then
    sed "s|^ExecStart=$prefix|ExecStart=$root|" "$unit" >"$tmp/forkscope-record.service"
    MANPATH=$root/share/man systemd-analyze verify "$tmp/forkscope-record.service" >"$tmp/out" 2>&1 \
      || { cat "$tmp/out"; fail "systemd-analyze verify"; }
  fi
  snippet=$(find "$tmp/dest" -path '*/logrotate.d/forkscope-record')
  grep -q '^/var/log/forkscope/events.jsonl {' "$snippet" || fail "the snippet rotates another file"
  grep -qE '^\s*copytruncate' "$snippet" && fail "the snippet truncates (records would be lost)"
  grep -q 'systemctl reload forkscope-record.service' "$snippet" || fail "the snippet does not reload"
  if command -v logrotate >/dev/null; then
    logrotate -d -s "$tmp/state" "$snippet" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "logrotate -d"; }
    grep -qi 'error' "$tmp/out" && { cat "$tmp/out"; fail "logrotate finds errors in the snippet"; }
  fi
  ;;
completion)
  # the completions offer exactly the options of --help, and complete a
  # value (or nothing) after exactly those that take one
  "$fs" --help >"$tmp/help"
  grep -oE '^  (-[a-zA-Z], )?--[a-z-]+' "$tmp/help" | grep -oE -- '--?[a-zA-Z-]+' | sort >"$tmp/help-opts"
  grep -oE '^  (-[a-zA-Z], )?--[a-z-]+=' "$tmp/help" | grep -oE -- '--?[a-zA-Z-]+' | sort >"$tmp/help-values"
  [ "$(wc -l <"$tmp/help-opts")" -gt 30 ] || fail "too few options in --help"
  bash -c '
    source "$1"
    complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _forkscope; printf "%s\n" "${COMPREPLY[@]}"; }
    complete_words forkscope - | sort >"$2/bash-opts"
    : >"$2/bash-values"
    while read -r opt; do
      # after an option that takes a value, options are not offered
      [ -z "$(complete_words forkscope "$opt" -)" ] && printf "%s\n" "$opt" >>"$2/bash-values"
    done <"$2/bash-opts"
    complete_words forkscope --events fork,ex | sort | tr "\n" " " >"$2/bash-kinds"
    complete_words forkscope --replay "$3/rec-sm" >"$2/bash-files"
    for opt in --sort --scheme --color --columns; do
      complete_words forkscope "$opt" "" | tr "\n" " " >"$2/bash-names$opt"
    done
  ' sh "$src/data/forkscope.bash" "$tmp" "$data" || fail "bash completion failed"
  diff -u "$tmp/help-opts" "$tmp/bash-opts" || fail "bash completion offers other options than --help"
  sort -o "$tmp/bash-values" "$tmp/bash-values"
  diff -u "$tmp/help-values" "$tmp/bash-values" || fail "bash completion: options taking a value differ from --help"
  [ "$(cat "$tmp/bash-kinds")" = "fork,exec fork,exit " ] || fail "bash completion of --events: $(cat "$tmp/bash-kinds")"
  grep -qx "$data/rec-small.jsonl" "$tmp/bash-files" || fail "bash completion of --replay: $(cat "$tmp/bash-files")"
  # the names offered after --sort, --scheme, --color and --columns are
  # those the program accepts (its usage error lists them)
  for opt in --sort --scheme --color --columns; do
    want=$("$fs" "$opt=?" --log 2>&1 | sed -n "s/.*one of: \(.*\), not '?'.*/\1/p" | sed 's/, / /g')
    [ -n "$want" ] || fail "$opt: no list of names in its usage error"
    [ "$(cat "$tmp/bash-names$opt")" = "$want " ] \
      || fail "bash completion of $opt: '$(cat "$tmp/bash-names$opt")', want '$want'"
    grep -qF "($want)" "$src/data/_forkscope" || [ "$opt" = --columns ] \
      || fail "zsh completion of $opt does not offer ($want)"
  done
  grep -qF "'column' $("$fs" --columns=? --log 2>&1 | sed -n "s/.*one of: \(.*\), not '?'.*/\1/p" | sed 's/, / /g')" \
    "$src/data/_forkscope" || fail "zsh completion of --columns"
  # zsh: the same options in its _arguments specification
  # (the specifications are the lines of _arguments that start with a quote)
  grep -E "^  '" "$src/data/_forkscope" >"$tmp/zsh-specs"
  grep -oE "(\{|'|\(|,| )--?[a-zA-Z][a-zA-Z-]*" "$tmp/zsh-specs" | grep -oE -- '--?[a-zA-Z-]+' \
    | sort -u >"$tmp/zsh-opts"
  diff -u "$tmp/help-opts" "$tmp/zsh-opts" || fail "zsh completion offers other options than --help"
  grep -oE "(\{|,)?--?[a-zA-Z][a-zA-Z-]*[=+]" "$tmp/zsh-specs" | grep -oE -- '--?[a-zA-Z-]+' \
    | sort -u >"$tmp/zsh-values"
  diff -u "$tmp/help-values" "$tmp/zsh-values" || fail "zsh completion: options taking a value differ from --help"
  if command -v zsh >/dev/null; then
    zsh -n "$src/data/_forkscope" || fail "zsh completion: syntax"
  fi
  ;;
command-status)
  # forkscope -- CMD exits with CMD's status: its code, or 128 plus the
  # signal that ended it (the connector where it may listen, else polling)
  expect_status 3 "$fs" --log -- sh -c 'exit 3'
  expect_status 137 "$fs" --log -- sh -c 'kill -9 $$'
  expect_status 0 "$fs" --json -- true
  # the command's own options are its own, and its stdout is not in the
  # records: forkscope's stderr takes it
  expect_status 0 "$fs" --json -- sh -c 'printf "%s-%s\n" from cmd' -x
  grep -q from-cmd "$tmp/out" && fail "the command's output is in the records"
  grep_err '^from-cmd$'
  python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out" \
    || fail "the records are not JSON Lines"
  # a program that is not there: a clear error and 127; one that cannot
  # run: 126; nothing else is printed
  expect_status 127 "$fs" --log -- no-such-command-xyz
  grep_err '^forkscope: no-such-command-xyz: command not found$'
  [ -s "$tmp/out" ] && fail "a command not found still printed events"
  expect_status 127 "$fs" --log -- "$tmp/missing"
  grep_err "^forkscope: $tmp/missing: No such file or directory$"
  : >"$tmp/noexec"
  expect_status 126 "$fs" --log -- "$tmp/noexec"
  grep_err "^forkscope: $tmp/noexec: Permission denied$"
  # usage errors
  expect_status 2 "$fs" --log --;                            grep_err "^forkscope: -- needs a command to run$"
  expect_status 2 "$fs" --replay "$data/rec-small.jsonl" --log -- true; grep_err "replay cannot"
  expect_status 2 "$fs" --run-as nobody --log;               grep_err "^forkscope: --run-as needs -- CMD$"
  expect_status 2 "$fs" --run-as no-such-user-xyz --log -- true
  grep_err "^forkscope: --run-as: no such user 'no-such-user-xyz'$"
  expect_status 2 "$fs" --log true;                          grep_err "unexpected argument 'true'"
  ;;
command-daemon)
  # a command that double-forks a child living 1 s: forkscope, its
  # reaper, waits for it, and in the trace the child's track is under the
  # command's, with its end.  The connector sees the middle process, which
  # lives a millisecond: root, where it may listen.
  [ "$(id -u)" = 0 ] || { echo "needs root (the connector)"; exit 77; }
  command -v protoc >/dev/null || { echo "no protoc"; exit 77; }
  # the trace FILE: forkscope's own track is the root, the command's (sh)
  # under it, and the daemon's (sleep) under that, with its end; with
  # "named", only that the command's track had no name until its end
  daemon_track() {
    protoc -I "$src/tests/format" --decode=perfetto.protos.Trace perfetto.proto \
      <"$1" >"$tmp/t.txt" || { echo "protoc cannot decode $1"; return 1; }
    python3 - "$tmp/t.txt" "${2:-}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
tracks, names, events, described = {}, {}, [], {}
for block in text.split("\npacket {")[1:]:
    for iid, name in re.findall(r'event_names \{\s*iid: (\d+)\s*name: "([^"]*)"', block):
        names[iid] = name
    d = re.search(r'track_descriptor \{(.*?)\n  \}', block, re.S)
    if d:
        uuid = re.search(r'uuid: (\d+)', d.group(1)).group(1)
        parent = re.search(r'parent_uuid: (\d+)', d.group(1))
        name = re.search(r'name: "([^"]*)"', d.group(1)).group(1)
        tracks[uuid] = (name, parent.group(1) if parent else None)
        described.setdefault(uuid, []).append(name.split(" [")[0])
    e = re.search(r'track_event \{(.*?)\n  \}', block, re.S)
    if e and "TYPE_INSTANT" in e.group(1):
        iid = re.search(r'\n    name_iid: (\d+)', e.group(1))
        track = re.search(r'track_uuid: (\d+)', e.group(1)).group(1)
        events.append((track, names[iid.group(1)] if iid else None))
# forkscope's own track is the root, the command's is under it
root = [u for u, (n, p) in tracks.items() if p is None and n.startswith("forkscope [")]
assert len(root) == 1, tracks
cmd = [u for u, (n, p) in tracks.items() if p == root[0]]
assert len(cmd) == 1 and tracks[cmd[0]][0].startswith("sh ["), (cmd, tracks)
if sys.argv[2] == "named":
    # forked as forkscope, exec'd unread, named at its end
    assert described[cmd[0]][-2:] == ["(name not known)", "sh"], described[cmd[0]]
    sys.exit(0)
sleep = [u for u, (n, p) in tracks.items() if n.startswith("sleep [")]
assert len(sleep) == 1, tracks
chain, u = [], sleep[0]
while u:
    chain.append(u)
    u = tracks[u][1]
assert cmd[0] in chain[1:], chain
assert (sleep[0], "exit 0") in events, events
PY
  }
  start=$(date +%s%N)
  expect_status 0 "$fs" --perfetto "$tmp/t.pftrace" -- sh -c '(sleep 1 &); exit 0'
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$elapsed" -ge 1000 ] || fail "forkscope ended after $elapsed ms, before the daemon"
  daemon_track "$tmp/t.pftrace" || fail "the daemon's track"
  # where no exec could be read (a /proc of links to the processes that
  # were there before), the kernel's accounting names the command at its
  # end, and its track takes that name (whether the daemon's end comes
  # before forkscope finds its /proc gone is a race here)
  mkdir "$tmp/proc"
  ln -s /proc/* "$tmp/proc/"
  FS="$fs" PROC="$tmp/proc" OUT="$tmp/t2.pftrace" expect_status 0 bash -c \
    'ln -s /proc/$$ "$PROC/$$"; FORKSCOPE_PROC_ROOT=$PROC exec "$FS" --perfetto "$OUT" -- sh -c "(sleep 1 &); exit 0"'
  if grep -q "no task statistics" "$tmp/err"; then
    echo "no task statistics: the names at the end skipped"
  else
    daemon_track "$tmp/t2.pftrace" named || fail "the command's track, no exec read"
  fi
  ;;
perfetto)
  # --replay FILE --perfetto: the trace that the writer's unit test expects
  # of rec-small, decoded by protoc against the schema of the fields used
  command -v protoc >/dev/null || { echo "no protoc"; exit 77; }
  decode() { protoc -I "$src/tests/format" --decode=perfetto.protos.Trace perfetto.proto <"$1"; }
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --perfetto "$tmp/t.pftrace"
  [ -s "$tmp/out" ] && fail "--perfetto FILE printed on stdout"
  decode "$tmp/t.pftrace" | diff -u "$data/rec-small.pftrace.txt" - || fail "the trace of rec-small"
  # the file is made afresh, not appended to
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --perfetto "$tmp/t.pftrace"
  decode "$tmp/t.pftrace" | diff -q "$data/rec-small.pftrace.txt" - >/dev/null \
    || fail "a second run did not make the file afresh"
  # to standard output; and beside the log, which keeps standard output
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --perfetto -
  cmp -s "$tmp/out" "$tmp/t.pftrace" || fail "--perfetto - differs from the file"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --log --perfetto "$tmp/t2.pftrace"
  grep_out 'exec .*make -j2'
  cmp -s "$tmp/t2.pftrace" "$tmp/t.pftrace" || fail "the trace beside --log differs"
  # --count counts what the trace shows (snapshots aside) when nothing is
  # printed: the first is the fork of 200, the second its exec
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --perfetto "$tmp/t3.pftrace" --count 1
  decode "$tmp/t3.pftrace" | grep -q 'name: "make \[200\]"' && fail "--count 1 went past the fork"
  decode "$tmp/t3.pftrace" | grep -q 'name: "sh \[200\]"' || fail "--count 1 stopped before the fork"
  # a file that cannot be made: its name and the reason, 1
  expect_status 2 "$fs" --replay "$data/rec-small.jsonl" --perfetto "$tmp/no/such/dir.pftrace"
  grep_err "^forkscope: --perfetto: $tmp/no/such/dir.pftrace: No such file or directory$"
  # one standard output
  expect_status 2 "$fs" --replay "$data/rec-small.jsonl" --log --perfetto -
  grep_err "^forkscope: --perfetto - and --log would both write to standard output: give --output$"
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --json --output "$tmp/r.jsonl" --perfetto -
  cmp -s "$tmp/out" "$tmp/t.pftrace" || fail "--perfetto - beside --json --output"
  ;;
signal-status)
  # a headless run ended by a signal exits 128 + its number, like the viewer,
  # with what it printed before
  for sig in TERM HUP INT; do
    "$fs" --replay "$data/rec-small.jsonl" --json --speed 0.000001 >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep 0.3
    kill -$sig $pid
    wait $pid
    got=$?
    want=$((128 + $(kill -l $sig)))
    [ $got = $want ] || fail "SIG$sig: exited $got, want $want"
    grep -q "\"event\":\"snapshot\"" "$tmp/out" || fail "SIG$sig: the output before the signal was lost"
  done
  ;;
exit-parent)
  # exits whose parent the kernel left out carry the parent the model
  # knows, and say so; a replay of that keeps it
  cat >"$tmp/rec.jsonl" <<'REC'
{"mono_ns":1000,"wall_ns":1000,"event":"snapshot","pid":200,"tgid":200,"ppid":1,"ptgid":1,"comm":"sh","start_ns":500}
{"mono_ns":2000,"wall_ns":2000,"event":"fork","pid":300,"tgid":300,"ppid":200,"ptgid":200}
{"mono_ns":2100,"wall_ns":2100,"event":"fork","pid":301,"tgid":300,"ppid":200,"ptgid":200}
{"mono_ns":2200,"wall_ns":2200,"event":"fork","pid":400,"tgid":400,"ppid":200,"ptgid":200}
{"mono_ns":3000,"wall_ns":3000,"event":"exit","pid":301,"tgid":300,"ppid":0,"ptgid":0,"exit_code":0,"exit_signal":-1}
{"mono_ns":3100,"wall_ns":3100,"event":"coredump","pid":300,"tgid":300,"ppid":0,"ptgid":0}
{"mono_ns":3200,"wall_ns":3200,"event":"exit","pid":300,"tgid":300,"ppid":0,"ptgid":0,"exit_code":139,"exit_signal":17}
{"mono_ns":3300,"wall_ns":3300,"event":"exit","pid":400,"tgid":400,"ppid":200,"ptgid":200,"exit_code":0,"exit_signal":17}
{"mono_ns":3400,"wall_ns":3400,"event":"exit","pid":500,"tgid":500,"ppid":0,"ptgid":0,"exit_code":0,"exit_signal":17}
REC
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
  python3 - "$tmp/out" <<'PY' || fail "JSON parents of exits"
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
got = [(e["event"], e["pid"], e["ppid"], e["ptgid"], e.get("ppid_source")) for e in evs
       if e["event"] in ("exit", "coredump")]
assert got == [("exit", 301, 200, 200, "model"), ("coredump", 300, 200, 200, "model"),
               ("exit", 300, 200, 200, "model"), ("exit", 400, 200, 200, None),
               ("exit", 500, 0, 0, None)], got
PY
  cp "$tmp/out" "$tmp/gen1.jsonl"
  expect_status 0 "$fs" --replay "$tmp/gen1.jsonl" --json
  cmp "$tmp/gen1.jsonl" "$tmp/out" || fail "second generation differs"
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --log --events exit --ppid 200
  [ "$(grep -c ' exit ' "$tmp/out")" = 2 ] || { cat "$tmp/out"; fail "--ppid 200: want the exits of 300 and 400"; }
  printf '%s\n' '{"mono_ns":1,"event":"exit","pid":5,"ppid_source":"kernel"}' >"$tmp/bad.jsonl"
  expect_status 1 "$fs" --replay "$tmp/bad.jsonl" --json
  grep_err 'bad.jsonl:1: "ppid_source": not "model"'
  ;;
pid-reuse)
  # a pid forked twice: 3 ms apart (one 10 ms tick: they used to be taken
  # for one process, so that the exit of the second ended the first), and
  # 50 ms apart without an exit between (the first ended with no exit
  # record).  Each output says what the model concluded: the first ends,
  # status unknown, when the second is forked; the exit is the second's.
  for gap in 3 50; do
    cat >"$tmp/rec.jsonl" <<REC
{"mono_ns":1000000000,"wall_ns":1700000000000000000,"event":"snapshot","pid":100,"tgid":100,"ppid":1,"ptgid":1,"comm":"sh","start_ns":500000000}
{"mono_ns":2000000000,"wall_ns":1700000001000000000,"event":"fork","pid":200,"tgid":200,"ppid":100,"ptgid":100}
{"mono_ns":$((2000000000 + gap * 1000000)),"wall_ns":$((1700000001000000000 + gap * 1000000)),"event":"fork","pid":200,"tgid":200,"ppid":100,"ptgid":100}
{"mono_ns":2060000000,"wall_ns":1700000001060000000,"event":"exit","pid":200,"tgid":200,"ppid":100,"ptgid":100,"exit_code":256,"exit_signal":17}
REC
    expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
    python3 - "$tmp/out" "$gap" <<'PY' || fail "gap $gap: JSON of a pid forked twice"
import json, sys
gap = int(sys.argv[2]) * 1000000
evs = [json.loads(l) for l in open(sys.argv[1])]
got = [(e["event"], e["mono_ns"], e.get("status"), e.get("lifetime_ns")) for e in evs if e["pid"] == 200]
assert got == [("fork", 2000000000, None, None),
               ("exit", 2000000000 + gap, "unknown", None),
               ("fork", 2000000000 + gap, None, None),
               ("exit", 2060000000, "exit 1", 60000000 - gap)], got
PY
    cp "$tmp/out" "$tmp/gen1.jsonl"
    expect_status 0 "$fs" --replay "$tmp/gen1.jsonl" --json
    cmp "$tmp/gen1.jsonl" "$tmp/out" || fail "gap $gap: second generation differs"
    expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --log --events exit
    [ "$(grep -c ' exit ' "$tmp/out")" = 2 ] || { cat "$tmp/out"; fail "gap $gap: --log: want 2 exits"; }
  done
  ;;
extreme-times)
  # times at the ends of the 64-bit range replay and print without
  # overflow (the sanitizer builds check the arithmetic), and a time far
  # back in a paced replay holds up none of the events after it
  max=9223372036854775807 min=-9223372036854775808
  cat >"$tmp/rec.jsonl" <<REC
{"mono_ns":1000000000,"wall_ns":$min,"event":"snapshot","pid":10,"tgid":10,"ppid":1,"ptgid":1,"comm":"a","start_ns":$min}
{"mono_ns":$min,"wall_ns":$max,"event":"snapshot","pid":11,"tgid":11,"ppid":10,"ptgid":10,"comm":"b","start_ns":$max}
{"mono_ns":1000000001,"wall_ns":$min,"event":"snapshot","pid":12,"tgid":12,"ppid":10,"ptgid":10,"comm":"c","start_ns":1}
{"mono_ns":1000500000,"wall_ns":1,"event":"exit","pid":10,"tgid":10,"ppid":1,"ptgid":1,"exit_code":0,"exit_signal":17}
{"mono_ns":$min,"wall_ns":$min,"event":"exit","pid":11,"tgid":11,"ppid":10,"ptgid":10,"exit_code":0,"exit_signal":17}
REC
  for fmt in --json --log; do
    expect_status 0 "$fs" --replay "$tmp/rec.jsonl" $fmt --events all --speed 1000
    [ "$(grep -c 'exit' "$tmp/out")" = 2 ] || { cat "$tmp/out"; fail "$fmt: want 2 exits"; }
  done
  printf '%s\n' "{\"mono_ns\":$max,\"wall_ns\":$max,\"event\":\"exit\",\"pid\":12,\"ppid\":10,\"ptgid\":10,\"exit_code\":0,\"exit_signal\":17}" >>"$tmp/rec.jsonl"
  for fmt in --json --log; do
    expect_status 0 "$fs" --replay "$tmp/rec.jsonl" $fmt --events all
    [ "$(grep -c 'exit' "$tmp/out")" = 3 ] || { cat "$tmp/out"; fail "$fmt: want 3 exits"; }
  done
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
  python3 - "$tmp/out" <<'PY' || fail "lifetimes of extreme starts"
import json, sys
life = {e["pid"]: e.get("lifetime_ns") for e in map(json.loads, open(sys.argv[1])) if e["event"] == "exit"}
assert life == {10: None, 11: None, 12: 9223372036854775806}, life
PY
  ;;
replay-gap)
  # a paced replay waits at most 5 s for an event however far ahead it was
  # recorded (rec-extreme.jsonl's fork: 292 years), and says so on stderr
  # as the wait starts, after what came before it; the test stops there
  for fmt in --log --json; do
    "$fs" --replay "$data/rec-extreme.jsonl" $fmt --speed 1 >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 60); do
      grep -q 'waiting' "$tmp/err" && break
      sleep 0.05
    done
    kill $pid
    wait $pid
    grep_err '^forkscope: the next event is due in 106751d: waiting 5.00s instead$'
    [ "$(grep -c 'exit' "$tmp/out")" = 2 ] \
      || { cat "$tmp/out"; fail "$fmt: want 2 exits before the wait"; }
  done
  ;;
header)
  # a live recording starts with a header record naming this machine, read
  # through FORKSCOPE_PROC_ROOT (a fixture: the poller needs no privilege)
  FORKSCOPE_PROC_ROOT=$data/proc-scan expect_status 0 "$fs" --poll --json --duration 0.3
  version=$("$fs" --version | cut -d' ' -f2)
  head -1 "$tmp/out" >"$tmp/header"
  [ "$(cat "$tmp/header")" = "{\"forkscope\":\"$version\",\"host\":\"fixture-host\",\"boot_id\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\",\"kernel\":\"6.9.0-fixture\"}" ] \
    || fail "header record: $(cat "$tmp/header")"
  [ "$(grep -c '"forkscope"' "$tmp/out")" = 1 ] || fail "more than one header"
  # every process's entity id is BOOT_ID:TGID:START, START being field 22
  # of /proc/TGID/stat, as the man page says another tool can build it
  python3 - "$tmp/out" "$data/proc-scan" <<'PY' || fail "entity ids of the snapshot"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
boot = recs[0]["boot_id"]
def start(pid):
    stat = open(f"{sys.argv[2]}/{pid}/stat").read()
    return int(stat[stat.rindex(")") + 2:].split()[19])
procs = [r for r in recs[1:] if r.get("event") == "snapshot"]
assert len(procs) >= 5, procs
for r in procs:
    assert r["entity_id"] == f"{boot}:{r['tgid']}:{start(r['tgid'])}", r
    if r["ptgid"] and any(p["tgid"] == r["ptgid"] for p in procs):
        assert r["parent_entity_id"] == f"{boot}:{r['ptgid']}:{start(r['ptgid'])}", r
    else:
        assert "parent_entity_id" not in r, r
PY
  cp "$tmp/out" "$tmp/rec.jsonl"
  # --replay shows where it was recorded and passes the header on
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --log --events all
  sed -n 2p "$tmp/out" | grep -qx "# replaying $tmp/rec.jsonl, recorded on fixture-host, kernel 6.9.0-fixture" \
    || { head -3 "$tmp/out"; fail "--log does not say where the replay was recorded"; }
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
  head -1 "$tmp/out" | cmp -s - "$tmp/header" || fail "--replay --json does not start with the header"
  # recordings made before headers replay as before: no header, no ids
  expect_status 0 "$fs" --replay "$data/rec-small.jsonl" --json
  grep -q '"forkscope"\|entity_id' "$tmp/out" && fail "a header or ids made up for an old recording"
  # a header that is not one stops the replay with its line
  printf '%s\n' '{"forkscope":0.1}' >"$tmp/bad.jsonl"
  expect_status 1 "$fs" --replay "$tmp/bad.jsonl" --json
  grep_err 'bad.jsonl:1: column 14: "forkscope": expected a string'
  ;;
term-dumb)
  # a terminal that cannot move the cursor: the viewer says so and what
  # works, instead of drawing blanks; --log is not concerned
  command -v script >/dev/null || { echo "no script(1)"; exit 77; }
  TERM=dumb timeout 10 script -qec "$fs --replay $data/rec-small.jsonl --no-save" /dev/null \
    </dev/null >"$tmp/out" 2>&1
  status=$?
  [ $status = 1 ] || { cat -v "$tmp/out"; fail "exited $status, want 1"; }
  grep -q "^forkscope: this terminal (TERM=dumb) cannot move the cursor, which the viewer needs; use --log or --json" "$tmp/out" \
    || { cat -v "$tmp/out"; fail "no word on TERM=dumb"; }
  TERM=dumb timeout 10 script -qec "$fs --replay $data/rec-small.jsonl --log" /dev/null \
    </dev/null >"$tmp/out" 2>&1 || { cat -v "$tmp/out"; fail "--log refused under TERM=dumb"; }
  grep -q ' exit ' "$tmp/out" || fail "--log printed nothing"
  ;;
user-names)
  # a recording names the users of its machine: a user record before the
  # first record of each uid (live, through a fixture /proc); a replay
  # shows those names, not this machine's, and passes them on
  FORKSCOPE_PROC_ROOT=$data/proc-scan expect_status 0 "$fs" --poll --json --duration 0.3
  python3 - "$tmp/out" "$(getent passwd 0 | cut -d: -f1)" <<'PY' || fail "user records of a live recording"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
named, users = set(), [r for r in recs if "user" in r]
assert users and users[0] == {"user": sys.argv[2], "uid": 0}, users
for r in recs:
    if "user" in r:
        assert r["uid"] not in named, f"uid {r['uid']} named twice"
        named.add(r["uid"])
    elif "event" in r and r.get("euid") == 0:
        assert 0 in named, "a record of uid 0 before its user record"
PY
  cat >"$tmp/rec.jsonl" <<'REC'
{"forkscope":"0.1.0","host":"far","boot_id":"b","kernel":"k"}
{"user":"faruser","uid":54321}
{"mono_ns":1000000000,"wall_ns":1700000000000000000,"event":"snapshot","pid":100,"tgid":100,"ppid":1,"ptgid":1,"uid":54321,"euid":54321,"gid":5,"egid":5,"comm":"sh","start_ns":500000000}
{"mono_ns":2000000000,"wall_ns":1700000001000000000,"event":"fork","pid":200,"tgid":200,"ppid":100,"ptgid":100}
{"mono_ns":2100000000,"wall_ns":1700000001100000000,"event":"exit","pid":200,"tgid":200,"ppid":100,"ptgid":100,"exit_code":0,"exit_signal":17}
REC
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --log --events all
  [ "$(grep -c ' faruser ' "$tmp/out")" = 3 ] || { cat "$tmp/out"; fail "the replay does not show the recorded name"; }
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
  [ "$(grep -c '^{"user":"faruser","uid":54321}$' "$tmp/out")" = 1 ] || { cat "$tmp/out"; fail "the user record not passed on once"; }
  cp "$tmp/out" "$tmp/gen1.jsonl"
  expect_status 0 "$fs" --replay "$tmp/gen1.jsonl" --json
  cmp "$tmp/gen1.jsonl" "$tmp/out" || fail "second generation differs"
  # a name no writer makes (a control character, too long) stops the
  # replay with its line
  printf '{"user":"a\\u001b[2Jb","uid":1}\n' >"$tmp/bad.jsonl"
  expect_status 1 "$fs" --replay "$tmp/bad.jsonl" --json
  grep_err 'bad.jsonl:1: "user": not a user name'
  python3 -c 'import json; print(json.dumps({"user": "x" * 257, "uid": 1}))' >"$tmp/bad.jsonl"
  expect_status 1 "$fs" --replay "$tmp/bad.jsonl" --json
  grep_err 'bad.jsonl:1: "user": not a user name'
  ;;
entity-ids)
  # replays keep the ids they were recorded with, whatever the model of
  # the replaying forkscope knows (a recording of exits only included)
  FORKSCOPE_PROC_ROOT=$data/proc-scan expect_status 0 "$fs" --poll --json --duration 0.3
  cp "$tmp/out" "$tmp/rec.jsonl"
  python3 - "$tmp/rec.jsonl" >"$tmp/exits.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
print(json.dumps(recs[0]))
# the snapshots' processes end, each record with the ids they had; no
# snapshot comes first, so the replaying model knows none of them
for r in recs[1:]:
    if r.get("event") == "snapshot" and r["pid"] == r["tgid"]:
        e = {k: r[k] for k in ("mono_ns", "wall_ns", "pid", "tgid", "ppid", "ptgid",
                               "entity_id", "parent_entity_id") if k in r}
        e.update(event="exit", exit_code=0, exit_signal=17)
        print(json.dumps(e))
PY
  for rec in rec exits; do
    expect_status 0 "$fs" --replay "$tmp/$rec.jsonl" --json
    python3 - "$tmp/$rec.jsonl" "$tmp/out" <<'PY' || fail "$rec: ids not kept"
import json, sys
def ids(path):
    return [(r.get("event"), r.get("pid"), r.get("entity_id"), r.get("parent_entity_id"))
            for r in map(json.loads, open(path)) if "event" in r]
want, got = ids(sys.argv[1]), ids(sys.argv[2])
assert want == got, (want, got)
assert all(i[2] for i in got), got
PY
  done
  ;;
output-reopen)
  # --output with SIGHUP, as logrotate does it: the file renamed, then the
  # signal; every record in exactly one file, whole, each file starting
  # with the header; what a plain replay prints, in the same order
  python3 - >"$tmp/rec.jsonl" <<'PY'
import json
print(json.dumps({"forkscope": "0.0.9", "host": "h", "boot_id": "b", "kernel": "k"}))
for i in range(3000):
    print(json.dumps({"mono_ns": 1000000000 + i * 500000, "wall_ns": 1700000000000000000 + i * 500000,
                      "event": "fork", "pid": 1000 + i, "tgid": 1000 + i, "ppid": 1, "ptgid": 1,
                      "entity_id": f"b:{1000 + i}:{100 + i}"}))
PY
  expect_status 0 "$fs" --replay "$tmp/rec.jsonl" --json
  cp "$tmp/out" "$tmp/want.jsonl"
  for fmt in json log; do
    "$fs" --replay "$tmp/rec.jsonl" --$fmt --speed 1 --output "$tmp/$fmt" 2>"$tmp/err" &
    pid=$!
    for i in 1 2 3; do
      sleep 0.3
      mv "$tmp/$fmt" "$tmp/$fmt.$i" || fail "$fmt: no output file to rotate"
      kill -HUP $pid || fail "$fmt: ended before rotation $i"
    done
    wait $pid
    status=$?
    [ $status = 0 ] || { cat "$tmp/err"; fail "$fmt: exited $status after SIGHUPs"; }
  done
  python3 - "$tmp" <<'PY' || fail "records lost, doubled or split by the rotations"
import json, sys
tmp = sys.argv[1]
def lines(path):
    text = open(path).read()
    assert text.endswith("\n"), path
    return text.splitlines()
want = lines(f"{tmp}/want.jsonl")
got = []
for name in ("json.1", "json.2", "json.3", "json"):
    part = lines(f"{tmp}/{name}")
    assert part[0] == want[0], (name, part[0])        # each file starts with the header
    got += part[1:]
    assert len(part) > 1, name                          # the replay went on between signals
assert got == want[1:], "JSON records differ"
log = []
for name in ("log.1", "log.2", "log.3", "log"):
    part = lines(f"{tmp}/{name}")
    assert part[0].startswith("TIME "), (name, part[0])
    assert part[1] == f"# replaying {tmp}/rec.jsonl, recorded on h, kernel k", (name, part[1])
    log += part[2:]
assert len(log) == 3000 and all(" fork " in l for l in log), len(log)
assert [l.split()[2] for l in log] == [str(1000 + i) for i in range(3000)]
PY
  # without --output, SIGHUP still ends the run (signal-status)
  ;;
output-full)
  # no room for more (here the file size limit, as a full file system is,
  # unprivileged): the file is cut back to whole records, named on stderr,
  # the records not written counted; the run goes on to its end and exits 1.
  # Records of two sizes leave room, at some cuts, for a loss record but
  # not what follows it: each loss record in the file is said on stderr
  # with the same count, and every record is written or counted once.
  python3 - >"$tmp/rec.jsonl" <<'PY'
import json
for i in range(3000):
    t = {"mono_ns": 1000000000 + i * 500000, "wall_ns": 1700000000000000000 + i * 500000}
    print(json.dumps({**t, "event": "fork", "pid": 1000 + i, "tgid": 1000 + i,
                      "ppid": 1, "ptgid": 1}))
    print(json.dumps({**t, "event": "exec", "pid": 1000 + i, "tgid": 1000 + i, "comm": "x",
                      "argv": ["x", "a" * (300 + i % 7 * 97)]}))
PY
  for fmt in json log; do
    "$fs" --replay "$tmp/rec.jsonl" --$fmt >"$tmp/all.$fmt" 2>"$tmp/err" \
      || { cat "$tmp/err"; fail "$fmt: replay"; }
    (ulimit -f 50; exec "$fs" --replay "$tmp/rec.jsonl" --$fmt --output "$tmp/out.$fmt") 2>"$tmp/err"
    status=$?
    [ $status = 1 ] || { cat "$tmp/err"; fail "$fmt: exited $status, want 1"; }
    grep_err "^forkscope: $tmp/out.$fmt: File too large; going on"
    grep_err "^forkscope: $tmp/out.$fmt: [0-9]* records could not be written, for want of room$"
    [ "$(tail -c 1 "$tmp/out.$fmt" | od -An -c | tr -d ' ')" = '\n' ] || fail "$fmt: a part of a record at the end"
    [ "$(stat -c %s "$tmp/out.$fmt")" -le 51200 ] || fail "$fmt: over the limit"
    python3 - "$tmp/out.$fmt" "$tmp/err" "$tmp/all.$fmt" <<'PY' \
      || { cat "$tmp/err"; fail "$fmt: the counts"; }
import re, sys
out, err, full = (open(p).read().splitlines() for p in sys.argv[1:])
def counts(lines, *patterns):
    return [int(m.group(1)) for l in lines
            for m in [next(filter(None, (re.search(p, l) for p in patterns)), None)] if m]
lost = counts(out, r'"lost":(\d+),"lost_in":"output"', r' (\d+) records not written \(no room')
said = counts(err, r": writing again; (\d+) records")
left = counts(err, r": (\d+) records could not be written, for")
assert lost, "no loss record in the file: the test lost its point"
assert said == lost, ("stderr", said, "file", lost)
assert len(out) - len(lost) + sum(lost) + sum(left) == len(full), (len(out), lost, left, len(full))
PY
  done
  "$fs" --replay "$tmp/out.json" --json >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; fail "the cut file does not replay"; }
  ;;
output-error)
  # a write that fails for another reason than room ends the run with 1,
  # said once (the records given after it are not tried again); a reader
  # that goes away (head) ends it quietly with 0, as the end of --count
  # does: it took what it wanted (EXIT STATUS)
  python3 - >"$tmp/rec.jsonl" <<'PY'
import json
for i in range(3000):
    print(json.dumps({"mono_ns": 1000000000 + i * 500000,
                      "wall_ns": 1700000000000000000 + i * 500000,
                      "event": "fork", "pid": 1000 + i, "tgid": 1000 + i, "ppid": 1, "ptgid": 1}))
PY
  for fmt in json log; do
    expect_status 1 "$fs" --replay "$tmp/rec.jsonl" --$fmt --output /dev/full
    [ "$(cat "$tmp/err")" = "forkscope: /dev/full: write error: No space left on device" ] \
      || { cat "$tmp/err"; fail "$fmt: not one write error naming /dev/full"; }
    "$fs" --replay "$tmp/rec.jsonl" --$fmt >/dev/full 2>"$tmp/err"
    status=$?
    [ $status = 1 ] || fail "$fmt: to a full stdout, exited $status, want 1"
    [ "$(cat "$tmp/err")" = "forkscope: standard output: write error: No space left on device" ] \
      || { cat "$tmp/err"; fail "$fmt: not one write error naming standard output"; }
  done
  for args in "--log" "--json" "--perfetto -"; do
    "$fs" --replay "$tmp/rec.jsonl" $args 2>"$tmp/err" | head -c 100 >/dev/null
    status=${PIPESTATUS[0]}
    [ "$status" = 0 ] || { cat "$tmp/err"; fail "$args | head: exited $status, want 0"; }
    [ -s "$tmp/err" ] && { cat "$tmp/err"; fail "$args | head: stderr not quiet"; }
  done
  ;;
rcvbuf)
  # the receive buffer forkscope names (--realtime, on stderr) is the one
  # the man page names: what the kernel grants, twice what is asked
  [ "$(id -u)" = 0 ] || { echo "needs root (the connector, SO_RCVBUFFORCE)"; exit 77; }
  size=$(sed -n 's/.*for the \([0-9]*\) MiB receive buffer.*/\1/p' "${BUILDDIR:?}/man/forkscope.1")
  [ -n "$size" ] || fail "the man page names no receive buffer"
  expect_status 0 "$fs" --realtime --log -- true
  grep_err "^forkscope: kernel connector, .*, $size MiB buffer$"
  FORKSCOPE_RCVBUF=1048576 expect_status 0 "$fs" --realtime --log -- true
  grep_err "^forkscope: kernel connector, .*, 2.0 MiB buffer$"
  ;;
man)
  page=${BUILDDIR:?}/man/forkscope.1
  # its version is the project's (configured from meson.build)
  version=$("$fs" --version | cut -d' ' -f2)
  grep -q "^\.TH FORKSCOPE 1 \"[0-9-]*\" \"forkscope $version\" " "$page" \
    || fail "the man page's .TH does not say forkscope $version: $(head -1 "$page")"
  MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$page" >"$tmp/out" 2>"$tmp/err" \
    || fail "man failed"
  [ -s "$tmp/err" ] && { cat "$tmp/err"; fail "man page warnings"; }
  # every long option of --help is documented (each of its hyphens \- in
  # the page, as groff wants them: --no-save is \-\-no\-save)
  for opt in $("$fs" --help | grep -oE -- '--[a-z-]+' | sort -u); do
    grep -qF -- "${opt//-/\\-}" "$page" || fail "man page lacks $opt"
  done
  grep -qE '@[A-Z_]+@' "$page" && fail "the man page holds an unconfigured @...@"
  # every JSON field listed in format/json.h is documented
  for f in $(sed -n 's/^ \*   \([a-z_]\+\)\(, [a-z_]\+\)\? .*/\1\2/p' "$src/src/format/json.h" | tr -d ','); do
    grep -qE "^\.BR? (.* )?$f( |\$)" "$page" || fail "man page lacks JSON field $f"
  done
  # every key of the viewer's key table (src/ui/keys.c) is named in a .B or
  # .BR line of the KEYS section
  "${KEYS_LIST:?}" --list >"$tmp/keys" || fail "cannot list the keys"
  [ "$(wc -l <"$tmp/keys")" -gt 20 ] || fail "the key list is too short"
  python3 - "$page" "$tmp/keys" <<'PY' || fail "man page lacks keys"
import re, sys
page = open(sys.argv[1]).read()
section = page.split(".SH KEYS", 1)[1].split("\n.SH ", 1)[0]
named = set()
for line in section.splitlines():
    if line.startswith((".B ", ".BR ")):
        text = line.split(" ", 1)[1].replace("\\-", "-").replace("\\e", "\\")
        named.update(t.strip('",') for t in text.split())
missing = [k for line in open(sys.argv[2]) for k in line.split() if k not in named]
if missing:
    print("man page KEYS section lacks:", " ".join(missing))
    sys.exit(1)
PY
  ;;
settings-special)
  # a settings file that is not a regular file (a device, a FIFO, a
  # symlink to one) or that is larger than 1 MiB is refused, as a
  # directory is, without reading it whole or waiting on it: the defaults
  # are used, and it is never written (the viewer stops at the terminal
  # setsid leaves it none of; timeout catches a hang)
  rc=$tmp/cfg/forkscope/forkscoperc
  mkdir -p "${rc%/*}"
  run_viewer() {
    expect_status 1 env XDG_CONFIG_HOME="$tmp/cfg" timeout 10 setsid -w "$fs" \
      --replay "$data/rec-small.jsonl"
    grep_err "^forkscope: cannot open the terminal"
  }
  ln -s /dev/zero "$rc"
  run_viewer
  grep_err "^forkscope: $rc: a character device, not a regular file; using the defaults (the file is left as it is)$"
  rm "$rc"; mkfifo "$rc"
  run_viewer
  grep_err "^forkscope: $rc: a FIFO, not a regular file; using the defaults (the file is left as it is)$"
  rm "$rc"; mkdir "$rc"
  run_viewer
  grep_err "^forkscope: $rc: a directory, not a regular file; using the defaults (the file is left as it is)$"
  rmdir "$rc"
  { printf '[viewer]\n'; head -c 1048576 /dev/zero | tr '\0' '#'; printf '\n'; } >"$rc"
  run_viewer
  grep_err "^forkscope: $rc: larger than 1 MiB; using the defaults (the file is left as it is)$"
  ;;
settings)
  # The viewer's settings file, through the binary.  Its warnings come
  # before the viewer takes the terminal; setsid leaves it none, so it
  # stops there.  Each names PATH:LINE:, the filter's too, in the order
  # of the lines.
  rc=$tmp/cfg/forkscope/forkscoperc
  mkdir -p "${rc%/*}"
  printf '[viewer]\nmystery=1\nfilter=failed event:nope\nthreads=maybe\n' >"$rc"
  expect_status 1 env XDG_CONFIG_HOME="$tmp/cfg" setsid -w "$fs" --replay "$data/rec-small.jsonl"
  grep_err "^forkscope: cannot open the terminal"
  lines=$(sed -n "s|^forkscope: $rc:\([0-9]*\): .*|\1|p" "$tmp/err" | tr '\n' ' ')
  [ "$lines" = "2 3 4 " ] || { cat "$tmp/err" >&2; fail "warnings of lines '$lines', want '2 3 4 '"; }
  grep_err "^forkscope: $rc:3: filter takes a filter (column 14: unknown event kind 'nope' "
  # what the file holds is said escaped: no escape sequence reaches stderr
  printf '[viewer]\nscheme=\033[2J\033]0;pwned\007\n' >"$rc"
  expect_status 1 env XDG_CONFIG_HOME="$tmp/cfg" setsid -w "$fs" --replay "$data/rec-small.jsonl"
  grep_err "^forkscope: $rc:2: scheme takes one of: .*, not '\\\\e\[2J\\\\e\]0;pwned\\\\x07'"
  if grep -q "$(printf '\033')" "$tmp/err"; then fail "a raw escape on stderr"; fi
  # a relative XDG_CONFIG_HOME is ignored (the XDG Base Directory spec):
  # ~/.config then
  mkdir -p "$tmp/home/.config/forkscope" "$tmp/relcfg/forkscope"
  printf '[viewer]\nin-home=1\n' >"$tmp/home/.config/forkscope/forkscoperc"
  printf '[viewer]\nin-relcfg=1\n' >"$tmp/relcfg/forkscope/forkscoperc"
  (cd "$tmp" && expect_status 1 env HOME="$tmp/home" XDG_CONFIG_HOME=relcfg \
     setsid -w "$fs" --replay "$data/rec-small.jsonl") || exit 1
  grep_err "^forkscope: $tmp/home/.config/forkscope/forkscoperc:2: unknown key 'in-home'"
  grep -q relcfg "$tmp/err" && { cat "$tmp/err" >&2; fail "the relative XDG_CONFIG_HOME was used"; }
  ;;
replay-filtered-perfetto)
  # a recording made with an event filter (no snapshot, fork or exec of its
  # processes) replayed into a trace: every event of a process (not of a
  # thread alone) is an instant on a track made at its first event
  command -v protoc >/dev/null || { echo "no protoc"; exit 77; }
  for kind in exit ptrace comm uid gid sid coredump; do
    "$fs" --replay "$data/rec-demo.jsonl" --json -e "$kind" >"$tmp/$kind.jsonl" 2>/dev/null
    want=$(python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "event" in r and r.get("ends") != "thread" and (r["event"] != "comm" or r["pid"] == r["tgid"]):
        n += 1
print(n)' "$tmp/$kind.jsonl")
    [ "$want" -gt 0 ] || fail "-e $kind: the recording has no event"
    expect_status 0 "$fs" --replay "$tmp/$kind.jsonl" --perfetto "$tmp/$kind.pftrace"
    got=$(protoc -I "$src/tests/format" --decode=perfetto.protos.Trace perfetto.proto \
            <"$tmp/$kind.pftrace" | grep -c TYPE_INSTANT)
    [ "$got" = "$want" ] || fail "-e $kind: $got instants in the trace, want $want"
  done
  # a trace with nothing in it (no event passes, no loss) is said
  grep -v '"event": "lost"' "$data/rec-small.jsonl" >"$tmp/nolost.jsonl"
  expect_status 0 "$fs" --replay "$tmp/nolost.jsonl" --perfetto "$tmp/none.pftrace" -c nosuch
  grep_err "^forkscope: $tmp/none.pftrace: no event passed the filter: the trace is empty$"
  ;;
replay-notices)
  # a recording's notices (why it polled, why its ends carry no cost) are
  # the recording's: --json writes them on as they are (once, where joined
  # files repeat them), --log says them as comment lines, escaped
  { echo '{"forkscope":"0.1.0","host":"web1"}'
    echo '{"notice":"process-events connector unavailable (Operation not permitted); polling /proc every 1.0s"}'
    echo '{"notice":"no task statistics (\u001b[2J)"}'
    tail -n +2 "$data/rec-small.jsonl"
    echo '{"notice":"no task statistics (\u001b[2J)"}'; } >"$tmp/poll.jsonl"
  expect_status 0 "$fs" --replay "$tmp/poll.jsonl" --json
  [ "$(grep -c '^{"notice":' "$tmp/out")" = 2 ] || { cat "$tmp/out" >&2; fail "--json: not 2 notices"; }
  grep_out '^{"notice":"process-events connector unavailable (Operation not permitted); polling /proc every 1.0s"}$'
  grep_out '^{"notice":"no task statistics (\\u001b\[2J)"}$'
  # the re-recording replays to the same
  cp "$tmp/out" "$tmp/again.jsonl"
  expect_status 0 "$fs" --replay "$tmp/again.jsonl" --json
  cmp -s "$tmp/out" "$tmp/again.jsonl" || fail "--json of the re-recording differs"
  expect_status 0 "$fs" --replay "$tmp/poll.jsonl" --log
  grep_out '^# in the recording: process-events connector unavailable (Operation not permitted); polling /proc every 1.0s$'
  grep_out '^# in the recording: no task statistics (\\e\[2J)$'
  [ "$(grep -c '^# in the recording' "$tmp/out")" = 2 ] || fail "--log: not 2 notices"
  if grep -q "$(printf '\033')" "$tmp/out"; then fail "a raw escape in --log"; fi
  ;;
*)
  fail "unknown case $1"
  ;;
esac
exit 0
