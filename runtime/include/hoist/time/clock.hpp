//===- hoist/time/clock.hpp - Instant, Duration and the clock ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The clock of the runtime's timers: std::chrono::steady_clock. `Instant`
/// and `Duration` are its time_point and duration; every timer API accepts
/// any std::chrono duration (`10ms`, `2s`).
///
/// `hoist::now()` is what every timer reads (sleep, sleep_until, timeout,
/// interval and the reactors' wheels). It is steady_clock::now() unless a
/// test paused the clock (hoist/time/pause.hpp): then it is a frozen,
/// virtual instant that only hoist::time::advance() and the executor's
/// auto-advance move. The whole state is one word, so the cost when the
/// clock was never paused is one relaxed load and a compare:
///
///   word == 0            real time (never paused, or resumed with no offset)
///   word odd             paused: the frozen instant is word >> 1 (ticks of
///                        steady_clock since its epoch)
///   word even, non-zero  running again after a pause: now() is
///                        steady_clock::now() + (word >> 1), so that the
///                        clock continues from where it was frozen and
///                        never goes backwards
///
/// The word is written under a mutex by pause/advance/resume (release) and
/// read relaxed: a task that a timer woke after an advance is ordered after
/// the store by the wake-up itself (the queues' release/acquire).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_CLOCK_HPP
#define HOIST_TIME_CLOCK_HPP

#include <atomic>
#include <chrono>
#include <cstdint>

namespace hoist {

using Clock = std::chrono::steady_clock;
using Instant = Clock::time_point;
using Duration = Clock::duration;

namespace detail {
/// The clock word described in the file comment.
extern std::atomic<int64_t> clock_word;
/// now() when the word is not zero (paused, or offset after a resume).
Instant adjusted_now(int64_t word) noexcept;
} // namespace detail

/// The current instant: steady_clock's, or the test clock's while paused.
inline Instant now() noexcept {
  int64_t word = detail::clock_word.load(std::memory_order_relaxed);
  if (word == 0)
    return Clock::now();
  return detail::adjusted_now(word);
}

namespace detail {
/// now() + d, out of line: keeps the clock's branch out of callers that
/// gcc's -Wmaybe-uninitialized analyses poorly (timeout() of an optional).
Instant deadline_after(Duration d) noexcept;
} // namespace detail

} // namespace hoist

#endif // HOIST_TIME_CLOCK_HPP
