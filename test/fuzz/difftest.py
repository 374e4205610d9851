#!/usr/bin/env python3
"""Differential tester for hoist: random async programs, three backends.

For each seed: generate a program (gen.py), lower it with `hoist`, build the
lowered file as C++17 with g++ and with clang++ (-Wall -Wextra -Werror), build
the original as C++20 coroutines with clang++ (the reference backend), run the
three and compare what they print and how they exit. A seed that fails (the
outputs differ, or something does not build, or the tool rejects the program)
is saved under --out with a report; the run goes on with the next seed.

    python3 test/fuzz/difftest.py --seeds 0..2000
    python3 test/fuzz/difftest.py --seeds 17 --keep          # look at one seed
    python3 test/fuzz/difftest.py --minimize 17              # shrink a failure
    python3 test/fuzz/difftest.py --minimize results/seed-17/prog.cpp

The build is found through --build-dir, else $HOIST_BUILD_DIR, else
<repo>/build: the tool at bin/hoist, the runtime at runtime/libhoist_runtime.a
(--hoist and --runtime-lib override each). Exit status: 0 if every seed
passed, 1 otherwise.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

WARN = ["-Wall", "-Wextra", "-Werror"]


class Failure(Exception):
    def __init__(self, kind, detail, key=None):
        super().__init__(kind)
        self.kind = kind        # rejected | hoist-error | reference-build | ...
        self.detail = detail    # for the report
        self.key = key or kind  # what the minimizer keeps fixed


def run(cmd, timeout, cwd=None):
    """Runs cmd; returns (exit status, stdout, stderr); status None on timeout."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode("utf-8", "replace"), \
            (e.stderr or b"").decode("utf-8", "replace")
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def first_error(text):
    """The first compiler error message, without its location: what stays the
    same while a program shrinks."""
    for line in text.splitlines():
        m = re.search(r"\b(error|fatal error): (.*)", line)
        if m:
            return re.sub(r"'[^']*'", "'...'", m.group(2)).strip()
    return text.strip().splitlines()[0] if text.strip() else "(no message)"


def cmdline(cmd):
    return " ".join(cmd)


class Tester:
    def __init__(self, a):
        self.a = a
        self.include = a.runtime_include
        self.cpp_common = ["-O1", "-g0", "-I" + self.include, "-I" + HERE]
        self.link = [a.runtime_lib, "-pthread"]

    # One program through the three backends. Raises Failure; returns the
    # common output on success.
    def check(self, src, work, only=None):
        a = self.a
        t = a.timeout
        ref = os.path.join(work, "reference")
        rc, out, err = run([a.clangxx, "-std=c++20"] + WARN + self.cpp_common +
                           [src] + self.link + ["-o", ref], a.build_timeout)
        if rc != 0:
            raise Failure("reference-build",
                          "the C++20 reference did not build (a generator bug?):\n" + err,
                          "reference-build: " + first_error(err))
        lowered = os.path.join(work, "prog.lowered.cpp")
        rc, out, err = run([a.hoist, src, "-o", lowered, "--", "-I" + HERE,
                            "-I" + self.include], a.build_timeout)
        if rc is None:
            raise Failure("hoist-error", "hoist timed out", "hoist timed out")
        if rc != 0:
            if re.search(r"error: .*(cannot|not) .*(yet|supported)", err):
                raise Failure("rejected", err, "rejected: " + first_error(err))
            raise Failure("hoist-error", "hoist exited with {}:\n{}".format(rc, err),
                          "hoist-error: " + first_error(err))
        builds = [("g++", a.gxx), ("clang++", a.clangxx)]
        if only:
            builds = [b for b in builds if b[0] in only]
        binaries = []
        for name, cxx in builds:
            exe = os.path.join(work, "lowered-" + name.replace("+", "x"))
            flags = []
            if name == "clang++" and a.sanitize:
                flags = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
            rc, out, err = run([cxx, "-std=c++17"] + WARN + self.cpp_common + flags +
                               [lowered] + self.link + ["-o", exe], a.build_timeout)
            if rc != 0:
                raise Failure("lowered-build",
                              "the lowered program did not build with {}:\n{}".format(name, err),
                              "lowered-build {}: {}".format(name, first_error(err)))
            binaries.append(("lowered " + name, exe))
        results = []
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                   UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
        rr = self.execute(ref, t, env)
        if rr[0] is None:
            raise Failure("reference-timeout", "the reference timed out (a generator bug?)")
        results.append(("reference", rr))
        for name, exe in binaries:
            results.append((name, self.execute(exe, t, env)))
        ref_rc, ref_out, _ = rr
        bad = [name for name, (rc, out, err) in results[1:]
               if rc != ref_rc or out != ref_out]
        sanitizer = [name for name, (rc, out, err) in results
                     if "Sanitizer" in err or "runtime error:" in err]
        if bad or sanitizer:
            report = []
            for name, (rc, out, err) in results:
                report.append("=== {} (exit {}) ===\n{}".format(
                    name, "timeout" if rc is None else rc, err))
            diffs = []
            for name in bad:
                rc, out, err = dict(results)[name]
                diffs.append(first_difference(ref_out, out, "reference", name))
            kind = "mismatch" if bad else "sanitizer"
            raise Failure(kind, "\n".join(diffs) + "\n" + "\n".join(report),
                          "{}: {}".format(kind, ",".join(bad or sanitizer)))
        return ref_out

    @staticmethod
    def execute(exe, timeout, env):
        rc, out, err = run([exe], timeout)
        return rc, out, err[-4000:]


def first_difference(a, b, an, bn):
    al, bl = a.splitlines(), b.splitlines()
    for i in range(max(len(al), len(bl))):
        x = al[i] if i < len(al) else "<end of output>"
        y = bl[i] if i < len(bl) else "<end of output>"
        if x != y:
            ctx = al[max(0, i - 5):i]
            return ("outputs differ at line {}:\n  (context) {}\n  {}: {}\n  {}: {}".format(
                i + 1, "\n  (context) ".join(ctx), an, x, bn, y))
    return "outputs are the same; exit status differs"


def parse_seeds(spec):
    seeds = []
    for part in spec.split(","):
        if ".." in part:
            lo, hi = part.split("..")
            seeds.extend(range(int(lo), int(hi)))
        elif part:
            seeds.append(int(part))
    return seeds


def test_seed(tester, seed, feat, a):
    text = gen.generate(seed, feat)
    work = tempfile.mkdtemp(prefix="hoist-fuzz-{}-".format(seed))
    src = os.path.join(work, "prog.cpp")
    with open(src, "w") as f:
        f.write(text)
    t0 = time.time()
    try:
        tester.check(src, work)
        result = None
    except Failure as e:
        result = e
    elapsed = time.time() - t0
    if result is not None:
        dest = os.path.join(a.out, "seed-{}".format(seed))
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.makedirs(dest)
        for name in ("prog.cpp", "prog.lowered.cpp"):
            if os.path.exists(os.path.join(work, name)):
                shutil.copy(os.path.join(work, name), dest)
        with open(os.path.join(dest, "report.txt"), "w") as f:
            f.write("seed {}: {}\n{}\n\n{}\n".format(seed, result.kind, result.key,
                                                     result.detail))
            f.write("\nfeatures: {}\n".format(
                ",".join(k for k, v in sorted(feat.items()) if v)))
    if a.keep:
        keep = os.path.join(a.out, "work", "seed-{}".format(seed))
        if os.path.exists(keep):
            shutil.rmtree(keep)
        shutil.copytree(work, keep)
    shutil.rmtree(work, ignore_errors=True)
    return seed, result, elapsed


# -- minimizer ----------------------------------------------------------------

def units(lines):
    """Removable pieces of a generated program: each statement with everything
    nested in it (its blocks, else/catch/case parts), and each function."""
    out = []
    n = len(lines)

    def indent(s):
        return len(s) - len(s.lstrip(" "))

    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("//"):
            continue
        if s.startswith("}") or s in ("{",) or s.startswith("case ") or \
                s.startswith("default:") or s == "int main() {":
            continue
        k = indent(line)
        j = i + 1
        while j < n:
            t = lines[j]
            ts = t.strip()
            if not ts:
                j += 1
                continue
            if indent(t) > k:
                j += 1
                continue
            if indent(t) == k and (ts.startswith("}") and (ts != "}" or line.rstrip()
                                                              .endswith("{") or True)):
                # The closing brace of this statement, or `} else {` and friends.
                if ts == "}" or ts.startswith("} while"):
                    j += 1
                    if k == 0 or not (j < n and lines[j].strip().startswith("}") and
                                      indent(lines[j]) == k and
                                      lines[j].strip() != "}"):
                        break
                    continue
                j += 1
                continue
            if indent(t) == k and (ts == "{" or ts.startswith("case ") or
                                   ts.startswith("default:") or ts == "[[fallthrough]];"
                                   ) and (s.startswith("for ") or s.startswith("while ") or
                                          s.startswith("switch") or s.startswith("if (int")):
                j += 1
                continue
            if indent(t) == k and ts == "break;" and s.startswith("switch"):
                j += 1
                continue
            break
        out.append((i, j))
    return out


def minimize(tester, a, src_text, seed_label):
    """Greedy delta debugging over statements: removes each piece (largest
    first) as long as the program fails the same way."""
    work = tempfile.mkdtemp(prefix="hoist-fuzz-min-")
    src = os.path.join(work, "prog.cpp")
    only = None

    def attempt(lines):
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        try:
            tester.check(src, work, only=only)
        except Failure as e:
            return e
        return None

    lines = src_text.splitlines()
    first = attempt(lines)
    if first is None:
        print("minimize: {} does not fail".format(seed_label))
        return None
    key = first.key
    print("minimize: {} fails with: {}".format(seed_label, key))
    if first.kind == "lowered-build":
        only = ["g++"] if "g++:" in key else ["clang++"]
    tries = 0
    changed = True
    while changed:
        changed = False
        spans = sorted(units(lines), key=lambda s: s[0] - s[1])
        removed = set()
        for (i, j) in spans:
            if any(r <= i < r2 or r <= j - 1 < r2 for (r, r2) in removed):
                continue
            candidate = [l for idx, l in enumerate(lines)
                         if not (i <= idx < j) and
                         not any(r <= idx < r2 for (r, r2) in removed)]
            tries += 1
            e = attempt(candidate)
            if e is not None and e.key == key:
                removed.add((i, j))
                changed = True
                sys.stdout.write("\rminimize: {} tries, {} lines   ".format(
                    tries, len(candidate)))
                sys.stdout.flush()
        lines = [l for idx, l in enumerate(lines)
                 if not any(r <= idx < r2 for (r, r2) in removed)]
    print()
    shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines) + "\n", key


# -- main ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Differential tester for hoist.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument("--seeds", default="0..20", help="A..B (B excluded), or a list: 1,5,9..12")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--keep", action="store_true",
                    help="keep every seed's files under OUT/work (not only failures)")
    ap.add_argument("--build-dir", default=os.environ.get("HOIST_BUILD_DIR",
                                                          os.path.join(REPO, "build")))
    ap.add_argument("--hoist", help="the tool (default: BUILD/bin/hoist)")
    ap.add_argument("--runtime-lib",
                    help="libhoist_runtime.a (default: BUILD/runtime/libhoist_runtime.a)")
    ap.add_argument("--runtime-include", default=os.path.join(REPO, "runtime", "include"))
    ap.add_argument("--out", default="fuzz-results", help="where failures go")
    ap.add_argument("--gxx", default=os.environ.get("HOIST_GXX", "g++"))
    ap.add_argument("--clangxx", default=os.environ.get("HOIST_CLANGXX", "clang++-19"))
    ap.add_argument("--timeout", type=float, default=20, help="per run, seconds")
    ap.add_argument("--build-timeout", type=float, default=300)
    ap.add_argument("--sanitize", action="store_true",
                    help="build clang++'s lowered program with ASan and UBSan")
    ap.add_argument("--enable", action="append", help="generator features to turn on")
    ap.add_argument("--disable", action="append", help="generator features to turn off")
    ap.add_argument("--minimize", metavar="SEED|FILE",
                    help="shrink one failing program, write it to OUT/min-*.cpp")
    ap.add_argument("--quiet", "-q", action="store_true", help="print failures only")
    a = ap.parse_args()
    a.hoist = a.hoist or os.path.join(a.build_dir, "bin", "hoist")
    a.runtime_lib = a.runtime_lib or os.path.join(a.build_dir, "runtime",
                                                  "libhoist_runtime.a")
    for what, path in (("hoist", a.hoist), ("the runtime library", a.runtime_lib)):
        if not os.path.exists(path):
            sys.exit("difftest: {} not found at {} (see --build-dir)".format(what, path))
    a.jobs = max(1, a.jobs)
    os.makedirs(a.out, exist_ok=True)
    feat = gen.features_from(a.enable, a.disable)
    tester = Tester(a)

    if a.minimize:
        if os.path.exists(a.minimize):
            text = open(a.minimize).read()
            label = os.path.splitext(os.path.basename(a.minimize))[0]
            if label == "prog":
                label = os.path.basename(os.path.dirname(os.path.abspath(a.minimize)))
        else:
            text = gen.generate(int(a.minimize), feat)
            label = "seed-" + a.minimize
        r = minimize(tester, a, text, label)
        if r is None:
            return 1
        text, key = r
        dest = os.path.join(a.out, "min-{}.cpp".format(label))
        with open(dest, "w") as f:
            f.write("// {}\n".format(key) + text)
        print("minimize: {} lines, written to {}".format(len(text.splitlines()), dest))
        return 0

    seeds = parse_seeds(a.seeds)
    t0 = time.time()
    failures = []
    lock = threading.Lock()
    done = [0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        futs = [pool.submit(test_seed, tester, s, feat, a) for s in seeds]
        for f in concurrent.futures.as_completed(futs):
            seed, result, elapsed = f.result()
            with lock:
                done[0] += 1
                if result is not None:
                    failures.append((seed, result))
                    print("[{}/{}] seed {}: FAIL {} ({})".format(
                        done[0], len(seeds), seed, result.kind, result.key), flush=True)
                elif not a.quiet:
                    print("[{}/{}] seed {}: ok ({:.1f}s)".format(
                        done[0], len(seeds), seed, elapsed), flush=True)
    total = time.time() - t0
    print("\n{} seeds in {:.0f}s: {} passed, {} failed".format(
        len(seeds), total, len(seeds) - len(failures), len(failures)))
    if failures:
        by_key = {}
        for seed, e in sorted(failures, key=lambda x: x[0]):
            by_key.setdefault(e.key, []).append(seed)
        for key, ss in sorted(by_key.items(), key=lambda kv: -len(kv[1])):
            print("  {:4d} x {}  (seeds {}{})".format(
                len(ss), key, ", ".join(map(str, ss[:8])), ", ..." if len(ss) > 8 else ""))
        print("reports and programs in {}/seed-*/".format(a.out))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
