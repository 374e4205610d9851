//===- hoist/core/parker.hpp - Park a thread until woken --------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A Parker blocks one thread until a waker made from it is woken; it is what
/// `block_on` sleeps on. Each thread has one, allocated on its first
/// `block_on` and reference counted, so that `block_on` itself allocates
/// nothing and a waker that outlives the thread stays valid.
///
/// The `notified_` flag carries a wake-up that arrives before the thread
/// parks; the mutex and condition variable only put the thread to sleep.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_CORE_PARKER_HPP
#define HOIST_CORE_PARKER_HPP

#include "hoist/core/waker.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace hoist::detail {

class Parker {
public:
  /// The calling thread's parker.
  static Parker &current();

  /// A waker that unparks this parker's thread.
  Waker waker();

  /// Blocks until unpark() was called since the last park() returned.
  void park();

  /// Wakes the parked thread, or makes its next park() return at once.
  void unpark();

  /// Reference counting: the owning thread and every waker hold one.
  void retain() noexcept;
  void release() noexcept;

private:
  Parker() = default;
  static const RawWakerVTable vtable;

  // Set by unpark, cleared by park. release/acquire: what the waking thread
  // wrote before unpark() is visible to the parked thread after park().
  std::atomic<bool> notified_{false};
  // Owners: the thread (its thread_local handle) and every waker. Relaxed on
  // increment; acq_rel on decrement so the last owner sees all writes.
  std::atomic<long> refs_{1};
  std::mutex mutex_;
  std::condition_variable cv_;
};

} // namespace hoist::detail

#endif // HOIST_CORE_PARKER_HPP
