#!/usr/bin/env python3
"""Live test of the headless modes against the real kernel connector.

Starts `forkscope --json` and `forkscope --log`, runs tests/integration/workload
(a thread renamed with prctl, a child exec'ing `sh -c 'exit 3'`, a child killed
by SIGKILL, a child with a grandchild), and checks every event of it: pids,
parents, names, command lines and statuses.  With the argument `legacy`,
forkscope runs with FORKSCOPE_DOORBELL=0, as on kernels before 6.6.  Exit 77 (skip) without root or
when the connector is refused."""
import json, os, subprocess, sys, time
from livelib import STOPPED, require_root, start, finish, skip_if_refused

workload = sys.argv[1]
if sys.argv[2:] == ["legacy"]:
    os.environ["FORKSCOPE_DOORBELL"] = "0"
require_root()

js = start("--json")
log = start("--log", "--events", "exec,exit")
time.sleep(0.5)                       # time for the initial /proc snapshot

out = subprocess.run([workload], capture_output=True, text=True, check=True)
ids = json.loads(out.stdout)
time.sleep(0.5)
rest, err = finish(js)
logout, logerr = finish(log)
skip_if_refused(err)
assert js.returncode == STOPPED, (js.returncode, err)
assert log.returncode == STOPPED, (log.returncode, logerr)

events = []
for l in rest.split("\n"):
    if l:
        try:
            e = json.loads(l)
        except ValueError:
            sys.exit(f"not JSON: {l!r}")
        if "event" in e:        # not the header record
            events.append(e)
me, tid, a, b, c, d = (ids[k] for k in ("pid", "tid", "a", "b", "c", "d"))
failures = []

def find(kind, **want):
    for e in events:
        if e["event"] == kind and all(e.get(k) == v for k, v in want.items()):
            return e
    failures.append(f"no {kind} event with {want}")
    return {}

def check(cond, what):
    if not cond:
        failures.append(what)

# the workload itself: exec of the binary we ran
e = find("exec", pid=me, tgid=me)
check(e.get("argv") == [workload], f"workload argv {e.get('argv')}")
# the renamed thread
find("fork", pid=tid, tgid=me)
find("comm", pid=tid, tgid=me, comm="fsw-thread")
e = find("exit", pid=tid, tgid=me)
check(e.get("exit_signal") == -1, f"thread exit_signal {e.get('exit_signal')}")
check(e.get("ends") == "thread", f"thread exit ends {e.get('ends')}")
# child a: exec sh -c 'exit 3'
find("fork", pid=a, tgid=a, ptgid=me)
e = find("exec", pid=a, tgid=a)
check(e.get("comm") == "sh", f"a comm {e.get('comm')}")
check(e.get("argv") == ["sh", "-c", "read x; exit 3", "fsw-marker"], f"a argv {e.get('argv')}")
check(e.get("exe", "").endswith("sh"), f"a exe {e.get('exe')}")
e = find("exit", pid=a, tgid=a)
check(e.get("exit_code") == 768 and e.get("status") == "exit 3", f"a status {e}")
check(e.get("ptgid") in (me, 0), f"a exit parent {e.get('ptgid')}")
check(e.get("comm") == "sh", f"a exit comm {e.get('comm')}")
check(e.get("ends") == "process", f"a exit ends {e.get('ends')}")
# child b: killed
find("fork", pid=b, tgid=b, ptgid=me)
e = find("exit", pid=b, tgid=b)
check(e.get("status") == "SIGKILL" and e.get("exit_code") == 9, f"b status {e}")
# child c and grandchild d
find("fork", pid=c, tgid=c, ptgid=me)
find("fork", pid=d, tgid=d, ptgid=c)
# the exit that ends d (under a sanitizer's runtime thread, its leader's
# may come first and be a thread's)
e = find("exit", tgid=d, ends="process")
check(e.get("status") == "exit 0", f"d status {e}")
check("lifetime_ns" in e, "d lifetime")
find("exit", pid=c, tgid=c)
find("exit", pid=me, tgid=me)
# order: every fork before its exit
pos = {(e["event"], e["pid"]): i for i, e in enumerate(events)}
for p in (a, b, c, d):
    check(pos.get(("fork", p), 1e9) < pos.get(("exit", p), -1), f"fork of {p} after its exit")
check(not any(e["event"] == "lost" for e in events), "events were lost")

# the text log shows the same facts
lines = logout.splitlines()
def logline(kind, pid):
    for l in lines:
        f = l.split()
        if len(f) > 2 and f[1] == kind and f[2] == str(pid):
            return l
    failures.append(f"no {kind} line for {pid} in --log")
    return ""
check("exit 3" in logline("exit", a), "log: a exit 3")
check("fsw-marker" in logline("exec", a), "log: a command line")
check("SIGKILL" in logline("exit", b), "log: b SIGKILL")

if failures:
    print("\n".join(failures))
    print("events of the workload:")
    for e in events:
        if e.get("tgid") in (me, a, b, c, d) or e.get("pid") in (me, tid, a, b, c, d):
            print(" ", json.dumps(e))
    sys.exit(1)
print(f"ok: {len(events)} events, workload pids {ids}")
