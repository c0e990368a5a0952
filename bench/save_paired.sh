#!/bin/sh
# Paired, alternating runs of bench/save_edits.py in two checkouts (OLD NEW), ROUNDS rounds of
# 10 saves each; prints each round's medians (wall / process CPU), then the medians' ratios OLD/NEW. NEW's .venv runs
# both (the checkout measured is the cwd: bench/save_edits.py puts it first on sys.path).
set -eu
OLD=$1 NEW=$2 ROUNDS=${ROUNDS:-5}
PY="$NEW/.venv/bin/python"
SCRIPT="$NEW/bench/save_edits.py"
for round in $(seq "$ROUNDS"); do
  old=$(cd "$OLD" && "$PY" "$SCRIPT" 10 2>/dev/null)
  new=$(cd "$NEW" && "$PY" "$SCRIPT" 10 2>/dev/null)
  echo "round $round: old $old ms, new $new ms"  # each "wall cpu"
done | "$PY" -c '
import statistics, sys
old, new, old_cpu, new_cpu = [], [], [], []
for line in sys.stdin:
    print(line, end="")
    words = line.replace(",", "").split()
    old.append(float(words[3])); old_cpu.append(float(words[4]))
    new.append(float(words[7])); new_cpu.append(float(words[8]))
o, n = statistics.median(old), statistics.median(new)
oc, nc = statistics.median(old_cpu), statistics.median(new_cpu)
print(f"median wall: old {o:.1f} ms, new {n:.1f} ms, old/new {o / n:.2f}x")
print(f"median CPU:  old {oc:.1f} ms, new {nc:.1f} ms, old/new {oc / nc:.2f}x")
'
