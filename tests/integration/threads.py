#!/usr/bin/env python3
"""Live test: a process ends once, in every output (issue 13).

Runs tests/integration/threads (an exec from a thread other than the
leader; a leader's pthread_exit with threads that later _exit(5); a thread
group killed by SIGKILL) under `forkscope --json`, `forkscope --log` and
`forkscope --log --events exit --failed`, and checks that each process
ends exactly once with its true status and lifetime, that the leader's
early exit is a thread's, and that the exec says which thread took over
the pid.  Prints the --log lines of the workload.  Exit 77 (skip) without
root or when the connector is refused."""
import json, re, subprocess, sys, time
from livelib import STOPPED, require_root, start, finish, skip_if_refused

workload = sys.argv[1]
require_root()

runs = {"json": start("--json"), "log": start("--log"),
        "failed": start("--log", "--events", "exit", "--failed")}
time.sleep(0.5)                       # time for the initial /proc snapshot
ids = json.loads(subprocess.run([workload], capture_output=True, text=True,
                                check=True).stdout)
time.sleep(0.5)
outs = {k: finish(p) for k, p in runs.items()}
for _, err in outs.values():
    skip_if_refused(err)
for k, p in runs.items():
    assert p.returncode == STOPPED, (k, p.returncode, outs[k][1])

me, a, tid, b, c = (ids[k] for k in ("pid", "a", "exec_tid", "b", "c"))
failures = []
def check(cond, what):
    if not cond:
        failures.append(what)

events = [e for e in map(json.loads, outs["json"][0].splitlines()) if "event" in e]
def of(tgid, kind=None):
    return [e for e in events if e.get("tgid") == tgid and e["event"] != "snapshot"
            and (kind is None or e["event"] == kind)]

for e in events:
    if e["event"] == "exit":
        check(e.get("ends") in ("process", "thread"), f"exit without ends: {e}")

# a: exec from a thread.  Every exit but the last is a thread's (the old
# leader's too); the exec names the thread; one process end, after it.
# The kernel reports a thread's end after releasing it, so under load a
# report can come after the exec: then the exec cannot name the thread
# (exec_tid 0) or, when it is the old leader's (under the exec'ing
# thread's id), looks like the leader's own.  Never a wrong thread.
ends = [e for e in of(a, "exit") if e["ends"] == "process"]
check(len(ends) == 1, f"a: {len(ends)} process ends")
execs = [e for e in of(a, "exec") if e.get("argv", [None])[-1] == "fsw-thread-exec"]
check(len(execs) == 1, f"a: {len(execs)} execs of the shell")
exec_words = f"which took over pid {a})"
if len(ends) == 1 and len(execs) == 1:
    x, end = events.index(execs[0]), events.index(ends[0])
    check(x < end, "a: the process end comes before its exec")
    check(ends[0]["status"] == "exit 4" and ends[0]["pid"] == a, f"a: end {ends[0]}")
    late = [e for e in of(a, "exit") if x < events.index(e) < end]
    check(all(e["ends"] == "thread" for e in of(a, "exit") if e is not ends[0]),
          "a: a thread's exit ends the process")
    xt = execs[0].get("exec_tid")
    if xt == tid:
        exec_words = f"(by thread {tid}, {exec_words}"
        leader = [e for e in of(a, "exit") if e["pid"] == a and e["ends"] == "thread"]
        check(len(leader) == 1 and events.index(leader[0]) < x,
              f"a: the old leader's exit is not one thread exit before the exec: {leader}")
    elif xt == 0:
        check(late, "a: exec_tid 0 though no thread's exit came after the exec")
    else:
        exec_words = None
        check(xt is None and any(e["pid"] == tid for e in late),
              f"a: exec_tid {xt}, want {tid} (or 0, or a late report of the old leader)")
    print(f"a: exec_tid {xt}, {len(late)} thread exits reported after the exec")

# b: the leader leaves first, the threads end with _exit(5): one process end,
# by the last thread, with exit 5 and the lifetime of the process.
ends = [e for e in of(b, "exit") if e["ends"] == "process"]
check(len(ends) == 1, f"b: {len(ends)} process ends")
if ends:
    e = ends[0]
    check(e["status"] == "exit 5" and e["exit_code"] == 5 << 8, f"b: status {e}")
    check(e["pid"] != b, f"b: ended by pid {e['pid']}, want its last thread")
    check(e.get("lifetime_ns", 0) >= 150_000_000, f"b: lifetime {e.get('lifetime_ns')}")
leader = [e for e in of(b, "exit") if e["pid"] == b]
check(len(leader) == 1 and leader[0]["ends"] == "thread", f"b: leader exit {leader}")

# c: killed: one process end, SIGKILL.
ends = [e for e in of(c, "exit") if e["ends"] == "process"]
check(len(ends) == 1 and ends[0]["status"] == "SIGKILL", f"c: process ends {ends}")
check(len(of(c, "exit")) == 3, f"c: {len(of(c, 'exit'))} exits of 3 threads")
check(not any(e["event"] == "lost" for e in events), "events were lost")

# The text log: exits of processes only, each once, and the exec in words.
def lines(text, pid, kind=None):
    out = []
    for l in text.splitlines():
        f = l.split()
        if len(f) > 2 and f[2] == str(pid) and (kind is None or f[1] == kind):
            out.append(l)
    return out
log = outs["log"][0]
for pid, status in ((a, "exit 4 after "), (b, "exit 5 after "), (c, "SIGKILL after ")):
    ex = lines(log, pid, "exit")
    check(len(ex) == 1 and status in ex[0], f"log: exits of {pid}: {ex}")
check(exec_words is None or any(exec_words in l for l in lines(log, a, "exec")),
      f"log: exec of {a}, want {exec_words!r}: {lines(log, a, 'exec')}")
# then what it cost, where the task statistics are read
check(re.search(r"\(last thread \d+\)(, cpu \S+, peak .*)?$", "".join(lines(log, b, "exit"))),
      f"log: b's end does not name its last thread")
check(not any("leader thread" in l or f"[thread of {a}] exit" in l for l in log.splitlines()),
      "log: a thread exit without --threads")

# --events exit --failed: each failed end once, nothing else of the workload.
failed = outs["failed"][0]
mine = [l for p in (me, a, b, c) for l in lines(failed, p)]
check(sorted(l.split()[2] for l in mine) == sorted(str(p) for p in (a, b, c)),
      f"--failed: {mine}")

print("--log lines of the workload:")
for l in log.splitlines():
    f = l.split()
    if len(f) > 3 and (f[2] in {str(p) for p in (a, b, c, tid)} or f[3] in {str(a), str(b), str(c)}):
        print(" ", l)
print("--log --events exit --failed:")
for l in mine:
    print(" ", l)
if failures:
    print("\n".join(failures))
    for e in events:
        if e.get("tgid") in (a, b, c):
            print(" ", json.dumps(e))
    sys.exit(1)
print(f"ok: {ids}")
