#!/usr/bin/env bash
# Builds flowsim (Release) and runs the whole test suite with CTest.
# Usage: tools/check.sh [--sanitize]   (--sanitize: AddressSanitizer + UBSan build in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

build=build
flags=(-DCMAKE_BUILD_TYPE=Release)
# Explicit, because the quickstart configures the same build folder without them.
common=(-DFLOWSIM_BUILD_TESTS=ON -DFLOWSIM_BUILD_BENCH=ON)
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWSIM_SANITIZE=ON)
fi
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B "$build" -G Ninja "${flags[@]}" "${common[@]}" >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" -j "$jobs" --output-on-failure
