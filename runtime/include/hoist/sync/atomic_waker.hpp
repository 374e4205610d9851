//===- hoist/sync/atomic_waker.hpp - One waker slot, lock-free --*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `AtomicWaker` holds the waker of the one task that waits on something
/// (a socket direction, a timer, a oneshot), so that the thread that makes
/// it ready can wake that task without a lock. It is the building block of
/// Hoist's leaf futures, after futures-rs and tokio's AtomicWaker.
///
/// The protocol that makes wake-ups impossible to lose: the waiting side
/// calls `register_waker(cx.waker())` and THEN checks its condition again;
/// the notifying side makes the condition true and THEN calls `wake()`.
/// The state word below is the only synchronization: every operation on it
/// is a read-modify-write, so the two sides are totally ordered on it, and
/// either `wake()` sees the newly registered waker, or the registering side
/// observes (through acquire) the condition written before `wake()`.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_ATOMIC_WAKER_HPP
#define HOIST_SYNC_ATOMIC_WAKER_HPP

#include "hoist/core/waker.hpp"

#include <atomic>
#include <optional>
#include <utility>

namespace hoist {

/// A single waker slot shared between one registering task and any number
/// of waking threads.
class AtomicWaker {
public:
  AtomicWaker() = default;
  AtomicWaker(const AtomicWaker &) = delete;
  AtomicWaker &operator=(const AtomicWaker &) = delete;

  /// Stores (a clone of) `waker`, replacing the previous one unless both wake
  /// the same task. If a wake() runs concurrently, `waker` is woken at once.
  void register_waker(const Waker &waker) {
    unsigned expected = kWaiting;
    // acquire: see the slot as the last holder of the REGISTERING lock (or
    // the last take()) left it.
    if (state_.compare_exchange_strong(expected, kRegistering,
                                       std::memory_order_acquire,
                                       std::memory_order_acquire)) {
      // We hold the slot. Cloning can't race with take(): take() only
      // touches the slot when it moves the state from WAITING itself.
      if (!waker_ || !waker_->will_wake(waker))
        waker_ = waker;
      expected = kRegistering;
      // acq_rel: release publishes the new waker to the next take();
      // acquire (on failure) pairs with the concurrent wake's fetch_or.
      if (!state_.compare_exchange_strong(expected, kWaiting,
                                          std::memory_order_acq_rel,
                                          std::memory_order_acquire)) {
        // A wake() arrived while we held the slot (state is now
        // REGISTERING|WAKING); it left the waker to us. Take it, reopen the
        // slot, and wake.
        std::optional<Waker> w = std::move(waker_);
        waker_.reset();
        // An exchange, not a store: acquire must read the last wake's
        // fetch_or. Each wake() that came while we held the slot made its
        // condition true before its fetch_or, and left the wake-up to us;
        // our failed CAS above read only the first. With a plain store a
        // second one's condition need not be visible to the task, which
        // then re-registers, sees it still false, and is never woken.
        // release: the next registrant sees the slot empty.
        state_.exchange(kWaiting, std::memory_order_acq_rel);
        if (w)
          w->wake();
      }
      return;
    }
    if (expected & kWaking) {
      // A wake() is taking the previous waker right now and may miss ours:
      // wake ourselves so the task polls again and sees the new state.
      waker.wake_by_ref();
    }
    // Otherwise another thread is registering concurrently: a misuse (one
    // registering task at a time); its registration wins.
  }

  /// Wakes the registered task, if any, and empties the slot.
  void wake() {
    if (std::optional<Waker> w = take())
      w->wake();
  }

  /// Removes and returns the registered waker, if any.
  std::optional<Waker> take() {
    // acq_rel: acquire sees the waker stored by register_waker; release
    // publishes what this thread did before waking (the condition).
    unsigned prev = state_.fetch_or(kWaking, std::memory_order_acq_rel);
    if (prev == kWaiting) {
      std::optional<Waker> w = std::move(waker_);
      waker_.reset();
      // release: the emptied slot is visible to the next registrant.
      state_.fetch_and(~kWaking, std::memory_order_release);
      return w;
    }
    // REGISTERING: the registrant sees WAKING and wakes itself.
    // WAKING: another wake() is already taking the waker.
    return std::nullopt;
  }

private:
  // State bits. WAITING (0): the slot is free to lock. REGISTERING: a
  // register_waker() holds the slot. WAKING: a take() holds the slot, or (with
  // REGISTERING) arrived while a registration held it.
  static constexpr unsigned kWaiting = 0;
  static constexpr unsigned kRegistering = 1;
  static constexpr unsigned kWaking = 2;

  // WAITING / REGISTERING / WAKING; every access is a read-modify-write
  // with the orders given at each use (acquire to take the slot, release
  // to give it back).
  std::atomic<unsigned> state_{kWaiting};
  // Guarded by the state word: only the thread that moved the state from
  // WAITING touches it.
  std::optional<Waker> waker_;
};

} // namespace hoist

#endif // HOIST_SYNC_ATOMIC_WAKER_HPP
