#!/usr/bin/env bash
# Runs the whole test suite: unit tests (GoogleTest), lit tests of the tool,
# end-to-end tests (lower, compile with g++ and clang++, run, compare with
# the C++20 reference backend) and the runtime's stress tests.
#   scripts/test.sh [ctest args]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j "${HOIST_JOBS:-2}" "$@"
