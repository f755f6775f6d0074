#!/usr/bin/env python3
"""make-flood.py - writes rec-flood.jsonl: a machine where a job fails over
and over, made up but true to what the kernel reports, for the tests of what
the viewer keeps in place (issue 19).

    python3 tests/data/make-flood.py > tests/data/rec-flood.jsonl

What it holds, over ten seconds of a fixed clock (12:00:00 UTC on
2026-01-01):
  - a snapshot: systemd, kthreadd and five kernel threads under it, sshd, a
    login shell of alice (1000), cron, a "jobrunner" daemon (pid 1234) and
    a long "sleep 3600" under the shell;
  - a failing job: cron forks backup-job at 0.5 s, which execs and exits 2
    at 1.5 s;
  - a flood: from 1 s to 8.92 s, jobrunner forks a child every 80 ms that
    execs "sh -c 'exit 3'" and exits 3 after 3 ms (100 of them);
  - between them, every 500 ms, the shell runs "date", which exits 0;
  - the last event at 10 s: a rename of the shell's sleep.
Deterministic: the same file every time.
"""
from recgen import Recording

MONO0 = 5_000_000_000_000          # CLOCK_MONOTONIC of the first event, ns
WALL0 = 1_767_268_800_000_000_000  # 2026-01-01T12:00:00Z

rec = Recording(MONO0, WALL0)
emit, snapshot, fork, exec_, exit_ = rec.emit, rec.snapshot, rec.fork, rec.exec_, rec.exit_

snapshot(1, 0, "systemd", ["/sbin/init"], 0, 900)
snapshot(2, 0, "kthreadd", None, 0, 900, kthread=True)
for k, name in enumerate(["rcu_gp", "kworker/0:0", "kworker/1:1", "ksoftirqd/0", "kcompactd0"]):
    snapshot(3 + k, 2, name, None, 0, 900, kthread=True)
snapshot(100, 1, "sshd", ["sshd: /usr/sbin/sshd -D"], 0, 800)
snapshot(200, 100, "bash", ["-bash"], 1000, 600)
snapshot(300, 1, "cron", ["/usr/sbin/cron", "-f"], 0, 700)
snapshot(1234, 1, "jobrunner", ["/usr/bin/jobrunner", "--retry", "forever"], 0, 500)
snapshot(210, 200, "sleep", ["sleep", "3600"], 1000, 100)

# The failing job.
fork(500, 2000, 300, 0)
exec_(501, 2000, "backup-job", ["/bin/sh", "/usr/local/bin/backup-job", "--full"], 0)
exit_(1500, 2000, 300, 2 << 8, 0)

# The flood.
pid = 3000
for i in range(100):
    t = 1000 + i * 80
    fork(t, pid, 1234, 0)
    exec_(t + 0.5, pid, "sh", ["sh", "-c", "exit 3"], 0)
    exit_(t + 3, pid, 1234, 3 << 8, 0)
    pid += 1

# The shell's date every 500 ms.
pid = 5000
for i in range(19):
    t = 250 + i * 500
    fork(t, pid, 200, 1000)
    exec_(t + 0.5, pid, "date", ["date", "+%s"], 1000)
    exit_(t + 2, pid, 200, 0, 1000)
    pid += 1

emit(10000, "comm", 210, comm="sleeper")

rec.write()
