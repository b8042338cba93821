#!/usr/bin/env bash
# Installs what is needed, builds flowsim and runs the main job: the shipped acute-trust
# baseline and its intervention (virtual wards that pull patients from the wards), compared
# with common random numbers, ending in a table and a results folder.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLOWSIM_BUILD_TESTS=OFF -DFLOWSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target flowsim

scenario=${1:-scenarios/acute_trust_baseline.json}
./build/tools/flowsim run "$scenario"
