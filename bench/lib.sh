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

# Prints a process's resident memory in KiB (VmRSS), or nothing if gone.
rss_kib () {
  awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# Prints the number of processes on the machine (the /proc entries).
machine_procs () {
  local n=0 d
  for d in /proc/[0-9]*; do n=$((n + 1)); done
  echo "$n"
}

# Prints a process's user+sys CPU time of all its threads in nanoseconds
# (/proc/PID/task/*/schedstat: finer than the ticks of cpu_ticks), or
# nothing if it is gone.  A thread that ended took its time with it.
cpu_ns () {
  local t sum=0 run rest
  for t in /proc/"$1"/task/*/schedstat; do
    read -r run rest < "$t" 2>/dev/null || continue
    sum=$((sum + run))
  done
  [ -d "/proc/$1" ] && echo "$sum"
}

# A private tmux server for the terminal programs a benchmark runs, with no
# status line; WORK must be set (a directory the script removes).
#   tm_init NAME      sets it up (the caller's EXIT trap calls tm_fini)
#   tm_start NAME COLSxLINES CMD...   runs CMD in a window of its own,
#                     named NAME, and prints its pid once it has started
#   tm_screen NAME    prints that window's screen
#   tm_fini           ends the server
tm_init () {
  tm_sock=forkscope-$1-$$
  echo "set-option -g status off" > "$WORK/tmux.conf"
}
tm () { tmux -L "$tm_sock" -f "$WORK/tmux.conf" "$@"; }
tm_start () {
  local name=$1 size=$2 i
  shift 2
  rm -f "$WORK/$name.pid"
  if tm has-session 2>/dev/null; then
    tm new-window -d -n "$name" "echo \$\$ > $WORK/$name.pid; exec $*"
  else
    tm new-session -d -n "$name" -x "${size%x*}" -y "${size#*x}" \
      "echo \$\$ > $WORK/$name.pid; exec $*"
  fi
  for i in $(seq 500); do
    [ -s "$WORK/$name.pid" ] && break
    sleep 0.01
  done
  cat "$WORK/$name.pid"
}
tm_screen () { tm capture-pane -p -t ":=$1"; }
tm_fini () { tm kill-server >/dev/null 2>&1 || true; }

# The peers' own settings stay out of the figures: htop and btop read and
# write theirs under a private HOME and XDG_CONFIG_HOME.
peer_env () {
  echo "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config"
}

# Starts bench/crowd with N sleeping processes (of build directory BUILD)
# and waits until they have all exec'd; sets crowd_pid.  crowd_stop ends it.
crowd_start () {
  local build=$1 n=$2 i
  crowd_pid=
  [ "$n" -gt 0 ] || return 0
  "$build/bench/crowd" "$n" > "$WORK/crowd.out" &
  crowd_pid=$!
  for i in $(seq 600); do
    grep -q ready "$WORK/crowd.out" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "crowd did not start $n processes in 60 s" >&2
  return 1
}
crowd_stop () {
  [ -n "${crowd_pid:-}" ] || return 0
  kill -TERM "$crowd_pid" 2>/dev/null || true
  wait "$crowd_pid" 2>/dev/null || true
  crowd_pid=
}

# What the benchmark scripts that take several builds (-b) check first.
# die MESSAGE: says it as the script and exits 1.
die () { echo "$(basename "$0"): $*" >&2; exit 1; }
# need_root: as root, or die.
need_root () { [ "$(id -u)" = 0 ] || die "must run as root"; }
# need_tools TOOL...: each on PATH (a Debian package of that name), or die.
need_tools () {
  local p
  for p in "$@"; do command -v "$p" >/dev/null || die "$p missing: apt-get install -y $p"; done
}
# need_builds PROGRAM...: the array builds defaults to $src/build; each must
# hold src/forkscope, and the first bench/PROGRAM for each PROGRAM.
need_builds () {
  local b p
  [ ${#builds[@]} -gt 0 ] || builds=("$src/build")
  for b in "${builds[@]}"; do [ -x "$b/src/forkscope" ] || die "$b/src/forkscope missing"; done
  for p in "$@"; do
    [ -x "${builds[0]}/bench/$p" ] || die "${builds[0]}/bench/$p missing: meson compile -C ${builds[0]}"
  done
}
# work_dir NAME [KEEP]: sets WORK to KEEP (made if need be), else to a new
# temporary directory, with the private settings directories the viewer
# and the peers use (config/, home/.config/).
work_dir () {
  if [ -n "${2:-}" ]; then WORK=$2; mkdir -p "$WORK"; else WORK=$(mktemp -d "/tmp/forkscope-$1.XXXXXX"); fi
  mkdir -p "$WORK/config" "$WORK/home/.config"
}
