//===- udp.cpp - UdpSocket -----------------------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls behind hoist/net/udp.hpp.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/udp.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

UdpSocket UdpSocket::bind(const SocketAddr &addr) {
  int fd = ::socket(addr.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::system_error(errno, std::generic_category(), "hoist: socket");
  detail::IoSource io(fd);
  if (::bind(fd, addr.native(), addr.native_len()) < 0)
    throw std::system_error(errno, std::generic_category(), "hoist: bind");
  return UdpSocket(std::move(io));
}

Poll<size_t> UdpSocket::poll_send_to(Context &cx, const void *buf, size_t len,
                                     const SocketAddr &to) {
  int fd = io_.fd();
  return io_.poll_io(cx, detail::Interest::Write, [&] {
    return ::sendto(fd, buf, len, MSG_NOSIGNAL, to.native(), to.native_len());
  });
}

Poll<std::pair<size_t, SocketAddr>>
UdpSocket::poll_recv_from(Context &cx, void *buf, size_t len) {
  sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  int fd = io_.fd();
  Poll<size_t> p = io_.poll_io(cx, detail::Interest::Read, [&] {
    sl = sizeof ss;
    return ::recvfrom(fd, buf, len, 0, reinterpret_cast<sockaddr *>(&ss), &sl);
  });
  if (p.is_pending())
    return pending;
  return Poll<std::pair<size_t, SocketAddr>>(
      ready_in_place, p.value(),
      SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), sl));
}

SocketAddr UdpSocket::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (::getsockname(io_.fd(), reinterpret_cast<sockaddr *>(&ss), &len) < 0)
    throw std::system_error(errno, std::generic_category(), "hoist: getsockname");
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

} // namespace hoist
