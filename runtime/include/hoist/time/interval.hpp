//===- hoist/time/interval.hpp - Ticks at a fixed period --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `hoist::interval(period)` yields ticks every `period`; the first tick
/// completes at once (tokio's behaviour):
///
///   hoist::Interval every = hoist::interval(100ms);
///   for (;;) {
///     hoist::Instant at = co_await every.tick();
///     ...
///   }
///
/// If ticks are missed (the task was busy), `MissedTickBehavior` decides:
/// Burst fires the missed ticks back to back (default), Delay restarts the
/// period from now, Skip jumps to the next multiple of the period. The
/// Interval owns one timer entry, re-armed each tick; like Sleep it must
/// not be moved after its first tick() was polled.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_INTERVAL_HPP
#define HOIST_TIME_INTERVAL_HPP

#include "hoist/time/sleep.hpp"

#include <chrono>

namespace hoist {

enum class MissedTickBehavior { Burst, Delay, Skip };

class Interval {
public:
  /// The future of tick(): the scheduled instant of the tick.
  class [[nodiscard]] Tick {
  public:
    using Output = Instant;
    explicit Tick(Interval &interval) noexcept : interval_(&interval) {}
    Poll<Instant> poll(Context &cx) { return interval_->poll_tick(cx); }

  private:
    Interval *interval_;
  };

  Interval(Instant start, Duration period)
      : period_(period > Duration::zero() ? period : Duration(1)),
        sleep_(start) {}

  /// Completes at the next tick.
  Tick tick() noexcept { return Tick(*this); }

  /// Poll-style tick, for hand-written futures.
  Poll<Instant> poll_tick(Context &cx) {
    if (sleep_.poll(cx).is_pending())
      return pending;
    Instant scheduled = sleep_.deadline();
    Instant now = hoist::now();
    Instant next = scheduled + period_;
    if (next <= now) {
      switch (behavior_) {
      case MissedTickBehavior::Burst:
        break;
      case MissedTickBehavior::Delay:
        next = now + period_;
        break;
      case MissedTickBehavior::Skip:
        next = scheduled + period_ * ((now - scheduled) / period_ + 1);
        break;
      }
    }
    sleep_.reset(next);
    return ready(scheduled);
  }

  /// Restarts the schedule: the next tick is one period from now.
  void reset() { sleep_.reset(hoist::now() + period_); }

  void set_missed_tick_behavior(MissedTickBehavior b) noexcept { behavior_ = b; }
  MissedTickBehavior missed_tick_behavior() const noexcept { return behavior_; }
  Duration period() const noexcept { return period_; }

private:
  Duration period_;
  MissedTickBehavior behavior_ = MissedTickBehavior::Burst;
  Sleep sleep_;
};

/// Ticks every `period`, the first one at once.
template <class Rep, class Period>
Interval interval(std::chrono::duration<Rep, Period> period) {
  return Interval(hoist::now(), std::chrono::ceil<Duration>(period));
}

/// Ticks every `period`, the first one at `start`.
template <class Rep, class Period>
Interval interval_at(Instant start, std::chrono::duration<Rep, Period> period) {
  return Interval(start, std::chrono::ceil<Duration>(period));
}

} // namespace hoist

#endif // HOIST_TIME_INTERVAL_HPP
