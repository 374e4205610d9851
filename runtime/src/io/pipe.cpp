//===- pipe.cpp - Unix pipes as byte streams ------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// pipe::Receiver and pipe::Sender (hoist/io/pipe.hpp): read(2) and
/// write(2) on an owned AsyncFd, with its readiness protocol.
///
//===----------------------------------------------------------------------===//
#include "hoist/io/pipe.hpp"
#include "hoist/net/stream.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

namespace hoist::pipe {

namespace {

/// write(2) that reports a closed reader as EPIPE without raising SIGPIPE:
/// SIGPIPE is blocked in this thread around the call, and one it raised
/// is taken back (sigtimedwait) before the mask is restored, unless one was
/// pending already (the thread's own business). Pipes have no MSG_NOSIGNAL.
ssize_t write_no_sigpipe(int fd, const void *buf, std::size_t len) {
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  sigset_t pend;
  sigpending(&pend);
  bool was_pending = sigismember(&pend, SIGPIPE);
  ssize_t n = ::write(fd, buf, len);
  int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return n;
}

} // namespace

Receiver Receiver::from_fd(int fd) {
  return Receiver(
      AsyncFd(hoist::detail::set_nonblocking(fd), AsyncFd::Ownership::Owned));
}

Sender Sender::from_fd(int fd) {
  return Sender(
      AsyncFd(hoist::detail::set_nonblocking(fd), AsyncFd::Ownership::Owned));
}

Poll<std::size_t> Receiver::poll_read(Context &cx, void *buf, std::size_t len) {
  int fd = fd_.native_handle();
  return fd_.poll_io(cx, Interest::Read, [&] { return ::read(fd, buf, len); });
}

Poll<std::size_t> Sender::poll_write(Context &cx, const void *buf,
                                     std::size_t len) {
  int fd = fd_.native_handle();
  return fd_.poll_io(cx, Interest::Write,
                     [&] { return write_no_sigpipe(fd, buf, len); });
}

std::pair<Receiver, Sender> pipe() {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
    hoist::detail::throw_errno("hoist: pipe2");
  return {Receiver(AsyncFd(fds[0], AsyncFd::Ownership::Owned)),
          Sender(AsyncFd(fds[1], AsyncFd::Ownership::Owned))};
}

} // namespace hoist::pipe
