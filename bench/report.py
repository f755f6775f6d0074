#!/usr/bin/env python3
"""report.py - turns the files bench/run.sh collected into a report.

Usage: report.py WORKDIR MARKDOWN_OUT

WORKDIR holds machine.txt (key=value lines), baseline-fork.txt and
baseline-exec.txt (storm output with no reader running) and, for each run,
a directory MODE-PLACEMENT-I (MODE fork, exec or floor: an exec storm read
by bench/floor instead of forkscope; PLACEMENT pinned or shared) with:
  run.txt          placement, run, how the readers were placed or started,
                   load average at the start, busy share of all CPUs
  storm.txt        the storm's key=value line
  pids             "pid index" for every child the storm made
  forkscope.jsonl  forkscope --json output (floor.txt: floor's summary)
  forkstat.txt     forkstat output (nots.jsonl: forkscope --json
                   --no-taskstats, the other reader of run.sh -t)
  cpu.txt          "tool seconds" lines: CPU (user+sys) spent during the storm

A reader's output is matched against the pids file: for every pid, the number
of fork/exec/exit records it printed counts up to the number of children that
really had that pid (pids wrap during a long storm, and another process may
take one of them).  An exec record is right when its command line is
exactly "/bin/true forkscope-bench-<i>" with the <i> of that pid's child,
and wrong when it shows another command line (forkstat shows the pre-exec
one when it was too late); missing command lines are neither.
"""

import collections
import json
import os
import re
import statistics
import sys

TAG = "/bin/true forkscope-bench-"
KINDS = ("fork", "exec", "exit")
MODES = ("fork", "exec", "floor")
# Where results.md's sections from other benchmarks (viewer.sh, timetravel)
# begin: a report rewrites what comes before and keeps the rest.
MORE_MARK = "## Other benchmarks"
PLACEMENTS = ("pinned", "shared")
PLACEMENT_TEXT = {
    "pinned": "pinned: each reader on a CPU of its own (swapped each run)",
    "shared": "shared: no pinning, the reader started first alternating",
}


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


def read_lines_kv(path):
    """Reads one 'key=value with spaces' per line."""
    kv = {}
    if not os.path.exists(path):
        return kv
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            kv[k] = v
    return kv


# The other reader: forkstat, or forkscope without task statistics (run.sh
# -t, which names it in machine.txt as peer=nots), and how it is called.
PEER_NAMES = {"forkstat": "forkstat", "nots": "forkscope --no-taskstats"}


class Seen:
    """What one reader printed for the storm's children."""

    def __init__(self):
        self.count = {k: collections.Counter() for k in KINDS}
        self.cmdlines = []      # (pid, command line) of every exec record
        self.lost_reported = 0  # events the reader said it lost
        self.costs = collections.Counter()  # ends of processes with a cost


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
            if kind == "exit" and "cpu_ns" in ev:
                seen.costs[pid] += 1
            if kind == "exec":
                argv = ev.get("argv")
                cmd = " ".join(argv) if isinstance(argv, list) else ""
                seen.cmdlines.append((pid, cmd))
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


def score(mode, expected, pairs, seen):
    """Counts the events of SEEN that match the storm; returns a dict."""
    kinds = KINDS if mode != "fork" else ("fork", "exit")
    matched = 0
    for kind in kinds:
        obs = seen.count[kind]
        matched += sum(min(obs[pid], n) for pid, n in expected.items())
    right = wrong = 0
    if mode != "fork":
        left = set(pairs)
        for pid, cmd in seen.cmdlines:
            if pid not in expected or not cmd:
                continue
            m = re.fullmatch(re.escape(TAG) + r"(\d+)", cmd)
            if m and (pid, int(m.group(1))) in left:
                left.discard((pid, int(m.group(1))))
                right += 1
            else:
                wrong += 1
    total = sum(expected.values()) * len(kinds)
    costs = sum(min(seen.costs[pid], n) for pid, n in expected.items())
    return {"events": total, "matched": matched, "lost": total - matched,
            "right": right, "wrong": wrong, "lost_reported": seen.lost_reported,
            "costs": costs}


def score_floor(expected, path):
    """floor prints only its totals: its CPU and the share of all the execs
    it saw (the storm's and any other process's) whose command line it
    could read."""
    total = sum(expected.values()) * len(KINDS)
    kv = read_kv(path)
    execs, cmdlines = kv.get("execs", ""), kv.get("cmdlines", "")
    readable = None
    if execs.isdigit() and cmdlines.isdigit() and int(execs):
        readable = int(cmdlines) / int(execs)
    return {"events": total, "lost": None, "readable": readable, "right": None,
            "wrong": None}


def ours(mode):
    """The reader measured against forkstat in storm MODE."""
    return "floor" if mode == "floor" else "forkscope"


def load_run(d, mode, peer):
    """Scores both readers (ours and PEER) in one run directory; None if it
    did not run."""
    storm = read_kv(os.path.join(d, "storm.txt"))
    if not storm.get("iterations"):
        return None
    run = read_lines_kv(os.path.join(d, "run.txt"))
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
    res = {"mode": mode, "storm": storm, "run": run, "n": len(pairs), "tools": {},
           "exec_thread": cpu.get("forkscope-exec")}
    for tool in (ours(mode), peer):
        if cpu.get(tool) is None:
            continue
        if tool == "floor":
            r = score_floor(expected, os.path.join(d, "floor.txt"))
        else:
            parse = parse_forkstat if tool == "forkstat" else parse_forkscope
            name = "forkstat.txt" if tool == "forkstat" else f"{tool}.jsonl"
            r = score(mode, expected, pairs, parse(os.path.join(d, name)))
        r["cpu"] = cpu[tool]
        r["cpu100k"] = cpu[tool] / r["events"] * 1e5 if r["events"] else 0.0
        # The tables compare ours with the peer, whichever it is.
        res["tools"]["peer" if tool == peer else tool] = r
    return res


def load_runs(workdir, peer):
    """All runs, as {(mode, placement): [run, ...]} in run order."""
    runs = collections.defaultdict(list)
    names = sorted(os.listdir(workdir))
    for mode in MODES:
        for placement in PLACEMENTS:
            pat = re.compile(re.escape(f"{mode}-{placement}-") + r"(\d+)$")
            found = sorted((int(m.group(1)), n) for n in names if (m := pat.match(n)))
            for _, name in found:
                r = load_run(os.path.join(workdir, name), mode, peer)
                if r:
                    runs[(mode, placement)].append(r)
    return runs


def pct(a, n):
    """a/n as a percentage."""
    return 100.0 * a / n if n else 0.0


def med_range(values, fmt):
    """'median (min-max)' of VALUES with FMT, or the one value."""
    if not values:
        return "-"
    m = statistics.median(values)
    if len(values) == 1:
        return fmt.format(m)
    return f"{fmt.format(m)} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def share(run, tool):
    """The share of right command lines TOOL got in RUN, in percent (floor:
    of readable ones)."""
    r = run["tools"].get(tool)
    if r and r.get("readable") is not None:
        return 100.0 * r["readable"]
    if not r or r["right"] is None:
        return None
    return pct(r["right"], run["n"])


def capture_table(runs, name):
    """The capture table: one row per placement of each exec-like storm;
    NAME calls the peer."""
    header = ["placement", "reader", "runs", "right: reader, median (range)",
              f"right: {name}, median (range)", "difference (points)",
              f"runs reader >= {name}", f"wrong (reader / {name})"]
    rows = []
    for mode in ("exec", "floor"):
        me = ours(mode)
        for placement in PLACEMENTS:
            rs = runs.get((mode, placement), [])
            if not rs:
                continue
            mine = [s for s in (share(r, me) for r in rs) if s is not None]
            theirs = [s for s in (share(r, "peer") for r in rs) if s is not None]
            pairs = [(share(r, me), share(r, "peer")) for r in rs]
            pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
            ahead = sum(1 for a, b in pairs if a >= b)
            diff = [a - b for a, b in pairs]
            if mode == "floor":
                # Its share is of all execs, not of the storm's: no match.
                wrong = diff_text = ahead_text = "-"
                who = "floor (readable, of all execs)"
            else:
                wrong = "{} / {}".format(
                    sum(r["tools"]["forkscope"]["wrong"] for r in rs if "forkscope" in r["tools"]),
                    sum(r["tools"]["peer"]["wrong"] for r in rs if "peer" in r["tools"]))
                who = "forkscope"
                diff_text = med_range(diff, "{:+.1f}")
                ahead_text = f"{ahead} of {len(pairs)}"
            rows.append([placement, who, str(len(rs)),
                         med_range(mine, "{:.1f}%"), med_range(theirs, "{:.1f}%"),
                         diff_text, ahead_text, wrong])
    return "Exec command lines captured (fork+exec storms)", header, rows


def cpu_table(runs, name):
    """The CPU table: one row per storm, over both placements; NAME calls
    the peer."""
    header = ["storm (median rate)", "reader", "runs", "reader CPU s / 100k events",
              f"{name} CPU s / 100k events", "ratio, median (range)",
              f"events lost (reader / {name})", "forkscope's exec thread, share of its CPU",
              "ends with a cost (reader)"]
    rows = []
    for mode in MODES:
        me = ours(mode)
        rs = runs.get((mode, "pinned"), []) + runs.get((mode, "shared"), [])
        rs = [r for r in rs if me in r["tools"] and "peer" in r["tools"]]
        if not rs:
            continue
        mine = [r["tools"][me]["cpu100k"] for r in rs]
        theirs = [r["tools"]["peer"]["cpu100k"] for r in rs]
        ratios = [a / b for a, b in zip(mine, theirs) if b]
        rate = statistics.median(float(r["storm"]["rate"]) for r in rs)
        if mode == "floor":
            lost = "-"
        else:
            lost = "{} / {}".format(sum(r["tools"][me]["lost"] for r in rs),
                                    sum(r["tools"]["peer"]["lost"] for r in rs))
        storm = {"fork": "fork+exit", "exec": "fork+exec", "floor": "fork+exec"}[mode]
        thread = [pct(r["exec_thread"], r["tools"][me]["cpu"]) for r in rs
                  if r["exec_thread"] is not None and r["tools"][me]["cpu"]]
        costs = "-" if mode == "floor" else "{:.1f}%".format(
            pct(sum(r["tools"][me]["costs"] for r in rs), sum(r["n"] for r in rs)))
        rows.append([f"{storm}, {rate:.0f} children/s", me, str(len(rs)),
                     med_range(mine, "{:.2f}"), med_range(theirs, "{:.2f}"),
                     med_range(ratios, "{:.2f}x"), lost,
                     med_range(thread, "{:.0f}%"), costs])
    return "CPU per event (both placements)", header, rows


def run_table(runs, name):
    """Every run, for the record; NAME calls the peer."""
    header = ["storm", "placement", "readers", "load avg", "CPUs busy", "children",
              "children/s", f"right (reader / {name})", "CPU per event ratio"]
    rows = []
    for mode in MODES:
        me = ours(mode)
        for placement in PLACEMENTS:
            for r in runs.get((mode, placement), []):
                a, b = r["tools"].get(me), r["tools"].get("peer")
                ratio = f"{a['cpu100k'] / b['cpu100k']:.2f}x" if a and b and b["cpu100k"] else "-"
                sa, sb = share(r, me), share(r, "peer")
                cap = "-" if mode == "fork" or sa is None or sb is None else f"{sa:.1f}% / {sb:.1f}%"
                rows.append([mode, placement, r["run"].get("how", "?"),
                             r["run"].get("load", "?"),
                             f"{float(r['run'].get('busy', 'nan')):.0f}%",
                             str(r["n"]), r["storm"]["rate"], cap, ratio])
    return "Every run", header, rows


def md_table(header, rows):
    """GitHub Markdown table."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def text_table(header, rows):
    """Aligned plain-text table."""
    rows = [header] + rows
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main():
    workdir, md_out = sys.argv[1], sys.argv[2]
    machine = read_lines_kv(os.path.join(workdir, "machine.txt"))
    base = {m: read_kv(os.path.join(workdir, f"baseline-{m}.txt")) for m in ("fork", "exec")}
    peer = machine.get("peer", "forkstat")
    name = PEER_NAMES.get(peer, peer)
    runs = load_runs(workdir, peer)
    loads = [float(r["run"]["load"]) for rs in runs.values() for r in rs
             if r["run"].get("load")]
    busy = [float(r["run"]["busy"]) for rs in runs.values() for r in rs
            if r["run"].get("busy")]
    rates = ", ".join(f"{m} {base[m]['rate']}/s" for m in ("fork", "exec") if base[m].get("rate"))
    intro = (f"Machine: {machine.get('cpu', '?')}, {machine.get('ncpu', '?')} CPUs, "
             f"Linux {machine.get('kernel', '?')}. Storm alone (no reader): {rates}. "
             f"Load average at the start of the runs: {min(loads, default=0):.2f}-"
             f"{max(loads, default=0):.2f}; all CPUs busy during the storms: "
             f"{min(busy, default=0):.0f}-{max(busy, default=0):.0f}% "
             f"(readers, storm and whatever else ran).")
    if machine.get("realtime") == "1":
        intro += f" Both readers real-time (forkscope --realtime, {name} real-time)."
    if peer == "nots":
        intro += (" The other reader is forkscope --no-taskstats: the ratios are what"
                  " reading the kernel's task statistics costs.")
    sections = [capture_table(runs, name), cpu_table(runs, name), run_table(runs, name)]
    notes = [
        "Placements: " + "; ".join(PLACEMENT_TEXT[p] for p in PLACEMENTS) + ". "
        "The storm is never pinned.",
        "Both readers ran at once on the same storm, writing to files; CPU is "
        "user+sys time of each reader (all its threads) from /proc/PID/stat "
        "during the storm and its drain (10 ms ticks), not wall time. Ratios "
        "are per run, so both readers of a ratio met the same load.",
        "right = exec records whose command line is exactly "
        "`/bin/true forkscope-bench-<i>` for that pid's iteration; wrong = "
        "records showing another command line (a missing one is not wrong); "
        f"difference = reader's share minus {name}'s in the same run.",
        "events = what the storm made the kernel report (fork+exit per child, "
        "plus exec in the exec storm); lost = events with no matching line in "
        "that reader's output; ends with a cost = the storm's children whose "
        "end carries its CPU time (cpu_ns).",
    ]
    if runs.get(("floor", "pinned")) or runs.get(("floor", "shared")):
        notes.append(
            "floor is bench/floor.c: a reader that does only what forkscope must "
            "(on each exec it reads cmdline, exe and comm from /proc at once) and "
            "nothing else, in exec storms of its own with forkstat; its 'right' is "
            "the share of all the execs it saw (the storm's and any other "
            "process's) whose command line it could read, not checked. Its CPU "
            "ratio is the lowest any reader doing those reads can reach.")
    notes.append(
        f"{machine.get('forkscope', 'forkscope')}; {machine.get('forkstat', 'forkstat')}; "
        f"{machine.get('date', '')}; load average at the start {machine.get('load', '?')}, "
        f"at the end {machine.get('load_end', '?')}.")
    if machine.get("callgrind"):
        notes.append(machine["callgrind"])
    print(intro)
    for title, header, rows in sections:
        print()
        print(title)
        print(text_table(header, rows))
    print()
    for n in notes:
        print(" - " + n)
    out = [intro + "\n"]
    for title, header, rows in sections:
        out.append(f"\n### {title}\n\n{md_table(header, rows)}\n")
    out.append("\n" + "".join(f"- {n}\n" for n in notes))
    cmd = ("sudo bench/run.sh " + machine.get("args", "")).strip()
    out.append(f"\nReproduce: `{cmd}`\n")
    # The other benchmarks' sections (from MORE_MARK on) stay as they are.
    more = ""
    try:
        with open(md_out, encoding="utf-8") as f:
            old = f.read()
        if MORE_MARK in old:
            more = "\n" + old[old.index(MORE_MARK):]
    except FileNotFoundError:
        pass
    with open(md_out, "w", encoding="utf-8") as f:
        f.write("".join(out) + more)


if __name__ == "__main__":
    main()
