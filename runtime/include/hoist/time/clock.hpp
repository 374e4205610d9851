//===- hoist/time/clock.hpp - Instant and Duration --------------*- C++ -*-===//
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
//===----------------------------------------------------------------------===//
#ifndef HOIST_TIME_CLOCK_HPP
#define HOIST_TIME_CLOCK_HPP

#include <chrono>

namespace hoist {

using Clock = std::chrono::steady_clock;
using Instant = Clock::time_point;
using Duration = Clock::duration;

/// The current instant.
inline Instant now() noexcept { return Clock::now(); }

} // namespace hoist

#endif // HOIST_TIME_CLOCK_HPP
