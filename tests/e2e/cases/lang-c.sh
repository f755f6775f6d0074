#!/bin/bash
# lang-c.sh - an end-to-end case of the viewer (how to run it: ../lib.sh).
#
# LANG=C: nothing on the screen depends on the locale being UTF-8: tree
# lines, marks and sizes in ASCII (the live header said 32.0?MiB, a
# no-break space from g_format_size).
. "$(dirname "$0")/../lib.sh"

run_case () {
  local env0=$viewer_env
  viewer_env="env -u NO_COLOR TERM=xterm-256color LC_ALL=C TZ=UTC XDG_CONFIG_HOME=$tmp/config"
  start_replay "$demo_dir" demo.jsonl
  check lang-c-1
  # The raw screen (capture-pane -p: box corners as the letters that draw
  # them) is ASCII.
  if tm capture-pane -p -t 0 | LC_ALL=C grep -q '[^ -~]'; then
    fail "non-ASCII on the screen under LC_ALL=C:"
    tm capture-pane -p -t 0 | LC_ALL=C grep '[^ -~]' | cat -v
  else
    echo "ok: the screen is ASCII under LC_ALL=C"
  fi
  stop_viewer
  if [ "$(id -u)" != 0 ]; then
    echo "skipped: the live header (needs root)"
    viewer_env=$env0
    return
  fi
  W=170
  start_in "$tmp" "$(viewer_cmd)"
  if wait_for '^forkscope .*netlink' 10; then
    if screen | head -1 | grep -Eq ', [0-9.]+ [KMG]iB buffer\)'; then
      echo "ok: the live header's buffer size: $(screen | head -1 | grep -Eo '[0-9.]+ [KMG]iB buffer')"
    else
      fail "the live header has no ASCII buffer size: $(screen | head -1)"
    fi
    if tm capture-pane -p -t 0 | head -1 | LC_ALL=C grep -q '[^ -~]'; then
      fail "the live header is not ASCII: $(tm capture-pane -p -t 0 | head -1 | cat -v)"
    fi
  else
    echo "skipped: the live header (the viewer did not start on netlink: $(screen | head -1))"
  fi
  viewer_env=$env0
}

run_case
end_case
