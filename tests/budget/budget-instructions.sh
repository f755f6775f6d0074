#!/bin/bash
# budget-instructions.sh - instructions per event of a replay to --json,
# counted by callgrind on a fixed recording, against the budget.
#
# Usage: budget-instructions.sh BUDGETS-FILE GENREC FORKSCOPE
# The recording is bench/genrec.py's normal one (shells forking compilers
# that exec and exit: fork, exec, exit in turn) of BUDGET_EVENTS events;
# `forkscope --replay REC --json > /dev/null` runs under callgrind on it
# and on its first BUDGET_HEAD events, and the difference in instructions
# over the difference in events is the figure: startup and exit taken off.
# Callgrind's count is the same on every run of the same binary, and the
# budget is that of a gcc debugoptimized build: other builds skip (77).
set -euo pipefail
budgets=$1 genrec=$2 forkscope=$3
BUDGET_EVENTS=20000
BUDGET_HEAD=2000
if [ "${BUDGET_INSTRUCTIONS:-0}" != 1 ] || [ -n "${FORKSCOPE_VALGRIND:-}" ]; then
  echo "not a gcc debugoptimized build without sanitizer: no figure"
  exit 77
fi
command -v valgrind >/dev/null || { echo "valgrind missing: no figure"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: no figure"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$genrec" normal "$BUDGET_EVENTS" > "$work/rec.jsonl"
head -n "$BUDGET_HEAD" "$work/rec.jsonl" > "$work/head.jsonl"
# instructions REC: the instructions callgrind counts for one replay of REC.
instructions () {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
    "$forkscope" --replay "$1" --json > /dev/null 2> "$work/cg.err" || {
      cat "$work/cg.err" >&2; return 1; }
  sed -n 's/^summary: \([0-9]*\)$/\1/p' "$work/cg.out"
}
full=$(instructions "$work/rec.jsonl")
head=$(instructions "$work/head.jsonl")
n=$(wc -l < "$work/rec.jsonl")
awk -v f="$full" -v h="$head" -v n="$n" -v hn="$BUDGET_HEAD" -v name=instructions_per_event '
  FILENAME == ARGV[1] && $1 == name { budget = $2 }
  END {
    v = (f - h) / (n - hn)
    if (budget == "") { printf "%s: %.1f (no budget in the file)\n", name, v; exit 1 }
    printf "%s: %.1f (budget %.1f)%s\n", name, v, budget, v <= budget ? "" : ": OVER BUDGET"
    exit !(v <= budget)
  }' "$budgets"
