#!/usr/bin/env python3
"""Differential tester for hoist: random async programs, three backends.

For each seed: generate a program (gen.py), lower it with `hoist`, build the
lowered file as C++17 with g++ and with clang++ (-Wall -Wextra -Wpedantic
-Wshadow -Werror), build the original as C++20 coroutines with clang++ (the
reference backend), run the three and compare what they print and how they
exit.

Seeds go --batch at a time into one program (gen.generate_batch), so that a
batch costs three compiles. When a batch fails, the seeds at fault (those
whose output sections differ, or that the compiler errors point at; else
halves of the batch, recursively) are tested again alone, each in its own
program: a seed that fails is saved under --out with its program and a
report, and the run goes on.

    python3 test/fuzz/difftest.py --seeds 0..2000 --jobs 1   # the long run
    python3 test/fuzz/difftest.py --seeds 17 --keep          # look at one seed
    python3 test/fuzz/difftest.py --minimize 17              # shrink a failure
    python3 test/fuzz/difftest.py --minimize results/seed-17/prog.cpp
    python3 test/fuzz/difftest.py --seeds 0..200 --enable all  # open bugs too

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

WARN = ["-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Werror"]


class Failure(Exception):
    def __init__(self, kind, detail, key=None, stderr=""):
        super().__init__(kind)
        self.stderr = stderr    # a build's diagnostics (to tell which seed)
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
            msg = re.sub(r"'[^']*'|\u2018[^\u2019]*\u2019", "'...'", m.group(2))
            return re.sub(r"\d+", "N", msg).strip()
    return text.strip().splitlines()[0] if text.strip() else "(no message)"


def cmdline(cmd):
    return " ".join(cmd)


class Tester:
    def __init__(self, a):
        self.a = a
        self.include = a.runtime_include
        self.cpp_common = [a.opt, "-g0", "-I" + self.include, "-I" + HERE]
        self.link = [a.runtime_lib, "-pthread"]

    def build_and_run(self, src, work, only=None, timeout=None):
        """Builds `src` three ways (the reference, and the lowered program
        with g++ and clang++) and runs them. Raises Failure if something does
        not build; returns [(backend, (status, stdout, stderr))], the
        reference first ([] if `only` leaves the reference out)."""
        a = self.a
        ref = os.path.join(work, "reference")
        if only and "reference" not in only:
            # Minimizing a build failure: the reference need only be valid.
            rc, out, err = run([a.clangxx, "-std=c++20", "-fsyntax-only"] + WARN +
                               self.cpp_common + [src], a.build_timeout)
        else:
            rc, out, err = run([a.clangxx, "-std=c++20"] + WARN + self.cpp_common +
                               [src] + self.link + ["-o", ref], a.build_timeout)
        if rc != 0:
            raise Failure("reference-build",
                          "the C++20 reference did not build (a generator bug?):\n" + err,
                          "reference-build: " + first_error(err), stderr=err)
        lowered = os.path.join(work, "prog.lowered.cpp")
        rc, out, err = run([a.hoist, src, "-o", lowered, "--", "-I" + HERE,
                            "-I" + self.include], a.build_timeout)
        if rc is None:
            raise Failure("hoist-error", "hoist timed out", "hoist timed out")
        if rc != 0:
            if re.search(r"error: .*(cannot|not) .*(yet|supported)", err):
                raise Failure("rejected", err, "rejected: " + first_error(err), stderr=err)
            raise Failure("hoist-error", "hoist exited with {}:\n{}".format(rc, err),
                          "hoist-error: " + first_error(err), stderr=err)
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
                              "lowered-build {}: {}".format(name, first_error(err)),
                              stderr=err)
            binaries.append(("lowered " + name, exe))
        if only and "reference" not in only:
            return []
        t = timeout or a.timeout
        results = [("reference", self.execute(ref, t))]
        for name, exe in binaries:
            results.append((name, self.execute(exe, t)))
        return results

    # One program through the three backends. Raises Failure; returns the
    # common output on success.
    def check(self, src, work, only=None):
        results = self.build_and_run(src, work, only)
        if not results:
            return ""
        rr = results[0][1]
        if rr[0] is None:
            raise Failure("reference-timeout", "the reference timed out (a generator bug?)")
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
    def execute(exe, timeout):
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                   UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
        try:
            p = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout, env=env)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = None, e.stdout or b"", e.stderr or b""
        return rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")[-4000:]


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


# -- batches --------------------------------------------------------------------

def sections(out):
    """Splits what a batch printed by seed: {seed: (text, complete)}. A
    section is complete when the next one started; the last one is complete
    when the program exited normally (the caller decides: None here)."""
    parts = {}
    cur = None
    buf = []
    for line in out.splitlines(keepends=True):
        if line.startswith(gen.SECTION):
            if cur is not None:
                parts[cur] = ("".join(buf), True)
            cur = int(line[len(gen.SECTION):])
            buf = []
        elif cur is not None:
            buf.append(line)
    if cur is not None:
        parts[cur] = ("".join(buf), None)
    return parts


def seed_marks(text):
    """[(line, seed)]: where each seed's namespace opens in a batch's source
    or in its lowered file (the tool passes namespaces through)."""
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"namespace seed_(\d+) \{", line)
        if m:
            out.append((i, int(m.group(1))))
    return out


def blame(err, marks):
    """The seeds whose code the errors in `err` point at; marks maps a file
    name to its seed_marks. None if some error points elsewhere."""
    seeds = set()
    for m in re.finditer(r"^(\S+?):(\d+):\d+: (?:fatal )?error", err, re.M):
        ms = marks.get(os.path.basename(m.group(1)))
        line = int(m.group(2))
        owner = [s for l, s in (ms or []) if l <= line]
        if not owner:
            return None
        seeds.add(owner[-1])
    return seeds or None


def test_batch(tester, seeds, feat, a):
    """Tests several seeds in one program (gen.generate_batch): three
    compiles for all of them. A seed whose section differs, or that the
    errors point at, is tested again alone (test_seed: its own program and
    report); the others are batched again, or halved when nothing tells
    which seed is at fault. Returns [(seed, Failure or None, seconds)]."""
    if len(seeds) == 1:
        return [test_seed(tester, seeds[0], feat, a)]
    t0 = time.time()
    text = gen.generate_batch(seeds, feat)
    work = tempfile.mkdtemp(prefix="hoist-fuzz-batch-{}-".format(seeds[0]))
    src = os.path.join(work, "prog.cpp")
    with open(src, "w") as f:
        f.write(text)
    suspects, again = [], []
    try:
        results = tester.build_and_run(src, work, timeout=max(a.timeout, len(seeds)))
    except Failure as e:
        marks = {"prog.cpp": seed_marks(text)}
        lowered = os.path.join(work, "prog.lowered.cpp")
        if os.path.exists(lowered):
            with open(lowered) as f:
                marks["prog.lowered.cpp"] = seed_marks(f.read())
        blamed = blame(e.stderr, marks)
        if blamed and set(blamed) <= set(seeds):
            suspects = [s for s in seeds if s in blamed]
            again = [s for s in seeds if s not in blamed]
        else:
            half = len(seeds) // 2
            shutil.rmtree(work, ignore_errors=True)
            return test_batch(tester, seeds[:half], feat, a) + \
                test_batch(tester, seeds[half:], feat, a)
        results = None
    done = []
    if results is not None:
        split = [(name, rc, sections(out)) for name, (rc, out, err) in results]
        for s in seeds:
            texts = []
            for name, rc, parts in split:
                text_s, complete = parts.get(s, (None, False))
                if complete is None:
                    complete = rc == 0
                texts.append(text_s if complete else None)
            if None not in texts and all(t == texts[0] for t in texts):
                continue
            if None in texts:
                # It crashed or hung somewhere: the seeds after it did not run.
                suspects.append(s)
                again = seeds[seeds.index(s) + 1:]
                break
            suspects.append(s)
        sanitizer = [name for name, (rc, out, err) in results
                     if "Sanitizer" in err or "runtime error:" in err]
        if sanitizer and not suspects:
            half = len(seeds) // 2
            shutil.rmtree(work, ignore_errors=True)
            return test_batch(tester, seeds[:half], feat, a) + \
                test_batch(tester, seeds[half:], feat, a)
        elapsed = (time.time() - t0) / len(seeds)
        done = [(s, None, elapsed) for s in seeds if s not in suspects and s not in again]
    for s in suspects:
        seed, result, elapsed = test_seed(tester, s, feat, a)
        if result is None:
            # Fails only beside the other seeds: keep the batch.
            result = Failure("batch-only", "seed {} fails in the batch {} but not alone; the "
                             "batch's program is batch-{}.cpp".format(s, seeds, s),
                             "batch-only")
            dest = os.path.join(a.out, "seed-{}".format(s))
            os.makedirs(dest, exist_ok=True)
            shutil.copy(src, os.path.join(dest, "batch-{}.cpp".format(s)))
            with open(os.path.join(dest, "report.txt"), "w") as f:
                f.write("seed {}: {}\n".format(s, result.detail))
        done.append((seed, result, elapsed))
    shutil.rmtree(work, ignore_errors=True)
    if again:
        done += test_batch(tester, again, feat, a)
    return done


# -- minimizer ----------------------------------------------------------------

def units(lines):
    """Removable pieces of a generated program: each statement with everything
    nested in it (its blocks, else/catch/case parts), and each function.
    Found by counting braces (the generated code puts no braces in strings,
    and `fz::Err{7}` balances on its line)."""
    out = []
    n = len(lines)
    skip = ("}", "{", "case ", "default:", "[[fallthrough]]", "#", "//", "int main()")
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith(skip):
            continue
        j = i
        depth = 0
        opened = False
        while j < n:
            t = lines[j]
            depth += t.count("{") - t.count("}")
            opened |= "{" in t
            j += 1
            if depth <= 0:
                # `for (...)` with its block on the next line.
                if not opened and j < n and lines[j].strip() == "{":
                    continue
                break
        out.append((i, j))
    return out


def minimize(tester, a, src_text, seed_label):
    """Greedy delta debugging over statements: removes pieces (largest first,
    --jobs of them tried at once) as long as the program fails the same way
    and stays valid (the reference still builds warning-free)."""
    base = tempfile.mkdtemp(prefix="hoist-fuzz-min-")
    counter = [0]
    lock = threading.Lock()
    only = [None]

    def attempt(lines):
        with lock:
            counter[0] += 1
            work = os.path.join(base, str(counter[0]))
        os.makedirs(work)
        src = os.path.join(work, "prog.cpp")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        try:
            tester.check(src, work, only=only[0])
            r = None
        except Failure as e:
            r = e
        shutil.rmtree(work, ignore_errors=True)
        return r

    lines = src_text.splitlines()
    first = attempt(lines)
    if first is None:
        print("minimize: {} does not fail".format(seed_label))
        return None
    key = first.key
    print("minimize: {} fails with: {}".format(seed_label, key), flush=True)
    if first.kind == "lowered-build":
        only[0] = ["g++"] if " g++:" in key else ["clang++"]
    elif first.kind in ("mismatch", "sanitizer"):
        only[0] = ["reference"] + [c for c in ("g++", "clang++") if "lowered " + c in key]

    def without(lines, spans):
        drop = set()
        for i, j in spans:
            drop.update(range(i, j))
        return [l for idx, l in enumerate(lines) if idx not in drop]

    tries = 0
    changed = True
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        while changed:
            changed = False
            spans = sorted(units(lines), key=lambda s: (s[0] - s[1], s[0]))
            kept = []      # spans removed in this pass (indices into `lines`)
            pending = list(spans)
            while pending:
                batch = []
                while pending and len(batch) < a.jobs:
                    s = pending.pop(0)
                    if any(k[0] <= s[0] < k[1] or s[0] <= k[0] < s[1] for k in kept):
                        continue
                    batch.append(s)
                if not batch:
                    break
                results = list(pool.map(lambda s: attempt(without(lines, kept + [s])), batch))
                tries += len(batch)
                good = [s for s, e in zip(batch, results) if e is not None and e.key == key]
                if len(good) > 1:
                    e = attempt(without(lines, kept + good))
                    tries += 1
                    if e is None or e.key != key:
                        good = good[:1]
                kept.extend(good)
                if good:
                    changed = True
                    print("minimize: {} tries, {} lines".format(
                        tries, len(without(lines, kept))), flush=True)
            lines = without(lines, kept)
    shutil.rmtree(base, ignore_errors=True)
    return "\n".join(lines) + "\n", key


# -- main ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Differential tester for hoist.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument("--seeds", default="0..20", help="A..B (B excluded), or a list: 1,5,9..12")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--batch", type=int, default=40,
                    help="seeds per program (1: each seed alone)")
    ap.add_argument("--opt", default="-O0", help="optimization flag of every build")
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
    batches = [seeds[i:i + a.batch] for i in range(0, len(seeds), a.batch)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        futs = [pool.submit(test_batch, tester, b, feat, a) for b in batches]
        for f in concurrent.futures.as_completed(futs):
            with lock:
                n_ok = 0
                for seed, result, elapsed in sorted(f.result(), key=lambda r: r[0]):
                    done[0] += 1
                    if result is not None:
                        failures.append((seed, result))
                        print("[{}/{}] seed {}: FAIL {} ({})".format(
                            done[0], len(seeds), seed, result.kind, result.key), flush=True)
                    else:
                        n_ok += 1
                if not a.quiet:
                    print("[{}/{}] {} seeds ok ({:.0f}s so far)".format(
                        done[0], len(seeds), n_ok, time.time() - t0), flush=True)
    total = time.time() - t0
    print("\n{} seeds in {:.0f}s: {} passed, {} failed".format(
        len(seeds), total, len(seeds) - len(failures), len(failures)))
    off = [k for k, v in feat.items() if not v]
    if off and not a.quiet:
        print("generator features off: {}".format(", ".join(off)))
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
