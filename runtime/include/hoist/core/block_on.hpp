//===- hoist/core/block_on.hpp - Run a future on this thread ----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `block_on(f)` polls a future to completion on the calling thread and
/// returns its output. Between polls the thread sleeps until the future's
/// waker is woken (from any thread): there is no busy loop. The future is
/// polled where it lives, so `block_on(example(8))` allocates nothing.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_BLOCK_ON_HPP
#define HOIST_CORE_BLOCK_ON_HPP

#include "hoist/core/future.hpp"
#include "hoist/core/parker.hpp"

#include <utility>

namespace hoist {

/// Runs `future` (a future, or anything with into_future()) to completion on
/// this thread and returns its output.
template <class F> output_t<awaitee_t<F &&>> block_on(F &&future) {
  awaitee_t<F &&> awaitee = make_awaitee(std::forward<F>(future));
  detail::Parker &parker = detail::Parker::current();
  Waker waker = parker.waker();
  Context cx = Context::from_waker(waker);
  for (;;) {
    auto p = awaitee.poll(cx);
    if (p.is_ready())
      return std::move(p).value();
    parker.park();
  }
}

} // namespace hoist

#endif // HOIST_CORE_BLOCK_ON_HPP
