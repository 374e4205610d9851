#!/usr/bin/env bash
# Runs Hoist's benchmarks side by side with their rivals and writes
# docs/benchmarks.md (see bench/README.md).
#
#   bench/run.sh                  install, build, run every section, write the page
#   bench/run.sh sizes            only these sections (any of: sizes poll exec echo
#   bench/run.sh poll exec        http tool); the page keeps the other sections' last results
#   bench/run.sh --quick [...]    build everything, run each section briefly, write
#                                 <build>/smoke.md instead of the docs (a smoke test)
#
# Environment: HOIST_BENCH_BUILD (build directory, default build/bench under
# the source tree), HOIST_JOBS (parallel jobs, default 2).
#
# It installs what it needs from Debian bookworm's packages (the project's own
# setup, plus valgrind, gnuplot, wrk, Debian's tokio and hyper crate sources, and
# rustc/cargo unless both are on PATH), builds the tool and the runtime through the
# project's CMake (Release) in its own build directory, builds the tokio programs with
# cargo OFFLINE against Debian's crate registry (/usr/share/cargo/registry),
# then runs bench/bench.py (measures) and bench/report.py (writes the page).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${HOIST_BENCH_BUILD:-$root/build/bench}"
jobs="${HOIST_JOBS:-2}"
smoke=""
sections=()
usage() {
  echo "usage: bench/run.sh [--quick] [sizes|poll|exec|echo|http|tool]..." >&2
  exit 2
}
while (($#)); do
  case "$1" in
    --quick | --smoke) smoke="--smoke" ;;
    --only) [[ $# -ge 2 ]] || usage; IFS=, read -r -a more <<<"$2"; sections+=("${more[@]}"); shift ;;
    sizes | poll | exec | echo | http | tool) sections+=("$1") ;;
    -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) usage ;;
  esac
  shift
done
((${#sections[@]})) || sections=(sizes poll exec echo http tool)
only="$(IFS=,; echo "${sections[*]}")"
needs() { [[ ",$only," == *",$1,"* ]]; }

# 1. Packages (Debian bookworm only; nothing from PyPI or crates.io).
# The Rust toolchain is one pair: rustc and cargo from PATH when both are
# there, else Debian's (installed here and called by their full path, whatever
# else PATH holds). cargo builds the tokio programs with that same rustc, and
# bench.py compiles the crate-less Rust benchmarks with it.
extra="valgrind gnuplot-nox wrk librust-tokio-dev librust-hyper-dev"
if command -v rustc >/dev/null && command -v cargo >/dev/null; then
  rustc="$(command -v rustc)"
  cargo="$(command -v cargo)"
else
  extra="$extra rustc cargo"
  rustc=/usr/bin/rustc
  cargo=/usr/bin/cargo
fi
HOIST_SETUP_EXTRA="$extra" "$root/scripts/setup.sh"
echo "bench: Rust: $("$rustc" --version) ($rustc), $("$cargo" --version) ($cargo)"

# 2. The tool and the runtime, through the project's CMake.
mkdir -p "$build"
if [[ ! -f "$build/cmake/build.ninja" ]]; then
  cmake -S "$root" -B "$build/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DHOIST_BUILD_TESTS=OFF >"$build/cmake.log" 2>&1 || { cat "$build/cmake.log"; exit 1; }
fi
ninja -C "$build/cmake" -j "$jobs" hoist hoist_runtime

# 3. The tokio (and hyper) programs: cargo offline, crates-io replaced by
# Debian's registry.
if needs exec || needs echo || needs http; then
  mkdir -p "$build/cargo-home" "$build/tokio-src"
  cat >"$build/cargo-home/config.toml" <<'TOML'
# Written by bench/run.sh: no network; crates come from Debian's packages.
[source.crates-io]
replace-with = "debian-packages"

[source.debian-packages]
directory = "/usr/share/cargo/registry"

[net]
offline = true
TOML
  # Built from a copy, so that Cargo.lock stays out of the source tree. The
  # lock is made afresh from the registry each time: one left by another cargo
  # may be in a format this one cannot read (cargo 1.65 reads up to version 3).
  cp "$root/bench/tokio/Cargo.toml" "$build/tokio-src/"
  rm -f "$build/tokio-src/Cargo.lock"
  rm -rf "$build/tokio-src/src" && cp -r "$root/bench/tokio/src" "$build/tokio-src/src"
  # Run from the copy with the config also given on the command line, so that
  # no cargo config of the caller's directories or home overrides it.
  (cd "$build/tokio-src" &&
    CARGO_HOME="$build/cargo-home" CARGO_TARGET_DIR="$build/tokio-target" RUSTC="$rustc" \
      "$cargo" build --release --offline --config "$build/cargo-home/config.toml" -j "$jobs")
fi

# 4. Measure, then write the page.
if [[ -n "$smoke" ]]; then
  results="$build/smoke.json"
else
  results="$root/docs/benchmarks/results.json"
fi
python3 "$root/bench/bench.py" --build "$build" --hoist "$build/cmake/bin/hoist" \
  --runtime-lib "$build/cmake/runtime/libhoist_runtime.a" \
  --tokio-bin "$build/tokio-target/release" --rustc "$rustc" --cargo "$cargo" \
  --results "$results" --only "$only" $smoke
if [[ -n "$smoke" ]]; then
  python3 "$root/bench/report.py" "$results" "$build/smoke.md" "$build/smoke-plots" \
    "$root/bench/analysis.md"
  echo "bench: quick run done: $build/smoke.md"
else
  python3 "$root/bench/report.py" "$results" "$root/docs/benchmarks.md" \
    "$root/docs/benchmarks" "$root/bench/analysis.md"
  echo "bench: wrote docs/benchmarks.md, docs/benchmarks/*.png and docs/benchmarks/results.json"
fi
