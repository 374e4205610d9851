// bench/poll/chain.cpp - poll cost through a chain of nested awaits.
//
// c1 awaits a leaf that is pending K times; cN awaits c(N-1). One top-level
// poll of cD therefore goes through D async functions down to the leaf.
// Written once in Hoist's input language and built three ways by
// bench/run.sh: lowered by hoist (g++ -O2, clang++-19 -O2) and unlowered as
// C++20 coroutines (the reference backend, clang++-19 -O2). The same chain is
// in chain.rs (Rust) and handwritten.cpp (a hand-written state machine).
//
// The measured code is bench_run (bench/poll/driver.hpp); callgrind counts
// only inside it (--toggle-collect=bench_run).
#include <hoist/hoist.hpp>

#include "driver.hpp"

/// Pending `k` times (the driver polls again at once: no waker needed), then
/// ready with 1. The same leaf in every variant, out of line (noinline) as a
/// real leaf (a socket, a timer) is, so the optimizer cannot fold the chain
/// away.
struct Leaf {
  using Output = int;
  int k;
  HOIST_BENCH_NOINLINE hoist::Poll<int> poll(hoist::Context &) {
    if (k == 0)
      return hoist::ready(1);
    --k;
    return hoist::pending;
  }
};

hoist::Async<int> c1(int k) { co_return co_await Leaf{k} + 1; }
hoist::Async<int> c2(int k) { co_return co_await c1(k) + 1; }
hoist::Async<int> c3(int k) { co_return co_await c2(k) + 1; }
hoist::Async<int> c4(int k) { co_return co_await c3(k) + 1; }
hoist::Async<int> c5(int k) { co_return co_await c4(k) + 1; }
hoist::Async<int> c6(int k) { co_return co_await c5(k) + 1; }
hoist::Async<int> c7(int k) { co_return co_await c6(k) + 1; }
hoist::Async<int> c8(int k) { co_return co_await c7(k) + 1; }
hoist::Async<int> c9(int k) { co_return co_await c8(k) + 1; }
hoist::Async<int> c10(int k) { co_return co_await c9(k) + 1; }
hoist::Async<int> c11(int k) { co_return co_await c10(k) + 1; }
hoist::Async<int> c12(int k) { co_return co_await c11(k) + 1; }
hoist::Async<int> c13(int k) { co_return co_await c12(k) + 1; }
hoist::Async<int> c14(int k) { co_return co_await c13(k) + 1; }
hoist::Async<int> c15(int k) { co_return co_await c14(k) + 1; }
hoist::Async<int> c16(int k) { co_return co_await c15(k) + 1; }

/// The measured function: `iters` times, create cD(k), poll it to completion
/// (k + 1 polls), destroy it. Returns the sum of the results.
extern "C" HOIST_BENCH_NOINLINE long bench_run(int d, int k, long iters) {
  switch (d) {
  case 1: return run_loop([](int k) { return c1(k); }, k, iters);
  case 2: return run_loop([](int k) { return c2(k); }, k, iters);
  case 4: return run_loop([](int k) { return c4(k); }, k, iters);
  case 8: return run_loop([](int k) { return c8(k); }, k, iters);
  case 16: return run_loop([](int k) { return c16(k); }, k, iters);
  }
  return -1;
}
