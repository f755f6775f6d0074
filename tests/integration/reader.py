"""reader.py - what the privileged Python tests share about a running forkscope."""
import signal
import sys


def stop(p, out, err, timeout=10):
    """Stops forkscope P, started with stdout OUT and stderr ERR (temporary
    files), and returns what it wrote to each.  Exits 77 (skip) when the
    connector was refused, and fails the test when forkscope failed."""
    p.send_signal(signal.SIGINT)
    p.wait(timeout=timeout)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    if "connector unavailable" in stderr:
        print("connector refused:", stderr.strip())
        sys.exit(77)
    if p.returncode != 0:
        sys.exit(f"forkscope exited {p.returncode}: {stderr}")
    return stdout, stderr
