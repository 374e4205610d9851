//===- hoist/io/async_fd.hpp - Readiness of any file descriptor -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `AsyncFd` (tokio's tokio::io::unix::AsyncFd) waits for readiness of a
/// file descriptor the program already has: a pipe, an eventfd, a timerfd,
/// a socket a C library created. It does no I/O itself; the caller does
/// the syscall when the reactor says the descriptor may be ready:
///
///   hoist::AsyncFd afd(efd);                   // O_NONBLOCK required
///   for (;;) {
///     hoist::AsyncFdReadyGuard g = co_await afd.readable();
///     if (std::optional<size_t> n = g.try_io([&] { return ::read(efd, &v, 8); }))
///       break;                                 // read *n bytes
///   }                                          // EAGAIN: readiness cleared, wait again
///
///   size_t n = co_await afd.async_io(hoist::Interest::Read,
///                                    [&] { return ::read(fd, buf, len); });
///
/// Ownership: by default an AsyncFd *borrows* the descriptor: destroying
/// it (or release()) removes it from the reactor but never closes it, so
/// the owner (a library, a std::unique_ptr, a pipe pair) closes it after
/// the AsyncFd is gone. `AsyncFd(fd, AsyncFd::Ownership::Owned)` closes it
/// on destruction instead, as tokio's AsyncFd<OwnedFd> does. Either way the
/// descriptor must stay open while the AsyncFd exists: closing it first
/// would leave epoll watching whatever file later reuses the number.
///
/// The descriptor must be non-blocking (the constructor checks O_NONBLOCK
/// and throws std::invalid_argument otherwise), and of a kind epoll
/// accepts: a regular file fails with EPERM on the first poll, which is
/// when the AsyncFd registers with the reactor of the polling thread (like
/// the sockets; see docs/runtime.md).
///
/// Readiness is a hint, edge-triggered and cached: a fresh AsyncFd reports
/// both directions ready, and a guard may be spurious. Always try the
/// operation; on EAGAIN clear the guard's readiness (try_io does it) and
/// wait again. Clearing keeps an edge that arrived after the guard was
/// taken (see ScheduledIo), so no wake-up is lost.
///
/// One task may wait for readable() while another waits for writable();
/// two tasks waiting on the same direction of one AsyncFd at once is not
/// supported (the later waker wins), as with the sockets. A wait dropped
/// while pending (a select it lost) releases its waker at once, so the
/// AsyncFd keeps no task alive; the futures borrow the AsyncFd, which must
/// outlive them. Errors are
/// thrown as std::system_error; ECANCELED once the reactor has shut down.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_ASYNC_FD_HPP
#define HOIST_IO_ASYNC_FD_HPP

#include "hoist/net/io_source.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>
#include <utility>

namespace hoist {

/// The direction an AsyncFd waits for.
using Interest = detail::Interest;

class AsyncFd;

/// Proof that an AsyncFd was (maybe) ready in one direction, from
/// readable() / writable(). Clear the readiness when the operation says
/// EAGAIN, or the next wait returns at once.
class AsyncFdReadyGuard {
public:
  AsyncFdReadyGuard(AsyncFd &fd, Interest interest,
                    detail::ReadyEvent ev) noexcept
      : fd_(&fd), interest_(interest), ev_(ev) {}

  /// Forgets the readiness this guard saw (unless a newer event set it
  /// again): the next readable()/writable() waits for the reactor.
  void clear_ready() noexcept;
  /// Keeps the readiness (the default; tokio's retain_ready).
  void retain_ready() noexcept {}

  /// Runs `op` (a syscall-like call returning >= 0, or -1 with errno).
  /// Returns its result; nullopt on EAGAIN/EWOULDBLOCK, after clearing the
  /// readiness (wait again); retries EINTR; throws std::system_error on any
  /// other error.
  template <class Op> std::optional<size_t> try_io(Op &&op);

  Interest interest() const noexcept { return interest_; }
  /// The peer closed its end (read side: EPOLLRDHUP/EPOLLHUP).
  bool is_read_closed() const noexcept {
    return ev_.ready & detail::ScheduledIo::kReadClosed;
  }
  /// Writing can no longer succeed (EPOLLHUP).
  bool is_write_closed() const noexcept {
    return ev_.ready & detail::ScheduledIo::kWriteClosed;
  }
  /// epoll reported EPOLLERR.
  bool is_error() const noexcept { return ev_.ready & detail::ScheduledIo::kError; }

  AsyncFd &get_ref() const noexcept { return *fd_; }

private:
  AsyncFd *fd_;
  Interest interest_;
  detail::ReadyEvent ev_;
};

class AsyncFd {
public:
  class ReadyFuture;
  template <class Op> class AsyncIoFuture;

  /// Who closes the descriptor (see the file comment).
  enum class Ownership { Borrowed, Owned };

  AsyncFd() noexcept = default;
  /// Watches `fd`, which must be open and non-blocking (throws
  /// std::invalid_argument if it is blocking, std::system_error if fcntl
  /// fails on it). Registration happens on the first poll.
  explicit AsyncFd(int fd, Ownership ownership = Ownership::Borrowed);
  AsyncFd(AsyncFd &&o) noexcept
      : io_(std::move(o.io_)), owned_(o.owned_) {}
  AsyncFd &operator=(AsyncFd &&o) noexcept {
    if (this != &o) {
      reset();
      io_ = std::move(o.io_);
      owned_ = o.owned_;
    }
    return *this;
  }
  ~AsyncFd() { reset(); }

  /// Output = AsyncFdReadyGuard once the descriptor may be readable.
  ReadyFuture readable() noexcept;
  /// Output = AsyncFdReadyGuard once the descriptor may be writable.
  ReadyFuture writable() noexcept;
  /// Either direction by name.
  ReadyFuture ready(Interest interest) noexcept;

  /// Waits for `interest`, runs `op` (>= 0 or -1 with errno), and repeats
  /// while it says EAGAIN; Output = op's result as size_t. Throws on other
  /// errors. Spends one unit of the task's budget when it completes.
  template <class Op> AsyncIoFuture<std::decay_t<Op>> async_io(Interest interest, Op &&op);

  /// Poll-style, for hand-written futures.
  Poll<AsyncFdReadyGuard> poll_read_ready(Context &cx) {
    return poll_ready(cx, Interest::Read);
  }
  Poll<AsyncFdReadyGuard> poll_write_ready(Context &cx) {
    return poll_ready(cx, Interest::Write);
  }
  Poll<AsyncFdReadyGuard> poll_ready(Context &cx, Interest interest);
  template <class Op> Poll<size_t> poll_io(Context &cx, Interest interest, Op &&op) {
    return io_.poll_io(cx, interest, std::forward<Op>(op));
  }

  int native_handle() const noexcept { return io_.fd(); }
  bool is_owned() const noexcept { return owned_; }
  /// Stops watching and hands the descriptor back without closing it
  /// (tokio's into_inner); this AsyncFd is left empty.
  int release() noexcept { return io_.release(); }

private:
  friend class AsyncFdReadyGuard;
  friend class ReadyFuture;
  template <class> friend class AsyncIoFuture;
  void reset() noexcept {
    if (owned_)
      io_.close();
    else
      io_.release();
  }

  detail::IoSource io_;
  bool owned_ = false;
};

class [[nodiscard]] AsyncFd::ReadyFuture {
public:
  using Output = AsyncFdReadyGuard;
  ReadyFuture(AsyncFd &fd, Interest interest) noexcept
      : fd_(&fd), interest_(interest) {}
  ReadyFuture(ReadyFuture &&o) noexcept
      : fd_(o.fd_), interest_(o.interest_), waiting_(std::exchange(o.waiting_, false)) {}
  ReadyFuture &operator=(ReadyFuture &&) = delete;
  /// Dropped while pending: the reactor lets go of the task's waker.
  ~ReadyFuture() {
    if (waiting_)
      fd_->io_.forget_waker(interest_);
  }
  Poll<AsyncFdReadyGuard> poll(Context &cx) {
    Poll<AsyncFdReadyGuard> p = fd_->poll_ready(cx, interest_);
    waiting_ = p.is_pending();
    return p;
  }

private:
  AsyncFd *fd_;
  Interest interest_;
  bool waiting_ = false;
};

template <class Op> class [[nodiscard]] AsyncFd::AsyncIoFuture {
public:
  using Output = size_t;
  AsyncIoFuture(AsyncFd &fd, Interest interest, Op op)
      : fd_(&fd), interest_(interest), op_(std::move(op)) {}
  AsyncIoFuture(AsyncIoFuture &&o)
      : fd_(o.fd_), interest_(o.interest_), op_(std::move(o.op_)),
        waiting_(std::exchange(o.waiting_, false)) {}
  AsyncIoFuture &operator=(AsyncIoFuture &&) = delete;
  /// Dropped while pending: the reactor lets go of the task's waker.
  ~AsyncIoFuture() {
    if (waiting_)
      fd_->io_.forget_waker(interest_);
  }
  Poll<size_t> poll(Context &cx) {
    Poll<size_t> p = fd_->poll_io(cx, interest_, op_);
    waiting_ = p.is_pending();
    return p;
  }

private:
  AsyncFd *fd_;
  Interest interest_;
  Op op_;
  bool waiting_ = false;
};

inline AsyncFd::ReadyFuture AsyncFd::readable() noexcept {
  return ReadyFuture(*this, Interest::Read);
}
inline AsyncFd::ReadyFuture AsyncFd::writable() noexcept {
  return ReadyFuture(*this, Interest::Write);
}
inline AsyncFd::ReadyFuture AsyncFd::ready(Interest interest) noexcept {
  return ReadyFuture(*this, interest);
}
template <class Op>
AsyncFd::AsyncIoFuture<std::decay_t<Op>> AsyncFd::async_io(Interest interest,
                                                           Op &&op) {
  return AsyncIoFuture<std::decay_t<Op>>(*this, interest, std::forward<Op>(op));
}

inline void AsyncFdReadyGuard::clear_ready() noexcept {
  fd_->io_.clear_readiness(ev_);
}

template <class Op> std::optional<size_t> AsyncFdReadyGuard::try_io(Op &&op) {
  for (;;) {
    auto n = op();
    if (n >= 0)
      return static_cast<size_t>(n);
    int err = errno;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      clear_ready();
      return std::nullopt;
    }
    if (err != EINTR)
      throw std::system_error(err, std::generic_category());
  }
}

} // namespace hoist

#endif // HOIST_IO_ASYNC_FD_HPP
