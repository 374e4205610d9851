//===- wheel.cpp - The hierarchical timer wheel --------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Level and slot arithmetic of the timer wheel; see hoist/time/wheel.hpp
/// for the layout. All arithmetic is in ticks (milliseconds).
///
//===----------------------------------------------------------------------===//
#include "hoist/time/wheel.hpp"

namespace hoist::detail {

namespace {
constexpr unsigned kBits = 6; // log2(kSlots)

constexpr uint64_t slot_range(unsigned level) {
  return uint64_t(1) << (kBits * level);
}
constexpr uint64_t level_range(unsigned level) {
  return uint64_t(1) << (kBits * (level + 1));
}

/// The level for a timer due at `when` seen from `elapsed`: the base-64
/// digit where they first differ. Deadlines beyond the top level's span
/// go to the top level.
unsigned level_for(uint64_t elapsed, uint64_t when) {
  uint64_t masked = (elapsed ^ when) | (TimerWheel::kSlots - 1);
  if (masked >= TimerWheel::kMaxDuration)
    masked = TimerWheel::kMaxDuration - 1;
  unsigned significant = 63 - static_cast<unsigned>(__builtin_clzll(masked));
  return significant / kBits;
}

unsigned slot_for(uint64_t when, unsigned level) {
  return static_cast<unsigned>((when >> (kBits * level)) & (TimerWheel::kSlots - 1));
}
} // namespace

bool TimerWheel::insert(TimerEntry *e, uint64_t when) noexcept {
  if (when <= elapsed_)
    return false;
  if (when - elapsed_ > kMaxDuration)
    when = elapsed_ + kMaxDuration;
  e->when = when;
  unsigned level = level_for(elapsed_, when);
  unsigned slot = slot_for(when, level);
  Level &l = levels_[level];
  e->level = static_cast<int>(level);
  e->prev = nullptr;
  e->next = l.slots[slot];
  if (e->next)
    e->next->prev = e;
  l.slots[slot] = e;
  l.occupied |= uint64_t(1) << slot;
  return true;
}

void TimerWheel::remove(TimerEntry *e) noexcept {
  if (e->level < 0)
    return;
  unsigned level = static_cast<unsigned>(e->level);
  unsigned slot = slot_for(e->when, level);
  Level &l = levels_[level];
  if (e->prev)
    e->prev->next = e->next;
  else
    l.slots[slot] = e->next;
  if (e->next)
    e->next->prev = e->prev;
  if (!l.slots[slot])
    l.occupied &= ~(uint64_t(1) << slot);
  e->prev = e->next = nullptr;
  e->level = -1;
}

std::optional<TimerWheel::Expiration> TimerWheel::next_slot() const noexcept {
  for (unsigned level = 0; level < kLevels; ++level) {
    const Level &l = levels_[level];
    if (!l.occupied)
      continue;
    unsigned now_slot = slot_for(elapsed_, level);
    uint64_t rotated = now_slot ? (l.occupied >> now_slot) |
                                      (l.occupied << (kSlots - now_slot))
                                : l.occupied;
    unsigned slot = (static_cast<unsigned>(__builtin_ctzll(rotated)) + now_slot) %
                    kSlots;
    uint64_t level_start = elapsed_ & ~(level_range(level) - 1);
    uint64_t deadline = level_start + slot * slot_range(level);
    // Only the top level can hold a slot "behind" elapsed: deadlines
    // beyond its span wrap around it, one rotation later.
    if (deadline <= elapsed_ && level == kLevels - 1)
      deadline += level_range(level);
    return Expiration{level, slot, deadline};
  }
  return std::nullopt;
}

TimerEntry *TimerWheel::take_slot(unsigned level, unsigned slot) noexcept {
  Level &l = levels_[level];
  TimerEntry *list = l.slots[slot];
  l.slots[slot] = nullptr;
  l.occupied &= ~(uint64_t(1) << slot);
  return list;
}

std::optional<uint64_t> TimerWheel::next_expiration() const noexcept {
  if (std::optional<Expiration> e = next_slot())
    return e->deadline;
  return std::nullopt;
}

bool TimerWheel::empty() const noexcept {
  for (const Level &l : levels_)
    if (l.occupied)
      return false;
  return true;
}

} // namespace hoist::detail
