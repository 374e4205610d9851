//===- hoist/time/pause.hpp - A paused clock for tests ----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Time for tests (tokio's test-util: tokio::time::pause, advance, resume).
/// Timer-heavy code is tested without waiting:
///
///   hoist::time::pause();
///   hoist::LocalExecutor ex;
///   ex.block_on([]() -> hoist::Async<void> {
///     hoist::Instant start = hoist::now();
///     co_await hoist::sleep(1h);              // completes at once
///     assert(hoist::now() - start == 1h);     // exactly, in virtual time
///   }());
///   hoist::time::resume();
///
///   pause()     freezes hoist::now() at the current instant (rounded up to
///               a whole millisecond, the timer wheel's tick). Aborts if
///               the clock is already paused.
///   advance(d)  a future: moves the paused clock forward by d, fires the
///               timers now due, and completes once the tasks they woke
///               have run. On a LocalExecutor it first lets every ready
///               task run (a task spawned just before links its timers at
///               the instant it was spawned, not d later), then advances,
///               then completes when no task is ready; elsewhere it
///               advances at once and yields once. Aborts if not paused.
///   resume()    real time again: hoist::now() continues from the frozen
///               instant at the speed of steady_clock (it never goes
///               backwards). Aborts if not paused.
///
/// The paused clock is process-wide, not per executor: every reactor reads
/// the same hoist::now(), and an advance interrupts every reactor's wait
/// so each fires what came due. It is thread-safe, and meant for tests
/// that drive one executor at a time.
///
/// Auto-advance (LocalExecutor only, as tokio's current_thread runtime):
/// when the clock is paused and the executor has nothing to run, it polls
/// its reactor without blocking; if that readied nothing either, and no
/// call of its blocking pool is in flight (spawn_blocking, hoist::fs),
/// it jumps the clock to its earliest timer instead of sleeping. So
/// `co_await sleep(1h)` completes at once, while a socket or a pipe with
/// data about to arrive is still waited for in real time whenever no timer
/// is pending. The multi-threaded Runtime and plain hoist::block_on never
/// auto-advance: there, paused timers fire only through advance().
///
/// Zero cost when never paused: hoist::now() is one relaxed load and a
/// compare before steady_clock::now() (hoist/time/clock.hpp).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_PAUSE_HPP
#define HOIST_TIME_PAUSE_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/time/clock.hpp"

#include <chrono>
#include <cstdint>

namespace hoist {

namespace detail {
/// Moves the paused clock forward by `d` and interrupts every reactor;
/// aborts if the clock is not paused.
void advance_clock_by(Duration d);
/// Moves the paused clock forward to `t` if it is earlier (auto-advance);
/// false if the clock is not paused.
bool advance_clock_to(Instant t);
} // namespace detail

namespace time {

/// Freezes hoist::now() (see the file comment).
void pause();
/// Lets the clock run again, from the instant it was frozen at.
void resume();
/// True while the clock is paused.
inline bool is_paused() noexcept {
  return detail::clock_word.load(std::memory_order_relaxed) & 1;
}

/// The future of advance().
class [[nodiscard]] Advance {
public:
  using Output = void;
  explicit Advance(Duration d) noexcept : by_(d) {}
  Poll<void> poll(Context &cx);

private:
  enum class Step : uint8_t { Start, Advance, Done };
  Duration by_;
  Step step_ = Step::Start;
};

/// Moves the paused clock forward by `d`, firing the timers that come due;
/// completes once the tasks they woke have had their turn.
template <class Rep, class Period>
Advance advance(std::chrono::duration<Rep, Period> d) noexcept {
  return Advance(std::chrono::ceil<Duration>(d));
}

} // namespace time
} // namespace hoist

#endif // HOIST_TIME_PAUSE_HPP
