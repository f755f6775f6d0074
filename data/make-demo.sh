#!/bin/sh
# make-demo.sh - records data/demo.jsonl: a real session with the live kernel.
#
# Run as root from anywhere: sh data/make-demo.sh [BUILD_DIR] (default: build).
# It starts a small, recognisable process tree (a shell forking children, a
# make-like tree, an exec, an exit with code 3, a SIGKILL, a SIGSEGV with a
# core dump, a thread renamed with prctl, a process running as nobody, and a
# process whose name and command line hold escape sequences and invalid
# UTF-8) while `forkscope --json --pid ROOT` records only that subtree, then
# stops the recorder while the long-lived processes still run, so the replayed
# tree shows live processes and fresh tombstones side by side.
#
# A new recording has new pids: regenerate the expected screens of the e2e
# tests (FORKSCOPE_E2E_REGEN=1 meson test -C build --suite e2e, then review
# the diff) and the screenshots (screenshots/make.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=${1:-$top/build}
forkscope=$build/src/forkscope
out=$here/demo.jsonl

[ "$(id -u)" = 0 ] || { echo "make-demo.sh: run as root (the connector and setpriv need it)" >&2; exit 1; }
[ -x "$forkscope" ] || { echo "make-demo.sh: no $forkscope; build first" >&2; exit 1; }
[ -x /usr/bin/python3 ] || { echo "make-demo.sh: needs /usr/bin/python3" >&2; exit 1; }

tmp=$(mktemp -d /tmp/fsdemo.XXXXXX)
rec_pid=
root_pid=
cleanup () {
  [ -n "$rec_pid" ] && kill "$rec_pid" 2>/dev/null || true
  [ -n "$root_pid" ] && pkill -KILL -s "$root_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
bin=$tmp/bin
mkdir "$bin"
chmod 755 "$tmp" "$bin"

# Programs are named by the file they exec, so each role gets its own name.
for n in worker cc1 as ld hung crasher backup; do
  ln -s "$(command -v sleep)" "$bin/$n"
done

# A daemon with three workers.
cat > "$bin/httpd" <<'S'
#!/bin/sh
for i in 1 2 3; do "${0%/*}/worker" 60 & done
wait
S
# A make-like tree: make -> cc -> cc1, as; then ld.
cat > "$bin/cc" <<'S'
#!/bin/sh
"${0%/*}/cc1" 0.2
"${0%/*}/as" 0.1
S
cat > "$bin/make" <<'S'
#!/bin/sh
d=${0%/*}
"$d/cc" main.c & "$d/cc" util.c & wait
"$d/ld" 0.1
S
# Execs into sleep: the row's name changes from launcher to sleep.
cat > "$bin/launcher" <<'S'
#!/bin/sh
exec sleep 60
S
# Fails with exit code 3.
cat > "$bin/check" <<'S'
#!/bin/sh
sleep 0.2
exit 3
S
# A thread that renames itself with prctl(PR_SET_NAME).
cat > "$bin/pyworker" <<'S'
#!/usr/bin/python3
import ctypes, threading, time
libc = ctypes.CDLL(None, use_errno=True)
def run():
    libc.prctl(15, b"flusher", 0, 0, 0)   # PR_SET_NAME
    time.sleep(60)
threading.Thread(target=run, daemon=True).start()
time.sleep(60)
S
# A hostile name: clear-screen and colour escapes plus invalid UTF-8, set
# with prctl; its command line (argv) is hostile too.
cat > "$bin/hostile" <<'S'
#!/usr/bin/python3
import ctypes, time
libc = ctypes.CDLL(None, use_errno=True)
time.sleep(0.1)
libc.prctl(15, b"\x1b[2J\x1b[31mboom\xff\xfe", 0, 0, 0)
time.sleep(60)
S
# The workload's root: a shell forking everything above.
cat > "$bin/fsdemo" <<'S'
#!/bin/sh
d=${0%/*}
read go < "$d/../go"
cd "$d/.."
ulimit -c unlimited 2>/dev/null || true
"$d/httpd" &
"$d/pyworker" &
"$d/hostile" "$(printf '\033]0;pwned\007\033[31mred\377\376')" &
setpriv --reuid=65534 --regid=65534 --clear-groups "$d/backup" 60 &
"$d/launcher" &
sleep 0.5
(cd "$d/.." && "$d/make")
"$d/check" || true
"$d/hung" 60 & hung=$!
"$d/crasher" 60 & crasher=$!
sleep 0.3
kill -KILL "$hung"
kill -SEGV "$crasher"
wait "$hung" "$crasher" 2>/dev/null || true
sleep 0.5
: > "$d/../done"
sleep 60
S
chmod 755 "$bin"/*

mkfifo "$tmp/go"
setsid "$bin/fsdemo" &
root_pid=$!
sleep 0.3
"$forkscope" --json --pid "$root_pid" > "$tmp/rec.jsonl" &
rec_pid=$!
sleep 1
echo go > "$tmp/go"
i=0
while [ ! -e "$tmp/done" ]; do
  sleep 0.1
  i=$((i + 1))
  [ "$i" -lt 200 ] || { echo "make-demo.sh: the workload did not finish" >&2; exit 1; }
done
kill -TERM "$rec_pid"
wait "$rec_pid" || true
rec_pid=
# The temporary directory's name is random: make it stable.
sed "s|$tmp|/tmp/fsdemo|g" "$tmp/rec.jsonl" > "$tmp/demo.jsonl"
# Every part of the story must be in the recording (a core_pattern that
# pipes, or a lost event, would spoil it).
log=$("$forkscope" --log --replay "$tmp/demo.jsonl")
for want in 'exit 3 after' 'SIGKILL after' 'SIGSEGV (core) after' 'flusher' \
            'uid 65534' '\\e\[2J\\e\[31mboom' ' ld ' ' cc1 ' ' worker '; do
  printf '%s\n' "$log" | grep -q -- "$want" \
    || { echo "make-demo.sh: the recording lacks /$want/; $out kept as it was" >&2; exit 1; }
done
mv "$tmp/demo.jsonl" "$out"
echo "make-demo.sh: wrote $out ($(wc -l < "$out") events, $(wc -c < "$out") bytes)"
