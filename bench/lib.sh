# lib.sh - what the benchmark scripts share (sourced, not run).

# Prints a process's user+sys CPU time in clock ticks (all its threads), or
# nothing if it is gone.
cpu_ticks () {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # Fields after the ")" closing comm: state is 3, utime 14, stime 15.
  set -- ${stat##*) }
  echo $(( ${12} + ${13} ))
}

# Waits (up to 10 s) until none of the given pids used CPU for 0.5 s.
wait_idle () {
  local before now i p
  before=$(for p in "$@"; do cpu_ticks "$p"; done)
  for i in $(seq 20); do
    sleep 0.5
    now=$(for p in "$@"; do cpu_ticks "$p"; done)
    [ "$now" = "$before" ] && return 0
    before=$now
  done
}
