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

#include <fcntl.h>
#include <unistd.h>

namespace hoist::pipe {

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
                     [&] { return ::write(fd, buf, len); });
}

std::pair<Receiver, Sender> pipe() {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
    hoist::detail::throw_errno("hoist: pipe2");
  return {Receiver(AsyncFd(fds[0], AsyncFd::Ownership::Owned)),
          Sender(AsyncFd(fds[1], AsyncFd::Ownership::Owned))};
}

} // namespace hoist::pipe
