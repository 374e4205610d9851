//===- fast_rand.cpp - Seeds for the per-thread generators ---------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// See hoist/core/fast_rand.hpp. A seed is splitmix64 of a process-wide
/// counter mixed with the clock, so threads (and runs) differ.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/fast_rand.hpp"

#include <atomic>
#include <chrono>

namespace hoist::detail {

uint64_t fast_rand_seed() noexcept {
  // relaxed: the counter only has to give each call a different value.
  static std::atomic<uint64_t> counter{0};
  uint64_t z =
      counter.fetch_add(0x9E3779B97F4A7C15ull, std::memory_order_relaxed);
  z += static_cast<uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return z ? z : 1;
}

} // namespace hoist::detail
