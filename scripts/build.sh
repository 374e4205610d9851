#!/usr/bin/env bash
# Configures and builds Hoist (the tool, the runtime, the tests) in build/.
#   scripts/build.sh [extra cmake args]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
# Two cores: two jobs keep memory in check while linking against LLVM.
ninja -C "$build" -j "${HOIST_JOBS:-2}"
