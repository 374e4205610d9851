#!/usr/bin/env bash
# Builds examples/kvstore (a copy) against a Hoist package with CMake, runs
# it, and compares its output with the example's expected.txt:
#   kvstore.sh <generator> <prefix-or-build-dir> <kvstore-source> <work-dir>
set -euo pipefail
generator=$1 package=$2 source=$3 work=$4
cmake=${CMAKE_COMMAND:-cmake}
jobs=${HOIST_TEST_BUILD_JOBS:-1}

fail() { echo "kvstore.sh [$generator]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cp -R "$source" "$work/src"
src=$work/src build=$work/build

"$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE= \
  -DCMAKE_PREFIX_PATH="$package" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configure"; }
"$cmake" --build "$build" -j "$jobs" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "build"; }
# The program that runs is the lowered one (C++17), not the coroutines.
grep -q "Lowering kvstore.cpp (hoist)" "$work/build.log" ||
  { cat "$work/build.log"; fail "the build did not lower kvstore.cpp"; }

# Server and clients in one process; it exits by itself after SHUTDOWN.
timeout 60 "$build/kvstore" >"$work/run.out" 2>&1 ||
  { cat "$work/run.out"; fail "run (exit $?)"; }
diff "$src/expected.txt" "$work/run.out" || fail "unexpected output"
echo "kvstore.sh [$generator]: ok"
