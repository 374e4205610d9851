//===- hoist/time/sleep.hpp - sleep and sleep_until -------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `co_await hoist::sleep(10ms)` completes once the duration has passed;
/// `sleep_until(instant)` at an instant. The `Sleep` future embeds its timer
/// entry: its first poll links the entry into the timer wheel of the
/// current driver (no allocation), and destroying the future unlinks it, so
/// a cancelled timer leaves nothing behind. Timers have millisecond
/// resolution and never fire early.
///
/// Like generated futures, a Sleep is pinned once polled: moving it after
/// its first poll aborts with a message.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_SLEEP_HPP
#define HOIST_TIME_SLEEP_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/io/driver.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/time/clock.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace hoist {

/// The future of sleep() and sleep_until().
class [[nodiscard]] Sleep {
public:
  using Output = void;

  explicit Sleep(Instant deadline) noexcept : deadline_(deadline) {}
  Sleep(Sleep &&other) noexcept : deadline_(other.deadline_) {
    if (other.driver_) {
      std::fprintf(stderr, "hoist: moved a hoist::Sleep after it was polled "
                           "(a polled timer is pinned)\n");
      std::abort();
    }
  }
  Sleep &operator=(Sleep &&) = delete;
  ~Sleep() {
    if (driver_) {
      driver_->remove_timer(&entry_);
      driver_->release();
    }
  }

  Poll<void> poll(Context &cx) {
    if (!driver_) {
      if (hoist::now() >= deadline_) // already due: no timer at all
        return ready();
      driver_ = &detail::Driver::current();
      driver_->retain();
      if (!driver_->insert_timer(&entry_, deadline_))
        return ready();
    }
    if (is_elapsed())
      return ready();
    auto budget = coop::poll_proceed(cx);
    if (!budget)
      return pending;
    entry_.waker.register_waker(cx.waker());
    if (is_elapsed()) {
      budget.made_progress();
      return ready();
    }
    return pending;
  }

  /// The instant this sleep completes at.
  Instant deadline() const noexcept { return deadline_; }

  /// True once the timer fired.
  bool is_elapsed() const noexcept {
    return entry_.state.load(std::memory_order_acquire) >=
           detail::TimerEntry::kFired;
  }

  /// Re-arms the sleep at a new deadline (allowed at any time; it may be
  /// polled again afterwards, even if it had completed).
  void reset(Instant deadline) {
    deadline_ = deadline;
    if (driver_)
      (void)driver_->reset_timer(&entry_, deadline);
  }

private:
  Instant deadline_;
  detail::Driver *driver_ = nullptr;
  detail::TimerEntry entry_;
};

/// Completes at `deadline`.
inline Sleep sleep_until(Instant deadline) noexcept { return Sleep(deadline); }

/// Completes after `d`.
template <class Rep, class Period>
Sleep sleep(std::chrono::duration<Rep, Period> d) noexcept {
  return Sleep(hoist::now() + std::chrono::ceil<Duration>(d));
}

} // namespace hoist

#endif // HOIST_TIME_SLEEP_HPP
