//===- async_fd.cpp - Readiness of any file descriptor -------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The non-template parts of hoist/io/async_fd.hpp.
///
//===----------------------------------------------------------------------===//
#include "hoist/io/async_fd.hpp"

#include <fcntl.h>
#include <stdexcept>

namespace hoist {

AsyncFd::AsyncFd(int fd, Ownership ownership) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0)
    throw std::system_error(errno, std::generic_category(), "hoist: AsyncFd: fcntl");
  if (!(flags & O_NONBLOCK))
    throw std::invalid_argument("hoist: AsyncFd needs a non-blocking descriptor (O_NONBLOCK)");
  io_ = detail::IoSource(fd);
  owned_ = ownership == Ownership::Owned;
}

Poll<AsyncFdReadyGuard> AsyncFd::poll_ready(Context &cx, Interest interest) {
  Poll<detail::ReadyEvent> ev = io_.poll_ready(cx, interest);
  if (ev.is_pending())
    return pending;
  return Poll<AsyncFdReadyGuard>(ready_in_place, *this, interest, ev.value());
}

} // namespace hoist
