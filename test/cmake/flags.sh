#!/usr/bin/env bash
# hoist_target_sources parses with what the compiler is given: a small
# project whose futures change layout with each kind of flag is built with
# LAYOUT_ASSERTS ON, so that any flag the parse missed stops the build.
#   flags.sh <generator> <package> <work-dir> <mode>
# mode "flags": CMAKE_CXX_FLAGS (-D_GLIBCXX_DEBUG), CMAKE_CXX_FLAGS_RELEASE
#   (-DNDEBUG), a target_compile_definitions and a target_compile_options
#   definition (behind $<COMPILE_LANGUAGE:CXX>), an include directory set
#   only on the target; a flags change lowers again; a parse that differs
#   from the compile fails with the assertion's advice, and builds without
#   the assertions (the default).
# mode "m32": CMAKE_CXX_FLAGS=-m32 (an OBJECT library: the runtime is not
#   built for it; <package> is then a build tree of Hoist); exits 77
#   (skipped) if the compiler cannot build -m32.
set -euo pipefail
generator=$1 package=$2 work=$3 mode=$4
cmake=${CMAKE_COMMAND:-cmake}
jobs=${HOIST_TEST_BUILD_JOBS:-1}

fail() { echo "flags.sh [$generator, $mode]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/src/only_here"
src=$work/src build=$work/build

# Found only through the target's include directory.
cat >"$src/only_here/flags_record.hpp" <<'CPP'
#pragma once
// A record whose size depends on a definition of the target.
struct Record {
  int id = 1;
#ifdef WIDE_RECORD
  char extra[40] = {};
#endif
#ifndef NDEBUG
  long checked = 0;
#endif
  char option[OPTION_BYTES] = {};
};
CPP
cat >"$src/main.cpp" <<'CPP'
#include <hoist/hoist.hpp>
#include <flags_record.hpp>

#include <cstdio>
#include <string>
#include <vector>

hoist::Async<int> leaf(int v) { co_return v; }

hoist::Async<int> work(int n) {
  Record r;
  std::vector<int> v(n, 2);
  std::string s = "held across an await";
  int *p = &v[0];
  int a = co_await leaf(n);
  co_return a + r.id + *p + int(v.size()) + int(s.size()) - 20;
}

int main() {
  std::printf("flags: %d\n", hoist::block_on(work(3)));
  std::printf("future: %zu bytes\n", sizeof(decltype(work(3))));
}
CPP

if [[ "$mode" == m32 ]]; then
  cxx=${CXX:-c++}
  printf '#include <string>\n#include <vector>\nint main() { return std::string("x").size() == 1 ? 0 : 1; }\n' \
    >"$work/probe.cpp"
  if ! "$cxx" -m32 -std=c++17 -o "$work/probe" "$work/probe.cpp" >"$work/probe.log" 2>&1; then
    echo "flags.sh [m32]: skipped: $cxx cannot build -m32 (install g++-multilib)"
    exit 77
  fi
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(HoistFlagsM32 LANGUAGES CXX)
# The package's version file turns down a 32-bit project (the runtime is
# built for 64 bits): its targets and function, taken directly, are enough
# for an OBJECT library, which links nothing.
find_package(Threads REQUIRED)
include(${HOIST_PACKAGE}/HoistTargets.cmake)
include(${HOIST_PACKAGE}/HoistFunctions.cmake)
add_library(m32 OBJECT main.cpp)
target_include_directories(m32 PRIVATE only_here)
target_compile_definitions(m32 PRIVATE OPTION_BYTES=3)
hoist_target_sources(m32 main.cpp LAYOUT_ASSERTS ON)
EOF
  "$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-m32 \
    -DHOIST_PACKAGE="$package" >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log"; fail "configure"; }
  "$cmake" --build "$build" -j "$jobs" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; fail "a -m32 build (the parse did not get -m32?)"; }
  grep -q "sizeof(WorkFuture) == " "$build/hoist/m32/src/main.cpp" ||
    fail "no layout assertion in the lowered file"
  echo "flags.sh [m32]: ok"
  exit 0
fi

cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(HoistFlags LANGUAGES CXX)
find_package(Hoist REQUIRED)

# The flags a build gives the compiler, set the usual ways.
function(flags_target name)
  add_executable(${name} ${ARGN} main.cpp)
  target_include_directories(${name} PRIVATE only_here)
  target_compile_definitions(${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:WIDE_RECORD>)
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-DOPTION_BYTES=24>)
endfunction()

flags_target(flags)
hoist_target_sources(flags main.cpp LAYOUT_ASSERTS ON)

# The parse sees another Record than the compiler.
flags_target(mismatch EXCLUDE_FROM_ALL)
hoist_target_sources(mismatch main.cpp LAYOUT_ASSERTS ON PARSE_ARGS -UWIDE_RECORD)
# The same, without the assertions (HOIST_LAYOUT_ASSERTS is OFF).
flags_target(unasserted EXCLUDE_FROM_ALL)
hoist_target_sources(unasserted main.cpp PARSE_ARGS -UWIDE_RECORD)
EOF

configure() {
  "$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG "$@" -DCMAKE_PREFIX_PATH="$package" \
    >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure $*"; }
}
# build <name> [target]
build() {
  "$cmake" --build "$build" -j "$jobs" ${2:+--target "$2"} >"$work/$1.log" 2>&1
}
run() {
  "$build/$1" >"$work/$1.out" 2>&1 || { cat "$work/$1.out"; fail "run $1"; }
  grep -q "^flags: 9$" "$work/$1.out" || { cat "$work/$1.out"; fail "$1: unexpected output"; }
}

configure -DCMAKE_CXX_FLAGS=-D_GLIBCXX_DEBUG
build debug-mode || { cat "$work/debug-mode.log"; fail "a build with -D_GLIBCXX_DEBUG"; }
lowered=$build/hoist/flags/src/main.cpp
grep -q "sizeof(WorkFuture) == " "$lowered" ||
  fail "no layout assertion in $lowered"
run flags
debug_size=$(sed -n 's/^future: \([0-9]*\) bytes$/\1/p' "$work/flags.out")

# Without _GLIBCXX_DEBUG, the flags change: lowered again, and a smaller
# future (an assertion with the old size would fail).
configure -DCMAKE_CXX_FLAGS=
build plain || { cat "$work/plain.log"; fail "a build after CMAKE_CXX_FLAGS changed"; }
grep -q "Lowering main.cpp (hoist) -> hoist/flags/" "$work/plain.log" ||
  { cat "$work/plain.log"; fail "a change of CMAKE_CXX_FLAGS did not lower again"; }
run flags
plain_size=$(sed -n 's/^future: \([0-9]*\) bytes$/\1/p' "$work/flags.out")
[[ "$plain_size" != "$debug_size" ]] ||
  fail "the future has the same size with and without _GLIBCXX_DEBUG ($plain_size)"

# A parse that differs from the compile: the assertion fails, and says what
# to do.
if build mismatch mismatch; then
  fail "a parse without WIDE_RECORD built with layout assertions"
fi
grep -q "not the layout hoist measured: give hoist this compile's flags" "$work/mismatch.log" ||
  { cat "$work/mismatch.log"; fail "the failed assertion does not say what to do"; }
# Without the assertions, the same builds.
build unasserted unasserted || { cat "$work/unasserted.log"; fail "unasserted"; }
if grep -q "sizeof(WorkFuture) ==" "$build/hoist/unasserted/src/main.cpp"; then
  fail "layout assertions without LAYOUT_ASSERTS"
fi
grep -q "layout not pinned: lowered with --no-layout-asserts" \
  "$build/hoist/unasserted/src/main.cpp" || fail "no note where the assertion was"
echo "flags.sh [$generator, $mode]: ok (future: $debug_size bytes with _GLIBCXX_DEBUG, $plain_size without)"
