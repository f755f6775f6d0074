#!/bin/bash
# forkscope --run-as USER -- CMD, as root: CMD runs as that user (its uid,
# its groups, its HOME, USER and LOGNAME), and the log shows the change of
# ids before the exec; without the privilege, forkscope says why CMD could
# not run (126).  Exit 77 without root.
set -u
fs=${FORKSCOPE:?}
[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "no user nobody"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

uid=$(id -u nobody) gid=$(id -g nobody) home=$(getent passwd nobody | cut -d: -f6)
out=$("$fs" --log --output "$tmp/log" --run-as nobody -- id -u) || fail "id -u: exit $?"
[ "$out" = "$uid" ] || fail "id -u said '$out', want $uid"
out=$("$fs" --log --output "$tmp/log2" --run-as nobody -- id -G) || fail "id -G: exit $?"
[ "$out" = "$(id -G nobody)" ] || fail "id -G said '$out', want '$(id -G nobody)'"
out=$("$fs" --log --output "$tmp/log3" --run-as "$uid" -- sh -c 'echo "$USER $LOGNAME $HOME"') \
  || fail "sh: exit $?"
[ "$out" = "nobody nobody $home" ] || fail "the environment said '$out'"
# the log: the new ids, then the exec as that user
if ! grep -q "connector unavailable" "$tmp/log"; then
  grep -q "uid .*uid $uid(nobody) euid $uid(nobody)" "$tmp/log" || { cat "$tmp/log"; fail "no uid change"; }
  grep -q "gid .*gid $gid egid $gid" "$tmp/log" || { cat "$tmp/log"; fail "no gid change"; }
  # A loaded machine may read the command line after id has ended: the
  # exec then says so (a zombie's name can still be read, its command line
  # not), and the end is named by the kernel's record.
  said="id +id -u|id +command line unreadable|\(name not known\) +name and command line unreadable"
  grep -qE "exec +[0-9]+ +[0-9]+ +nobody +($said)" "$tmp/log" \
    || { cat "$tmp/log"; fail "no exec as nobody"; }
  grep -qE "exit +[0-9]+ +[0-9]+ +nobody +(id|\(name not known\)) +exit 0" "$tmp/log" \
    || { cat "$tmp/log"; fail "no end of id as nobody"; }
fi
# without the privilege: the reason, and a shell's 126
runuser -u nobody -- "$fs" --log --output /dev/null --run-as root -- true 2>"$tmp/err"
status=$?
[ $status = 126 ] || { cat "$tmp/err"; fail "unprivileged --run-as exited $status, want 126"; }
grep -q "^forkscope: cannot run true as root: Operation not permitted$" "$tmp/err" \
  || { cat "$tmp/err"; fail "unprivileged --run-as: no reason"; }
exit 0
