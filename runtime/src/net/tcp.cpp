//===- tcp.cpp - TcpListener and TcpStream -------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The syscalls behind hoist/net/tcp.hpp. Sockets are created with
/// SOCK_NONBLOCK | SOCK_CLOEXEC; writes use MSG_NOSIGNAL so a closed peer
/// is an EPIPE exception rather than a SIGPIPE.
///
//===----------------------------------------------------------------------===//
#include "hoist/net/tcp.hpp"

#include "hoist/future/join.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hoist {

namespace {
[[noreturn]] void throw_errno(const char *what) {
  throw std::system_error(errno, std::generic_category(), what);
}

int new_socket(int family, int type) {
  int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw_errno("hoist: socket");
  return fd;
}
} // namespace

//===----------------------------------------------------------------------===//
// TcpStream
//===----------------------------------------------------------------------===//

TcpStream TcpStream::from_fd(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    throw_errno("hoist: fcntl(O_NONBLOCK)");
  return TcpStream(detail::IoSource(fd));
}

Poll<size_t> TcpStream::poll_read(Context &cx, void *buf, size_t len) {
  int fd = io_.fd();
  return io_.poll_io(cx, detail::Interest::Read,
                     [&] { return ::recv(fd, buf, len, 0); }, len);
}

Poll<size_t> TcpStream::poll_write(Context &cx, const void *buf, size_t len) {
  int fd = io_.fd();
  return io_.poll_io(cx, detail::Interest::Write,
                     [&] { return ::send(fd, buf, len, MSG_NOSIGNAL); }, len);
}

Poll<void> TcpStream::ReadExactFuture::poll(Context &cx) {
  while (done_ < len_) {
    Poll<size_t> p = s_->poll_read(cx, buf_ + done_, len_ - done_);
    if (p.is_pending())
      return pending;
    if (p.value() == 0)
      throw std::system_error(
          std::make_error_code(std::errc::connection_aborted),
          "hoist: stream ended before read_exact filled its buffer");
    done_ += p.value();
  }
  return ready();
}

void TcpStream::shutdown(Shutdown how) {
  int h = how == Shutdown::Read ? SHUT_RD : how == Shutdown::Write ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(io_.fd(), h) < 0)
    throw_errno("hoist: shutdown");
}

void TcpStream::set_nodelay(bool on) {
  int v = on ? 1 : 0;
  if (::setsockopt(io_.fd(), IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) < 0)
    throw_errno("hoist: setsockopt(TCP_NODELAY)");
}

SocketAddr TcpStream::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (::getsockname(io_.fd(), reinterpret_cast<sockaddr *>(&ss), &len) < 0)
    throw_errno("hoist: getsockname");
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

SocketAddr TcpStream::peer_addr() const {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (::getpeername(io_.fd(), reinterpret_cast<sockaddr *>(&ss), &len) < 0)
    throw_errno("hoist: getpeername");
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

Poll<TcpStream> TcpStream::ConnectFuture::poll(Context &cx) {
  if (!started_) {
    started_ = true;
    io_ = detail::IoSource(new_socket(addr_.family(), SOCK_STREAM));
    int r;
    do
      r = ::connect(io_.fd(), addr_.native(), addr_.native_len());
    while (r < 0 && errno == EINTR);
    if (r == 0)
      return Poll<TcpStream>(ready_in_place, TcpStream(std::move(io_)));
    if (errno != EINPROGRESS)
      throw_errno("hoist: connect");
  }
  // In progress: wait until writable, then read the outcome.
  for (;;) {
    Poll<detail::ReadyEvent> ev = io_.poll_ready(cx, detail::Interest::Write);
    if (ev.is_pending())
      return pending;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(io_.fd(), SOL_SOCKET, SO_ERROR, &err, &len) < 0)
      throw_errno("hoist: getsockopt(SO_ERROR)");
    if (err == 0) {
      // Writable and no error: connected (unless still in progress,
      // which a speculative readiness can't tell; getpeername can).
      sockaddr_storage ss;
      socklen_t sl = sizeof ss;
      if (::getpeername(io_.fd(), reinterpret_cast<sockaddr *>(&ss), &sl) == 0)
        return Poll<TcpStream>(ready_in_place, TcpStream(std::move(io_)));
      if (errno != ENOTCONN)
        throw_errno("hoist: getpeername");
      io_.clear_readiness(ev.value());
      continue;
    }
    throw std::system_error(err, std::generic_category(), "hoist: connect");
  }
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
  int listen_fd = io_.fd();
  Poll<size_t> p = io_.poll_io(cx, detail::Interest::Read, [&] {
    len = sizeof ss;
    return ::accept4(listen_fd, reinterpret_cast<sockaddr *>(&ss), &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
  });
  if (p.is_pending())
    return pending;
  int fd = static_cast<int>(p.value());
  return Poll<std::pair<TcpStream, SocketAddr>>(
      ready_in_place, TcpStream(detail::IoSource(fd)),
      SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len));
}

SocketAddr TcpListener::local_addr() const {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (::getsockname(io_.fd(), reinterpret_cast<sockaddr *>(&ss), &len) < 0)
    throw_errno("hoist: getsockname");
  return SocketAddr::from_native(reinterpret_cast<sockaddr *>(&ss), len);
}

} // namespace hoist
