#!/usr/bin/env bash
# Configures and builds Hoist in build/: everything, or the given targets.
#   scripts/build.sh [target...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Two cores: two jobs keep memory in check while linking against LLVM.
ninja -C "$build" -j "${HOIST_JOBS:-2}" "$@"
