// bench/poll/handwritten.cpp - the chain of chain.cpp as a hand-written state
// machine: what a careful programmer would write without a tool, and the
// limit Hoist's generated code is measured against.
//
// Chain<N> is the future of cN: a state tag, the parameter, and the awaited
// child (Chain<N-1>, or the leaf) in a union, constructed on the first poll
// and destroyed when it is ready, as the lowering does.
#include <hoist/hoist.hpp>

#include "driver.hpp"

#include <cstdlib>
#include <new>
#include <type_traits>

/// The same leaf as chain.cpp's.
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

template <int N> struct Chain {
  using Output = int;
  using Child = std::conditional_t<N == 1, Leaf, Chain<N - 1>>;
  enum class State : unsigned char { Unresumed, Suspend0, Returned };

  explicit Chain(int k_in) : k(k_in) {}
  Chain(Chain &&other) noexcept : k(other.k) {} // before the first poll only
  ~Chain() {
    if (state == State::Suspend0)
      child.~Child();
  }

  hoist::Poll<int> poll(hoist::Context &cx) {
    switch (state) {
    case State::Unresumed:
      ::new (&child) Child{k};
      state = State::Suspend0;
      [[fallthrough]];
    case State::Suspend0: {
      hoist::Poll<int> p = child.poll(cx);
      if (p.is_pending())
        return hoist::pending;
      child.~Child();
      state = State::Returned;
      return hoist::ready(std::move(p).value() + 1);
    }
    case State::Returned:
      break;
    }
    std::abort();
  }

  State state = State::Unresumed;
  int k;
  union {
    Child child;
  };
};

extern "C" HOIST_BENCH_NOINLINE long bench_run(int d, int k, long iters) {
  switch (d) {
  case 1: return run_loop([](int k) { return Chain<1>(k); }, k, iters);
  case 2: return run_loop([](int k) { return Chain<2>(k); }, k, iters);
  case 4: return run_loop([](int k) { return Chain<4>(k); }, k, iters);
  case 8: return run_loop([](int k) { return Chain<8>(k); }, k, iters);
  case 16: return run_loop([](int k) { return Chain<16>(k); }, k, iters);
  }
  return -1;
}
