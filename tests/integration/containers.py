#!/usr/bin/env python3
"""containers.py - containers and pid namespaces, live: processes run in
cgroups named as each runtime names its containers' (in the unified
hierarchy and in the cgroup v1 ones this machine has), inside
`unshare --pid --fork`, and forkscope must say which container each runs
in and its pid there:

  - --json: the records of a container's first process (pid 1 in its
    namespace) say its container, nspid 1, pidns_level 1, pidns_entry;
    its children's forks say their own pid there at once (read at the
    fork: their parent runs in a namespace); a docker container's name
    comes from the runtime's files (a fixture tree, FORKSCOPE_CONTAINERS_
    ROOT); the pod's uid of a Kubernetes one;
  - --log: its lines end with [new pid namespace: docker:web, pid 1];
  - --log --filter container:docker: shows docker's containers only, the
    one that shares the host's pid namespace too (the term reads every
    cgroup), and container:kubernetes: the pod's; --json names that one's
    container too (read on the tick after a fork);
  - --poll --json says the same from its scans;
  - the viewer, live in tmux: the CONTAINER and NSPID columns and the
    entry mark;
  - forkscope in a pid namespace of its own polls, and names it.

Exit 77 without root, unshare or a writable cgroup hierarchy.  The
machine may be busy: only this test's processes are looked at.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

FS = os.environ["FORKSCOPE"]
IDS = {k: (c * 64) for k, c in (("web", "a"), ("v1", "b"), ("k8s", "c"), ("pod", "d"),
                                 ("host", "e"))}
POD = "6b4c2f1e-8a3d-4e5f-9a0b-1c2d3e4f5a6b"


def skip(why):
    print("SKIP:", why)
    sys.exit(77)


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


def hierarchies():
    """The cgroup hierarchies mounted: the unified one's mount point, and
    those of cgroup v1 by controller (or name=...)."""
    unified, v1 = None, {}
    for line in open("/proc/self/mounts"):
        dev, mnt, kind, opts = line.split()[:4]
        if kind == "cgroup2" and not unified:
            unified = mnt
        elif kind == "cgroup":
            for o in opts.split(","):
                if o in ("pids", "memory", "cpu") or o.startswith("name="):
                    v1.setdefault(o, mnt)
    return unified, v1


def make_cgroup(root, path, made):
    d = os.path.join(root, path.lstrip("/"))
    os.makedirs(d, exist_ok=True)
    made.append(d)
    return d


class Shape:
    """A container made as a runtime makes it: cgroups to join (their
    directories), the runtime and id forkscope must say, whether it has
    a pid namespace of its own."""

    def __init__(self, key, dirs, runtime, cid, ns=True, pod=None):
        self.key, self.dirs, self.runtime, self.cid, self.ns, self.pod = \
            key, dirs, runtime, cid, ns, pod
        self.proc = None

    def start(self):
        """Joins the cgroups, then runs a shell that is pid 1 of a new pid
        namespace (or, without a namespace, the shell alone): it forks a
        short sleep at once, before forkscope's tick has read where the
        shell runs, then two long ones, after."""
        join = "".join("echo $$ > %s/cgroup.procs && " % d for d in self.dirs)
        inner = "sleep 0.5; sleep 2 & sleep 2; wait"
        run = ("exec unshare --pid --fork sh -c '%s'" % inner) if self.ns \
            else ("exec sh -c '%s'" % inner)
        self.proc = subprocess.Popen(["sh", "-c", join + run])


def records(path):
    out = []
    for line in open(path):
        try:
            e = json.loads(line)
        except ValueError:
            fail("%s: not JSON: %r" % (path, line))
        if "event" in e:
            out.append(e)
    return out


def main():
    if os.geteuid() != 0:
        skip("not root")
    if not shutil.which("unshare") or not shutil.which("tmux"):
        skip("no unshare or tmux")
    unified, v1 = hierarchies()
    if not unified and not v1:
        skip("no cgroup hierarchy")
    tmp = tempfile.mkdtemp(prefix="fs-containers-")
    made = []
    shapes = []
    try:
        # Where the unified hierarchy is, the systemd driver's scopes and a
        # pod there; in cgroup v1's, docker's cgroupfs driver (the unified
        # line then names none: the v1 line decides).
        base = unified or v1.get("name=systemd") or next(iter(v1.values()))
        shapes.append(Shape("web", [make_cgroup(base, "/system.slice/docker-%s.scope"
                                                % IDS["web"], made)], "docker", IDS["web"]))
        shapes.append(Shape("k8s", [make_cgroup(base, "/kubepods.slice/kubepods-besteffort.slice/"
                                                "kubepods-besteffort-pod%s.slice/cri-containerd-"
                                                "%s.scope" % (POD.replace("-", "_"), IDS["k8s"]),
                                                made)], "containerd", IDS["k8s"], pod=POD))
        shapes.append(Shape("lxc", [make_cgroup(base, "/lxc.payload.fsbox", made)], "lxc",
                            "fsbox"))
        shapes.append(Shape("host", [make_cgroup(base, "/system.slice/docker-%s.scope"
                                                 % IDS["host"], made)], "docker", IDS["host"],
                            ns=False))
        ctl = v1.get("pids") or v1.get("memory") or v1.get("cpu")
        if unified and ctl:
            shapes.append(Shape("v1", [make_cgroup(ctl, "/docker/%s" % IDS["v1"], made)],
                                "docker", IDS["v1"]))
        if "name=systemd" in v1 and unified:
            shapes.append(Shape("pod", [make_cgroup(v1["name=systemd"],
                                                    "/machine.slice/libpod-%s.scope"
                                                    % IDS["pod"], made)],
                                "podman", IDS["pod"]))
        shapes.append(Shape("ns", [], None, None))

        # docker keeps web's name on disk.
        names = os.path.join(tmp, "root")
        d = os.path.join(names, "var/lib/docker/containers", IDS["web"])
        os.makedirs(d)
        with open(os.path.join(d, "config.v2.json"), "w") as f:
            json.dump({"ID": IDS["web"], "MountPoints": {"/data": {"Name": "vol"}},
                       "Name": "/web"}, f)
        env = dict(os.environ, FORKSCOPE_CONTAINERS_ROOT=names)

        runs = {
            "json": [FS, "--json", "--duration", "5"],
            "log": [FS, "--log", "--duration", "5"],
            "docker": [FS, "--log", "--duration", "5", "--filter", "container:docker:"],
            "kube": [FS, "--log", "--duration", "5", "--container", "kubernetes:,containerd:"],
            "poll": [FS, "--poll", "--interval", "200", "--json", "--duration", "5"],
        }
        procs = {}
        for name, argv in runs.items():
            procs[name] = subprocess.Popen(argv, env=env, stdout=open(os.path.join(tmp, name), "w"),
                                           stderr=open(os.path.join(tmp, name + ".err"), "w"))
        # The viewer, live, filtered to containers.
        sock = "fs-containers-%d" % os.getpid()
        tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
        subprocess.run(tmux + ["new", "-d", "-x", "160", "-y", "45",
                               "env TERM=xterm-256color LC_ALL=C.UTF-8 XDG_CONFIG_HOME=%s "
                               "FORKSCOPE_CONTAINERS_ROOT=%s %s --no-save -T 30 "
                               "--columns=container,nspid -F 'container: comm:sh,sleep'"
                               % (tmp, names, FS)], check=True)
        time.sleep(1.5)
        for s in shapes:
            s.start()
        for s in shapes:
            s.proc.wait()
        screen = ""
        for _ in range(40):
            screen = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True,
                                    text=True).stdout
            if "docker:web" in screen and "◆" in screen:
                break
            time.sleep(0.1)
        open(os.path.join(tmp, "screen"), "w").write(screen)
        subprocess.run(tmux + ["kill-server"])
        for p in procs.values():
            p.wait()
        for name in runs:
            err = open(os.path.join(tmp, name + ".err")).read()
            if name != "poll" and "connector unavailable" in err:
                skip("the connector is refused: " + err.strip())

        check_json(records(os.path.join(tmp, "json")), shapes, "--json")
        check_json(records(os.path.join(tmp, "poll")), [s for s in shapes if s.ns],
                   "--poll --json", poll=True)
        check_log(tmp, shapes)
        check_screen(screen)
        check_in_container(tmp)
        print("ok: containers and pid namespaces, live")
    finally:
        subprocess.run(["tmux", "-L", "fs-containers-%d" % os.getpid(), "kill-server"],
                       stderr=subprocess.DEVNULL)
        for d in reversed(made):
            try:
                os.rmdir(d)
            except OSError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


def child_of(evs, ppid):
    """The pid of the process forked by PPID (its first fork record)."""
    for e in evs:
        if e["event"] in ("fork", "snapshot") and e.get("ptgid") == ppid and e["pid"] == e["tgid"]:
            return e["pid"]
    return None


def check_json(evs, shapes, what, poll=False):
    for s in shapes:
        wrapper = s.proc.pid
        first = child_of(evs, wrapper) if s.ns else wrapper
        if not first:
            fail("%s: %s: no process of it was seen" % (what, s.key))
        mine = [e for e in evs if e["tgid"] == first]
        said = [e for e in mine if e.get("pidns_level") or e.get("container_id")]
        if s.key == "host":
            # In the host's namespace (docker --pid=host): no pid namespace
            # is said; its container is read from the cgroup on the tick
            # after a fork (the shell joined it right after its own, its
            # sleeps were forked in it).
            if [e for e in said if e.get("pidns_level")]:
                fail("%s: host: a pid namespace was said: %s" % (what, said))
            kin = [e for e in evs if (e["tgid"] == first or e.get("ptgid") == first)
                   and e.get("container_id") == s.cid]
            if not poll and not kin:
                fail("%s: host: no record of it or its children names its container: %s"
                     % (what, mine))
            continue
        if not said:
            fail("%s: %s: no record of %d says where it runs: %s" % (what, s.key, first, mine))
        last = said[-1]
        if last.get("nspid") != 1 or last.get("pidns_level") != 1:
            fail("%s: %s: not pid 1 one namespace down: %s" % (what, s.key, last))
        if not poll and not [e for e in said if e.get("pidns_entry")]:
            fail("%s: %s: no record says it entered the namespace: %s" % (what, s.key, said))
        if s.runtime and (last.get("container_runtime") != s.runtime
                          or last.get("container_id") != s.cid):
            fail("%s: %s: container %s %s, want %s %s" % (what, s.key,
                 last.get("container_runtime"), last.get("container_id"), s.runtime, s.cid))
        if not s.runtime and "container_id" in last:
            fail("%s: a namespace alone was given a container: %s" % (what, last))
        if s.pod and last.get("pod_uid") != s.pod:
            fail("%s: %s: pod %s, want %s" % (what, s.key, last.get("pod_uid"), s.pod))
        if s.key == "web" and not poll:
            named = [e for e in mine if e.get("container_name") == "web"]
            if not named:
                fail("%s: web's name never came: %s" % (what, mine))
        # Its sleeps: pids 2, 3 and 4 there.  The first, forked before the
        # tick read where its parent runs, is found on a tick too; the two
        # forked after say it from their fork on (read at the fork, since
        # their parent runs in a namespace).
        forks = [e for e in evs if e.get("ptgid") == first and e["event"] in ("fork", "snapshot")
                 and e["pid"] == e["tgid"]]
        kids = sorted({e["pid"] for e in forks})
        last = {e["pid"]: e.get("nspid") for e in forks if "nspid" in e}
        if sorted(last.get(k, 0) for k in kids) != [2, 3, 4]:
            fail("%s: %s: its children's pids there: %s" % (what, s.key, forks))
        if not poll and not all(e.get("nspid") for e in forks
                                if e["event"] == "fork" and e["pid"] in kids[1:]):
            fail("%s: %s: the later forks do not say their pid there: %s" % (what, s.key, forks))
        if [e for e in evs if e.get("ptgid") == first and e.get("pidns_entry")]:
            fail("%s: %s: a child in its parent's namespace was said to enter one" % (what, s.key))
    print("ok: %s says where %d processes run" % (what, len(shapes)))


def check_log(tmp, shapes):
    log = open(os.path.join(tmp, "log")).read()
    web = [s for s in shapes if s.key == "web"][0]
    first = "%d" % web.proc.pid
    if not re.search(r"\[new pid namespace: docker:web, pid 1\]", log):
        fail("--log: no line marks web's entry:\n" + log[-3000:])
    if not re.search(r"\[docker:web, pid [234]\]", log):
        fail("--log: web's children's lines do not say where they run")
    ns = [s for s in shapes if s.key == "ns"][0]
    if not re.search(r"\[new pid namespace: pid 1\]", log):
        fail("--log: the namespace alone is not marked")
    docker = open(os.path.join(tmp, "docker")).read()
    ours = {s.key: s for s in shapes}
    for key in ("web", "host", "v1"):
        if key in ours and ("docker:%s" % (ours[key].cid[:12] if key != "web" else "web")) \
                not in docker:
            fail("--log --filter container:docker: lacks %s:\n%s" % (key, docker[-3000:]))
    for line in docker.splitlines()[1:]:
        if line.startswith("#"):
            continue
        if not re.search(r"\[(new pid namespace: )?docker:", line):
            fail("--log --filter container:docker: shows another: " + line)
    kube = open(os.path.join(tmp, "kube")).read()
    if "containerd:" + IDS["k8s"][:12] not in kube:
        fail("--container kubernetes:,containerd: lacks the pod's container:\n" + kube[-2000:])
    if "docker:" in kube or "lxc:" in kube:
        fail("--container kubernetes:,containerd: shows another runtime's:\n" + kube[-2000:])
    print("ok: --log marks the entries, --filter container: picks runtimes (%s, %s)"
          % (first, ns.proc.pid))


def check_screen(screen):
    rows = [l for l in screen.splitlines() if "docker:web" in l]
    if not rows or not re.search(r"docker:web +1 .*◆ sh", screen):
        fail("the viewer's CONTAINER, NSPID and mark:\n" + screen)
    if not re.search(r"docker:web +[234] ", screen):
        fail("the viewer's NSPID of web's children:\n" + screen)
    print("ok: the viewer, live:\n" + screen)


def check_in_container(tmp):
    """forkscope in a pid namespace of its own (its /proc that one's)."""
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", FS, "--log", "--count",
                        "1", "--duration", "3"], capture_output=True, text=True, timeout=20)
    m = re.search(r"in a container \(pid namespace (\d+), not the host's\): "
                  r"process-events connector unavailable", r.stderr)
    if not m or int(m.group(1)) == 0xEFFFFFFC:
        fail("in a pid namespace: the notice: " + r.stderr)
    print("ok: in a container it says so: " + r.stderr.strip().splitlines()[0])


main()
