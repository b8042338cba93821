#!/usr/bin/env bash
# Every figure in bench/README.md, in one run: the hold model, the M/M/c model beside its plain
# loop, the shipped scenarios, replications on 1 and 2 threads and peak memory. Medians of
# repetitions; run it with nothing else busy on the machine.
#
# Usage: bench/figures.sh [BUILD_DIR] [BEFORE_BUILD_DIR]
#   BUILD_DIR          a Release build with benchmarks (default: build)
#   BEFORE_BUILD_DIR   optional: an older build to compare with, run alternately with this one so
#                      that both see the same machine (its model_bench must have BM_MMc and
#                      BM_EdAndBedsYear)
#   REPETITIONS=3      repetitions of each benchmark
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
before=${2:-}
reps=${REPETITIONS:-3}
for exe in "$build/bench/event_queue_bench" "$build/bench/model_bench" "$build/tools/flowsim"; do
  [ -x "$exe" ] || { echo "no $exe: build with -DCMAKE_BUILD_TYPE=Release first" >&2; exit 1; }
done
medians=(--benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true
  --benchmark_display_aggregates_only=true)
only_medians() { grep -E '^Benchmark|_median' || true; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "## Hold model"
"$build/bench/event_queue_bench" --benchmark_min_time=0.3 "${medians[@]}" 2>/dev/null | only_medians
echo
echo "## M/M/c, the plain loop and the shipped scenarios (one replication per iteration)"
"$build/bench/model_bench" --benchmark_filter='MMc|EdAndBeds|AcuteTrust' \
  --benchmark_min_time=0.5 "${medians[@]}" 2>/dev/null | only_medians
echo
echo "## 20 replications of the acute-trust baseline on 1 and 2 threads"
"$build/bench/model_bench" --benchmark_filter='Replications' "${medians[@]}" 2>/dev/null |
  only_medians
echo
if [ -n "$before" ]; then
  echo "## Before and after, alternately: $before, then $build"
  for round in $(seq "$reps"); do
    for b in "$before" "$build"; do
      printf '%-28s' "$b (round $round)"
      "$b/bench/model_bench" --benchmark_filter='BM_MMc/(1|10|100)$|EdAndBeds' \
        --benchmark_min_time=0.5 2>/dev/null |
        awk '/^BM_/ { printf "  %s %s %s", $1, $2, $3 } END { print "" }'
    done
  done
  echo
  echo "## The acute-trust baseline by flowsim run, 10 replications of both variants, 1 thread"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for round in $(seq "$reps"); do
    for b in "$before" "$build"; do
      rm -rf "$work/out"
      /usr/bin/time -f '%e' -o "$work/time" "$b/tools/flowsim" run \
        scenarios/acute_trust_baseline.json --reps 10 --threads 1 --out "$work/out" >/dev/null
      printf '%-28s %s s for 20 replications of 393 days\n' "$b (round $round)" "$(cat "$work/time")"
    done
  done
  echo
fi
echo "## Peak memory"
bench/peak_memory.sh "$build"
