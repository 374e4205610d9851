#!/usr/bin/env bash
# The standards matrix for one example program: lowers its sources once,
# builds the lowered program with g++ and clang++ as C++17 and as C++20
# (-Wall -Wextra -Werror -O2), runs each build, and checks that all four
# behave the same (and as expected).
#   standards.sh <hoist> <runtime-include> <runtime-lib> <g++> <clang++>
#                <work-dir> <name> <source>...
# <name> picks how to run it: seed, write_hello_file, echo (server and
# client), http (the server against run_http_example.py, on one thread and
# on two); anything else runs the single program and compares outputs.
set -euo pipefail
hoist=$1 include=$2 rtlib=$3 gxx=$4 clangxx=$5 work=$6 name=$7
shift 7
sources=("$@")

fail() { echo "standards.sh [$name]: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
for src in "${sources[@]}"; do
  base=$(basename "$src")
  "$hoist" "$src" -o "$work/$base" 2>"$work/$base.hoist.err" ||
    { cat "$work/$base.hoist.err"; fail "hoist $src"; }
done

variants=()
for cxx in "$gxx" "$clangxx"; do
  for std in c++17 c++20; do
    v="$(basename "$cxx")-$std"
    variants+=("$v")
    for src in "${sources[@]}"; do
      base=$(basename "$src" .cpp)
      # One program per source; a failure names the compiler and standard.
      "$cxx" -std=$std -O2 -Wall -Wextra -Werror -I"$include" "$work/$base.cpp" \
        "$rtlib" -pthread -o "$work/$base.$v" 2>"$work/$base.$v.err" ||
        { cat "$work/$base.$v.err"; fail "$(basename "$cxx") -std=$std: $src does not compile"; }
    done
  done
done

# run_variant <variant>: runs it, prints what the comparison looks at.
run_variant() {
  local v=$1 out=$work/$1
  case "$name" in
    write_hello_file)
      (cd "$work" && ./write_hello_file."$v" "hello.$v.txt") >"$out.out" 2>&1 ||
        { cat "$out.out"; fail "$v exited with $?"; }
      printf 'wrote 12 bytes to hello.%s.txt\n' "$v" | diff - "$out.out" || fail "$v: output"
      printf 'hello world!' | cmp - "$work/hello.$v.txt" || fail "$v: file contents"
      echo "hello world!" ;;
    echo)
      "$work/echo_server.$v" --port 0 --connections 8 >"$out.port" 2>"$out.server.err" &
      local server=$! port="" tries=0
      while [[ -z "$port" && $tries -lt 200 ]]; do
        sleep 0.1
        port=$(head -n 1 "$out.port")
        tries=$((tries + 1))
      done
      [[ -n "$port" ]] || { kill "$server"; fail "$v: the server printed no port"; }
      timeout 60 "$work/echo_client.$v" "127.0.0.1:$port" --connections 8 --messages 20 \
        --size 64 >"$out.out" 2>&1 || { kill "$server"; cat "$out.out"; fail "$v: client"; }
      wait "$server" || { cat "$out.server.err"; fail "$v: server"; }
      cat "$out.server.err" ;;
    http)
      local here threads
      here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
      for threads in 1 2; do
        timeout 60 python3 "$here/../unit/runtime/cxx20/run_http_example.py" \
          "$work/http_server.$v" --threads "$threads" >"$out.out" 2>&1 ||
          { cat "$out.out"; fail "$v --threads $threads: run_http_example.py"; }
        cat "$out.out"
      done ;;
    *)
      timeout 60 "$work/$(basename "${sources[0]}" .cpp).$v" >"$out.out" 2>&1 ||
        { cat "$out.out"; fail "$v exited with an error"; }
      [[ "$name" != seed ]] || echo 664 | diff - "$out.out" || fail "$v: seed prints 664"
      cat "$out.out" ;;
  esac
}
first=""
for v in "${variants[@]}"; do
  run_variant "$v" >"$work/$v.result"
  if [[ -z "$first" ]]; then
    first=$v
  else
    diff "$work/$first.result" "$work/$v.result" || fail "$v and $first disagree"
  fi
done
echo "standards.sh [$name]: ok (${variants[*]})"
