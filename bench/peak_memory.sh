#!/usr/bin/env bash
# Peak memory of `flowsim run` against the number of replications and the length of the horizon,
# as the maximum resident set size that /usr/bin/time -v reports.
#
# Beside each peak it prints the size of the results the run must keep until the end: every
# metric of every replication (a double each) and, for the daily bands, every replication's value
# of every daily series on every day (a float each); both counted from the files written.
# Peak memory may grow by those and nothing else.
#
# Usage: bench/peak_memory.sh [BUILD_DIR] [SCENARIO]
#   REPS="10 100 1000"   replication counts to try at the scenario's own horizon
#   HORIZONS="98d 393d 1123d"  horizons to try (with --set /horizon=...) at HORIZON_REPS
#   HORIZON_REPS=10      replications for the horizon runs
#   THREADS=2            threads for every run
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
scenario=${2:-scenarios/acute_trust_baseline.json}
reps_list=${REPS:-"10 100 1000"}
horizons=${HORIZONS:-"98d 393d 1123d"}
horizon_reps=${HORIZON_REPS:-10}
threads=${THREADS:-2}
flowsim=$build/tools/flowsim
[ -x "$flowsim" ] || { echo "no $flowsim: build flowsim first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run REPS [--set ...]: prints "peak_MB results_MB wall_s"
run() {
  local reps=$1
  shift
  rm -rf "$work/out"
  /usr/bin/time -v -o "$work/time" "$flowsim" run "$scenario" --reps "$reps" --threads "$threads" \
    --out "$work/out" --quiet "$@" >/dev/null
  local peak_kb wall metric_rows daily_rows
  peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$work/time")
  metric_rows=$(($(wc -l <"$work/out/replications.csv") - 1))
  daily_rows=0
  if [ -f "$work/out/daily.csv" ]; then daily_rows=$(($(wc -l <"$work/out/daily.csv") - 1)); fi
  awk -v p="$peak_kb" -v m="$metric_rows" -v d="$daily_rows" -v r="$reps" -v w="$wall" \
    'BEGIN { printf "%8.1f %10.1f %10s\n", p / 1024, (8 * m + 4 * d * r) / 1048576, w }'
}

echo "$scenario, $threads threads"
echo
echo "replications   peak MB  results MB   wall"
for reps in $reps_list; do
  printf "%12s " "$reps"
  run "$reps"
done
echo
echo "horizon (reps $horizon_reps)   peak MB  results MB   wall"
for horizon in $horizons; do
  printf "%21s " "$horizon"
  run "$horizon_reps" --set "/horizon=\"$horizon\""
done
