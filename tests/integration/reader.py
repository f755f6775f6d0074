"""reader.py - what the privileged Python tests share about a running forkscope."""
import signal
import sys


def stop(p, out, err, timeout=10):
    """Stops forkscope P, started with stdout OUT and stderr ERR (temporary
    files), and returns what it wrote to each.  Exits 77 (skip) when the
    connector was refused, and fails the test unless forkscope ended as SIGINT asks (status 130)."""
    p.send_signal(signal.SIGINT)
    p.wait(timeout=timeout)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    if "connector unavailable" in stderr:
        print("connector refused:", stderr.strip())
        sys.exit(77)
    if p.returncode != 128 + signal.SIGINT:
        sys.exit(f"forkscope exited {p.returncode}, not 130 (SIGINT): {stderr}")
    return stdout, stderr
