#!/usr/bin/env python3
"""make-build.py - writes rec-build.jsonl: a build whose ends carry what
they cost, made up but true to what the kernel's task statistics report
(issue 20), for the viewer's tests of costs and subtree totals.

    python3 tests/data/make-build.py > tests/data/rec-build.jsonl

What it holds, over six seconds of a fixed clock (12:00:00 UTC on
2026-01-01):
  - a snapshot: systemd, sshd, a login shell of alice (1000), and under it
    "make -j4" (pid 300), started two seconds before;
  - make forks twelve cc1 from 0.2 s, each exec'ing and ending after 180
    to 400 ms with its cost (CPU time with user and system parts, peak
    memory, disk bytes, context switches, the CPU delay); the ninth exits
    1, the eleventh's statistics did not come (cost_unknown);
  - make forks "sh -c 'java ...'" at 3 s, whose java is killed by the
    OOM killer at 4.2 s (1.9 GiB at most), and sh exits 137 after it;
  - make forks ld at 4.5 s, which is still running at the end;
  - the last event at 6 s: the shell renames a thread-less sleeper.
Deterministic: the same file every time.
"""
from recgen import Recording, ids

MONO0 = 7_000_000_000_000          # CLOCK_MONOTONIC of the first event, ns
WALL0 = 1_767_268_800_000_000_000  # 2026-01-01T12:00:00Z
MS = 1_000_000
MIB = 1 << 20

rec = Recording(MONO0, WALL0)
emit, snapshot, fork, exec_ = rec.emit, rec.snapshot, rec.fork, rec.exec_


def end(t, pid, ppid, code, uid, **cost):
    """PID's end with raw wait status CODE and what it cost."""
    emit(t, "exit", pid, ppid=ppid, ptgid=ppid, exit_code=code, exit_signal=17,
         ends="process", **ids(uid), **cost)


def cost(cpu_ms, user_share, peak_mib, read_kib, write_kib, waits, preempted, delay_us):
    """The fields of a measured end, in the order --json writes them."""
    cpu = cpu_ms * MS
    user = cpu * user_share // 100
    return {"cpu_ns": cpu, "cpu_user_ns": user, "cpu_system_ns": cpu - user,
            "peak_rss_bytes": peak_mib * MIB, "disk_read_bytes": read_kib * 1024,
            "disk_write_bytes": write_kib * 1024, "ctx_switches_voluntary": waits,
            "ctx_switches_involuntary": preempted, "delay_cpu_ns": delay_us * 1000}


snapshot(1, 0, "systemd", ["/sbin/init"], 0, 900)
snapshot(100, 1, "sshd", ["sshd: /usr/sbin/sshd -D"], 0, 800)
snapshot(200, 100, "bash", ["-bash"], 1000, 600)
snapshot(300, 200, "make", ["make", "-j4"], 1000, 2)
snapshot(310, 200, "sleep", ["sleep", "3600"], 1000, 100)

# Twelve compiles, four at a time.
for i in range(12):
    pid, t = 1000 + i, 200 + (i // 4) * 900 + (i % 4) * 40
    life = 180 + (i * 37) % 220
    fork(t, pid, 300, 1000)
    exec_(t + 1, pid, "cc1", ["/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-quiet",
                              "src/unit%02d.c" % i, "-O2"], 1000)
    code = 1 << 8 if i == 8 else 0
    if i == 10:
        end(t + life, pid, 300, code, 1000, cost_unknown=True)
    else:
        end(t + life, pid, 300, code, 1000,
            **cost(life - 20 - i, 85, 40 + (i * 29) % 90, 300 + i * 16, 120 + i * 8,
                   12 + i, 3 + i % 5, 800 + i * 50))

# A test run the OOM killer ends.
fork(3000, 1500, 300, 1000)
exec_(3001, 1500, "sh", ["sh", "-c", "java -Xmx4g -jar tests.jar"], 1000)
fork(3010, 1501, 1500, 1000)
exec_(3011, 1501, "java", ["java", "-Xmx4g", "-jar", "tests.jar"], 1000)
end(4200, 1501, 1500, 9, 1000, oom_kill=True,
    **cost(2100, 90, 1946, 51200, 64, 230, 410, 52000))
end(4210, 1500, 300, 137 << 8, 1000, **cost(2, 50, 3, 0, 0, 2, 0, 10))

# The link, still running at the end.
fork(4500, 1600, 300, 1000)
exec_(4501, 1600, "ld", ["/usr/bin/ld", "-o", "app", "src/unit00.o"], 1000)

emit(6000, "comm", 310, comm="sleeper", **ids(1000))

rec.write()
