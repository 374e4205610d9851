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

#include "hoist/net/stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

UdpSocket UdpSocket::bind(const SocketAddr &addr) {
  detail::IoSource io(detail::new_socket(addr.family(), SOCK_DGRAM));
  if (::bind(io.fd(), addr.native(), addr.native_len()) < 0)
    detail::throw_errno("hoist: bind");
  return UdpSocket(std::move(io));
}

Poll<size_t> UdpSocket::poll_send_to(Context &cx, const void *buf, size_t len,
                                     const SocketAddr &to) {
  return detail::poll_send_to(io_, cx, buf, len, to.native(), to.native_len());
}

Poll<std::pair<size_t, SocketAddr>>
UdpSocket::poll_recv_from(Context &cx, void *buf, size_t len) {
  sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  Poll<size_t> p = detail::poll_recv_from(io_, cx, buf, len, ss, sl);
  if (p.is_pending())
    return pending;
  return Poll<std::pair<size_t, SocketAddr>>(
      ready_in_place, p.value(),
      SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), sl));
}

SocketAddr UdpSocket::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = detail::socket_name(io_.fd(), false, ss);
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

} // namespace hoist
