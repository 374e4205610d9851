// bench/poll/driver.hpp - the driver shared by the C++ poll-cost variants.
//
// chain.cpp (lowered or as C++20 coroutines) and handwritten.cpp each define
//
//   extern "C" long bench_run(int d, int k, long iters);
//
// which creates the depth-d chain `iters` times and polls each to completion
// with a noop waker (its leaf is pending k times, so k + 1 polls per call).
// The leaf's poll and the top-level poll are out of line (noinline) in every
// variant, the Rust one too: the leaf stands for a socket or a timer, the
// top-level call for the executor's; what lies between may be inlined.
// This file adds the loop they share, an allocation counter (a replaced
// global operator new) and main:
//
//   ./variant D K ITERS REPS
//   prints: ns_per_poll ns_per_call allocations_per_call checksum
//
// The time is the median of REPS runs (steady_clock). Instruction counts
// come from running the same binary under callgrind with
// --toggle-collect=bench_run (bench/run.sh), which counts only bench_run and
// what it calls.
#ifndef HOIST_BENCH_POLL_DRIVER_HPP
#define HOIST_BENCH_POLL_DRIVER_HPP

#include <hoist/hoist.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#define HOIST_BENCH_NOINLINE __attribute__((noinline))

static long g_allocations = 0;

void *operator new(std::size_t n) {
  ++g_allocations;
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

/// One top-level poll, out of line as an executor's call through a task's
/// vtable is: the chain below it may be inlined into it, not into the loop.
template <class F>
HOIST_BENCH_NOINLINE auto poll_top(F &f, hoist::Context &cx) {
  return f.poll(cx);
}

/// Creates a future with make(k), polls it until ready, `iters` times.
template <class Make> long run_loop(Make make, int k, long iters) {
  long sum = 0;
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  for (long i = 0; i < iters; ++i) {
    auto f = make(k);
    for (;;) {
      auto p = poll_top(f, cx);
      if (p.is_ready()) {
        sum += std::move(p).value();
        break;
      }
    }
  }
  return sum;
}

extern "C" long bench_run(int d, int k, long iters);

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s D K ITERS REPS\n", argv[0]);
    return 2;
  }
  int d = std::atoi(argv[1]), k = std::atoi(argv[2]);
  long iters = std::atol(argv[3]), reps = std::atol(argv[4]);
  std::vector<double> times;
  times.reserve(static_cast<size_t>(reps));
  long sum = 0, allocations = 0;
  for (long r = 0; r < reps; ++r) {
    long before = g_allocations;
    auto t0 = std::chrono::steady_clock::now();
    sum = bench_run(d, k, iters);
    auto t1 = std::chrono::steady_clock::now();
    allocations = g_allocations - before;
    times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
  }
  std::sort(times.begin(), times.end());
  double best = times[times.size() / 2]; // the median
  if (sum != iters * (d + 1)) {
    std::fprintf(stderr, "wrong result %ld (want %ld)\n", sum, iters * (d + 1));
    return 1;
  }
  std::printf("%.3f %.3f %.3f %ld\n", best / (double(iters) * (k + 1)),
              best / double(iters), double(allocations) / double(iters), sum);
  return 0;
}

#endif // HOIST_BENCH_POLL_DRIVER_HPP
