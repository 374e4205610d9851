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

#include <cstdint>
#include <mutex>
#include <unistd.h>

namespace hoist::detail {

namespace {
/// Registration locks, striped by the source's address: registering is
/// rare (once per socket), so a few locks shared by all sources do.
std::mutex &registration_lock(const void *source) noexcept {
  static std::mutex locks[16];
  return locks[(reinterpret_cast<uintptr_t>(source) >> 6) % 16];
}
} // namespace

ScheduledIo *IoSource::register_now() {
  std::lock_guard<std::mutex> lock(registration_lock(this));
  // The other direction's first poll may have registered meanwhile.
  if (ScheduledIo *io = io_.load(std::memory_order_acquire))
    return io;
  if (fd_ < 0)
    throw std::system_error(EBADF, std::generic_category(),
                            "hoist: operation on a closed socket");
  Driver &d = Driver::current();
  ScheduledIo *io = d.register_fd(fd_); // throws on failure
  d.retain();
  driver_ = &d;
  // release: the record and driver_ are visible to every poller.
  io_.store(io, std::memory_order_release);
  return io;
}

void IoSource::forget_waker(Interest interest) noexcept {
  if (ScheduledIo *io = io_.load(std::memory_order_acquire))
    io->forget_waker(interest);
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
  if (ScheduledIo *io = io_.exchange(nullptr, std::memory_order_acquire)) {
    driver_->deregister(io);
    driver_->release();
    driver_ = nullptr;
  }
  return std::exchange(fd_, -1);
}

} // namespace hoist::detail
