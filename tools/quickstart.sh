#!/usr/bin/env bash
# Installs what is needed, builds flowsim and runs the main job: scenarios/virtual_wards.json,
# virtual-ward places from 0 to 60 per 100,000 under referral and under pull, every variant and
# sweep point compared with common random numbers, ending in tables and report.html.
# Usage: tools/quickstart.sh [SCENARIO [flowsim run options...]]
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLOWSIM_BUILD_TESTS=OFF -DFLOWSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target flowsim

scenario=${1:-scenarios/virtual_wards.json}
shift || true
./build/tools/flowsim run "$scenario" "$@"
