//===- hoist/io/scheduled_io.hpp - Readiness of one registered fd -*- C++ -*-=//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `ScheduledIo` is the driver's record of one file descriptor registered
/// with epoll (edge-triggered, for both directions at once). It caches the
/// readiness epoll reported and holds one waker per direction, so that a
/// readable event wakes exactly the task waiting to read and a writable
/// event the task waiting to write (tokio's ScheduledIo).
///
/// The readiness word:
///
///   bits 0-4   READABLE, WRITABLE, READ_CLOSED, WRITE_CLOSED, ERROR
///   bits 8-23  tick: the driver turn that last set readiness
///   bit  31    SHUTDOWN: the driver is gone; every poll fails
///
/// An I/O operation polls readiness, tries the syscall, and on EAGAIN
/// clears the readiness it observed, but only if the tick is unchanged: an
/// edge that epoll delivered after the observation is never thrown away.
/// A fresh registration starts as READABLE|WRITABLE (tick 0), so the first
/// operation tries its syscall at once instead of waiting for an event.
///
/// One waiter per direction: two tasks reading the same socket at the same
/// time is a misuse (the later registration wins), as with tokio's
/// poll_read_ready. Reading in one task while writing in another is fine.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_SCHEDULED_IO_HPP
#define HOIST_IO_SCHEDULED_IO_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/atomic_waker.hpp"

#include <atomic>
#include <cstdint>

namespace hoist::detail {

/// Which direction an operation waits for.
enum class Interest : uint8_t { Read, Write };

/// Readiness observed by poll_ready, handed back to clear_readiness.
struct ReadyEvent {
  uint32_t ready; ///< the readiness bits for the interest
  uint32_t tick;
  bool shutdown;
};

class ScheduledIo {
public:
  static constexpr uint32_t kReadable = 1u << 0;
  static constexpr uint32_t kWritable = 1u << 1;
  static constexpr uint32_t kReadClosed = 1u << 2;
  static constexpr uint32_t kWriteClosed = 1u << 3;
  static constexpr uint32_t kError = 1u << 4;
  static constexpr uint32_t kReadyMask = 0x1f;
  static constexpr unsigned kTickShift = 8;
  static constexpr uint32_t kTickMask = 0xffffu << kTickShift;
  static constexpr uint32_t kShutdown = 1u << 31;

  explicit ScheduledIo(int fd_in) noexcept : fd(fd_in) {}

  static constexpr uint32_t mask_for(Interest i) noexcept {
    return i == Interest::Read ? (kReadable | kReadClosed | kError)
                               : (kWritable | kWriteClosed | kError);
  }

  /// Ready if the direction is (or may be) ready; otherwise the task's
  /// waker is registered for that direction.
  Poll<ReadyEvent> poll_ready(Context &cx, Interest interest) {
    if (Poll<ReadyEvent> r = check(interest); r.is_ready())
      return r;
    waker_for(interest).register_waker(cx.waker());
    // Re-check after registering: an event in between is not lost (see
    // AtomicWaker).
    return check(interest);
  }

  /// A pending wait on `interest` was dropped: release its waker (and the
  /// task it keeps alive) now rather than at the next event. Only the
  /// direction's one waiter calls this; a concurrent wake either took the
  /// waker first (a spurious wake-up, harmless) or finds the slot empty.
  void forget_waker(Interest interest) noexcept {
    std::optional<Waker> w = waker_for(interest).take();
  }

  /// The syscall said EAGAIN: forget the readiness seen in `ev`, unless a
  /// newer driver tick set it again meanwhile.
  void clear_readiness(const ReadyEvent &ev) noexcept {
    // Never clear the closed/error bits: they are final.
    uint32_t clear = ev.ready & (kReadable | kWritable);
    uint32_t cur = readiness_.load(std::memory_order_acquire);
    for (;;) {
      if (((cur & kTickMask) >> kTickShift) != ev.tick)
        return;
      // acq_rel: ordered with the driver's fetch-or of newer readiness.
      if (readiness_.compare_exchange_weak(cur, cur & ~clear,
                                           std::memory_order_acq_rel,
                                           std::memory_order_acquire))
        return;
    }
  }

  /// Driver side: merges epoll's readiness at `tick` and wakes the waiters
  /// of the directions that became ready.
  void set_readiness(uint32_t ready, uint32_t tick) {
    uint32_t cur = readiness_.load(std::memory_order_relaxed);
    uint32_t next;
    do {
      next = (cur & ~kTickMask) | ready | (tick << kTickShift);
      // release: what made the fd ready is published to the poller, which
      // loads with acquire; acquire keeps the wakes below after it.
    } while (!readiness_.compare_exchange_weak(cur, next,
                                               std::memory_order_acq_rel,
                                               std::memory_order_relaxed));
    if (ready & mask_for(Interest::Read))
      reader_.wake();
    if (ready & mask_for(Interest::Write))
      writer_.wake();
  }

  /// Driver shutdown: fail every current and future poll.
  void shutdown() {
    readiness_.fetch_or(kShutdown, std::memory_order_acq_rel);
    reader_.wake();
    writer_.wake();
  }

  const int fd;

  // Guarded by the driver's registration lock.
  ScheduledIo *reg_prev = nullptr;
  ScheduledIo *reg_next = nullptr;
  // Guarded by the driver's release-list lock.
  ScheduledIo *release_next = nullptr;

private:
  AtomicWaker &waker_for(Interest i) noexcept {
    return i == Interest::Read ? reader_ : writer_;
  }

  Poll<ReadyEvent> check(Interest interest) const noexcept {
    // acquire: pairs with the driver's release in set_readiness.
    uint32_t cur = readiness_.load(std::memory_order_acquire);
    bool shut = cur & kShutdown;
    uint32_t ready = cur & mask_for(interest);
    if (!ready && !shut)
      return pending;
    return ready_event(ready, (cur & kTickMask) >> kTickShift, shut);
  }
  static Poll<ReadyEvent> ready_event(uint32_t r, uint32_t t, bool s) noexcept {
    return Poll<ReadyEvent>(ready_in_place, ReadyEvent{r, t, s});
  }

  // The readiness word (file comment). The driver merges with acq_rel CAS;
  // pollers load with acquire; clear_readiness CASes acq_rel.
  std::atomic<uint32_t> readiness_{kReadable | kWritable};
  AtomicWaker reader_;
  AtomicWaker writer_;
};

} // namespace hoist::detail

#endif // HOIST_IO_SCHEDULED_IO_HPP
