#!/usr/bin/env python3
"""Command lines of short-lived processes are read the moment they exec.

forkscope leaves its main socket unread for a pause after each read (see
src/source/netlink.c); on 6.6+ an EXEC-only socket, the exec doorbell, wakes
it at once instead.  Each of 20 children execs `sh -c 'read x' MARK-i`,
lives 3 ms and exits; the test then waits 60 ms, so that the next fork
starts a pause of its own.  Were execs read only when the pause ends (50 ms
after the fork), their command lines would be gone; the test wants at least
16 of 20 captured, none of them reported twice.
It also checks how many connector sockets forkscope holds: two with the
doorbell, one before Linux 6.6 or with the argument `legacy`, which runs
forkscope with FORKSCOPE_DOORBELL=0 (the path of older kernels).
Exit 77 (skip) without root or when the connector is refused."""
import json, os, platform, re, subprocess, sys, tempfile, time
import reader

fs = os.environ["FORKSCOPE"]
if sys.argv[1:] == ["legacy"]:
    os.environ["FORKSCOPE_DOORBELL"] = "0"
if os.geteuid() != 0:
    print("not root: skipped")
    sys.exit(77)

out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
p = subprocess.Popen([fs, "--json", "--events", "exec"], stdout=out, stderr=err)
time.sleep(0.5)                       # the initial /proc snapshot

# NETLINK_CONNECTOR sockets of forkscope, from /proc/net/netlink (protocol
# 11) matched against its fds' inodes.
inodes = set()
for fd in os.listdir(f"/proc/{p.pid}/fd"):
    target = os.readlink(f"/proc/{p.pid}/fd/{fd}")
    if target.startswith("socket:["):
        inodes.add(target[8:-1])
with open("/proc/net/netlink") as f:
    rows = [l.split() for l in f.readlines()[1:]]
sockets = sum(1 for r in rows if r[1] == "11" and r[-1] in inodes)

mark = f"fscap-{os.getpid()}"
for i in range(20):
    child = subprocess.Popen(["/bin/sh", "-c", "read x", f"{mark}-{i}"],
                             stdin=subprocess.PIPE)
    time.sleep(0.003)
    child.stdin.close()
    child.wait()
    time.sleep(0.060)                 # the pause, and any read after it, end
time.sleep(0.2)
stdout, _ = reader.stop(p, out, err)

seen = []
for line in stdout.splitlines():
    e = json.loads(line)
    argv = e.get("argv") or []
    if argv and argv[-1].startswith(mark + "-"):
        seen.append(argv[-1])
captured = len(set(seen))
dups = sorted(m for m in set(seen) if seen.count(m) > 1)

release = tuple(int(x) for x in re.match(r"(\d+)\.(\d+)", platform.release()).groups())
want = 2 if release >= (6, 6) and os.environ.get("FORKSCOPE_DOORBELL") != "0" else 1
print(f"captured {captured} of 20 command lines; {sockets} connector sockets (want {want})")
if dups:
    print("reported more than once:", dups)
if sockets != want or dups:
    sys.exit(1)
if captured < 16:
    sys.exit(1)
