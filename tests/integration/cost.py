#!/usr/bin/env python3
"""Live tests of what processes cost, against the real kernel.

  cost.py COSTWORK burn    a child burns 300 ms of CPU and touches 64 MiB:
                           --json and --log report its CPU within 20% and a
                           peak of at least 64 MiB
  cost.py COSTWORK oom     a child in a cgroup limited to 32 MiB wants more:
                           its end is the OOM killer's SIGKILL in --json and
                           --log (cgroup v2 where it has the memory
                           controller, else v1)
  cost.py COSTWORK names   processes that end before their exec's name can
                           be read (the doorbell off, rounds of 100
                           /bin/true until some) are named in their end by
                           the kernel's accounting, and so in a replay
  cost.py COSTWORK unseen  a process the first scan did not see (a /proc
                           of links to every entry but its own; it waits
                           on a FIFO until forkscope listens) is named in
                           its end by the kernel's accounting
  cost.py COSTWORK quick   a shell's 800 /bin/true: no end says its CPU
                           was 0 (the kernel's 0 for a task that ran in
                           one go between two ticks is left out, not
                           shown), in --json or --log
  cost.py COSTWORK nobody  forkscope as user nobody (with the connector, or
                           polling where that is refused): no task
                           statistics, said once on stderr and once in the
                           stream, and no exit carries a cost

Exit 77 (skip) without root, when the connector is refused, (oom) with
no memory controller to limit a cgroup with, or (names) when no exec of 500
went unnamed."""
import json, os, shutil, subprocess, sys, time
from livelib import STOPPED, require_root, start, finish, skip_if_refused

costwork, mode = sys.argv[1], sys.argv[2]
require_root()
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)

def records(text):
    out = []
    for line in text.split("\n"):
        if line:
            try:
                out.append(json.loads(line))
            except ValueError:
                sys.exit(f"not JSON: {line!r}")
    return out

def process_end(events, pid):
    """The exit that ends process PID, or {}."""
    for e in events:
        if e.get("event") == "exit" and e.get("tgid") == pid and e.get("ends") == "process":
            return e
    failures.append(f"no end of process {pid}")
    return {}

def log_end(text, pid):
    """The --log line of the end of PID, or ''."""
    for line in text.split("\n"):
        f = line.split()
        if len(f) > 2 and f[1] == "exit" and f[2] == str(pid):
            return line
    failures.append(f"no --log exit line of {pid}")
    return ""

def run_both(work):
    """Runs WORK (a function returning the pid to look at) under
    forkscope --json and --log; returns (pid, json records, log text)."""
    js = start("--json")
    log = start("--log", "--events", "exit")
    time.sleep(0.5)
    pid = work()
    time.sleep(0.5)
    rest, err = finish(js)
    logout, logerr = finish(log)
    skip_if_refused(err)
    check(js.returncode == STOPPED, f"--json exited {js.returncode}: {err}")
    check(log.returncode == STOPPED, f"--log exited {log.returncode}: {logerr}")
    check("task statistics" not in err + logerr, f"stderr: {err} {logerr}")
    return pid, records(rest), logout

if mode == "burn":
    def burn():
        out = subprocess.run([costwork, "burn", "300", "64"], capture_output=True, text=True,
                             check=True)
        return json.loads(out.stdout)["pid"]
    pid, events, logout = run_both(burn)
    e = process_end(events, pid)
    cpu = e.get("cpu_ns", 0) / 1e6
    check(240 <= cpu <= 360, f"cpu_ns {cpu} ms, not 300 ms within 20%")
    check(e.get("cpu_user_ns", 0) + e.get("cpu_system_ns", 0) == e.get("cpu_ns"),
          f"user and system do not add up: {e}")
    check(e.get("peak_rss_bytes", 0) >= 64 << 20, f"peak_rss_bytes {e.get('peak_rss_bytes')}")
    for f in ("disk_read_bytes", "disk_write_bytes", "ctx_switches_voluntary",
              "ctx_switches_involuntary", "delay_cpu_ns"):
        check(f in e, f"no {f}")
    check("cost_unknown" not in e and "oom_kill" not in e, f"end says {e}")
    line = log_end(logout, pid)
    words = line.split("cpu ")[-1].split(",")
    check(line.split(" after ")[0].endswith("exit 0"), f"log line {line!r}")
    ms = words[0]
    got = float(ms[:-2]) if ms.endswith("ms") else float(ms[:-1]) * 1000 if ms.endswith("s") else -1
    check(240 <= got <= 360, f"log line says cpu {ms!r}: {line!r}")
    peak = words[1].strip() if len(words) > 1 else ""
    check(peak.startswith("peak ") and peak.endswith("MiB") and float(peak[5:-4]) >= 64,
          f"log line says {peak!r}: {line!r}")
    print(line)
    print(json.dumps({k: v for k, v in e.items() if k in ("pid", "status", "lifetime_ns")
                      or k.startswith(("cpu_", "peak", "disk", "ctx", "delay"))}))

elif mode == "oom":
    v2 = "/sys/fs/cgroup"
    v1 = "/sys/fs/cgroup/memory"
    name = f"forkscope-oom-{os.getpid()}"
    if os.path.exists(f"{v2}/cgroup.subtree_control") and \
            "memory" in open(f"{v2}/cgroup.subtree_control").read().split():
        cg, limit = f"{v2}/{name}", "memory.max"
    elif os.path.exists(f"{v1}/memory.limit_in_bytes"):
        cg, limit = f"{v1}/{name}", "memory.limit_in_bytes"
    else:
        print("no memory controller")
        sys.exit(77)
    os.mkdir(cg)
    try:
        with open(f"{cg}/{limit}", "w") as f:
            f.write(str(32 << 20))
        if os.path.exists(f"{cg}/memory.swap.max"):
            with open(f"{cg}/memory.swap.max", "w") as f:
                f.write("0")
        elif os.path.exists(f"{cg}/memory.memsw.limit_in_bytes"):
            with open(f"{cg}/memory.memsw.limit_in_bytes", "w") as f:
                f.write(str(32 << 20))
        def hog():
            def enter():
                with open(f"{cg}/cgroup.procs", "w") as f:
                    f.write(str(os.getpid()))
            p = subprocess.Popen([costwork, "hog", "512"], preexec_fn=enter)
            p.wait()
            check(p.returncode == -9, f"hog ended with {p.returncode}, not SIGKILL")
            return p.pid
        pid, events, logout = run_both(hog)
    finally:
        for _ in range(50):
            try:
                os.rmdir(cg)
                break
            except OSError:
                time.sleep(0.1)
    e = process_end(events, pid)
    check(e.get("status") == "SIGKILL" and e.get("oom_kill") is True, f"end: {e}")
    check(e.get("peak_rss_bytes", 0) >= 16 << 20, f"peak_rss_bytes {e.get('peak_rss_bytes')}")
    line = log_end(logout, pid)
    check(" SIGKILL (OOM killer) after " in line, f"log line {line!r}")
    print(line)
    # a SIGKILL of anyone else's is a plain SIGKILL
    for other in events:
        if other.get("status") == "SIGKILL" and other.get("tgid") != pid:
            check("oom_kill" not in other, f"another SIGKILL said to be the OOM killer's: {other}")

elif mode == "names":
    os.environ["FORKSCOPE_DOORBELL"] = "0"
    def quick():
        pids = []
        for _ in range(100):
            p = subprocess.Popen(["/bin/true"])
            p.wait()
            pids.append(p.pid)
        return pids
    # Rounds until some exec's new name was not read (most are: only those
    # of processes gone before forkscope read them are not).
    for _ in range(5):
        pids, events, logout = run_both(quick)
        unread = {e["tgid"] for e in events
                  if e.get("event") == "exec" and e.get("unread") and "comm" not in e}
        if unread & set(pids):
            break
    else:
        print("no exec of 500 went unnamed: nothing to check")
        sys.exit(77)
    for pid in pids:
        e = process_end(events, pid)
        check(e.get("comm") == "true", f"end of {pid} says comm {e.get('comm')!r}: {e}")
        check(e.get("comm_from_exit") is (True if pid in unread else None),
              f"end of {pid} (exec {'unnamed' if pid in unread else 'named'}): {e}")
        line = log_end(logout, pid)
        check(" true " in line, f"log line {line!r}")
    # A replay of the recording names them the same way.
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as rec:
        rec.write("".join(json.dumps(r) + "\n" for r in events))
        rec.flush()
        replay = subprocess.run([os.environ["FORKSCOPE"], "--replay", rec.name, "--log",
                                 "--events", "exit"], capture_output=True, text=True)
    check(replay.returncode == 0, f"replay exited {replay.returncode}: {replay.stderr}")
    for pid in unread & set(pids):
        line = log_end(replay.stdout, pid)
        check(" true " in line, f"replayed log line {line!r}")
    print(f"{len(unread & set(pids))} of 100 execs unnamed; their ends: "
          f"{json.dumps({k: v for k, v in process_end(events, min(unread & set(pids))).items() if k in ('pid', 'comm', 'comm_from_exit', 'status')})}")

elif mode == "unseen":
    import tempfile
    with tempfile.TemporaryDirectory() as proc, tempfile.TemporaryDirectory() as d:
        # It waits on a FIFO, started before forkscope, until the work
        # (once forkscope listens) lets it end.
        fifo = os.path.join(d, "go")
        os.mkfifo(fifo)
        waiter = subprocess.Popen(["sh", "-c", f"read x < {fifo}"])
        for name in os.listdir("/proc"):
            if name != str(waiter.pid):
                os.symlink("/proc/" + name, os.path.join(proc, name))
        os.environ["FORKSCOPE_PROC_ROOT"] = proc
        def release():
            with open(fifo, "w") as f:
                f.write("\n")
            return waiter.wait()
        _, events, logout = run_both(release)
    e = process_end(events, waiter.pid)
    check(not any(r.get("pid") == waiter.pid and r.get("event") != "exit" for r in events),
          f"the scan saw {waiter.pid}")
    check(e.get("comm") == "sh" and e.get("comm_from_exit") is True,
          f"end of the unseen {waiter.pid}: {e}")
    check(" sh " in log_end(logout, waiter.pid), "log line of the unseen process")
    print(json.dumps({k: v for k, v in e.items() if k in ("pid", "comm", "comm_from_exit", "status")}))

elif mode == "quick":
    def quick():
        # Each CPU kept busy: a task then waits for one, and runs in one go
        # once it has it, more often than on an idle machine.
        busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"])
                for _ in range(os.cpu_count() or 1)]
        sh = subprocess.Popen(["sh", "-c", "for i in $(seq 800); do /bin/true; done"])
        sh.wait()
        for b in busy:
            b.kill()
            b.wait()
        return sh.pid
    unmeasured = measured = 0
    sh, events, logout = run_both(quick)
    ends = [e for e in events if e.get("event") == "exit" and e.get("ppid") == sh
            and e.get("ends") == "process" and e.get("comm") == "true"]
    check(len(ends) >= 800, f"{len(ends)} ends of the shell's 800 /bin/true")
    for e in ends:
        check(e.get("cpu_ns") != 0, f"end of {e['pid']} says cpu_ns 0: {e}")
        check(("cpu_user_ns" in e) <= ("cpu_ns" in e), f"a split of no CPU time: {e}")
        check("peak_rss_bytes" in e, f"end of {e['pid']} has no cost: {e}")
        line = log_end(logout, e["pid"])
        check(" cpu 0" not in line, f"log line {line!r}")
        if "cpu_ns" in e:
            measured += 1
        else:
            unmeasured += 1
            check(" cpu " not in line, f"log line {line!r} of an unmeasured CPU time")
    print(f"of {len(ends)} /bin/true, {measured} ends with their CPU time, {unmeasured} without "
          "(the kernel had not counted it)")

elif mode == "nobody":
    setpriv = shutil.which("setpriv")
    if not setpriv:
        print("no setpriv")
        sys.exit(77)
    p = subprocess.Popen([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                          "--inh-caps=-all", os.environ["FORKSCOPE"], "--json", "--duration", "4"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.7)
    subprocess.run(["true"])
    subprocess.run(["sh", "-c", "true"])
    # Polling (the connector refused to nobody) sees only what lives across
    # a poll, a second: this end is seen however quiet the machine is.
    subprocess.run(["sleep", "1.5"])
    out, err = p.communicate(timeout=20)
    # Refused the connector (kernels before 6.6, some sandboxes), it polls:
    # then too the ends carry no cost, and it says so once.
    check(p.returncode == 0, f"exited {p.returncode}: {err}")
    said = [l for l in err.split("\n") if "task statistics" in l]
    check(len(said) == 1, f"stderr says it {len(said)} times: {err!r}")
    why = "none while polling" if "connector unavailable" in err else "CAP_NET_ADMIN needed"
    check(said and "no task statistics (" in said[0] and why in said[0], f"stderr: {err!r}")
    recs = records(out)
    notices = [r for r in recs if "task statistics" in r.get("notice", "")]
    check(len(notices) == 1 and notices[0]["notice"].startswith("no task statistics ("),
          f"notices: {notices}")
    exits = [r for r in recs if r.get("event") == "exit"]
    check(len(exits) > 0, "no exits seen")
    for r in exits:
        costly = [k for k in r if k.startswith(("cpu_", "peak", "disk", "ctx", "delay"))
                  or k == "cost_unknown"]
        check(not costly, f"an exit with {costly}: {r}")
    print(said[0] if said else "")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
