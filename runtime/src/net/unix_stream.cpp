//===- unix_stream.cpp - UnixListener and UnixStream ---------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls behind hoist/net/unix_stream.hpp; reads, writes, shutdown,
/// accept and connect are shared with TCP (stream.cpp).
///
//===----------------------------------------------------------------------===//
#include "hoist/net/unix_stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

using detail::new_socket;
using detail::throw_errno;

//===----------------------------------------------------------------------===//
// UnixStream
//===----------------------------------------------------------------------===//

UnixStream UnixStream::from_fd(int fd) {
  return UnixStream(detail::IoSource(detail::set_nonblocking(fd)));
}

std::pair<UnixStream, UnixStream> UnixStream::pair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0)
    throw_errno("hoist: socketpair");
  return {UnixStream(detail::IoSource(fds[0])), UnixStream(detail::IoSource(fds[1]))};
}

UnixSocketAddr UnixStream::local_addr() const {
  return detail::unix_socket_name(io_.fd(), false);
}

UnixSocketAddr UnixStream::peer_addr() const {
  return detail::unix_socket_name(io_.fd(), true);
}

UCred UnixStream::peer_cred() const {
  ucred c;
  socklen_t len = sizeof c;
  if (::getsockopt(io_.fd(), SOL_SOCKET, SO_PEERCRED, &c, &len) < 0)
    throw_errno("hoist: getsockopt(SO_PEERCRED)");
  return UCred{c.pid, c.uid, c.gid};
}

Poll<UnixStream> UnixStream::ConnectFuture::poll(Context &cx) {
  if (!started_)
    io_ = detail::IoSource(new_socket(AF_UNIX, SOCK_STREAM));
  if (detail::poll_connect(io_, cx, addr_.native(), addr_.native_len(), started_)
          .is_pending())
    return pending;
  return Poll<UnixStream>(ready_in_place, UnixStream(std::move(io_)));
}

//===----------------------------------------------------------------------===//
// UnixListener
//===----------------------------------------------------------------------===//

UnixListener UnixListener::from_fd(int fd) {
  return UnixListener(detail::IoSource(detail::set_nonblocking(fd)));
}

UnixListener UnixListener::bind(const UnixSocketAddr &addr, int backlog) {
  detail::IoSource io(new_socket(AF_UNIX, SOCK_STREAM));
  if (::bind(io.fd(), addr.native(), addr.native_len()) < 0)
    throw_errno("hoist: bind");
  if (::listen(io.fd(), backlog) < 0)
    throw_errno("hoist: listen");
  return UnixListener(std::move(io));
}

Poll<std::pair<UnixStream, UnixSocketAddr>> UnixListener::poll_accept(Context &cx) {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  Poll<int> p = detail::poll_accept_fd(io_, cx, ss, len);
  if (p.is_pending())
    return pending;
  return Poll<std::pair<UnixStream, UnixSocketAddr>>(
      ready_in_place, UnixStream(detail::IoSource(p.value())),
      UnixSocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len));
}

UnixSocketAddr UnixListener::local_addr() const {
  return detail::unix_socket_name(io_.fd(), false);
}

} // namespace hoist
