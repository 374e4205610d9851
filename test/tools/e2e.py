#!/usr/bin/env python3
"""End-to-end check of one async program.

Lowers SOURCE with hoist, builds the output as C++17 with g++ and with
clang++ (-Wall -Wextra -Wpedantic -Wshadow -Werror; clang's build also
under AddressSanitizer and UndefinedBehaviorSanitizer), runs both, builds SOURCE itself as C++20
with clang++ (the reference backend: the same program as coroutines) and
runs it, and checks that all runs print the same and exit the same way.
On success it prints that output, for FileCheck.
"""
import argparse
import os
import subprocess
import sys


def run(cmd, what, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        sys.stderr.write("e2e: {} failed ({}):\n  {}\n{}{}".format(
            what, p.returncode, " ".join(cmd), p.stdout, p.stderr))
        sys.exit(1)
    return p


def execute(binary, timeout):
    try:
        p = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout,
                           env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                                    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"))
    except subprocess.TimeoutExpired:
        sys.stderr.write("e2e: {} timed out\n".format(binary))
        sys.exit(1)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hoist", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--runtime-lib", required=True)
    ap.add_argument("--gxx", default="g++")
    ap.add_argument("--clangxx", default="clang++-19")
    ap.add_argument("--work", required=True)
    ap.add_argument("-I", dest="includes", action="append", default=[],
                    help="more include directories (for every build)")
    ap.add_argument("--no-reference", action="store_true",
                    help="skip the C++20 reference backend")
    ap.add_argument("--std", default="c++17", help="standard for the lowered output")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("source")
    ap.add_argument("extra", nargs="*", help="more sources (lowered too)")
    a = ap.parse_args()

    os.makedirs(a.work, exist_ok=True)
    sources = [a.source] + a.extra
    lowered = []
    for src in sources:
        out = os.path.join(a.work, os.path.basename(src).replace(".cpp", ".lowered.cpp"))
        run([a.hoist, src, "-o", out, "--", "-I" + os.path.dirname(os.path.abspath(src))] +
            ["-I" + i for i in a.includes], "hoist " + src)
        lowered.append(out)

    incs = ["-I" + a.include, "-I" + os.path.dirname(os.path.abspath(a.source))] + \
        ["-I" + i for i in a.includes]
    # What projects that build with -Werror ask of the generated code.
    warn = ["-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Werror"]
    builds = [
        ("g++", [a.gxx, "-std=" + a.std, "-O1", "-g"] + warn),
        ("clang++", [a.clangxx, "-std=" + a.std, "-O1", "-g",
                     "-fsanitize=address,undefined", "-fno-sanitize-recover=all"] + warn),
    ]
    results = []
    for name, cxx in builds:
        binary = os.path.join(a.work, "lowered-" + name.replace("+", "x"))
        run(cxx + incs + lowered + [a.runtime_lib, "-pthread", "-o", binary],
            "building the lowered program with " + name)
        results.append(("lowered, " + name, execute(binary, a.timeout)))
    if not a.no_reference:
        binary = os.path.join(a.work, "reference")
        run([a.clangxx, "-std=c++20", "-O1", "-g", "-Wall", "-Wextra"] + incs + sources +
            [a.runtime_lib, "-pthread", "-o", binary], "building the C++20 reference")
        results.append(("reference (C++20 coroutines)", execute(binary, a.timeout)))

    first_name, first = results[0]
    ok = True
    for name, r in results:
        if r.returncode != first.returncode or r.stdout != first.stdout:
            ok = False
    if not ok:
        for name, r in results:
            sys.stderr.write("--- {} (exit {}):\n{}{}\n".format(
                name, r.returncode, r.stdout, r.stderr))
        sys.stderr.write("e2e: the runs disagree\n")
        sys.exit(1)
    for name, r in results:
        if "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
            sys.stderr.write("e2e: {} reported:\n{}".format(name, r.stderr))
            sys.exit(1)
    sys.stdout.write(first.stdout)
    if first.returncode != 0:
        sys.stdout.write("exit code: {}\n".format(first.returncode))


if __name__ == "__main__":
    main()
