#!/usr/bin/python3
"""Writes hostile.jsonl: a hand-made recording whose process names and
command lines hold escape sequences (clear screen, colours, a window title),
BEL, newlines, C1 controls, a bidi override, wide characters, DEL and a long
command line.  Recordings are JSON, so invalid UTF-8 cannot be in them: the
live test covers that.  Run from anywhere: python3 make-hostile.py"""
import json
import os

BASE_MONO = 100_000 * 10**9          # 100000 s after boot
BASE_WALL = 1_767_225_600 * 10**9    # 2026-01-01T00:00:00Z
USER = dict(uid=1000, euid=1000, gid=1000, egid=1000)
ROOT = dict(uid=0, euid=0, gid=0, egid=0)
HOSTILE = [
    ("\x1b[2J\x1b[31mclear", ["clear", "\x1b[2J\x1b[H\x1b[31mscreen cleared"]),
    ("\x1b]0;pwned\x07", ["title", "\x1b]0;pwned\x07"]),
    ("bell\x07\x07\x07", ["bell", "\x07"]),
    ("new\nline\ttab", ["nl", "a\nb\rc\td"]),
    ("c1\u009b31mcsi", ["c1", "\u009b2J"]),
    ("rtl\u202eevil", ["rtl", "\u202etxt.exe"]),
    ("wide\u4e2d\u6587", ["wide", "\u4e2d\u6587\u4e2d\u6587"]),
    ("del\x7fx", ["long"] + ["x" * 200] * 20),
]


def main():
    lines = []

    def ev(ms, **kw):
        d = {"mono_ns": BASE_MONO + ms * 10**6, "wall_ns": BASE_WALL + ms * 10**6}
        d.update(kw)
        lines.append(d)

    ev(0, event="snapshot", pid=1, ppid=0, ptgid=0, comm="init", argv=["/sbin/init"],
       start_ns=BASE_MONO - 3600 * 10**9, sid=1, **ROOT)
    ev(0, event="snapshot", pid=100, ppid=1, ptgid=1, comm="sh", argv=["sh", "-c", "hostile"],
       start_ns=BASE_MONO - 60 * 10**9, sid=100, **USER)
    pid, ms = 101, 10
    for comm, argv in HOSTILE:
        ev(ms, event="fork", pid=pid, ppid=100, ptgid=100, comm="sh", **USER)
        ev(ms + 1, event="exec", pid=pid, comm=comm, argv=argv, exe="/usr/bin/x", **USER)
        pid, ms = pid + 1, ms + 10
    # One that renames itself to a blinking name and dies of SIGSEGV.
    ev(ms, event="fork", pid=pid, ppid=100, ptgid=100, comm="sh", **USER)
    ev(ms + 1, event="comm", pid=pid, comm="\x1b[5mdying\x1b[0m", **USER)
    ev(ms + 2, event="exit", pid=pid, ppid=100, ptgid=100, exit_code=11, exit_signal=17, **USER)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile.jsonl")
    with open(out, "w") as f:
        for d in lines:
            f.write(json.dumps(d, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
