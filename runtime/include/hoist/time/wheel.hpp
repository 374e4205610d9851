//===- hoist/time/wheel.hpp - The hierarchical timer wheel ------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A hierarchical timer wheel (Varghese & Lauck, "Hashed and Hierarchical
/// Timing Wheels", 1987; the layout of tokio's time driver): six levels of
/// 64 slots, one tick per millisecond.
///
///   level 0: 64 slots x 1 ms      (the next 64 ms)
///   level 1: 64 slots x 64 ms     (~4 s)
///   level 2: 64 slots x 4 s       (~4.5 min)
///   level 3: 64 slots x 4.5 min   (~4.8 h)
///   level 4: 64 slots x 4.8 h     (~12.7 days)
///   level 5: 64 slots x 12.7 days (~2.2 years; farther deadlines wrap here)
///
/// A timer with deadline `when` goes to the lowest level at which `when`
/// and the wheel's current time `elapsed` differ only in that level's digit
/// (base 64), in the slot of that digit. Insert and remove are O(1); each
/// level has a 64-bit occupancy mask, so the next deadline is found with
/// one rotate and count-trailing-zeros per level. When a slot of level > 0
/// comes due, its timers cascade down to lower levels; level-0 timers fire.
///
/// Entries are intrusive (TimerEntry lives inside the Sleep future, which
/// is pinned once polled), so arming a timer allocates nothing. The wheel
/// is not synchronized: the driver guards it with its timer lock.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_WHEEL_HPP
#define HOIST_TIME_WHEEL_HPP

#include "hoist/sync/atomic_waker.hpp"

#include <atomic>
#include <cstdint>
#include <optional>

namespace hoist::detail {

/// One timer, embedded in the future that waits on it.
struct TimerEntry {
  // The lifecycle word. IDLE: not in any wheel. REGISTERED: in the wheel or
  // about to be. FIRED: the deadline passed (pollers may complete). DONE:
  // fired and the driver will never touch this entry again (its owner may
  // be destroyed without the timer lock). FIRED and DONE are stored with
  // release under the timer lock; pollers and destructors load with acquire.
  static constexpr uint8_t kIdle = 0, kRegistered = 1, kFired = 2, kDone = 3;
  std::atomic<uint8_t> state{kIdle};
  AtomicWaker waker;

  // Guarded by the driver's timer lock.
  TimerEntry *prev = nullptr;
  TimerEntry *next = nullptr;
  uint64_t when = 0;
  int level = -1; ///< -1 while not linked into a slot
};

class TimerWheel {
public:
  static constexpr unsigned kLevels = 6;
  static constexpr unsigned kSlots = 64;
  /// The farthest deadline, in ticks from now; farther ones are clamped.
  static constexpr uint64_t kMaxDuration = (uint64_t(1) << (6 * kLevels)) - 1;

  /// The time (tick) up to which the wheel has been advanced.
  uint64_t elapsed() const noexcept { return elapsed_; }

  /// Links `e` to fire at tick `when`. Returns false (and links nothing) if
  /// `when` is not after elapsed(): the timer is already due.
  bool insert(TimerEntry *e, uint64_t when) noexcept;

  /// Unlinks `e` if it is linked.
  void remove(TimerEntry *e) noexcept;

  /// The tick at which the earliest occupied slot comes due, if any.
  std::optional<uint64_t> next_expiration() const noexcept;

  /// Advances to tick `now`: every timer due at or before `now` is unlinked
  /// and passed to `fire(TimerEntry*)`, in order of slot.
  template <class Fire> void advance(uint64_t now, Fire &&fire) {
    for (;;) {
      std::optional<Expiration> exp = next_slot();
      if (!exp || exp->deadline > now)
        break;
      elapsed_ = exp->deadline;
      TimerEntry *list = take_slot(exp->level, exp->slot);
      while (list) {
        TimerEntry *e = list;
        list = e->next;
        e->prev = e->next = nullptr;
        e->level = -1;
        if (e->when <= elapsed_ || !insert(e, e->when))
          fire(e);
      }
    }
    if (now > elapsed_)
      elapsed_ = now;
  }

  bool empty() const noexcept;

private:
  struct Expiration {
    unsigned level;
    unsigned slot;
    uint64_t deadline;
  };
  struct Level {
    uint64_t occupied = 0;
    TimerEntry *slots[kSlots] = {};
  };

  std::optional<Expiration> next_slot() const noexcept;
  TimerEntry *take_slot(unsigned level, unsigned slot) noexcept;

  Level levels_[kLevels];
  uint64_t elapsed_ = 0;
};

} // namespace hoist::detail

#endif // HOIST_TIME_WHEEL_HPP
