#!/usr/bin/env bash
# Installs what flowsim needs to build and test, from Debian/Ubuntu packages only.
# Safe to run again: it installs only what is missing. Uses sudo when not run as root.
# Usage: tools/install-deps.sh [--fuzz]   (--fuzz: also Clang and its libFuzzer runtime)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev libeigen3-dev nlohmann-json3-dev libssl-dev
  catch2 libbenchmark-dev libvalijson-dev
  libcli11-dev libfmt-dev  # the flowsim command's parser and its number formatting
  chromium  # the headless-browser test of report.html
)
if [ "${1:-}" = "--fuzz" ]; then
  # Debian 12 ships libFuzzer's runtime in libclang-rt-dev (for the default clang); older
  # releases (Ubuntu 22.04) in clang's own packages.
  packages+=(clang)
  if apt-cache show libclang-rt-dev >/dev/null 2>&1; then packages+=(libclang-rt-dev); fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
