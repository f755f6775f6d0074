#!/usr/bin/env python3
"""Every connector socket forkscope subscribes says IGNORE on the way out.

The kernel never lowers its count of listeners for a socket that closes
without PROC_CN_MCAST_IGNORE, and keeps building events for nobody.
forkscope runs under strace (sendto only) for half a second, with the exec
doorbell (two sockets; the capture thread is joined before the doorbell's
IGNORE) or, with the argument `legacy`, without it (FORKSCOPE_DOORBELL=0:
one socket).  Each socket that sent a LISTEN must have sent a 4-byte IGNORE
afterwards, as its last request.
Exit 77 (skip) without root, without strace, or when the connector is
refused."""
import os, platform, re, subprocess, sys, tempfile
import livelib

if sys.argv[1:] == ["legacy"]:
    os.environ["FORKSCOPE_DOORBELL"] = "0"
env = livelib.strace_env()
with tempfile.NamedTemporaryFile("r") as log:
    r = subprocess.run(["strace", "-f", "-qq", "-e", "trace=sendto", "-o", log.name,
                        os.environ["FORKSCOPE"], "--json", "--duration", "0.5"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       env=env)
    trace = log.read()
if "connector unavailable" in r.stderr:
    print("connector refused:", r.stderr.strip())
    sys.exit(77)
if r.returncode != 0:
    sys.exit(f"forkscope exited {r.returncode}: {r.stderr}")

# The connector request is the string after the nlmsghdr: cn_msg (idx, val,
# seq, ack, len + flags) then len bytes of data, whose first word is the op.
requests = {}   # fd -> ops in order
for line in trace.splitlines():
    m = re.search(r'sendto\((\d+), \[\{nlmsg_len=\d+, nlmsg_type=NLMSG_DONE[^}]*\}, "([^"]*)"', line)
    if not m:
        continue
    data = bytes(int(h, 16) for h in re.findall(r"\\x([0-9a-f]{2})", m.group(2)))
    if len(data) < 24 or data[:8] != b"\x01\x00\x00\x00\x01\x00\x00\x00":
        continue
    length = int.from_bytes(data[16:18], "little")
    op = int.from_bytes(data[20:24], "little")
    requests.setdefault(int(m.group(1)), []).append((length, op))

release = tuple(int(x) for x in re.match(r"(\d+)\.(\d+)", platform.release()).groups())
want = 2 if release >= (6, 6) and os.environ.get("FORKSCOPE_DOORBELL") != "0" else 1
print(f"requests per socket (length, op): {requests}; want {want} sockets")
ok = len(requests) == want
for fd, ops in requests.items():
    if not any(op == 1 for _, op in ops):
        print(f"socket {fd} never sent LISTEN")
        ok = False
    if ops[-1] != (4, 2):
        print(f"socket {fd} did not end with a 4-byte IGNORE: {ops}")
        ok = False
sys.exit(0 if ok else 1)
