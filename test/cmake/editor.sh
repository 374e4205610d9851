#!/usr/bin/env bash
# compile_commands.json for editors: with CMAKE_EXPORT_COMPILE_COMMANDS=ON,
# each original async source of examples/consumer (what users edit, and
# clangd opens) has an entry with the target's include directories and
# definitions and a C++20 standard, besides the lowered files' entries. The
# entries come from the OBJECT library consumer_hoist_originals, which a
# build of `all` leaves alone.
#   editor.sh <generator> <package> <consumer-source> <work-dir> <mode> [<clangd>]
# mode "compile" also builds that library (the originals compile as C++20
# with those flags); with a clangd, `clangd --check` parses each original
# with its entry, without errors.
set -euo pipefail
generator=$1 package=$2 source=$3 work=$4 mode=$5 clangd=${6:-}
cmake=${CMAKE_COMMAND:-cmake}
jobs=${HOIST_TEST_BUILD_JOBS:-1}

fail() { echo "editor.sh [$generator]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cp -R "$source" "$work/src"
src=$work/src build=$work/build
originals=(src/main.cpp src/jobs.cpp src/report.cpp)

"$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE= \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_PREFIX_PATH="$package" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure"; }

python3 - "$build" "$src" "${originals[@]}" <<'PY' || fail "compile_commands.json"
import json, os, shlex, sys

build, src, originals = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(os.path.join(build, "compile_commands.json")) as f:
    db = json.load(f)
entries = {}
for e in db:
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    entries[path] = e["arguments"] if "arguments" in e else shlex.split(e["command"])

lowered_include = os.path.join(build, "hoist", "consumer", "include")
ok = True
def problem(what):
    global ok
    ok = False
    print("editor.sh:", what, file=sys.stderr)

for name in originals:
    path = os.path.join(src, name)
    args = entries.get(path)
    if args is None:
        problem("no entry for the original %s" % path)
        continue
    def has(arg):
        return arg in args
    if not has("-I" + os.path.join(src, "include")):
        problem("%s: no -I%s/include (the target's include directory)" % (name, src))
    if not has("-DCONSUMER_SCALE=10"):
        problem("%s: no -DCONSUMER_SCALE=10 (the target's definition)" % name)
    stds = [a for a in args if a.startswith("-std=")]
    if not stds or stds[-1] not in ("-std=c++20", "-std=gnu++20", "-std=c++2a", "-std=gnu++2a"):
        problem("%s: the standard is %s, not C++20" % (name, stds[-1] if stds else "none"))
    if any(lowered_include in a for a in args):
        problem("%s: the entry reads the lowered headers" % name)
    lowered = os.path.join(build, "hoist", "consumer", "src", name)
    if lowered not in entries:
        problem("no entry for the lowered %s" % lowered)
sys.exit(0 if ok else 1)
PY

# A build of `all` compiles the lowered files, not the originals.
"$cmake" --build "$build" -j "$jobs" -- -n >"$work/dry-run.log" 2>&1 ||
  { cat "$work/dry-run.log"; fail "dry run"; }
grep -q "consumer.dir" "$work/dry-run.log" || { cat "$work/dry-run.log"; fail "dry run builds nothing"; }
if grep -q "consumer_hoist_originals" "$work/dry-run.log"; then
  fail "a build of all compiles the originals"
fi

if [[ "$mode" == compile ]]; then
  "$cmake" --build "$build" -j "$jobs" --target consumer_hoist_originals \
    >"$work/originals.log" 2>&1 || { cat "$work/originals.log"; fail "the originals do not compile"; }
fi

if [[ -n "$clangd" ]]; then
  for name in "${originals[@]}"; do
    log=$work/clangd-$(basename "$name").log
    "$clangd" --check="$src/$name" --compile-commands-dir="$build" >"$log" 2>&1 ||
      { cat "$log"; fail "clangd --check $name"; }
    # Its own entry (not a command guessed from another file's), no errors.
    grep -q "Compile command from CDB is: .*-std=c++20 .*$src/$name" "$log" ||
      { cat "$log"; fail "clangd did not take $name's entry"; }
    grep -q "All checks completed, 0 errors" "$log" || { cat "$log"; fail "clangd: errors in $name"; }
  done
fi
echo "editor.sh [$generator]: ok${clangd:+ (clangd --check passes)}"
