#!/usr/bin/env bash
# Builds examples/consumer (a copy) against a Hoist package and runs it:
#   consumer.sh <generator> <prefix-or-build-dir> <consumer-source> <work-dir> <mode>
# mode "incremental" also checks rebuilds: touching a header re-lowers
# exactly the files that include it (the build's own log, and which lowered
# outputs were rewritten), and a build with nothing changed does nothing.
# mode "build-only" stops after the first run.
set -euo pipefail
generator=$1 package=$2 source=$3 work=$4 mode=$5
cmake=${CMAKE_COMMAND:-cmake}
jobs=${HOIST_TEST_BUILD_JOBS:-1}

fail() { echo "consumer.sh [$generator]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cp -R "$source" "$work/src"
src=$work/src build=$work/build

"$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE= \
  -DCMAKE_PREFIX_PATH="$package" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configure"; }

step=0
# build <name>: builds, keeps the log in $work/<name>.log, and sets `lowered`
# to the sorted sources the build lowered (from the commands' comments).
build() {
  local log=$work/$1.log
  "$cmake" --build "$build" -j "$jobs" >"$log" 2>&1 || { cat "$log"; fail "build ($1)"; }
  lowered=$(sed -n 's/.*Lowering \([^ ]*\) (hoist).*/\1/p' "$log" | sort | tr '\n' ' ')
}
expect_lowered() {
  local what=$1 want
  want=$(printf '%s\n' "${@:2}" | sort | tr '\n' ' ')
  [[ "$lowered" == "$want" ]] ||
    fail "$what: lowered [${lowered}], expected [${want}] (see $work)"
}
run() {
  "$build/consumer" >"$work/run.out" 2>&1 || { cat "$work/run.out"; fail "run"; }
  printf '3 jobs\njob 1: 20\njob 2: 30\njob 3: 40\ntotal: 6090\n' | diff - "$work/run.out" ||
    fail "unexpected output"
}
lowered_dir=$build/hoist/consumer
# Lowered outputs rewritten since the marker, as their sources' names.
rewritten_since() {
  (cd "$lowered_dir" && find . -type f ! -name '*.d' -newer "$1" | sed -e 's|^\./src/||' -e 's|^\./||' | sort | tr '\n' ' ')
}
# The build is up to date: Ninja plans nothing, Make runs no command.
check_noop() {
  if [[ "$generator" == Ninja ]]; then
    local plan
    plan=$(cd "$build" && ninja -n -d explain 2>&1)
    grep -q "no work to do" <<<"$plan" || { echo "$plan"; fail "$1: ninja has work to do"; }
  fi
  build "$1"
  if grep -E "Lowering|Building|Linking" "$work/$1.log"; then
    fail "$1: a build with nothing changed ran commands"
  fi
}

build first
expect_lowered "first build" include/consumer/retry.hpp src/jobs.cpp src/main.cpp src/report.cpp
run
# Compiler errors and debuggers point at the original.
grep -q "^#line 1 \"$src/src/main.cpp\"" "$lowered_dir/src/src/main.cpp" ||
  fail "no #line directive naming the original source"
[[ "$mode" == incremental ]] || { echo "consumer.sh [$generator]: ok (built and ran)"; exit 0; }

check_noop noop1

# touch <header> <expected lowered>...
touch_and_check() {
  local header=$1 marker=$work/marker-$step
  step=$((step + 1))
  touch "$marker"
  touch "$src/$header"
  build "touch-$step"
  expect_lowered "touching $header" "${@:2}"
  local got want
  got=$(rewritten_since "$marker")
  want=$(printf '%s\n' "${@:2}" | sort | tr '\n' ' ')
  [[ "$got" == "$want" ]] || fail "touching $header rewrote [${got}], expected [${want}]"
  run
  check_noop "noop-after-$step"
}
# A header lowered itself, included by one source.
touch_and_check include/consumer/retry.hpp include/consumer/retry.hpp src/main.cpp
# A quoted include beside one source.
touch_and_check src/config.hpp src/jobs.cpp
# A header every source includes (not the lowered header).
touch_and_check include/consumer/jobs.hpp src/jobs.cpp src/main.cpp src/report.cpp
echo "consumer.sh [$generator]: ok"
