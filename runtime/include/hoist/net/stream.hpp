//===- hoist/net/stream.hpp - What every stream socket shares ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The parts TcpStream and UnixStream share, so that neither copies the
/// other: the syscalls of connected stream sockets (recv, send without SIGPIPE,
/// shutdown, accept4), over an IoSource; and those of datagram sockets
/// (sendto, recvfrom), which UdpSocket and UnixDatagram share. Their
/// read/write futures are the generic ones of io/read_write.hpp.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_STREAM_HPP
#define HOIST_NET_STREAM_HPP

#include "hoist/io/read_write.hpp"
#include "hoist/net/io_source.hpp"

#include <cstddef>
#include <system_error>
#include <sys/socket.h>

namespace hoist {

namespace detail {

//===----------------------------------------------------------------------===//
// Syscalls of stream sockets (stream.cpp)
//===----------------------------------------------------------------------===//

/// recv(2) when readable; 0 at end of stream.
Poll<size_t> poll_stream_read(IoSource &io, Context &cx, void *buf, size_t len);
/// send(2) with MSG_NOSIGNAL when writable: a closed peer is EPIPE.
Poll<size_t> poll_stream_write(IoSource &io, Context &cx, const void *buf,
                               size_t len);
/// shutdown(2); throws std::system_error.
void shutdown_stream(const IoSource &io, Shutdown how);
/// accept4(2) (non-blocking, close-on-exec) when readable; the new
/// descriptor, with the peer's address in `ss`/`len`.
Poll<int> poll_accept_fd(IoSource &io, Context &cx, sockaddr_storage &ss,
                         socklen_t &len);
/// connect(2) on a non-blocking socket: the first call starts it
/// (`started` goes true); if it is in progress, waits until writable and
/// reads the outcome (SO_ERROR, then getpeername to tell a spurious
/// readiness). Ready once connected; throws std::system_error.
Poll<void> poll_connect(IoSource &io, Context &cx, const sockaddr *addr,
                        socklen_t len, bool &started);
/// Sets O_NONBLOCK on an adopted descriptor (from_fd) and returns it;
/// throws std::system_error.
int set_nonblocking(int fd);
/// A new non-blocking, close-on-exec socket; throws std::system_error.
int new_socket(int family, int type);
/// sendto(2) without SIGPIPE when writable (UDP and Unix datagrams).
Poll<size_t> poll_send_to(IoSource &io, Context &cx, const void *buf, size_t len,
                          const sockaddr *to, socklen_t to_len);
/// recvfrom(2) when readable; the sender's address in `from`/`from_len`.
Poll<size_t> poll_recv_from(IoSource &io, Context &cx, void *buf, size_t len,
                            sockaddr_storage &from, socklen_t &from_len);
[[noreturn]] void throw_errno(const char *what);
/// getsockname(2), or getpeername(2) if `peer`, into `ss`: the address's
/// length. Throws std::system_error.
socklen_t socket_name(int fd, bool peer, sockaddr_storage &ss);

} // namespace detail
} // namespace hoist

#endif // HOIST_NET_STREAM_HPP
