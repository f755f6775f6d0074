#!/usr/bin/env python3
"""make-containers.py - writes rec-containers.jsonl: a machine running
containers, made up but true to what forkscope --json records of one, for
the viewer's end-to-end tests and the replay of container fields.

    python3 tests/data/make-containers.py > tests/data/rec-containers.jsonl

What it holds, over about three seconds of a fixed clock:
  - a snapshot: a docker container "web" (nginx: its master entered the
    container's pid namespace as pid 1, two workers), a Kubernetes pod
    whose one shim runs two containers, "api" and "envoy" (containerd,
    with the pod's uid), a podman container "db" (postgres), a container
    that shares the host's pid namespace (docker --pid=host:
    node-exporter), an LXC container "box", and a login shell of alice;
  - probes the kubelet runs in both of the pod's containers: children of
    the pod's shim, each found in its container on the tick after it
    started (a snapshot that says so), so that the shim's exited "sh"
    children are of two containers;
  - nginx forking a worker (read at its fork: its parent runs in a
    namespace below forkscope's) that exits;
  - a docker exec into web (ps aux), found on the tick;
  - alice running unshare --pid --fork sleep 30: a namespace of its own,
    in no container.
The records say what forkscope writes: where a process runs on each
record as context (nspid, pidns_level, container_*), pidns_entry on the
records of a process that entered a namespace its parent is not in.
Deterministic: the same file every time.
"""
from recgen import Recording, ids

MONO0 = 3_000_000_000_000          # CLOCK_MONOTONIC of the first event, ns
WALL0 = 1_767_265_200_000_000_000  # 2026-01-01T11:00:00Z

WEB = "3f2a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a"
API = "7c1e2d3f4a5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1"
ENVOY = "b4a5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b"
DB = "e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8"
NODE = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
POD = "6b4c2f1e-8a3d-4e5f-9a0b-1c2d3e4f5a6b"

rec = Recording(MONO0, WALL0)
emit = rec.emit


def box(runtime, cid, name, pod=None):
    """A container's fields."""
    f = {"container_id": cid, "container_runtime": runtime, "container_name": name}
    if pod:
        f["pod_uid"] = pod
    return f


def where(nspid=None, level=1, container=None, entry=False):
    """Where a process runs: its pid in a namespace LEVEL deep, its
    container (box's fields), and whether it entered the namespace."""
    f = {}
    if level:
        if nspid:
            f["nspid"] = nspid
        f["pidns_level"] = level
    if entry:
        f["pidns_entry"] = True
    f.update(container or {})
    return f


def snap(pid, ppid, comm, argv, uid, start_s, w=None):
    rec.snapshot(pid, ppid, comm, argv, uid, start_s, **(w or {}))


def fork(t, pid, ppid, uid, w=None):
    emit(t, "fork", pid, ppid=ppid, ptgid=ppid, **ids(uid), **(w or {}))


def exec_(t, pid, comm, argv, uid, w=None):
    emit(t, "exec", pid, comm=comm, exe=argv[0], argv=argv, **ids(uid), **(w or {}))


def found(t, pid, ppid, start_t, uid, w):
    """The tick's snapshot: where PID (forked at START_T) runs, read."""
    emit(t, "snapshot", pid, ppid=ppid, ptgid=ppid, sid=0,
         start_ns=MONO0 + int(start_t * 1_000_000), **ids(uid), **w)


def exit_(t, pid, ppid, code, uid, w=None):
    emit(t, "exit", pid, ppid=ppid, ptgid=ppid, exit_code=code, exit_signal=17,
         status="exit %d" % (code >> 8) if not code & 127 else "signal",
         ends="process", **ids(uid), **(w or {}))


web = box("docker", WEB, "web")
api = box("containerd", API, "api", POD)
envoy = box("containerd", ENVOY, "envoy", POD)
db = box("podman", DB, "db")
node = box("docker", NODE, "node-exporter")
lxc = box("lxc", "box", "box")

# The machine as the first scan saw it.
snap(1, 0, "systemd", ["/sbin/init"], 0, 900)
snap(100, 1, "sshd", ["sshd: /usr/sbin/sshd -D"], 0, 800)
snap(200, 100, "bash", ["-bash"], 1000, 600)
snap(300, 1, "containerd", ["/usr/bin/containerd"], 0, 700)
snap(310, 1, "containerd-shim", ["/usr/bin/containerd-shim-runc-v2", "-namespace", "moby",
                                 "-id", WEB], 0, 500)
snap(311, 310, "nginx", ["nginx: master process nginx -g daemon off;"], 0, 500,
     where(1, container=web, entry=True))
snap(312, 311, "nginx", ["nginx: worker process"], 101, 499, where(29, container=web))
snap(313, 311, "nginx", ["nginx: worker process"], 101, 499, where(30, container=web))
snap(320, 1, "containerd-shim", ["/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io",
                                 "-id", API], 0, 400)
snap(321, 320, "api", ["/app/api", "--port", "8080"], 1000, 400,
     where(1, container=api, entry=True))
snap(322, 320, "envoy", ["envoy", "-c", "/etc/envoy/envoy.yaml"], 101, 400,
     where(1, container=envoy, entry=True))
snap(330, 1, "conmon", ["/usr/bin/conmon", "--api-version", "1", "-c", DB], 0, 300)
snap(331, 330, "postgres", ["postgres"], 999, 300, where(1, container=db, entry=True))
snap(332, 331, "postgres", ["postgres: checkpointer"], 999, 299, where(51, container=db))
snap(340, 1, "node_exporter", ["/bin/node_exporter", "--path.procfs=/host/proc"], 65534,
     200, where(level=0, container=node))
snap(350, 1, "lxc-start", ["/usr/bin/lxc-start", "-n", "box"], 0, 150)
snap(351, 350, "init", ["/sbin/init"], 0, 150, where(1, container=lxc, entry=True))

# The kubelet's probes in the pod's two containers, each found on the tick
# after its fork.
t, pid = 100, 400
for i in range(5):
    for c, cmd in ((api, ["/bin/sh", "-c", "curl -fs localhost:8080/health"]),
                   (envoy, ["/bin/sh", "-c", "curl -fs localhost:9901/ready"])):
        fork(t, pid, 320, 0)
        exec_(t + 2, pid, "sh", cmd, 0)
        found(t + 30, pid, 320, t, 0, where(7 + i, container=c, entry=True))
        exit_(t + 60, pid, 320, 0, 0, where(7 + i, container=c, entry=True))
        t, pid = t + 90, pid + 1

# nginx forks a worker, read at its fork (its parent runs in a namespace).
fork(1200, 450, 311, 0, where(31, container=web))
exec_(1202, 450, "nginx", ["nginx: worker process"], 101, where(31, container=web))
exit_(1900, 450, 311, 0, 101, where(31, container=web))

# docker exec web ps aux: forked by web's shim, found on the tick.
fork(1400, 460, 310, 0)
exec_(1402, 460, "ps", ["ps", "aux"], 0)
found(1430, 460, 310, 1400, 0, where(60, container=web, entry=True))
exit_(1460, 460, 310, 0, 0, where(60, container=web, entry=True))

# alice: unshare --pid --fork sleep 30 (a namespace, no container).
fork(1600, 470, 200, 1000)
exec_(1601, 470, "unshare", ["unshare", "--pid", "--fork", "sleep", "30"], 1000)
fork(1602, 471, 470, 1000)
exec_(1603, 471, "sleep", ["sleep", "30"], 1000)
found(1680, 471, 470, 1602, 1000, where(1, entry=True))

rec.write()
