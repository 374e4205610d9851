//===- hoist/net/udp.hpp - UdpSocket ----------------------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Non-blocking UDP over the reactor:
///
///   auto sock = hoist::UdpSocket::bind(hoist::SocketAddr("127.0.0.1", 0));
///   co_await sock.send_to(buf, n, peer);
///   auto [len, from] = co_await sock.recv_from(buf, sizeof buf);
///
/// Datagrams longer than the buffer are truncated (recv_from returns the
/// bytes stored). Errors are thrown as std::system_error.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_UDP_HPP
#define HOIST_NET_UDP_HPP

#include "hoist/net/io_source.hpp"
#include "hoist/net/socket_addr.hpp"

#include <cstddef>
#include <utility>

namespace hoist {

class UdpSocket {
public:
  class SendToFuture;
  class RecvFromFuture;

  UdpSocket() noexcept = default;
  /// Binds a datagram socket; port 0 picks a free port.
  static UdpSocket bind(const SocketAddr &addr);

  /// Sends one datagram; Output = bytes sent.
  SendToFuture send_to(const void *buf, size_t len, const SocketAddr &to) noexcept;
  /// Receives one datagram; Output = {bytes, sender}.
  RecvFromFuture recv_from(void *buf, size_t len) noexcept;

  Poll<size_t> poll_send_to(Context &cx, const void *buf, size_t len,
                            const SocketAddr &to);
  Poll<std::pair<size_t, SocketAddr>> poll_recv_from(Context &cx, void *buf,
                                                     size_t len);

  SocketAddr local_addr() const;
  int native_handle() const noexcept { return io_.fd(); }

private:
  explicit UdpSocket(detail::IoSource io) noexcept : io_(std::move(io)) {}
  detail::IoSource io_;
};

class [[nodiscard]] UdpSocket::SendToFuture {
public:
  using Output = size_t;
  SendToFuture(UdpSocket &s, const void *buf, size_t len,
               const SocketAddr &to) noexcept
      : s_(&s), buf_(buf), len_(len), to_(to) {}
  Poll<size_t> poll(Context &cx) { return s_->poll_send_to(cx, buf_, len_, to_); }

private:
  UdpSocket *s_;
  const void *buf_;
  size_t len_;
  SocketAddr to_;
};

class [[nodiscard]] UdpSocket::RecvFromFuture {
public:
  using Output = std::pair<size_t, SocketAddr>;
  RecvFromFuture(UdpSocket &s, void *buf, size_t len) noexcept
      : s_(&s), buf_(buf), len_(len) {}
  Poll<Output> poll(Context &cx) { return s_->poll_recv_from(cx, buf_, len_); }

private:
  UdpSocket *s_;
  void *buf_;
  size_t len_;
};

inline UdpSocket::SendToFuture UdpSocket::send_to(const void *buf, size_t len,
                                                  const SocketAddr &to) noexcept {
  return SendToFuture(*this, buf, len, to);
}
inline UdpSocket::RecvFromFuture UdpSocket::recv_from(void *buf,
                                                      size_t len) noexcept {
  return RecvFromFuture(*this, buf, len);
}

} // namespace hoist

#endif // HOIST_NET_UDP_HPP
