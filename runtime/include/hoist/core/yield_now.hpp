//===- hoist/core/yield_now.hpp - Give other tasks a turn -------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `co_await hoist::yield_now()` returns pending once, after waking its own
/// task, so that the executor runs other ready tasks before resuming this one.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_YIELD_NOW_HPP
#define HOIST_CORE_YIELD_NOW_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"

namespace hoist {

/// The future returned by yield_now().
class YieldNow {
public:
  using Output = void;
  Poll<void> poll(Context &cx) {
    if (yielded_)
      return ready();
    yielded_ = true;
    cx.waker().wake_by_ref();
    return pending;
  }

private:
  bool yielded_ = false;
};

/// A future that is pending once (waking itself) and then ready.
inline YieldNow yield_now() noexcept { return YieldNow(); }

} // namespace hoist

#endif // HOIST_CORE_YIELD_NOW_HPP
