#!/bin/bash
# The bench's readers that the storm figures are taken apart with
# (bench/README.md): bench/floor in one thread and in two (-2), with the
# task statistics (-t), and bench/sources, forkscope's own sources.  Each
# listens while bench/storm execs children at a steady pace, then ends on
# SIGTERM: it must exit 0 and have seen every child's exec (the machine's
# other processes may add more), the floors each read handed over and
# none dropped, the sources each child's cost.  Usage: benchreaders.sh
# STORM FLOOR SOURCES.  Exit 77 without root or when the connector or the
# task statistics are refused.
set -u
storm=${1:?} floor=${2:?} sources=${3:?}
[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
tmp=$(mktemp -d)
trap 'kill $rp 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# field NAME FILE: the value of NAME=N in FILE's last line.
field() { tail -n 1 "$2" | grep -oE "\\b$1=[0-9]+" | cut -d= -f2; }

n=0
for reader in "$floor -t" "$floor -t -2" "$sources"; do
  n=$((n + 1))
  $reader >"$tmp/out$n" 2>"$tmp/err$n" & rp=$!
  sleep 0.5
  if ! kill -0 $rp 2>/dev/null; then
    wait $rp
    status=$?
    cat "$tmp/err$n"
    # Refused: it says by whom (floor: perror; sources: the source's error).
    [ $status = 1 ] && grep -qiE "connector|statistics|permission|not permitted" "$tmp/err$n" \
      && { echo "$reader refused"; exit 77; }
    fail "$reader ended at start (status $status)"
  fi
  "$storm" -m exec -r 200 -s 1 >"$tmp/storm$n" 2>&1 || { cat "$tmp/storm$n"; fail "the storm failed"; }
  sleep 0.3
  kill -TERM $rp; wait $rp
  status=$?
  [ $status = 0 ] || { cat "$tmp/err$n"; fail "$reader exited $status"; }
  children=$(field iterations "$tmp/storm$n")
  execs=$(field execs "$tmp/out$n")
  echo "$reader: $(cat "$tmp/out$n") ($children children)"
  [ "${children:-0}" -ge 150 ] || fail "the storm made ${children:-no} children"
  [ "${execs:-0}" -ge "$children" ] || fail "$reader saw ${execs:-no} execs of $children"
  case $reader in
    *-2)
      [ "$(field handed "$tmp/out$n")" = "$execs" ] || fail "$reader handed over fewer reads than execs"
      [ "$(field full "$tmp/out$n")" = 0 ] || fail "$reader dropped reads" ;;
    "$sources")
      costs=$(field costs "$tmp/out$n")
      [ "${costs:-0}" -ge "$children" ] || fail "$reader joined fewer costs than children" ;;
  esac
done
echo ok
