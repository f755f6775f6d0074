#!/usr/bin/env python3
"""Each exec is read from /proc once: cmdline, exe and comm, one system call
to open or read each.

forkscope --json runs for 4 s under strace (the /proc reads only) while this test
starts 30 children that exec `/bin/sleep 0.2`, one every 20 ms.  For each
child, the trace must show exactly one open of /proc/PID/cmdline, one of
/proc/PID/comm and one readlink of /proc/PID/exe: none missed (the capture
thread reads each exec, whether the process is still there or not) and
none done twice (two readlinks per exec once cost a fifth more time in
the kernel's path walk, and nothing but this test counts them).  With the
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
bad = []
for c in children:
    got = {f: reads.get((c.pid, f), 0) for f in ("cmdline", "exe", "comm")}
    if got != {"cmdline": 1, "exe": 1, "comm": 1}:
        bad.append((c.pid, got))
print(f"{len(children) - len(bad)} of {len(children)} execs read once each")
for pid, got in bad:
    print(f"pid {pid}: {got}")
sys.exit(1 if bad else 0)
