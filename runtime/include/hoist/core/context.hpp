//===- hoist/core/context.hpp - What poll() is given ------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The `Context` passed to every `poll`. Today it carries the waker of the
/// task being polled, as Rust's `std::task::Context` does; a generated future
/// passes it unchanged to the future it awaits, so the waker reaches the leaf
/// future that actually waits on something.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_CONTEXT_HPP
#define HOIST_CORE_CONTEXT_HPP

#include "hoist/core/waker.hpp"

namespace hoist {

/// The context of one poll: borrows the waker of the task being polled.
class Context {
public:
  static Context from_waker(const Waker &waker) noexcept { return Context(waker); }

  /// The waker of the current task; clone it to be woken later.
  const Waker &waker() const noexcept { return *waker_; }

private:
  explicit Context(const Waker &waker) noexcept : waker_(&waker) {}

  const Waker *waker_;
};

} // namespace hoist

#endif // HOIST_CORE_CONTEXT_HPP
