#!/usr/bin/python3
"""Writes a long recording to standard output: a build shell forking
compilers, each exec'ing with a long command line of its own and
exiting, one event a millisecond (every 40th compile fails), longer than
a small history keeps (--history-memory 256K --history-file 0); or one
event every STEP milliseconds, for minutes of a recording.  Run from
anywhere: python3 make-long.py [EVENTS [STEP]]"""
import json
import sys

BASE_MONO = 100_000 * 10**9          # 100000 s after boot
BASE_WALL = 1_767_225_600 * 10**9    # 2026-01-01T00:00:00Z
USER = dict(uid=1000, euid=1000, gid=1000, egid=1000)


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
    step = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    out = sys.stdout
    ms = 0

    def ev(**kw):
        d = {"mono_ns": BASE_MONO + ms * 10**6, "wall_ns": BASE_WALL + ms * 10**6}
        d.update(kw)
        out.write(json.dumps(d, separators=(",", ":")) + "\n")

    ev(event="snapshot", pid=1, ppid=0, ptgid=0, comm="init", argv=["/sbin/init"],
       start_ns=BASE_MONO - 3600 * 10**9, sid=1, uid=0, euid=0, gid=0, egid=0)
    ev(event="snapshot", pid=100, ppid=1, ptgid=1, comm="make", argv=["make", "-j2"],
       start_ns=BASE_MONO - 60 * 10**9, sid=100, **USER)
    n, pid = 2, 1000
    while n + 3 <= events:
        ms += step
        ev(event="fork", pid=pid, ppid=100, ptgid=100, comm="make", **USER)
        ms += step
        src = "src/file%05d.c" % (pid - 1000)
        ev(event="exec", pid=pid, ppid=100, ptgid=100, comm="cc1", exe="/usr/lib/cc1",
           argv=["cc1", "-O2", "-I" + "include/" * 20, src, "-o", src + ".o"], **USER)
        ms += step
        code = 256 if pid % 40 == 0 else 0
        ev(event="exit", pid=pid, ppid=100, ptgid=100, comm="cc1", exit_code=code,
           exit_signal=17, **USER)
        n, pid = n + 3, pid + 1


main()
