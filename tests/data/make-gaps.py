#!/usr/bin/env python3
"""make-gaps.py - writes rec-gaps.jsonl: a quiet shell whose events come
seconds apart, for the time cursor's steps across spans with no event in
them, and a recording that does not start on a whole second.

    python3 tests/data/make-gaps.py > tests/data/rec-gaps.jsonl

What it holds (a fixed clock: 05:18:38.870 UTC on 2026-01-01):
  - a snapshot: systemd, sshd, and a login shell of alice (1000);
  - 52 ms later the shell forks and execs make (events 4 and 5);
  - 3 s after that make forks cc, which execs, and 3 s later exits;
  - 3 s later make forks ld, which execs, and 3 s later exits 1;
  - make exits 2 another 3 s later, the last event (event 12).
Deterministic: the same file every time.
"""
from recgen import Recording

MONO0 = 9_000_000_000_000          # CLOCK_MONOTONIC of the first event, ns
WALL0 = 1_767_244_718_870_000_000  # 2026-01-01T05:18:38.870Z

rec = Recording(MONO0, WALL0)

rec.snapshot(1, 0, "systemd", ["/sbin/init"], 0, 900)
rec.snapshot(100, 1, "sshd", ["sshd: /usr/sbin/sshd -D"], 0, 800)
rec.snapshot(200, 100, "bash", ["-bash"], 1000, 600)

rec.fork(52, 300, 200, 1000)
rec.exec_(52.5, 300, "make", ["make", "all"], 1000)
rec.fork(3052, 301, 300, 1000)
rec.exec_(3052.5, 301, "cc", ["cc", "-c", "main.c"], 1000)
rec.exit_(6052, 301, 300, 0, 1000)
rec.fork(9052, 302, 300, 1000)
rec.exec_(9052.5, 302, "ld", ["ld", "-o", "app", "main.o"], 1000)
rec.exit_(12052, 302, 300, 1 << 8, 1000)
rec.exit_(15052, 300, 200, 2 << 8, 1000)

rec.write()
