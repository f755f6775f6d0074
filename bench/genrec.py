#!/usr/bin/env python3
"""genrec.py - writes a synthetic recording (JSON Lines as --json writes
them) of a given shape, for bench/pathological.sh.

Usage: genrec.py SHAPE [N] > rec.jsonl
  normal   200 processes found by the snapshot (init, daemons, 20 shells),
           then shells forking children that exec a compiler and exit at
           once: N events (default 300000), few processes alive at a time
           (an exec storm)
  forks    the same snapshot, then shells forking children that exit at
           once without an exec: N events (default 300000; a fork storm)
  orphans  100000 processes forked by parents the recording never shows
           (as in a recording made with --events, which has no snapshot),
           each exec'ing; then they all exit: 300000 events
  chain    a chain 50000 deep, each process forked by the one before and
           exec'ing; then they exit, the top first: 150000 events
  fanout   one parent forks 100000 children that exec and stay; then they
           all exit, then the parent: 300002 events

Every child execs with a command line, as real ones do, so that each shape
costs the reader and the printer what a real recording of its size does
and only the shape of the tree differs."""
import json, sys, time

WALL0 = 1_714_564_800_000_000_000   # 2024-05-01T12:00:00Z
mono = 1_000_000_000_000


def line(kind, pid, ppid=None, **fields):
    """One record, fields in the order json_event writes them."""
    global mono
    mono += 10_000
    wall = WALL0 + mono
    sec, ns = divmod(wall, 1_000_000_000)
    d = {"time": "%s.%06dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)), ns // 1000),
         "mono_ns": mono, "wall_ns": wall, "event": kind, "cpu": pid % 2,
         "pid": pid, "tgid": pid}
    if ppid is not None:
        d["ppid"] = d["ptgid"] = ppid
    d.update({"uid": 1000, "euid": 1000, "gid": 1000, "egid": 1000})
    d.update(fields)
    return json.dumps(d, separators=(",", ":")) + "\n"


def fork(pid, ppid):
    return line("fork", pid, ppid, comm="make")


def exec_(pid, i):
    return line("exec", pid, comm="cc1", exe="/usr/lib/gcc/x86_64-linux-gnu/12/cc1",
                argv=["/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-quiet", "src/file%d.c" % i,
                      "-O2", "-o", "/tmp/cc%06d.s" % i])


def exit_(pid, ppid):
    return line("exit", pid, ppid, comm="cc1", exit_code=0, status="exit 0", exit_signal=17,
                ends="process")


def snapshot(pid, ppid, comm, argv):
    return line("snapshot", pid, ppid, sid=pid, comm=comm, exe="/usr/bin/" + comm, argv=argv,
                start_ns=1_000_000_000)


def machine():
    """The snapshot of normal and forks, and the shells' pids."""
    out = [snapshot(1, 0, "systemd", ["/sbin/init"])]
    shells = []
    for pid in range(2, 201):
        if pid % 10 == 0:
            shells.append(pid)
            out.append(snapshot(pid, 1, "bash", ["-bash"]))
        else:
            out.append(snapshot(pid, 1, "daemon%d" % pid, ["/usr/sbin/daemon%d" % pid, "-f"]))
    return out, shells


def normal(n):
    out, shells = machine()
    pid, i = 1000, 0
    while len(out) + 3 <= n:
        sh = shells[i % len(shells)]
        out += [fork(pid, sh), exec_(pid, i), exit_(pid, sh)]
        pid = pid + 1 if pid < 4_000_000 else 1000
        i += 1
    return out


def forks(n):
    out, shells = machine()
    pid, i = 1000, 0
    while len(out) + 2 <= n:
        sh = shells[i % len(shells)]
        out += [line("fork", pid, sh, comm="bash"),
                line("exit", pid, sh, comm="bash", exit_code=0, status="exit 0", exit_signal=17,
                     ends="process")]
        pid = pid + 1 if pid < 4_000_000 else 1000
        i += 1
    return out


def orphans():
    kids = range(1000, 101000)
    out = []
    for i, pid in enumerate(kids):
        out += [fork(pid, 4_000_000 + i % 1000), exec_(pid, i)]
    out += [exit_(pid, 4_000_000 + i % 1000) for i, pid in enumerate(kids)]
    return out


def chain():
    out = []
    for i, pid in enumerate(range(1000, 51000)):
        out += [fork(pid, pid - 1), exec_(pid, i)]
    out += [exit_(pid, 1 if pid > 1000 else 999) for pid in range(1000, 51000)]
    return out


def fanout():
    out = [snapshot(999, 1, "make", ["make", "-j"])]
    for i, pid in enumerate(range(1000, 101000)):
        out += [fork(pid, 999), exec_(pid, i)]
    out += [exit_(pid, 999) for pid in range(1000, 101000)]
    out.append(exit_(999, 1))
    return out


def main():
    shape = sys.argv[1] if len(sys.argv) > 1 else ""
    shapes = {"orphans": orphans, "chain": chain, "fanout": fanout}
    if shape in ("normal", "forks"):
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
        lines = normal(n) if shape == "normal" else forks(n)
    elif shape in shapes:
        lines = shapes[shape]()
    else:
        sys.exit(__doc__)
    sys.stdout.writelines(lines)


if __name__ == "__main__":
    main()
