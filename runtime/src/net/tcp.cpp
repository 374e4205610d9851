//===- tcp.cpp - TcpListener and TcpStream -------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls behind hoist/net/tcp.hpp; those every stream socket
/// shares (reads, writes, shutdown, accept) are in stream.cpp.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/tcp.hpp"

#include "hoist/future/join.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

using detail::new_socket;
using detail::throw_errno;

//===----------------------------------------------------------------------===//
// TcpStream
//===----------------------------------------------------------------------===//

TcpStream TcpStream::from_fd(int fd) {
  return TcpStream(detail::IoSource(detail::set_nonblocking(fd)));
}

void TcpStream::set_nodelay(bool on) {
  int v = on ? 1 : 0;
  if (::setsockopt(io_.fd(), IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) < 0)
    throw_errno("hoist: setsockopt(TCP_NODELAY)");
}

SocketAddr TcpStream::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = detail::socket_name(io_.fd(), false, ss);
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

SocketAddr TcpStream::peer_addr() const {
  sockaddr_storage ss;
  socklen_t len = detail::socket_name(io_.fd(), true, ss);
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

Poll<TcpStream> TcpStream::ConnectFuture::poll(Context &cx) {
  if (!started_)
    io_ = detail::IoSource(new_socket(addr_.family(), SOCK_STREAM));
  if (detail::poll_connect(io_, cx, addr_.native(), addr_.native_len(), started_)
          .is_pending())
    return pending;
  return Poll<TcpStream>(ready_in_place, TcpStream(std::move(io_)));
}

Poll<TcpStream> TcpStream::ConnectAnyFuture::poll(Context &cx) {
  if (done_)
    detail::polled_after_completion("TcpStream::connect");
  if (lookup_) {
    Poll<std::vector<SocketAddr>> p = lookup_->poll(cx);
    if (p.is_pending())
      return pending;
    addrs_ = std::move(p).value();
    lookup_.reset();
  }
  // One address after the other, in the resolver's order.
  for (;;) {
    if (!attempt_) {
      if (next_ == addrs_.size()) {
        done_ = true;
        if (last_error_)
          std::rethrow_exception(last_error_);
        throw std::system_error(
            std::make_error_code(std::errc::invalid_argument),
            "hoist: connect: no address to connect to");
      }
      attempt_.emplace(addrs_[next_++]);
    }
    try {
      Poll<TcpStream> p = attempt_->poll(cx);
      if (p.is_pending())
        return pending;
      done_ = true;
      attempt_.reset();
      return p;
    } catch (const std::system_error &) {
      last_error_ = std::current_exception();
      attempt_.reset();
    }
  }
}

//===----------------------------------------------------------------------===//
// TcpListener
//===----------------------------------------------------------------------===//

TcpListener TcpListener::bind(const SocketAddr &addr, int backlog) {
  detail::IoSource io(new_socket(addr.family(), SOCK_STREAM));
  int one = 1;
  if (::setsockopt(io.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
    throw_errno("hoist: setsockopt(SO_REUSEADDR)");
  if (::bind(io.fd(), addr.native(), addr.native_len()) < 0)
    throw_errno("hoist: bind");
  if (::listen(io.fd(), backlog) < 0)
    throw_errno("hoist: listen");
  return TcpListener(std::move(io));
}

Poll<std::pair<TcpStream, SocketAddr>> TcpListener::poll_accept(Context &cx) {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  Poll<int> p = detail::poll_accept_fd(io_, cx, ss, len);
  if (p.is_pending())
    return pending;
  return Poll<std::pair<TcpStream, SocketAddr>>(
      ready_in_place, TcpStream(detail::IoSource(p.value())),
      SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len));
}

SocketAddr TcpListener::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = detail::socket_name(io_.fd(), false, ss);
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

} // namespace hoist
