#!/bin/bash
# make.sh - regenerates the PNG screenshots of the real viewer from the demo
# recording (data/demo.jsonl).
#
# Usage: screenshots/make.sh [BUILD_DIR]   (default: build)
# Needs: tmux, /usr/bin/python3, ImageMagick's convert and the DejaVu fonts
# (Debian: apt-get install tmux imagemagick fonts-dejavu-core).
#
# How: the viewer replays the recording in a private tmux server of 120x40
# (the screen is deterministic: its clock is the recording's), keys are sent,
# `tmux capture-pane -e -p` gives the screen with its colours, ansi2svg.py
# draws it cell by cell as SVG, and convert turns that into PNG.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=${1:-$top/build}
forkscope=$(cd "$build" && pwd)/src/forkscope
convert=/usr/bin/convert
cols=120
rows=40
shot_no=0

for tool in tmux /usr/bin/python3 "$convert"; do
  command -v "$tool" >/dev/null || { echo "make.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$forkscope" ] || { echo "make.sh: no $forkscope; build first" >&2; exit 1; }

tmp=$(mktemp -d)
# The private tmux server's settings, read as it starts (no status line).
tmux_conf=$tmp/tmux.conf
echo "set-option -g status off" > "$tmux_conf"
# Each shot has its own tmux server.
tm () { tmux -L "forkscope-shots-$$-$shot_no" -f "$tmux_conf" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# Waits until the screen has not changed for a quarter of a second.
settle () {
  local prev='' cur n=0 i=0
  while [ "$n" -lt 5 ] && [ "$i" -lt 200 ]; do
    sleep 0.05
    cur=$(tm capture-pane -p -e -t 0)
    if [ "$cur" = "$prev" ]; then n=$((n + 1)); else n=0; prev=$cur; fi
    i=$((i + 1))
  done
}

# Starts the viewer on the demo recording.
start () {
  tm kill-server 2>/dev/null || true
  shot_no=$((shot_no + 1))
  tm new-session -d -x "$cols" -y "$rows" -c "$top/data" \
     "env TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC $forkscope --replay demo.jsonl"
  settle
}

keys () {
  tm send-keys -t 0 "$@"
  settle
}

# shot NAME: writes NAME.png from the current screen.
shot () {
  tm capture-pane -p -e -t 0 > "$tmp/$1.ansi"
  /usr/bin/python3 "$here/ansi2svg.py" "$cols" "$rows" < "$tmp/$1.ansi" > "$tmp/$1.svg"
  "$convert" -density 96 "MSVG:$tmp/$1.svg" -strip "PNG:$here/$1.png"
  echo "make.sh: wrote $here/$1.png"
}

# 1. The tree with tombstones; the selected one's exit in the details.
start
for _ in $(seq 22); do tm send-keys -t 0 Down; done
settle
shot tree

# 2. A filter by comm: matches, their dimmed ancestors and descendants.
start
keys '\'
tm send-keys -t 0 -l cc
keys Enter
shot filter

# 3. Frozen, inspecting an exited process from the event log.
start
keys z
keys Tab
for _ in $(seq 7); do tm send-keys -t 0 Up; done
settle
shot frozen

# 4. The time cursor: the tree right after check failed, the events after
#    it dimmed in the log.
start
keys z
keys Tab
for _ in $(seq 15); do tm send-keys -t 0 Up; done
keys g
shot timetravel
