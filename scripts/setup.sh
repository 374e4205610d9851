#!/usr/bin/env bash
# Installs what building and testing Hoist needs, from Debian bookworm's
# packages, if it is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools
  g++ libgtest-dev cmake ninja-build python3 graphviz gdb chromium
  libclang-rt-19-dev relacy-dev clang-format-19
)
if [[ "${HOIST_SETUP_EXTRA:-}" != "" ]]; then
  read -r -a extra <<<"$HOIST_SETUP_EXTRA"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
