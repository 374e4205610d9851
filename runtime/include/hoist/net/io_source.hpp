//===- hoist/net/io_source.hpp - A socket bound to the reactor --*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `IoSource` owns a non-blocking file descriptor and, from its first
/// operation on, its registration with the reactor of the thread that
/// polled it (Driver::current()). Every socket operation follows one
/// pattern, which never busy-polls and never loses a wake-up:
///
///   for (;;) {
///     ev = poll_ready(cx, dir)   -> pending: the waker is registered
///     n = syscall(...)           -> success: done
///     EAGAIN: clear_readiness(ev) and loop (an edge that arrived after
///             the observation keeps the readiness set, see ScheduledIo)
///   }
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_IO_SOURCE_HPP
#define HOIST_NET_IO_SOURCE_HPP

#include "hoist/io/driver.hpp"
#include "hoist/task/coop.hpp"

#include <atomic>
#include <cerrno>
#include <system_error>
#include <utility>

namespace hoist::detail {

class IoSource {
public:
  IoSource() noexcept = default;
  /// Takes ownership of `fd`, which must be non-blocking.
  explicit IoSource(int fd) noexcept : fd_(fd) {}
  IoSource(IoSource &&o) noexcept
      : fd_(std::exchange(o.fd_, -1)),
        io_(o.io_.exchange(nullptr, std::memory_order_relaxed)),
        driver_(std::exchange(o.driver_, nullptr)) {}
  IoSource &operator=(IoSource &&o) noexcept {
    IoSource moved(std::move(o));
    std::swap(fd_, moved.fd_);
    moved.io_.store(io_.exchange(moved.io_.load(std::memory_order_relaxed),
                                 std::memory_order_relaxed),
                    std::memory_order_relaxed);
    std::swap(driver_, moved.driver_);
    return *this;
  }
  ~IoSource() { close(); }

  int fd() const noexcept { return fd_; }
  bool is_open() const noexcept { return fd_ >= 0; }

  /// Deregisters and closes the descriptor.
  void close() noexcept;
  /// Deregisters the descriptor and gives it back, open; this source is
  /// left closed (fd() == -1). For descriptors the caller owns (AsyncFd).
  int release() noexcept;

  /// Ready when the direction may be ready (see the file comment); throws
  /// std::system_error(ECANCELED) once the reactor has shut down.
  Poll<ReadyEvent> poll_ready(Context &cx, Interest interest) {
    // acquire: pairs with register_now's release (the record, driver_).
    ScheduledIo *io = io_.load(std::memory_order_acquire);
    if (!io)
      io = register_now();
    Poll<ReadyEvent> r = io->poll_ready(cx, interest);
    if (r.is_ready() && r.value().shutdown)
      throw_shutdown();
    return r;
  }

  /// Releases the waker a dropped pending wait on `interest` left behind.
  void forget_waker(Interest interest) noexcept;

  void clear_readiness(const ReadyEvent &ev) noexcept {
    io_.load(std::memory_order_acquire)->clear_readiness(ev);
  }

  /// Runs `op()` (a syscall returning >= 0 or -1 with errno) when the
  /// direction is ready; retries on EAGAIN and EINTR, throws on errors.
  ///
  /// With `want` > 0 (stream reads and writes of `want` bytes), a transfer
  /// shorter than asked means the socket buffer was drained (or filled):
  /// the readiness is cleared then, as tokio does, which saves the EAGAIN
  /// syscall the next operation would otherwise make. This is safe because
  /// clearing respects the tick: an event that arrived meanwhile survives.
  template <class Op>
  Poll<size_t> poll_io(Context &cx, Interest interest, Op &&op, size_t want = 0) {
    auto budget = coop::poll_proceed(cx);
    if (!budget)
      return pending;
    for (;;) {
      Poll<ReadyEvent> ev = poll_ready(cx, interest);
      if (ev.is_pending())
        return pending;
      auto n = op();
      if (n >= 0) {
        if (n > 0 && static_cast<size_t>(n) < want)
          clear_readiness(ev.value());
        budget.made_progress();
        return ready(static_cast<size_t>(n));
      }
      int err = errno;
      if (err == EAGAIN || err == EWOULDBLOCK)
        clear_readiness(ev.value());
      else if (err != EINTR)
        throw std::system_error(err, std::generic_category());
    }
  }

private:
  ScheduledIo *register_now();
  [[noreturn]] static void throw_shutdown();

  int fd_ = -1;
  // The registration, made by the first poll. A socket's reader and its
  // writer may make their first polls at once on two threads: register_now
  // registers once, under a lock, and publishes with a release store;
  // pollers load with acquire. Moves and close() belong to the owner (no
  // poll runs then): relaxed.
  std::atomic<ScheduledIo *> io_{nullptr};
  Driver *driver_ = nullptr; ///< written before io_ is published
};

} // namespace hoist::detail

#endif // HOIST_NET_IO_SOURCE_HPP
