#!/bin/bash
# An unprivileged user (uid 65534, no capabilities): forkscope uses the
# connector where the kernel lets such a user join its group, and polls,
# saying why, where it does not.  Which it is depends on the kernel, not
# only on its version: mainline 6.6 and later let any user in the initial
# namespaces join (drivers/connector/connector.c, cn_bind); before 6.6,
# and on builds that keep the group to CAP_NET_ADMIN (6.18.44-fc here),
# joining fails with EPERM.  The kernel is asked first, with the same
# join, so that the test holds on either.  Exit 77 without root or
# setpriv.
set -u
fs=${FORKSCOPE:?}
[ "$(id -u)" = 0 ] || { echo "needs root (to become another user)"; exit 77; }
command -v setpriv >/dev/null || { echo "no setpriv"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The build tree may be closed to other users: a copy they can run.
cp "$fs" "$tmp/forkscope"
chmod 755 "$tmp" "$tmp/forkscope"
# (PATH: the system's python3, not one under root's home.)
as_nobody () {
  setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all --bounding-set=-all \
    env PATH=/usr/local/bin:/usr/bin:/bin "$@"
}

probe=$(as_nobody python3 -c '
import errno, socket
s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 11)   # NETLINK_CONNECTOR
try:
    s.bind((0, 1))                                             # group CN_IDX_PROC
    print("joined")
except OSError as e:
    print(errno.errorcode[e.errno])')
echo "the kernel ($(uname -r)) to an unprivileged user joining the group: $probe"

cd "$tmp" || exit 1
as_nobody ./forkscope --log --duration 1 >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 0 ] || { cat "$tmp/err"; echo "exited $status"; exit 1; }
case $probe in
  joined)
    if grep -q 'connector unavailable' "$tmp/err"; then
      cat "$tmp/err"; echo "the kernel lets the user join, but forkscope polled"; exit 1
    fi
    echo "ok: forkscope uses the connector unprivileged" ;;
  EPERM)
    grep -q '^forkscope: process-events connector unavailable (Joining the process events group: Operation not permitted); polling /proc' "$tmp/err" \
      || { cat "$tmp/err"; echo "no word on why forkscope polls"; exit 1; }
    grep -q '^# process-events connector unavailable' "$tmp/out" \
      || { head -3 "$tmp/out"; echo "the output does not say it polls"; exit 1; }
    echo "ok: refused by this kernel; forkscope polls and says why" ;;
  *)
    echo "the probe failed otherwise ($probe)"; exit 77 ;;
esac
exit 0
