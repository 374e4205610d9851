//===- io_source.cpp - Registering sockets with the reactor --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Lazy registration and deregistration of IoSource (hoist/net/io_source.hpp).
///
//===----------------------------------------------------------------------===//
#include "hoist/net/io_source.hpp"

#include <unistd.h>

namespace hoist::detail {

void IoSource::register_now() {
  if (fd_ < 0)
    throw std::system_error(EBADF, std::generic_category(),
                            "hoist: operation on a closed socket");
  Driver &d = Driver::current();
  io_ = d.register_fd(fd_); // throws on failure
  d.retain();
  driver_ = &d;
}

void IoSource::throw_shutdown() {
  throw std::system_error(ECANCELED, std::generic_category(),
                          "hoist: the runtime driving this socket has shut down");
}

void IoSource::close() noexcept {
  int fd = release();
  if (fd >= 0)
    ::close(fd);
}

int IoSource::release() noexcept {
  if (io_) {
    driver_->deregister(io_);
    driver_->release();
    io_ = nullptr;
    driver_ = nullptr;
  }
  return std::exchange(fd_, -1);
}

} // namespace hoist::detail
