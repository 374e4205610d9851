#!/usr/bin/env python3
"""bench/bench.py - builds and runs Hoist's benchmarks, side by side with
their rivals, and writes the results (bench/run.sh calls it after building the
tool, the runtime and the tokio programs; see bench/README.md).

Sections (each can be run alone with --only):

  sizes   future sizes: Rust size_of_val, Hoist sizeof, C++20 coroutine frames
  poll    cost per poll through D nested awaits (callgrind and time)
  exec    executor throughput: spawn, yield, channel ping-pong, vs tokio
  echo    TCP echo server vs tokio's, one load client, loopback
  http    HTTP/1.1 server vs hyper's on tokio, loaded by wrk, loopback
  tool    hoist's lowering time vs clang -fsyntax-only; compile times

Raw results go to <build>/results.json; bench/report.py turns them into
docs/benchmarks.md and its plots. Nothing here asserts on a time: benchmarks
measure and report, they are not tests.
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
RT_INC = os.path.join(ROOT, "runtime", "include")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, timeout=None, **kw):
    """Runs cmd, returns stdout; raises with stderr on failure."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=timeout, **kw)
    if p.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd),
                                                              p.stderr[-4000:]))
    return p.stdout


def timed(cmd, timeout=None):
    """Wall seconds of one run of cmd (output discarded)."""
    t0 = time.perf_counter()
    run(cmd, timeout=timeout)
    return time.perf_counter() - t0


def cpu_timed(cmd, timeout=None):
    """CPU seconds (user + system) of one run of cmd: unlike wall time, barely
    changed by other programs competing for the cores."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(cmd, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(values):
    return statistics.median(list(values))


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.bin = os.path.join(self.build, "bin")
        self.gen = os.path.join(self.build, "gen")
        os.makedirs(self.bin, exist_ok=True)
        os.makedirs(self.gen, exist_ok=True)
        self.hoist = args.hoist
        self.rtlib = args.runtime_lib
        self.tokio = args.tokio_bin
        self.rustc_bin = args.rustc
        self.cargo_bin = args.cargo
        self.smoke = args.smoke
        self.results = {}
        self.meta = {}
        self.cxx_flags = ["-O2", "-DNDEBUG"]

    # -- building ---------------------------------------------------------

    def lower(self, src, out, extra=()):
        run([self.hoist, src, "-o", out, "--", "-I" + RT_INC] + list(extra))
        return out

    def cxx(self, compiler, std, srcs, out, extra=(), link_runtime=True, opt=None):
        cmd = [compiler, "-std=" + std] + (opt or self.cxx_flags) + ["-I" + RT_INC]
        cmd += list(extra) + list(srcs) + ["-o", out]
        if link_runtime:
            cmd += [self.rtlib, "-pthread"]
        run(cmd)
        return out

    def rustc(self, src, out):
        run([self.rustc_bin, "-O", "--edition", "2021", src, "-o", out])
        return out

    # -- sizes ------------------------------------------------------------

    def sizes(self):
        log("sizes: building")
        src = os.path.join(BENCH, "sizes", "cases.cpp")
        lowered = self.lower(src, os.path.join(self.gen, "cases.lowered.cpp"))
        variants = {
            "rust": self.rustc(os.path.join(BENCH, "sizes", "sizes.rs"),
                               os.path.join(self.bin, "sizes_rust")),
            "hoist_gcc": self.cxx("g++", "c++17", [lowered], os.path.join(self.bin, "sizes_hoist_gcc"),
                                  link_runtime=False),
            "hoist_clang": self.cxx("clang++-19", "c++17", [lowered],
                                    os.path.join(self.bin, "sizes_hoist_clang"), link_runtime=False),
            "coro_O2": self.cxx("clang++-19", "c++20", [src], os.path.join(self.bin, "sizes_coro_O2"),
                                link_runtime=False),
            "coro_O0": self.cxx("clang++-19", "c++20", [src], os.path.join(self.bin, "sizes_coro_O0"),
                                link_runtime=False, opt=["-O0"]),
        }
        rows = {}
        order = []
        for name, exe in variants.items():
            for line in run([exe]).splitlines():
                f = line.split("\t")
                case = f[0]
                if case not in rows:
                    rows[case] = {}
                    order.append(case)
                rows[case][name] = {"size": int(f[1]), "result": int(f[2])}
                if len(f) >= 5:
                    rows[case][name]["allocs"] = int(f[3])
                    rows[case][name]["bytes"] = int(f[4])
        for case in order:
            results = {v["result"] for v in rows[case].values()}
            if len(results) != 1:
                raise RuntimeError("sizes: case '%s' computes different results: %s" %
                                   (case, rows[case]))
        explain = run([self.hoist, src, "--emit=explain", "--", "-I" + RT_INC])
        self.results["sizes"] = {"order": order, "rows": rows, "explain": explain}

    # -- poll cost --------------------------------------------------------

    def poll(self):
        log("poll: building")
        pdir = os.path.join(BENCH, "poll")
        inc = ["-I" + pdir]
        lowered = self.lower(os.path.join(pdir, "chain.cpp"),
                             os.path.join(self.gen, "chain.lowered.cpp"), inc)
        hand = os.path.join(pdir, "handwritten.cpp")
        variants = [
            ("hoist_gcc", "Hoist, g++ -O2",
             self.cxx("g++", "c++17", [lowered], os.path.join(self.bin, "poll_hoist_gcc"), inc, False)),
            ("hoist_clang", "Hoist, clang++-19 -O2",
             self.cxx("clang++-19", "c++17", [lowered], os.path.join(self.bin, "poll_hoist_clang"), inc,
                      False)),
            ("coro", "C++20 coroutines (reference backend), clang++-19 -O2",
             self.cxx("clang++-19", "c++20", [os.path.join(pdir, "chain.cpp")],
                      os.path.join(self.bin, "poll_coro"), inc, False)),
            ("rust", "Rust, rustc -O",
             self.rustc(os.path.join(pdir, "chain.rs"), os.path.join(self.bin, "poll_rust"))),
            ("hand_gcc", "hand-written state machine, g++ -O2",
             self.cxx("g++", "c++17", [hand], os.path.join(self.bin, "poll_hand_gcc"), inc, False)),
            ("hand_clang", "hand-written state machine, clang++-19 -O2",
             self.cxx("clang++-19", "c++17", [hand], os.path.join(self.bin, "poll_hand_clang"), inc,
                      False)),
        ]
        depths = [1, 2, 4, 8, 16] if not self.smoke else [1, 16]
        pendings = [100, 1]
        data = {}
        annotate = {}
        for key, label, exe in variants:
            log("poll: %s" % key)
            data[key] = {"label": label, "points": []}
            for d in depths:
                for k in pendings:
                    # callgrind: about 20,000 top-level polls
                    cg_iters = max(10, 20000 // (k + 1)) if not self.smoke else 20
                    out = os.path.join(self.build, "callgrind.%s.%d.%d" % (key, d, k))
                    run(["valgrind", "--tool=callgrind", "--toggle-collect=bench_run",
                         "--callgrind-out-file=" + out, exe, str(d), str(k), str(cg_iters), "1"])
                    ir = callgrind_total(out)
                    if d == 16 and k == 100 and key in ("hoist_gcc", "hand_gcc", "rust", "hoist_clang"):
                        annotate[key] = run(["callgrind_annotate", "--inclusive=no", out])
                    # time: about 10,000,000 polls, median of 5
                    t_iters = max(100, 10000000 // (k + 1)) if not self.smoke else 100
                    reps = "5" if not self.smoke else "1"
                    ns_poll, ns_call, allocs, _ = run([exe, str(d), str(k), str(t_iters), reps]).split()
                    data[key]["points"].append({
                        "d": d, "k": k,
                        "ir_poll": ir / (cg_iters * (k + 1)), "ir_call": ir / cg_iters,
                        "ns_poll": float(ns_poll), "ns_call": float(ns_call),
                        "allocs_call": float(allocs)})
        self.results["poll"] = {"variants": data, "depths": depths, "pendings": pendings,
                                "annotate": {k: trim_annotate(v) for k, v in annotate.items()}}

    # -- executors --------------------------------------------------------

    def exec(self):
        log("exec: building")
        src = os.path.join(BENCH, "exec", "exec.cpp")
        lowered = self.lower(src, os.path.join(self.gen, "exec.lowered.cpp"))
        hoist_exe = self.cxx("g++", "c++17", [lowered], os.path.join(self.bin, "exec_hoist"))
        coro_exe = self.cxx("clang++-19", "c++20", [src], os.path.join(self.bin, "exec_coro"))
        tokio_exe = os.path.join(self.tokio, "exec")
        n = 1000000 if not self.smoke else 10000
        reps = 5 if not self.smoke else 1
        cg_n = 100000 if not self.smoke else 10000
        rows = []
        for bench in ("spawn", "yield", "pingpong"):
            for hoist_ex, tokio_ex, label in (("local", "current", "one thread"),
                                              ("rt1", "mt1", "1 worker"),
                                              ("rt2", "mt2", "2 workers")):
                log("exec: %s %s" % (bench, hoist_ex))
                row = {"bench": bench, "executor": label, "hoist_executor": hoist_ex,
                       "tokio_executor": tokio_ex}
                variants = (("hoist", hoist_exe, hoist_ex), ("coro", coro_exe, hoist_ex),
                            ("tokio", tokio_exe, tokio_ex))
                samples = {key: [] for key, _, _ in variants}
                # Taking turns: a change in load falls on every variant.
                for _ in range(reps):
                    for key, exe, ex in variants:
                        samples[key].append(float(run([exe, bench, ex, str(n)], timeout=300).split()[0]))
                for key, values in samples.items():
                    row[key] = median(values)
                    row[key + "_runs"] = values
                if hoist_ex == "local":
                    # One thread: callgrind's count is repeatable where times are not.
                    for key, exe, ex in variants:
                        if key == "coro":
                            continue
                        out = os.path.join(self.build, "callgrind.exec.%s.%s" % (key, bench))
                        run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                             exe, bench, ex, str(cg_n)], timeout=600)
                        row[key + "_ir"] = callgrind_total(out) / cg_n
                row["load"] = loadavg()
                rows.append(row)
        self.results["exec"] = {"n": n, "reps": reps, "callgrind_n": cg_n, "rows": rows}

    # -- echo server ------------------------------------------------------

    def echo(self):
        log("echo: building")
        src = os.path.join(ROOT, "examples", "echo_server.cpp")
        lowered = self.lower(src, os.path.join(self.gen, "echo_server.lowered.cpp"))
        servers = [
            ("hoist", [self.cxx("g++", "c++17", [lowered], os.path.join(self.bin, "echo_hoist"))]),
            ("coro", [self.cxx("clang++-19", "c++20", [src], os.path.join(self.bin, "echo_coro"))]),
            ("tokio", [os.path.join(self.tokio, "echo_server"), "--workers", "2"]),
        ]
        loadgen = self.cxx("g++", "c++17", [os.path.join(BENCH, "net", "loadgen.cpp")],
                           os.path.join(self.bin, "loadgen"), link_runtime=False)
        seconds = 2.0 if not self.smoke else 0.3
        reps = 3 if not self.smoke else 1
        conns = [1, 50, 1000] if not self.smoke else [1, 50]
        rows = {c: {"connections": c} for c in conns}
        # The servers take turns (hoist, coro, tokio, hoist, ...) so that a
        # change in the machine's load falls on all of them; each figure is
        # the median of `reps` runs.
        for c in conns:
            samples = {key: [] for key, _ in servers}
            for rep in range(reps):
                for key, cmd in servers:
                    log("echo: %s, %d connections, run %d" % (key, c, rep + 1))
                    with Server(cmd + ["--port", "0"]) as port:
                        out = run([loadgen, str(port), str(c), str(seconds), "64", "0.5"], timeout=120)
                    rate, p50, p99, msgs, errors = out.split()
                    samples[key].append({"rate": float(rate), "p50": float(p50), "p99": float(p99),
                                         "messages": int(msgs), "errors": int(errors),
                                         "load": loadavg()})
            for key, runs in samples.items():
                rows[c][key] = {"rate": median(x["rate"] for x in runs),
                                "p50": median(x["p50"] for x in runs),
                                "p99": median(x["p99"] for x in runs),
                                "messages": sum(x["messages"] for x in runs),
                                "errors": sum(x["errors"] for x in runs),
                                "load": runs[-1]["load"], "runs": runs}
        self.results["echo"] = {"seconds": seconds, "reps": reps, "size": 64, "rows": [rows[c] for c in conns]}

    # -- HTTP server ------------------------------------------------------

    def http(self):
        log("http: building")
        src = os.path.join(ROOT, "examples", "http_server.cpp")
        lowered = self.lower(src, os.path.join(self.gen, "http_server.lowered.cpp"))
        servers = [
            ("hoist", [self.cxx("g++", "c++17", [lowered], os.path.join(self.bin, "http_hoist"))]),
            ("hyper", [os.path.join(self.tokio, "http_server")]),
        ]
        wrk = shutil.which("wrk")
        if not wrk:
            raise RuntimeError("http: wrk is not installed (Debian: wrk)")
        seconds = 5 if not self.smoke else 1
        reps = 5 if not self.smoke else 1
        threads = [1, 2]
        conns = [64, 512] if not self.smoke else [64]
        routes = ["plaintext", "json"]
        cells = [(t, c, r) for t in threads for c in conns for r in routes]
        samples = {cell: {key: [] for key, _ in servers} for cell in cells}
        # For each thread count, both servers run at once (an idle server
        # costs nothing) and a 1 s wrk run warms each up. Then every cell is
        # measured on one server right after the other (their order swapped
        # from one repetition to the next), so that the machine's load, which
        # other programs change by tens of percent within a minute, falls
        # alike on the two figures of a pair. Each figure is the median of
        # `reps` runs, and each ratio the median of the `reps` paired ratios.
        for t in threads:
            with Server(servers[0][1] + ["--threads", str(t), "--port", "0"]) as p0, \
                    Server(servers[1][1] + ["--threads", str(t), "--port", "0"]) as p1:
                ports = {servers[0][0]: p0, servers[1][0]: p1}
                for key, _ in servers:
                    run([wrk, "-t1", "-c64", "-d1s", "http://127.0.0.1:%d/plaintext" % ports[key]],
                        timeout=60)
                for rep in range(reps):
                    for (tt, c, r) in cells:
                        if tt != t:
                            continue
                        order = servers if rep % 2 == 0 else servers[::-1]
                        for key, _ in order:
                            log("http: %s, %d threads, %d connections, /%s, run %d"
                                % (key, t, c, r, rep + 1))
                            url = "http://127.0.0.1:%d/%s" % (ports[key], r)
                            out = run([wrk, "-t1", "-c%d" % c, "-d%ds" % seconds, "--latency", url],
                                      timeout=seconds + 60)
                            sample = parse_wrk(out)
                            sample["load"] = loadavg()
                            samples[(t, c, r)][key].append(sample)
        rows = []
        for (t, c, r) in cells:
            row = {"threads": t, "connections": c, "route": r}
            for key, runs in samples[(t, c, r)].items():
                row[key] = {"rps": median(x["rps"] for x in runs),
                            "p50": median(x["p50"] for x in runs),
                            "p99": median(x["p99"] for x in runs),
                            "errors": sum(x["errors"] for x in runs),
                            "non2xx": sum(x["non2xx"] for x in runs),
                            "runs": runs}
            pairs = list(zip(samples[(t, c, r)]["hoist"], samples[(t, c, r)]["hyper"]))
            row["rps_ratio"] = median(a["rps"] / b["rps"] for a, b in pairs)
            row["p99_ratio"] = median(a["p99"] / b["p99"] for a, b in pairs)
            rows.append(row)
        self.results["http"] = {"seconds": seconds, "reps": reps, "wrk_threads": 1,
                                "wrk": wrk_version(wrk),
                                "rows": rows}

    # -- the tool ---------------------------------------------------------

    def tool(self):
        sizes = [10, 100, 1000, 10000] if not self.smoke else [10]
        compile_limit = self.args.compile_max_awaits
        rows = []
        for n in sizes:
            reps = 3 if not self.smoke and n <= 1000 else 1
            src = os.path.join(self.gen, "gen%d.cpp" % n)
            run([sys.executable, os.path.join(BENCH, "tool", "gen.py"), str(n), src])
            out = os.path.join(self.gen, "gen%d.lowered.cpp" % n)
            log("tool: %d awaits" % n)
            row = {"awaits": n, "functions": max(1, n // 10), "load": loadavg()}
            row["hoist"] = median(cpu_timed([self.hoist, src, "-o", out, "--", "-I" + RT_INC])
                               for _ in range(reps))
            row["syntax"] = median(cpu_timed(["clang++-19", "-std=c++20", "-fsyntax-only", "-I" + RT_INC, src])
                                for _ in range(reps))
            row["lowered_lines"] = sum(1 for _ in open(out))
            row["source_lines"] = sum(1 for _ in open(src))
            if n <= compile_limit:
                obj = os.path.join(self.gen, "gen.o")
                creps = 3 if not self.smoke and n <= 100 else 1
                row["compile_reps"] = creps
                if n <= 1000:  # g++ is not the like-for-like rival; spare minutes
                    row["cc_hoist_gcc"] = median(cpu_timed(["g++", "-std=c++17", "-O2", "-DNDEBUG", "-c",
                                                            "-I" + RT_INC, out, "-o", obj], timeout=1800)
                                                 for _ in range(creps))
                row["cc_hoist_clang"] = median(cpu_timed(["clang++-19", "-std=c++17", "-O2", "-DNDEBUG", "-c",
                                               "-I" + RT_INC, out, "-o", obj], timeout=1800)
                                             for _ in range(creps))
                row["cc_coro"] = median(cpu_timed(["clang++-19", "-std=c++20", "-O2", "-DNDEBUG", "-c", "-I" + RT_INC,
                                        src, "-o", obj], timeout=1800) for _ in range(creps))
            if n <= 100:
                # The lowered program and the coroutine program agree.
                a = run(self.cxx_link("g++", "c++17", out, "tool_check_hoist"))
                b = run(self.cxx_link("clang++-19", "c++20", src, "tool_check_coro"))
                if a != b:
                    raise RuntimeError("tool: gen%d: lowered prints %r, coroutines %r" % (n, a, b))
            rows.append(row)
        # A file with nothing to lower (the standard library and the
        # runtime's headers): one parse, as clang -fsyntax-only.
        src = os.path.join(self.gen, "passthrough.cpp")
        with open(src, "w") as f:
            f.write("#include <bits/stdc++.h>\n#include <hoist/hoist.hpp>\n"
                    "int main() { return 0; }\n")
        reps = 5 if not self.smoke else 1
        passthrough = {
            "hoist": median(cpu_timed([self.hoist, src, "-o", os.path.join(self.gen, "passthrough.out.cpp"),
                                       "--", "-I" + RT_INC]) for _ in range(reps)),
            "syntax": median(cpu_timed(["clang++-19", "-std=c++20", "-fsyntax-only", "-I" + RT_INC, src])
                             for _ in range(reps)),
            "load": loadavg()}
        self.results["tool"] = {"rows": rows, "passthrough": passthrough}

    def cxx_link(self, compiler, std, src, name):
        return [self.cxx(compiler, std, [src], os.path.join(self.bin, name))]

    # -- the machine ------------------------------------------------------

    def machine(self):
        cpu = "unknown"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        def version(cmd):
            try:
                return run(cmd).splitlines()[0].strip()
            except Exception:  # pylint: disable=broad-except
                return "not found"
        tokio_version = "unknown"
        lock = os.path.join(self.build, "tokio-src", "Cargo.lock")
        if os.path.exists(lock):
            m = re.search(r'name = "tokio"\nversion = "([^"]+)"', open(lock).read())
            if m:
                tokio_version = m.group(1)
        mem = "unknown"
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
        self.results["machine"] = {
            "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "uname": " ".join(platform.uname()),
            "date": time.strftime("%Y-%m-%d %H:%M %Z"),
            "gxx": version(["g++", "--version"]),
            "clang": version(["clang++-19", "--version"]),
            "rustc": version([self.rustc_bin, "--version"]),
            "cargo": version([self.cargo_bin, "--version"]),
            "tokio": tokio_version,
            "valgrind": version(["valgrind", "--version"]),
            "perf": perf_available(),
            "load_start": open("/proc/loadavg").read().strip(),
        }


def perf_available():
    try:
        p = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return "not supported" not in p.stderr and p.returncode == 0
    except OSError:
        return False


def callgrind_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no total in " + path)


def trim_annotate(text, lines=14):
    """The per-function table of callgrind_annotate, first `lines` rows."""
    out = []
    take = False
    for line in text.splitlines():
        if "file:function" in line:
            take = True
            continue
        if take and line.startswith("---"):
            continue
        if take:
            if not line.strip():
                if out:
                    break
                continue
            line = re.sub(r" \[[^\]]*\]$", "", line)  # the binary's path
            out.append(line)
            if len(out) >= lines:
                break
    return "\n".join(out)


def wrk_duration_us(text):
    """wrk's latency figures ("812.00us", "8.94ms", "1.02s", "2.00m") in us."""
    m = re.match(r"([0-9.]+)(us|ms|s|m)$", text)
    if not m:
        raise RuntimeError("wrk: cannot read the duration %r" % text)
    scale = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6}[m.group(2)]
    return float(m.group(1)) * scale


def parse_wrk(out):
    """Requests/s, p50 and p99 (us), socket errors and non-2xx answers from
    the output of `wrk --latency`."""
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (rps and p50 and p99):
        raise RuntimeError("wrk: unexpected output:\n" + out)
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors = sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(rps.group(1)), "p50": wrk_duration_us(p50.group(1)),
            "p99": wrk_duration_us(p99.group(1)), "errors": errors,
            "non2xx": int(m.group(1)) if m else 0}


def wrk_version(wrk):
    """wrk's first line of `wrk -v` (it exits non-zero, so not through run())."""
    p = subprocess.run([wrk, "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return (p.stdout.splitlines() or ["wrk"])[0].strip()


class Server:
    """Starts a server that prints its port first; stops it on exit."""

    def __init__(self, cmd):
        self.cmd = cmd

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.proc.kill()
            raise RuntimeError("server %s printed %r instead of its port" % (self.cmd, line))
        return int(line)

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return False


SECTIONS = ("sizes", "poll", "exec", "echo", "http", "tool")


def scrub(value, paths):
    """`value` with every machine path in `paths` removed from its strings (the
    results are kept next to the page, which names no machine's directories)."""
    if isinstance(value, str):
        for path, name in paths:
            value = value.replace(path + "/", name).replace(path, name.rstrip("/"))
        return value
    if isinstance(value, list):
        return [scrub(v, paths) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, paths) for k, v in value.items()}
    return value


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="build directory of the benchmarks")
    ap.add_argument("--hoist", required=True, help="the hoist tool")
    ap.add_argument("--runtime-lib", required=True, help="libhoist_runtime.a")
    ap.add_argument("--tokio-bin", required=True, help="directory of the tokio programs")
    ap.add_argument("--rustc", default="rustc",
                    help="the rustc that compiles the Rust benchmarks (the one cargo built tokio's with)")
    ap.add_argument("--cargo", default="cargo", help="the cargo that built the tokio programs")
    ap.add_argument("--results", help="results file, updated section by section "
                    "(default: <build>/results.json)")
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--smoke", action="store_true", help="tiny runs: check that everything works")
    ap.add_argument("--compile-max-awaits", type=int,
                    default=int(os.environ.get("HOIST_BENCH_COMPILE_MAX_AWAITS", "10000")),
                    help="largest generated input whose compile time is measured (default 10000; "
                    "at 10,000 awaits the three -O2 compiles take several minutes)")
    args = ap.parse_args()
    sections = [x for x in args.only.split(",") if x]
    for section in sections:
        if section not in SECTIONS:
            ap.error("unknown section '%s' (known: %s)" % (section, ", ".join(SECTIONS)))
    b = Bench(args)
    b.machine()
    path = args.results or os.path.join(b.build, "results.json")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    paths = [(b.build, "<build>/"), (ROOT, ""), (os.path.expanduser("~"), "~/")]
    # Running some sections keeps the others' results (each section records
    # the machine, date and load it ran with).
    old = {}
    if os.path.exists(path):
        with open(path) as f:
            old = json.load(f)
    results = {k: v for k, v in old.items() if k in SECTIONS}
    results["sections"] = old.get("sections", {})
    for section in sections:
        start = time.time()
        load_start = loadavg()
        getattr(b, section)()
        results[section] = scrub(b.results[section], paths)
        results["sections"][section] = {
            "date": time.strftime("%Y-%m-%d %H:%M %Z"),
            "seconds": round(time.time() - start, 1),
            "load_start": load_start, "load_end": loadavg(),
            "smoke": bool(args.smoke),
        }
        results["machine"] = scrub(b.results["machine"], paths)
        results["machine"]["load_end"] = open("/proc/loadavg").read().strip()
        with open(path, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
            f.write("\n")
    log("results in " + path)


if __name__ == "__main__":
    main()
