#!/usr/bin/env bash
# Installs Hoist from a build tree into a prefix and checks what is there:
#   install.sh <build-dir> <prefix> <async-source> <work-dir>
# The installed tool must read the installed runtime headers (not the
# source tree's): its depfile says which headers the parse read.
set -euo pipefail
build=$1 prefix=$2 source=$3 work=$4
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
echo "install.sh: ok ($prefix)"
