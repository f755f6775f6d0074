"""recgen.py - writing made-up recordings (JSON Lines, as forkscope --json
writes them) that stay true to what the kernel reports: the helpers that
make-busy.py and make-flood.py share.

A Recording collects events at milliseconds past its fixed clocks and
writes them sorted by time (a stable sort: events of one moment keep the
order they were made in), so that the same script writes the same file
every time.
"""
import datetime
import json
import sys

MS = 1_000_000


def iso(wall):
    """The RFC 3339 time of WALL (ns since 1970, UTC), to the microsecond."""
    dt = datetime.datetime.fromtimestamp(wall // 1_000_000_000, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % (wall % 1_000_000_000 // 1000)


def ids(uid):
    """The ids of a process of user UID (its group the same number)."""
    return {"uid": uid, "euid": uid, "gid": uid, "egid": uid}


class Recording:
    """Events at T_MS past the clocks MONO0 (CLOCK_MONOTONIC, ns) and WALL0
    (CLOCK_REALTIME, ns)."""

    def __init__(self, mono0, wall0):
        self.mono0 = mono0
        self.wall0 = wall0
        self.out = []

    def emit(self, t_ms, kind, pid, tgid=None, **fields):
        """An event of KIND about PID (thread) of TGID (default: PID)."""
        mono = self.mono0 + int(t_ms * MS)
        wall = self.wall0 + int(t_ms * MS)
        ev = {"time": iso(wall), "mono_ns": mono, "wall_ns": wall, "event": kind,
              "cpu": 0, "pid": pid, "tgid": tgid if tgid is not None else pid}
        ev.update(fields)
        self.out.append(ev)

    def snapshot(self, pid, ppid, comm, argv, uid, start_s, tgid=None, **extra):
        """The first scan's view of PID, started START_S seconds before."""
        self.emit(0, "snapshot", pid, tgid, ppid=ppid, ptgid=ppid, sid=1, comm=comm,
                  argv=argv, start_ns=self.mono0 - int(start_s * 1_000_000_000),
                  **ids(uid), **extra)

    def fork(self, t, pid, ppid, uid):
        self.emit(t, "fork", pid, ppid=ppid, ptgid=ppid, **ids(uid))

    def exec_(self, t, pid, comm, argv, uid):
        self.emit(t, "exec", pid, comm=comm, exe=argv[0], argv=argv, **ids(uid))

    def exit_(self, t, pid, ppid, code, uid):
        """PID's end with raw wait status CODE."""
        self.emit(t, "exit", pid, ppid=ppid, ptgid=ppid, exit_code=code, exit_signal=17,
                  ends="process", **ids(uid))

    def write(self, f=sys.stdout):
        """The events, sorted by time, one JSON object a line."""
        self.out.sort(key=lambda e: e["mono_ns"])
        for ev in self.out:
            f.write(json.dumps(ev, separators=(",", ":")) + "\n")
