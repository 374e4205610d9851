//===- unix_datagram.cpp - UnixDatagram ----------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls behind hoist/net/unix_datagram.hpp.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/unix_datagram.hpp"

#include "hoist/net/stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

using detail::new_socket;
using detail::throw_errno;

UnixDatagram UnixDatagram::from_fd(int fd) {
  return UnixDatagram(detail::IoSource(detail::set_nonblocking(fd)));
}

UnixDatagram UnixDatagram::bind(const UnixSocketAddr &addr) {
  detail::IoSource io(new_socket(AF_UNIX, SOCK_DGRAM));
  if (::bind(io.fd(), addr.native(), addr.native_len()) < 0)
    throw_errno("hoist: bind");
  return UnixDatagram(std::move(io));
}

UnixDatagram UnixDatagram::unbound() {
  return UnixDatagram(detail::IoSource(new_socket(AF_UNIX, SOCK_DGRAM)));
}

std::pair<UnixDatagram, UnixDatagram> UnixDatagram::pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0)
    throw_errno("hoist: socketpair");
  return {UnixDatagram(detail::IoSource(fds[0])),
          UnixDatagram(detail::IoSource(fds[1]))};
}

void UnixDatagram::connect(const UnixSocketAddr &addr) {
  if (::connect(io_.fd(), addr.native(), addr.native_len()) < 0)
    throw_errno("hoist: connect");
}

Poll<size_t> UnixDatagram::poll_send_to(Context &cx, const void *buf, size_t len,
                                        const UnixSocketAddr &to) {
  return detail::poll_send_to(io_, cx, buf, len, to.native(), to.native_len());
}

Poll<std::pair<size_t, UnixSocketAddr>>
UnixDatagram::poll_recv_from(Context &cx, void *buf, size_t len) {
  sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  Poll<size_t> p = detail::poll_recv_from(io_, cx, buf, len, ss, sl);
  if (p.is_pending())
    return pending;
  return Poll<std::pair<size_t, UnixSocketAddr>>(
      ready_in_place, p.value(),
      UnixSocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), sl));
}

Poll<size_t> UnixDatagram::poll_send(Context &cx, const void *buf, size_t len) {
  int fd = io_.fd();
  return io_.poll_io(cx, detail::Interest::Write,
                     [&] { return ::send(fd, buf, len, MSG_NOSIGNAL); });
}

Poll<size_t> UnixDatagram::poll_recv(Context &cx, void *buf, size_t len) {
  int fd = io_.fd();
  return io_.poll_io(cx, detail::Interest::Read,
                     [&] { return ::recv(fd, buf, len, 0); });
}

UnixSocketAddr UnixDatagram::local_addr() const {
  return detail::unix_socket_name(io_.fd(), false);
}

UnixSocketAddr UnixDatagram::peer_addr() const {
  return detail::unix_socket_name(io_.fd(), true);
}

} // namespace hoist
