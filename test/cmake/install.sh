#!/usr/bin/env bash
# Installs Hoist from a build tree into a prefix and checks what is there:
#   install.sh <build-dir> <prefix> <async-source> <work-dir> <version>
# The installed tool must read the installed runtime headers (not the
# source tree's): its depfile says which headers the parse read. The tool
# and the package carry the project's version, and find_package(Hoist
# <major>.<minor>) accepts the package.
set -euo pipefail
build=$1 prefix=$2 source=$3 work=$4 version=$5
cmake=${CMAKE_COMMAND:-cmake}

fail() { echo "install.sh: FAIL: $*" >&2; exit 1; }

rm -rf "$prefix" "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install"; }

for f in bin/hoist include/hoist/hoist.hpp include/hoist/core/async.hpp \
         lib/libhoist_runtime.a lib/cmake/Hoist/HoistConfig.cmake \
         lib/cmake/Hoist/HoistConfigVersion.cmake lib/cmake/Hoist/HoistTargets.cmake \
         lib/cmake/Hoist/HoistFunctions.cmake; do
  [[ -e "$prefix/$f" ]] || fail "missing $prefix/$f"
done
grep -q "Hoist::runtime" "$prefix"/lib/cmake/Hoist/HoistTargets.cmake || fail "no Hoist::runtime"
grep -q "Hoist::hoist" "$prefix"/lib/cmake/Hoist/HoistTargets.cmake || fail "no Hoist::hoist"
# Nothing from the build or source tree leaks into the package.
if grep -rn -e "$build" -e "$(cd "$(dirname "$source")/.." && pwd)" "$prefix/lib/cmake"; then
  fail "the package names the build or source tree"
fi

"$prefix/bin/hoist" "$source" -o "$work/lowered.cpp" --depfile="$work/lowered.d" \
  -- -std=c++17 2>"$work/hoist.err" || { cat "$work/hoist.err"; fail "installed hoist"; }
grep -q "^  $prefix/include/hoist/hoist.hpp" "$work/lowered.d" ||
  { cat "$work/lowered.d"; fail "the installed tool did not read $prefix/include/hoist/hoist.hpp"; }
grep -q "^$work/lowered.cpp:" "$work/lowered.d" || fail "depfile target is not the output"
first=$("$prefix/bin/hoist" --version | sed -n 1p)
[[ "$first" == "Hoist version $version" ]] ||
  fail "hoist --version says '$first', expected 'Hoist version $version'"
grep -q "PACKAGE_VERSION \"$version\"" "$prefix/lib/cmake/Hoist/HoistConfigVersion.cmake" ||
  fail "HoistConfigVersion.cmake does not carry $version"
mkdir -p "$work/find"
cat >"$work/find/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.20)
project(find_hoist LANGUAGES CXX)
find_package(Hoist ${version%.*} REQUIRED)
if(NOT Hoist_VERSION VERSION_EQUAL "$version")
  message(FATAL_ERROR "Hoist_VERSION is \${Hoist_VERSION}")
endif()
EOF
"$cmake" -S "$work/find" -B "$work/find/build" -DCMAKE_PREFIX_PATH="$prefix" \
  >"$work/find.log" 2>&1 || { cat "$work/find.log"; fail "find_package(Hoist ${version%.*})"; }
echo "install.sh: ok ($prefix)"
