//===- hoist/core/fast_rand.hpp - Per-thread random numbers -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `detail::fast_rand_n(n)`: a number in [0, n) from a per-thread xorshift
/// generator, for decisions that must not always go the same way (which
/// branch of a select is polled first), like tokio's FastRand. Not for
/// anything that needs good randomness: it is a few shifts, no lock, no
/// syscall. Each thread seeds its generator on first use, differently from
/// every other thread of the process.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_FAST_RAND_HPP
#define HOIST_CORE_FAST_RAND_HPP

#include <cstdint>

namespace hoist::detail {

/// The thread's generator state; 0 until seeded (xorshift never reaches 0
/// from any other state). Touched only by this thread.
inline thread_local uint64_t fast_rand_state = 0;

/// A non-zero seed, different on every call (and so on every thread).
uint64_t fast_rand_seed() noexcept;

/// The next 32 random bits of this thread (xorshift64*).
inline uint32_t fast_rand() noexcept {
  uint64_t x = fast_rand_state;
  if (x == 0)
    x = fast_rand_seed();
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  fast_rand_state = x;
  return static_cast<uint32_t>((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/// A number in [0, n), n > 0 (Lemire's multiply-shift, no division).
inline uint32_t fast_rand_n(uint32_t n) noexcept {
  return static_cast<uint32_t>((uint64_t(fast_rand()) * n) >> 32);
}

} // namespace hoist::detail

#endif // HOIST_CORE_FAST_RAND_HPP
