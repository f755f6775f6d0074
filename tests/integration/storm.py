#!/usr/bin/env python3
"""Exec command lines in a storm: captured, and never wrong.

Usage: storm.py STORM [doorbell|legacy|realtime]

forkscope --json runs pinned to one CPU while bench/storm, pinned to
another, forks and execs `/bin/true forkscope-bench-<i>` STORM_COUNT times
as fast as it can; each lives a fraction of a millisecond.  The test then
checks every exec record of the storm's children (those whose parent is the
storm: another process may reuse one of their pids):
  - there is one per child (no event lost, none reported twice);
  - none is wrong: a command line, name or executable that is there is the
    child's own after its exec (never the storm's, never another child's);
  - the share of command lines captured is at least FLOOR[variant], far
    under what an idle machine gives (98-100%), so that other work on a
    loaded 2-CPU machine does not make the test fail (two CPU hogs beside
    it left 88-98% here, 72-75% without the doorbell), yet far above what
    reading late gives (the main socket's 50 ms pause: next to nothing);
    bench/run.sh measures the share itself.
doorbell is the 6.6+ path (the capture thread), legacy the one of older
kernels (FORKSCOPE_DOORBELL=0: the main loop reads /proc), realtime the
doorbell with --realtime, whose thread must then be SCHED_FIFO.
Exit 77 (skip) without root, with fewer than 2 CPUs, or when the connector
is refused."""
import collections, json, os, re, subprocess, sys, tempfile, time
import reader

STORM_COUNT = 2000
FLOOR = {"doorbell": 0.50, "legacy": 0.40, "realtime": 0.50}
TAG = "forkscope-bench-"

fs = os.environ["FORKSCOPE"]
storm = sys.argv[1]
variant = sys.argv[2] if len(sys.argv) > 2 else "doorbell"
if variant == "legacy":
    os.environ["FORKSCOPE_DOORBELL"] = "0"
if os.geteuid() != 0:
    print("not root: skipped")
    sys.exit(77)
cpus = sorted(os.sched_getaffinity(0))
if len(cpus) < 2:
    print("fewer than 2 CPUs: skipped")
    sys.exit(77)
ours, theirs = cpus[0], cpus[1]


def pinned(cpu):
    """A preexec_fn that pins the child to CPU."""
    return lambda: os.sched_setaffinity(0, {cpu})


def thread_policy(pid, name):
    """The scheduling policy of PID's thread NAME (from /proc), or None."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() != name:
                    continue
            with open(f"/proc/{pid}/task/{tid}/sched") as f:
                for line in f:
                    if line.startswith("policy"):
                        return int(line.split(":")[1])
        except OSError:
            continue
    return None


out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
args = [fs, "--json", "--events", "exec"] + (["--realtime"] if variant == "realtime" else [])
p = subprocess.Popen(args, stdout=out, stderr=err, preexec_fn=pinned(ours))
time.sleep(1.0)                       # subscribed, /proc snapshot taken
policy = thread_policy(p.pid, "forkscope-exec") if p.poll() is None else None

with tempfile.NamedTemporaryFile("r") as pids:
    s = subprocess.run([storm, "-m", "exec", "-n", str(STORM_COUNT), "-p", pids.name],
                       capture_output=True, text=True, preexec_fn=pinned(theirs))
    time.sleep(0.5)
    stdout, stderr = reader.stop(p, out, err, timeout=20)
    children = collections.defaultdict(set)   # pid -> indexes
    for line in pids:
        pid, idx = line.split()
        children[int(pid)].add(int(idx))

if variant == "realtime" and "exec doorbell" not in stderr:
    print("no exec doorbell (Linux before 6.6): skipped")
    sys.exit(77)
if s.returncode != 0:
    sys.exit(f"storm failed: {s.stdout} {s.stderr}")
storm_pid = int(re.search(r"\bpid=(\d+)", s.stdout).group(1))
true_exe = os.path.realpath("/bin/true")

records = lost = 0
right, wrong = 0, []
unused = {pid: set(idx) for pid, idx in children.items()}
for line in stdout.splitlines():
    e = json.loads(line)
    if e.get("event") == "lost":
        lost += e.get("lost", 0)
    if e.get("event") != "exec" or e.get("ptgid") != storm_pid:
        continue
    records += 1
    pid, argv = e["pid"], e.get("argv")
    if pid not in children:
        wrong.append(f"pid {pid} is not one of the storm's children: {line}")
        continue
    if "comm" in e and e["comm"] != "true":
        wrong.append(f"pid {pid}: name {e['comm']!r}")
    if "exe" in e and e["exe"] != true_exe:
        wrong.append(f"pid {pid}: executable {e['exe']!r}")
    if argv is None:
        continue                      # not read in time: missing, not wrong
    m = re.fullmatch(re.escape(TAG) + r"(\d+)", argv[1]) if len(argv) == 2 else None
    if argv[0] != "/bin/true" or not m or int(m.group(1)) not in unused[pid]:
        wrong.append(f"pid {pid}: command line {argv!r}")
        continue
    unused[pid].discard(int(m.group(1)))
    right += 1

share = right / STORM_COUNT
print(f"{variant}: {right} of {STORM_COUNT} command lines captured ({100 * share:.1f}%), "
      f"{len(wrong)} wrong, {records} exec records, {lost} events reported lost; "
      f"storm: {s.stdout.strip()}")
for w in wrong[:20]:
    print("wrong:", w)
failed = False
if wrong:
    failed = True
if records != STORM_COUNT and not (lost and records < STORM_COUNT):
    print(f"want one exec record per child: {records} for {STORM_COUNT}")
    failed = True
if share < FLOOR[variant]:
    print(f"want at least {100 * FLOOR[variant]:.0f}% captured")
    failed = True
if variant == "realtime" and policy != 1:
    print(f"the exec thread's policy is {policy}, want 1 (SCHED_FIFO)")
    failed = True
if variant == "realtime" and "exec doorbell (real-time)" not in stderr:
    print(f"stderr does not say the thread is real-time: {stderr!r}")
    failed = True
sys.exit(1 if failed else 0)
