#!/usr/bin/env bash
# Installs a built flowsim into a scratch prefix, builds examples/ against it with
# find_package(flowsim), and runs the example on a tutorial scenario.
# Usage: examples/check.sh [BUILD_DIR]   (default build/, as tools/check.sh leaves it)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
# Only the API's headers are installed: the example cannot reach the model's.
if [ -n "$(ls "$scratch/prefix/include" | grep -v '^flowsim$')" ] ||
   grep -rq 'nlohmann\|#include "' "$scratch/prefix/include/flowsim"; then
  echo "examples/check.sh: the installed headers reach beyond include/flowsim/" >&2
  exit 1
fi
cmake -S "$root/examples" -B "$scratch/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build"

out="$("$scratch/build/compare_interventions" "$root/scenarios/tutorial/pooling.json" 5 \
  "$scratch/results")"
echo "$out"
grep -q 'difference' <<<"$out" || { echo "examples/check.sh: no comparison printed" >&2; exit 1; }
for f in summary.json replications.csv report.html; do
  [ -s "$scratch/results/$f" ] || { echo "examples/check.sh: $f not written" >&2; exit 1; }
done
echo "examples/check.sh: the example built against the installed library and ran"
