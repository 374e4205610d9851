#!/usr/bin/env bash
# hoist_target_sources compiles the lowered files through hoist-cc: the
# compiler's warnings on a lowered file name the user's line and column,
# with the user's line under them, and a launcher the project already had
# (CMAKE_CXX_COMPILER_LAUNCHER) still runs, after hoist-cc.
#   diagnostics.sh <generator> <prefix-or-build-dir> <work-dir>
set -euo pipefail
generator=$1 package=$2 work=$3
cmake=${CMAKE_COMMAND:-cmake}
jobs=${HOIST_TEST_BUILD_JOBS:-1}

fail() { echo "diagnostics.sh [$generator]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/src"
src=$work/src build=$work/build

cat >"$src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(columns CXX)
find_package(Hoist REQUIRED)
add_executable(columns main.cpp)
hoist_target_sources(columns main.cpp)
CMAKE
cat >"$src/main.cpp" <<'CPP'
#include <hoist/hoist.hpp>
#include <cstdio>

[[deprecated("use fresh")]] int old(int v) { return v; }
hoist::Async<int> leaf(int v) { co_return v; }

hoist::Async<int> work(int n) {
  int a = co_await leaf(n); int b = old(a);
  co_return a + b;
}

int main() { std::printf("%d\n", hoist::block_on(work(2))); }
CPP
# A launcher of the project's own: it leaves a mark and runs the compiler.
cat >"$work/launcher.sh" <<SH
#!/usr/bin/env bash
touch "$work/launcher-ran"
exec "\$@"
SH
chmod +x "$work/launcher.sh"

"$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE= \
  -DCMAKE_PREFIX_PATH="$package" -DCMAKE_CXX_COMPILER_LAUNCHER="$work/launcher.sh" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure"; }
"$cmake" --build "$build" -j "$jobs" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "build"; }
[[ -e "$work/launcher-ran" ]] || fail "the project's own launcher did not run"
[[ "$("$build/columns")" == 4 ]] || fail "the program printed something else"

# `old` is at column 37 of line 8 (g++ points at its call's parenthesis, 40).
grep -E "main\.cpp:8:(37|40): warning: .*old.* is deprecated" "$work/build.log" >/dev/null ||
  { cat "$work/build.log"; fail "the warning is not at the user's column"; }
grep -F "  int a = co_await leaf(n); int b = old(a);" "$work/build.log" >/dev/null ||
  { cat "$work/build.log"; fail "the user's line is not shown"; }
echo "diagnostics.sh [$generator]: ok"
