//===- hoist/core/poll_fn.hpp - A future from a function --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::poll_fn(fn)` makes a future whose `poll(cx)` calls `fn(cx)`; `fn`
/// returns a `Poll<T>`. It is the quickest way to write a leaf future.
///
///   int calls = 0;
///   auto f = hoist::poll_fn([&](hoist::Context &cx) -> hoist::Poll<int> {
///     if (++calls < 3) { cx.waker().wake_by_ref(); return hoist::pending; }
///     return hoist::ready(calls);
///   });
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_POLL_FN_HPP
#define HOIST_CORE_POLL_FN_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"

#include <type_traits>
#include <utility>

namespace hoist {

/// The future returned by poll_fn(fn).
template <class Fn> class PollFn {
  using Result = std::invoke_result_t<Fn &, Context &>;

public:
  using Output = typename Result::value_type;
  explicit PollFn(Fn fn) : fn_(std::move(fn)) {}
  Poll<Output> poll(Context &cx) { return fn_(cx); }

private:
  Fn fn_;
};

/// A future that calls `fn(cx)` each time it is polled.
template <class Fn> PollFn<std::decay_t<Fn>> poll_fn(Fn &&fn) {
  return PollFn<std::decay_t<Fn>>(std::forward<Fn>(fn));
}

} // namespace hoist

#endif // HOIST_CORE_POLL_FN_HPP
