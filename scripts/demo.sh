#!/usr/bin/env bash
# The main job: lowers examples/seed.cpp, shows the generated state machine,
# builds it as C++17 and runs it.
#   scripts/demo.sh [example.cpp]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BUILD_DIR:-$root/build}"
src="${1:-$root/examples/seed.cpp}"
"$root/scripts/build.sh" hoist hoist_runtime >/dev/null
out="$build/demo"
mkdir -p "$out"
name="$(basename "$src" .cpp)"

echo "== hoist $src"
"$build/bin/hoist" "$src" -o "$out/$name.lowered.cpp"
echo "== the generated state machines (without #line directives):"
"$build/bin/hoist" "$src" --no-line-directives | sed -n '/^auto\|^hoist::Async/,$p'
echo "== g++ -std=c++17 $out/$name.lowered.cpp"
g++ -std=c++17 -O2 -Wall -Wextra -I "$root/runtime/include" \
  "$out/$name.lowered.cpp" "$build/runtime/libhoist_runtime.a" -pthread -o "$out/$name"
echo "== run"
"$out/$name"
