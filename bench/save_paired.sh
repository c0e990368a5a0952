#!/bin/sh
# Paired, alternating runs of bench/save_edits.py in two checkouts (OLD NEW), ROUNDS rounds of
# 10 saves each; prints each round's medians, then the medians' ratio OLD/NEW. NEW's .venv runs
# both (the checkout measured is the cwd: bench/save_edits.py puts it first on sys.path).
set -eu
OLD=$1 NEW=$2 ROUNDS=${ROUNDS:-5}
PY="$NEW/.venv/bin/python"
SCRIPT="$NEW/bench/save_edits.py"
for round in $(seq "$ROUNDS"); do
  old=$(cd "$OLD" && "$PY" "$SCRIPT" 10 2>/dev/null)
  new=$(cd "$NEW" && "$PY" "$SCRIPT" 10 2>/dev/null)
  echo "round $round: old $old ms, new $new ms"
done | "$PY" -c '
import statistics, sys
old, new = [], []
for line in sys.stdin:
    print(line, end="")
    words = line.split()
    old.append(float(words[3])); new.append(float(words[6]))
o, n = statistics.median(old), statistics.median(new)
print(f"median old {o:.1f} ms, new {n:.1f} ms, old/new {o / n:.2f}x")
'
