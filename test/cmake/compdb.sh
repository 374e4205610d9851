#!/usr/bin/env bash
# hoist -p <build-dir>: the compile command comes from compile_commands.json,
# and a source that is not in it is a clear error (no output written).
#   compdb.sh <hoist> <work-dir>
set -euo pipefail
hoist=$1 work=$2

fail() { echo "compdb.sh: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/build" "$work/src" "$work/empty"
# Parses only with the definition from the database.
cat >"$work/src/listed.cpp" <<'CPP'
#include <hoist/hoist.hpp>
#ifndef COMPDB_VALUE
#error "COMPDB_VALUE comes from compile_commands.json"
#endif
hoist::Async<int> value() { co_return COMPDB_VALUE; }
hoist::Async<int> twice() {
  int v = co_await value();
  co_return 2 * v;
}
int main() { return hoist::block_on(twice()) == 2 * COMPDB_VALUE ? 0 : 1; }
CPP
cp "$work/src/listed.cpp" "$work/src/unlisted.cpp"
cat >"$work/build/compile_commands.json" <<JSON
[
  {
    "directory": "$work/build",
    "file": "$work/src/listed.cpp",
    "arguments": ["c++", "-std=c++17", "-DCOMPDB_VALUE=21", "-c",
                  "$work/src/listed.cpp", "-o", "listed.o"]
  }
]
JSON

# Listed: lowered with the database's flags.
"$hoist" -p "$work/build" "$work/src/listed.cpp" -o "$work/listed.lowered.cpp" \
  2>"$work/listed.err" || { cat "$work/listed.err"; fail "listed source"; }
grep -q "struct TwiceFuture" "$work/listed.lowered.cpp" || fail "no future in the output"

# The same by relative names, from the source directory.
(cd "$work/src" && "$hoist" -p ../build listed.cpp -o ../relative.cpp) 2>"$work/relative.err" ||
  { cat "$work/relative.err"; fail "relative names"; }

# Unlisted: an error that names the file and the database, and no output.
if "$hoist" -p "$work/build" "$work/src/unlisted.cpp" -o "$work/unlisted.lowered.cpp" \
     2>"$work/unlisted.err"; then
  fail "a source absent from compile_commands.json was accepted"
fi
grep -q "error: '$work/src/unlisted.cpp' is not in $work/build/compile_commands.json" \
  "$work/unlisted.err" || { cat "$work/unlisted.err"; fail "unclear error for an unlisted source"; }
[[ ! -e "$work/unlisted.lowered.cpp" ]] || fail "output written for an unlisted source"

# One listed, one not: nothing is lowered.
if "$hoist" -p "$work/build" "$work/src/listed.cpp" "$work/src/unlisted.cpp" \
     -o "$work/empty" 2>"$work/mixed.err"; then
  fail "a mix of listed and unlisted sources was accepted"
fi
grep -q "unlisted.cpp' is not in" "$work/mixed.err" || { cat "$work/mixed.err"; fail "mixed"; }

# No database at all.
if "$hoist" -p "$work/empty" "$work/src/listed.cpp" 2>"$work/nodb.err" >/dev/null; then
  fail "-p without compile_commands.json was accepted"
fi
grep -q "error: cannot load compile_commands.json from '$work/empty'" "$work/nodb.err" ||
  { cat "$work/nodb.err"; fail "unclear error without a database"; }
echo "compdb.sh: ok"
