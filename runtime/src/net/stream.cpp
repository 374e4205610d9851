//===- stream.cpp - The syscalls of stream sockets -----------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls TcpStream and UnixStream share (hoist/net/stream.hpp).
/// Sockets are created with SOCK_NONBLOCK | SOCK_CLOEXEC; writes use
/// MSG_NOSIGNAL so a closed peer is an EPIPE exception rather than a
/// SIGPIPE.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/stream.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace hoist::detail {

void throw_errno(const char *what) {
  throw std::system_error(errno, std::generic_category(), what);
}

socklen_t socket_name(int fd, bool peer, sockaddr_storage &ss) {
  socklen_t len = sizeof ss;
  auto *sa = reinterpret_cast<sockaddr *>(&ss);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) < 0)
    throw_errno(peer ? "hoist: getpeername" : "hoist: getsockname");
  return len;
}

int set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    throw_errno("hoist: fcntl(O_NONBLOCK)");
  return fd;
}

int new_socket(int family, int type) {
  int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw_errno("hoist: socket");
  return fd;
}

Poll<void> poll_connect(IoSource &io, Context &cx, const sockaddr *addr,
                        socklen_t len, bool &started) {
  if (!started) {
    started = true;
    int r;
    do
      r = ::connect(io.fd(), addr, len);
    while (r < 0 && errno == EINTR);
    if (r == 0)
      return ready();
    if (errno != EINPROGRESS)
      throw_errno("hoist: connect");
  }
  // In progress: wait until writable, then read the outcome.
  for (;;) {
    Poll<ReadyEvent> ev = io.poll_ready(cx, Interest::Write);
    if (ev.is_pending())
      return pending;
    int err = 0;
    socklen_t el = sizeof err;
    if (::getsockopt(io.fd(), SOL_SOCKET, SO_ERROR, &err, &el) < 0)
      throw_errno("hoist: getsockopt(SO_ERROR)");
    if (err != 0)
      throw std::system_error(err, std::generic_category(), "hoist: connect");
    // Writable and no error: connected (unless still in progress, which
    // a speculative readiness can't tell; getpeername can).
    sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (::getpeername(io.fd(), reinterpret_cast<sockaddr *>(&ss), &sl) == 0)
      return ready();
    if (errno != ENOTCONN)
      throw_errno("hoist: getpeername");
    io.clear_readiness(ev.value());
  }
}

Poll<size_t> poll_stream_read(IoSource &io, Context &cx, void *buf, size_t len) {
  int fd = io.fd();
  return io.poll_io(cx, Interest::Read, [&] { return ::recv(fd, buf, len, 0); },
                    len);
}

Poll<size_t> poll_stream_write(IoSource &io, Context &cx, const void *buf,
                               size_t len) {
  int fd = io.fd();
  return io.poll_io(cx, Interest::Write,
                    [&] { return ::send(fd, buf, len, MSG_NOSIGNAL); }, len);
}

void shutdown_stream(const IoSource &io, Shutdown how) {
  int h = how == Shutdown::Read ? SHUT_RD : how == Shutdown::Write ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(io.fd(), h) < 0)
    throw_errno("hoist: shutdown");
}

Poll<int> poll_accept_fd(IoSource &io, Context &cx, sockaddr_storage &ss,
                         socklen_t &len) {
  int listen_fd = io.fd();
  Poll<size_t> p = io.poll_io(cx, Interest::Read, [&] {
    len = sizeof ss;
    return ::accept4(listen_fd, reinterpret_cast<sockaddr *>(&ss), &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
  });
  if (p.is_pending())
    return pending;
  return ready(static_cast<int>(p.value()));
}

Poll<size_t> poll_send_to(IoSource &io, Context &cx, const void *buf, size_t len,
                          const sockaddr *to, socklen_t to_len) {
  int fd = io.fd();
  return io.poll_io(cx, Interest::Write, [&] {
    return ::sendto(fd, buf, len, MSG_NOSIGNAL, to, to_len);
  });
}

Poll<size_t> poll_recv_from(IoSource &io, Context &cx, void *buf, size_t len,
                            sockaddr_storage &from, socklen_t &from_len) {
  int fd = io.fd();
  return io.poll_io(cx, Interest::Read, [&] {
    from_len = sizeof from;
    return ::recvfrom(fd, buf, len, 0, reinterpret_cast<sockaddr *>(&from), &from_len);
  });
}

} // namespace hoist::detail
