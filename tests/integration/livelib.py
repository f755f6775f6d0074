"""Shared by the live tests: forkscope runs under test, and the skips.

`require_root()` exits 77 (skipped) unless root; `strace_env()` too
without strace, and gives the environment for forkscope under strace;
`start(*args)` runs
forkscope with its output in files (a reader that does not drain a pipe
would stall it); `finish(p)` stops it with SIGINT and returns (stdout,
stderr), after which its exit status is STOPPED; `skip_if_refused(err)`
exits 77 when forkscope fell back to polling because the connector was
refused."""
import os, shutil, signal, subprocess, sys, tempfile

FORKSCOPE = os.environ["FORKSCOPE"]
# The exit status of a run ended by SIGINT, as of every forkscope mode.
STOPPED = 128 + signal.SIGINT

def require_root():
    if os.geteuid() != 0:
        print("not root: skipped")
        sys.exit(77)

def strace_env():
    require_root()
    if not shutil.which("strace"):
        print("no strace: skipped")
        sys.exit(77)
    # LeakSanitizer cannot work under ptrace; the other suites check leaks.
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    return env

def start(*args):
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    p = subprocess.Popen([FORKSCOPE, *args], stdout=out, stderr=err)
    p.out, p.err = out, err
    return p

def finish(p):
    p.send_signal(signal.SIGINT)
    p.wait(timeout=10)
    p.out.seek(0); p.err.seek(0)
    return p.out.read(), p.err.read()

def skip_if_refused(err):
    if "connector unavailable" in err:
        print("connector refused:", err.strip())
        sys.exit(77)
