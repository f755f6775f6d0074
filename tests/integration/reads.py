#!/usr/bin/env python3
"""Each exec's cmdline, exe and comm are read from /proc together, once (or
twice when the capture thread is late), one system call to open or read each.

forkscope --json runs for 4 s under strace (the /proc reads only) while this test
starts 30 children that exec `/bin/sleep 0.2`, one every 20 ms.  For each
child, the trace must show the open of /proc/PID/cmdline, that of
/proc/PID/comm and the readlink of /proc/PID/exe the same number of
times: none missed (the capture thread reads each exec, whether the
process is still there or not), none read more often than the others
(54cb2bf read exe twice: one more system call and path walk per exec,
which nothing but this test counts).  The three are read once, or twice
where the capture thread was late and the main loop read them itself
(netlink_resolve; strace slows the threads, the sanitizers more): at
least 20 of the 30 must be read once.  With the
argument `legacy` forkscope runs with FORKSCOPE_DOORBELL=0, where the main
loop makes the same reads.
Exit 77 (skip) without root, without strace, or when the connector is
refused."""
import os, re, subprocess, sys, tempfile, time
import livelib

if sys.argv[1:] == ["legacy"]:
    os.environ["FORKSCOPE_DOORBELL"] = "0"
env = livelib.strace_env()
log = tempfile.NamedTemporaryFile("r")
err = tempfile.TemporaryFile("w+")
p = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=openat,open,readlink,readlinkat",
                      "-o", log.name, os.environ["FORKSCOPE"], "--json", "--events", "exec",
                      "--duration", "4"],
                     stdout=subprocess.DEVNULL, stderr=err, env=env)
time.sleep(1.5)                       # strace, then the initial /proc snapshot
children = []
for i in range(30):
    children.append(subprocess.Popen(["/bin/sleep", "0.2"]))
    time.sleep(0.02)
for c in children:
    c.wait()
p.wait(timeout=20)                    # --duration ends it
err.seek(0)
stderr = err.read()
if "connector unavailable" in stderr:
    print("connector refused:", stderr.strip())
    sys.exit(77)

trace = log.read()
reads = {}                            # (pid, file) -> times
for m in re.finditer(r'(?:openat\(AT_FDCWD, |open\(|readlink\()"/proc/(\d+)/(cmdline|comm|exe)"',
                     trace):
    key = (int(m.group(1)), m.group(2))
    reads[key] = reads.get(key, 0) + 1
bad, twice = [], 0
for c in children:
    got = {f: reads.get((c.pid, f), 0) for f in ("cmdline", "exe", "comm")}
    times = set(got.values())
    if len(times) != 1 or not times <= {1, 2}:
        bad.append((c.pid, got))
    elif times == {2}:
        twice += 1
once = len(children) - len(bad) - twice
print(f"{once} of {len(children)} execs read once, {twice} twice (the capture thread late)")
for pid, got in bad:
    print(f"pid {pid}: {got}")
sys.exit(1 if bad or once < 20 else 0)
