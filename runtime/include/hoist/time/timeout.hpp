//===- hoist/time/timeout.hpp - Bound a future by a deadline ----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `co_await hoist::timeout(100ms, f)` is `co_await f` if f completes in
/// time; otherwise f is destroyed when the Timeout is, and the await throws
/// `hoist::Elapsed` (tokio returns Err(Elapsed); Hoist's errors are
/// exceptions, which pass through co_await in both backends).
///
///   try {
///     auto n = co_await hoist::timeout(1s, stream.read(buf, sizeof buf));
///   } catch (const hoist::Elapsed &) { ... }
///
/// The inner future is polled first, so a future that is ready at the
/// deadline still wins.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_TIMEOUT_HPP
#define HOIST_TIME_TIMEOUT_HPP

#include "hoist/core/future.hpp"
#include "hoist/time/sleep.hpp"

#include <stdexcept>
#include <utility>

namespace hoist {

/// Thrown when a timeout() expires.
class Elapsed : public std::runtime_error {
public:
  Elapsed() : std::runtime_error("hoist: deadline has elapsed") {}
};

/// The future of timeout() and timeout_at().
template <class F> class [[nodiscard]] Timeout {
public:
  using Output = output_t<F>;

  Timeout(F future, Instant deadline)
      : future_(std::move(future)), sleep_(deadline) {}

  Poll<Output> poll(Context &cx) {
    Poll<Output> p = future_.poll(cx);
    if (p.is_ready())
      return p;
    // The timer is polled outside the budget: if the inner future spent
    // it, the deadline must still be able to fire.
    coop::BudgetScope unconstrained(coop::kUnconstrained);
    if (sleep_.poll(cx).is_ready())
      throw Elapsed();
    return pending;
  }

  /// The wrapped future.
  F &get() noexcept { return future_; }

private:
  F future_;
  Sleep sleep_;
};

/// Awaits `future` until `deadline`, then throws Elapsed.
template <class F>
Timeout<awaitee_t<F &&>> timeout_at(Instant deadline, F &&future) {
  return Timeout<awaitee_t<F &&>>(make_awaitee(std::forward<F>(future)),
                                  deadline);
}

/// Awaits `future` for at most `d`, then throws Elapsed.
template <class Rep, class Period, class F>
Timeout<awaitee_t<F &&>> timeout(std::chrono::duration<Rep, Period> d,
                                 F &&future) {
  return timeout_at(detail::deadline_after(std::chrono::ceil<Duration>(d)),
                    std::forward<F>(future));
}

} // namespace hoist

#endif // HOIST_TIME_TIMEOUT_HPP
