#!/usr/bin/env bash
# Builds the scenario-loader fuzzer with Clang (AddressSanitizer and UBSan included) and runs it
# for a bounded time, starting from the shipped scenarios, the corpus of malformed ones and the
# seeds of fuzz/seeds/ (a --set, a --sweep and an --intervention, as the target reads them).
# Usage: fuzz/run.sh [SECONDS]   (default 60)
#
# Exit status 0 when the fuzzer found nothing. Otherwise the input that failed is in
# build-fuzz/crashes/: fix the loader, then add the input to tests/corpus/ as fuzz-NAME.json
# with its expected message (tests/corpus/README.md), so that it stays fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

tools/install-deps.sh --fuzz
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DFLOWSIM_FUZZ=ON -DFLOWSIM_BUILD_TESTS=OFF -DFLOWSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" --target scenario_loader_fuzz

# The fuzzer adds what it learns to build-fuzz/corpus; the seeds in the repository stay as
# they are.
mkdir -p build-fuzz/corpus build-fuzz/crashes
status=0
build-fuzz/fuzz/scenario_loader_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -dict=fuzz/scenario.dict -artifact_prefix=build-fuzz/crashes/ \
  -print_final_stats=1 build-fuzz/corpus fuzz/seeds scenarios tests/corpus 2>build-fuzz/fuzz.log || status=$?
tail -n 15 build-fuzz/fuzz.log
if [ "$status" -ne 0 ]; then
  echo "fuzz/run.sh: the fuzzer found an input the loader mishandles (log: build-fuzz/fuzz.log):" >&2
  ls build-fuzz/crashes >&2
  exit 1
fi
