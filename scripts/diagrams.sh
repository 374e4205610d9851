#!/usr/bin/env bash
# Renders the state graphs the docs show (docs/images/*.svg) from the
# current tool's --emit=dot, with Graphviz.
#   scripts/diagrams.sh          builds hoist if needed, then renders
#   HOIST=path/to/hoist scripts/diagrams.sh   uses that tool, builds nothing
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BUILD_DIR:-$root/build}"
if [[ -z "${HOIST:-}" ]]; then
  "$root/scripts/build.sh" hoist >/dev/null
  HOIST="$build/bin/hoist"
fi
out="$root/docs/images"
mkdir -p "$out"

# render <example> <function>: docs/images/<example>-<function>.svg
render() {
  local fn="$2"
  (cd "$root/examples" &&
    "$HOIST" dot --function="$fn" "$1.cpp" -- -I "$root/runtime/include") |
    dot -Tsvg >"$out/$1-$fn.svg"
  echo "docs/images/$1-$fn.svg"
}

render seed example
render write_hello_file write_hello_file_async
