#!/usr/bin/env python3
"""make-busy.py - writes rec-busy.jsonl: a busy machine, made up but true to
what the kernel reports, for the viewer's end-to-end tests.

    python3 tests/data/make-busy.py > tests/data/rec-busy.jsonl

What it holds, over about three seconds of a fixed clock:
  - a snapshot: init, sshd, a login shell of alice (1000), cron, a daemon
    "pool" with two threads, and "sleep 1001 forever" (for searches across
    arguments);
  - a compile-like burst: make (under the shell) forks 240 cc1 children that
    each exec, live 20 to 190 ms and exit 0, but one that exits 1; and a
    few "as" children;
  - a failing child deep in the tree: sh -> sh -> runner -> check, which
    exits 3;
  - a thread of the daemon renaming itself (COMM of a thread);
  - a loss and the resync after it: a lost event, the exit (status unknown)
    of a process that died unseen, and a snapshot of one born unseen.
Deterministic: the same file every time.
"""
from recgen import MS, Recording, ids

MONO0 = 2_000_000_000_000          # CLOCK_MONOTONIC of the first event, ns
WALL0 = 1_767_261_600_000_000_000  # 2026-01-01T10:00:00Z

rec = Recording(MONO0, WALL0)
emit, snapshot, fork, exec_, exit_ = rec.emit, rec.snapshot, rec.fork, rec.exec_, rec.exit_


# The machine as the first scan saw it.
snapshot(1, 0, "systemd", ["/sbin/init"], 0, 900)
snapshot(100, 1, "sshd", ["sshd: /usr/sbin/sshd -D"], 0, 800)
snapshot(200, 100, "bash", ["-bash"], 1000, 600)
snapshot(210, 1, "cron", ["/usr/sbin/cron", "-f"], 0, 700)
snapshot(220, 1, "sleep", ["sleep", "1001", "forever"], 0, 500)
snapshot(300, 1, "pool", ["/usr/bin/pool", "--workers", "2"], 0, 400)
snapshot(301, 1, "pool", None, 0, 400, tgid=300)
snapshot(302, 1, "pool", None, 0, 400, tgid=300)
snapshot(250, 1, "doomed", ["/usr/bin/doomed"], 0, 300)

# make under the shell, and its burst of compilers.
fork(10, 400, 200, 1000)
exec_(11, 400, "make", ["make", "-j8", "all"], 1000)
pid = 1000
for i in range(240):
    start = 20 + i * 10
    life = 20 + (i * 37) % 171
    fork(start, pid, 400, 1000)
    exec_(start + 0.5, pid, "cc1", ["/usr/lib/gcc/cc1", "src/file%03d.c" % i, "-O2"], 1000)
    exit_(start + life, pid, 400, 256 if i == 117 else 0, 1000)
    pid += 1
for i in range(3):
    fork(2500 + i * 5, pid, 400, 1000)
    exec_(2500.5 + i * 5, pid, "as", ["as", "-o", "out%d.o" % i], 1000)
    exit_(2530 + i * 5, pid, 400, 0, 1000)
    pid += 1

# A failing child deep in the tree: bash -> sh -> sh -> runner -> check.
chain = [(600, "sh", ["sh", "-c", "./ci.sh"]), (601, "sh", ["sh", "./ci.sh"]),
         (602, "runner", ["./runner", "--all"])]
parent = 200
for i, (p, comm, argv) in enumerate(chain):
    fork(100 + i * 10, p, parent, 1000)
    exec_(101 + i * 10, p, comm, argv, 1000)
    parent = p
fork(200, 603, 602, 1000)
exec_(201, 603, "check", ["./check", "--strict", "net"], 1000)
exit_(1800, 603, 602, 3 << 8, 1000)

# A thread of the daemon renames itself.
emit(1200, "comm", 302, 300, comm="pool-io")

# A loss, then the resync: doomed died unseen, newcomer was born unseen.
emit(2000, "lost", 0, lost=12)
emit(2001, "exit", 250, ppid=1, ptgid=1, exit_code=0, exit_signal=0,
     status_unknown=True, ends="process", **ids(0))
emit(2001, "snapshot", 700, ppid=1, ptgid=1, sid=700, comm="newcomer",
     argv=["/usr/bin/newcomer"], start_ns=MONO0 + 1900 * MS, **ids(0))

rec.write()
