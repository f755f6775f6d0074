#!/usr/bin/env python3
"""report.py - turns the files bench/run.sh collected into a table.

Usage: report.py WORKDIR MARKDOWN_OUT

WORKDIR holds machine.txt (key=value lines), baseline-fork.txt and
baseline-exec.txt (storm output with no reader running) and, for each storm
that ran (fork, exec, and floor: an exec storm read by bench/floor instead
of forkscope), a directory of that name with:
  storm.txt        the storm's key=value line
  pids             "pid index" for every child the storm made
  forkscope.jsonl  forkscope --json output (floor.txt: floor's summary)
  forkstat.txt     forkstat output
  cpu.txt          "tool seconds" lines: CPU (user+sys) spent during the storm

A reader's output is matched against the pids file: for every pid, the number
of fork/exec/exit records it printed counts up to the number of children that
really had that pid (pids wrap during a long storm, and another process may
take one of them).  An exec record is correct when its command line is
exactly "/bin/true forkscope-bench-<i>" with the <i> of that pid's child.
"""

import collections
import json
import os
import sys

TAG = "/bin/true forkscope-bench-"
KINDS = ("fork", "exec", "exit")
MODES = ("fork", "exec", "floor")


def read_kv(path):
    """Reads 'k=v k=v' lines into one dict; {} if the file is missing."""
    kv = {}
    if not os.path.exists(path):
        return kv
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "=" not in line:
                continue
            for word in line.split():
                k, _, v = word.partition("=")
                kv[k] = v
    return kv


def read_machine(path):
    """Reads machine.txt: one 'key=value with spaces' per line."""
    kv = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            kv[k] = v
    return kv


class Seen:
    """What one reader printed for the storm's children."""

    def __init__(self):
        self.count = {k: collections.Counter() for k in KINDS}
        self.cmdlines = []      # (pid, command line) of every exec record
        self.lost_reported = 0  # events the reader said it lost


def parse_forkscope(path):
    """Parses forkscope's JSON Lines; unparsable lines are skipped."""
    seen = Seen()
    if not os.path.exists(path):
        return seen
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            kind = ev.get("event")
            if kind == "lost":
                seen.lost_reported += int(ev.get("lost", ev.get("count", 0)))
                continue
            if kind not in KINDS or "pid" not in ev:
                continue
            pid = int(ev["pid"])
            seen.count[kind][pid] += 1
            if kind == "exec":
                argv = ev.get("argv")
                cmd = " ".join(argv) if isinstance(argv, list) else ev.get("cmdline", "")
                seen.cmdlines.append((pid, cmd or ""))
    return seen


def parse_forkstat(path):
    """Parses forkstat's text: 'TIME EVENT PID INFO... PROCESS'.

    A fork is two lines, 'fork PPID parent' and 'fork PID child'; only the
    child line is counted.  An exec line has no Info column: the rest of the
    line is the command line."""
    seen = Seen()
    if not os.path.exists(path):
        return seen
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.split(None, 3)
            if len(parts) < 3 or parts[1] not in KINDS or not parts[2].isdigit():
                continue
            kind, pid = parts[1], int(parts[2])
            rest = parts[3] if len(parts) > 3 else ""
            if kind == "fork":
                if rest.split()[:1] != ["child"]:
                    continue
            seen.count[kind][pid] += 1
            if kind == "exec":
                seen.cmdlines.append((pid, rest.strip()))
    return seen


def ours(mode):
    """The reader measured against forkstat in storm MODE."""
    return "floor" if mode == "floor" else "forkscope"


def score(mode, expected, pairs, seen):
    """Counts the events of SEEN that match the storm; returns a dict."""
    kinds = KINDS if mode != "fork" else ("fork", "exit")
    matched = 0
    for kind in kinds:
        obs = seen.count[kind]
        matched += sum(min(obs[pid], n) for pid, n in expected.items())
    correct = 0
    if mode != "fork":
        left = set(pairs)
        for pid, cmd in seen.cmdlines:
            if not cmd.startswith(TAG):
                continue
            idx = cmd[len(TAG):]
            if idx.isdigit() and (pid, int(idx)) in left:
                left.discard((pid, int(idx)))
                correct += 1
    total = sum(expected.values()) * len(kinds)
    return {"events": total, "matched": matched, "lost": total - matched,
            "correct": correct, "lost_reported": seen.lost_reported}


def score_floor(expected, path):
    """floor prints only its totals: its CPU is what counts."""
    total = sum(expected.values()) * len(KINDS)
    kv = read_kv(path)
    return {"events": total, "lost": None, "cmdlines": kv.get("cmdlines", "?")}


def load_mode(workdir, mode):
    """Scores both readers on one storm; None if that storm did not run."""
    d = os.path.join(workdir, mode)
    storm = read_kv(os.path.join(d, "storm.txt"))
    if not storm.get("iterations"):
        return None
    expected = collections.Counter()
    pairs = []
    with open(os.path.join(d, "pids"), encoding="ascii") as f:
        for line in f:
            pid, idx = line.split()
            expected[int(pid)] += 1
            pairs.append((int(pid), int(idx)))
    cpu = {}
    with open(os.path.join(d, "cpu.txt"), encoding="ascii") as f:
        for line in f:
            tool, secs = line.split()
            cpu[tool] = None if secs == "-" else float(secs)
    res = {"storm": storm, "tools": {}}
    for tool in (ours(mode), "forkstat"):
        if cpu.get(tool) is None:
            continue
        if tool == "floor":
            r = score_floor(expected, os.path.join(d, "floor.txt"))
        else:
            parse = parse_forkscope if tool == "forkscope" else parse_forkstat
            name = "forkscope.jsonl" if tool == "forkscope" else "forkstat.txt"
            r = score(mode, expected, pairs, parse(os.path.join(d, name)))
        r["cpu"] = cpu[tool]
        r["cpu100k"] = cpu[tool] / r["events"] * 1e5 if r["events"] else 0.0
        res["tools"][tool] = r
    return res


def fmt_ratio(a, b, digits=2):
    """a/b as text, or n/a."""
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.{digits}f}x"


def rows_for(mode, res):
    """Table rows (lists of cells) for one storm."""
    st = res["storm"]
    storm = "exec" if mode == "floor" else mode
    n = int(st["iterations"])
    rows = []
    for tool in (ours(mode), "forkstat"):
        r = res["tools"].get(tool)
        if not r:
            continue
        if r["lost"] is None:
            lost, cmd = "-", f"{r['cmdlines']}/{n} readable"
        else:
            lost = f"{r['lost']} ({100.0 * r['lost'] / r['events']:.2f}%)"
            if tool == "forkscope":
                lost += f", reported {r['lost_reported']}"
            cmd = "-"
            if storm == "exec":
                cmd = f"{r['correct']}/{n} ({100.0 * r['correct'] / n:.1f}%)"
        name = "floor (bench/floor.c)" if tool == "floor" else tool
        rows.append([storm, name, st["iterations"], st["rate"], str(r["events"]),
                     f"{r['cpu']:.2f}", f"{r['cpu100k']:.2f}", lost, cmd])
    a, b = res["tools"].get(ours(mode)), res["tools"].get("forkstat")
    if a and b:
        lost_ratio, cmd = "-", "-"
        if a["lost"] is not None:
            if a["lost"] and b["lost"]:
                lost_ratio = fmt_ratio(a["lost"], b["lost"])
            else:
                lost_ratio = f"{a['lost']} vs {b['lost']}"
            if storm == "exec":
                cmd = fmt_ratio(a["correct"], b["correct"])
        rows.append([storm, f"**{ours(mode)}/forkstat**", "", "", "", "",
                     fmt_ratio(a["cpu100k"], b["cpu100k"]), lost_ratio, cmd])
    return rows


HEADER = ["storm", "reader", "children", "children/s", "events",
          "CPU s", "CPU s per 100k events", "events lost", "exec cmdlines correct"]


def text_table(rows):
    """Aligned plain-text table."""
    rows = [HEADER] + [[c.replace("**", "") for c in r] for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def md_table(rows):
    """GitHub Markdown table."""
    out = ["| " + " | ".join(HEADER) + " |",
           "|" + "|".join("---" for _ in HEADER) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def main():
    workdir, md_out = sys.argv[1], sys.argv[2]
    machine = read_machine(os.path.join(workdir, "machine.txt"))
    base = {m: read_kv(os.path.join(workdir, f"baseline-{m}.txt")) for m in ("fork", "exec")}
    rows = []
    for mode in MODES:
        res = load_mode(workdir, mode)
        if res:
            rows += rows_for(mode, res)
    rates = ", ".join(f"{m} {base[m]['rate']}/s" for m in ("fork", "exec") if base[m].get("rate"))
    intro = (f"Machine: {machine.get('cpu', '?')}, {machine.get('ncpu', '?')} CPUs, "
             f"Linux {machine.get('kernel', '?')}. Storm alone (no reader): {rates}.")
    notes = [
        "Both readers ran at once on the same storm, writing to files; CPU is "
        "user+sys time of each reader from /proc/PID/stat during the storm "
        "and its drain (10 ms ticks), not wall time.",
        "events = what the storm made the kernel report (fork+exit per child, "
        "plus exec in the exec storm); lost = events with no matching line "
        "in that reader's output; forkscope also reports its losses as "
        "\"event\":\"lost\" records.",
        "An exec command line is correct when it is exactly "
        "`/bin/true forkscope-bench-<i>` for that pid's iteration.",
    ]
    if load_mode(workdir, "floor"):
        notes.append(
            "floor is bench/floor.c: a reader that does only what forkscope "
            "must (on each exec it reads cmdline, exe and comm from /proc "
            "at once) and nothing else, in its own exec storm with forkstat. "
            "Its ratio is the lowest any reader doing those reads can reach.")
    notes += [
        f"{machine.get('forkscope', 'forkscope')}; {machine.get('forkstat', 'forkstat')}; "
        f"{machine.get('date', '')}; load average at the start {machine.get('load', '?')}.",
    ]
    if machine.get("callgrind"):
        notes.append(machine["callgrind"])
    print(intro)
    print()
    print(text_table(rows))
    print()
    for n in notes:
        print(" - " + n)
    with open(md_out, "w", encoding="utf-8") as f:
        f.write(intro + "\n\n" + md_table(rows) + "\n\n")
        f.write("".join(f"- {n}\n" for n in notes))
        cmd = ("sudo bench/run.sh " + machine.get("args", "")).strip()
        f.write(f"\nReproduce: `{cmd}`\n")


if __name__ == "__main__":
    main()
