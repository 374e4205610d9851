//===- clock.cpp - The paused (virtual) clock ----------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The clock word's transitions (pause, advance, resume) and the advance()
/// future; see hoist/time/clock.hpp for the word and hoist/time/pause.hpp
/// for the semantics.
///
//===----------------------------------------------------------------------===//
#include "hoist/time/pause.hpp"

#include "hoist/executor/context.hpp"
#include "hoist/io/driver.hpp"

#include <mutex>

namespace hoist::detail {

std::atomic<int64_t> clock_word{0};

namespace {
// Serializes the transitions; readers never take it.
std::mutex clock_mu;

bool paused(int64_t word) { return word & 1; }
int64_t frozen_rep(int64_t word) { return (word - 1) / 2; }
int64_t encode_frozen(int64_t rep) { return rep * 2 + 1; }

void store(int64_t word) {
  // release: pairs with the acquire of whoever learns of the change
  // through a wake-up; now() itself reads relaxed.
  clock_word.store(word, std::memory_order_release);
}
} // namespace

Instant adjusted_now(int64_t word) noexcept {
  if (paused(word))
    return Instant(Duration(frozen_rep(word)));
  return Clock::now() + Duration(word / 2);
}

Instant deadline_after(Duration d) noexcept { return hoist::now() + d; }

void advance_clock_by(Duration d) {
  {
    std::lock_guard<std::mutex> lock(clock_mu);
    int64_t word = clock_word.load(std::memory_order_relaxed);
    if (!paused(word))
      runtime_misuse("hoist::time::advance called while the clock is not "
                     "paused (call hoist::time::pause() first)");
    if (d > Duration::zero())
      store(encode_frozen(frozen_rep(word) + d.count()));
  }
  Driver::unpark_all();
}

bool advance_clock_to(Instant t) {
  {
    std::lock_guard<std::mutex> lock(clock_mu);
    int64_t word = clock_word.load(std::memory_order_relaxed);
    if (!paused(word))
      return false;
    if (t.time_since_epoch().count() > frozen_rep(word))
      store(encode_frozen(t.time_since_epoch().count()));
  }
  Driver::unpark_all();
  return true;
}

} // namespace hoist::detail

namespace hoist::time {

void pause() {
  std::lock_guard<std::mutex> lock(detail::clock_mu);
  int64_t word = detail::clock_word.load(std::memory_order_relaxed);
  if (detail::paused(word))
    detail::runtime_misuse("hoist::time::pause called while the clock is "
                           "already paused");
  // Round up to a whole millisecond: the wheels tick in milliseconds from
  // a whole millisecond (Driver), so sleeps of whole milliseconds from
  // here land exactly on a tick and auto-advance reaches them exactly.
  Duration since_epoch = hoist::now().time_since_epoch();
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(since_epoch);
  detail::store(detail::encode_frozen(Duration(ms).count()));
}

void resume() {
  {
    std::lock_guard<std::mutex> lock(detail::clock_mu);
    int64_t word = detail::clock_word.load(std::memory_order_relaxed);
    if (!detail::paused(word))
      detail::runtime_misuse("hoist::time::resume called while the clock is "
                             "not paused");
    // Continue from the frozen instant: offset = frozen - real now. An
    // offset of zero is the never-paused word.
    int64_t offset =
        detail::frozen_rep(word) - Clock::now().time_since_epoch().count();
    detail::store(offset * 2);
  }
  // The reactors' waits were measured on the frozen clock.
  detail::Driver::unpark_all();
}

Poll<void> Advance::poll(Context &cx) {
  detail::Scheduler *s = detail::current_context().spawner;
  switch (step_) {
  case Step::Start:
    // First let the tasks that are ready run (tasks just spawned link
    // their timers at the current instant), where the executor can defer.
    step_ = Step::Advance;
    if (s && s->defer(cx.waker()))
      return pending;
    [[fallthrough]];
  case Step::Advance:
    step_ = Step::Done;
    detail::advance_clock_by(by_); // every reactor's wait is interrupted
    if (s && s->defer(cx.waker())) {
      // An executor that runs its ready tasks before our deferred wake-up
      // (LocalExecutor, on its thread, which is not turning its reactor
      // now): fire its due timers here, so that their tasks are among them.
      detail::Driver::current().fire_due_timers();
      return pending;
    }
    // Elsewhere the thread turning the reactor fires them at the end of
    // the wait that advance_clock_by() interrupted. (Taking the turn lock
    // here, even briefly, could send a Runtime worker that wanted it to its
    // condition variable, leaving the reactor unturned.)
    cx.waker().wake_by_ref();
    return pending;
  case Step::Done:
    break;
  }
  return ready();
}

} // namespace hoist::time
