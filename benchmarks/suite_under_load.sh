#!/usr/bin/env bash
# The test suite, N times in a row, with a CPU hog on every core beside it: no test may
# depend on timing.   benchmarks/suite_under_load.sh [N]   (default 10)
set -u
cd "$(dirname "$0")/.."
n=${1:-10}
cores=$(nproc)
hogs=()
for _ in $(seq 1 "$cores"); do
  (while :; do :; done) &  # a busy loop per core
  hogs+=($!)
done
trap 'kill "${hogs[@]}" 2>/dev/null' EXIT INT TERM
passed=0
for i in $(seq 1 "$n"); do
  if .venv/bin/python -m pytest -q -p no:cacheprovider >/tmp/suite_under_load.$i.log 2>&1; then
    passed=$((passed + 1)); echo "run $i: $(tail -n 1 /tmp/suite_under_load.$i.log)"
  else
    echo "run $i FAILED: $(grep -E '^FAILED' /tmp/suite_under_load.$i.log | head -3)"
  fi
done
echo "$passed of $n runs passed with $cores busy cores beside them"
[ "$passed" -eq "$n" ]
