//===- hoist/net/unix_datagram.hpp - UnixDatagram ---------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Non-blocking Unix domain datagram sockets over the reactor (tokio's
/// UnixDatagram):
///
///   auto server = hoist::UnixDatagram::bind("@app");         // or a path
///   auto [len, from] = co_await server.recv_from(buf, sizeof buf);
///   co_await server.send_to(buf, len, from);                  // from must be bound
///
///   auto client = hoist::UnixDatagram::unbound();
///   client.connect("@app");                                   // sets the peer
///   co_await client.send(buf, n);
///
///   auto [a, b] = hoist::UnixDatagram::pair();                // socketpair
///
/// Datagrams are never split or merged; one longer than the buffer is
/// truncated (recv returns the bytes stored). A sender that is not bound
/// cannot be answered: its address is unnamed. Errors are thrown as
/// std::system_error (send to a name nobody bound: ECONNREFUSED or ENOENT).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_UNIX_DATAGRAM_HPP
#define HOIST_NET_UNIX_DATAGRAM_HPP

#include "hoist/net/io_source.hpp"
#include "hoist/net/unix_addr.hpp"

#include <cstddef>
#include <utility>

namespace hoist {

class UnixDatagram {
public:
  class SendToFuture;
  class RecvFromFuture;
  class SendFuture;
  class RecvFuture;

  UnixDatagram() noexcept = default;
  /// Adopts a datagram socket (made non-blocking).
  static UnixDatagram from_fd(int fd);
  /// A datagram socket bound to `addr`.
  static UnixDatagram bind(const UnixSocketAddr &addr);
  /// A datagram socket bound to nothing (it can send, and receive once
  /// connected to a peer that answers it through socketpair-like means).
  static UnixDatagram unbound();
  /// Two connected, unnamed datagram sockets (socketpair(2)).
  static std::pair<UnixDatagram, UnixDatagram> pair();

  /// Sets the default peer of send()/recv() (connect(2) on a datagram
  /// socket does not wait); throws std::system_error.
  void connect(const UnixSocketAddr &addr);

  /// Sends one datagram to `to`; Output = bytes sent.
  SendToFuture send_to(const void *buf, size_t len, const UnixSocketAddr &to) noexcept;
  /// Receives one datagram; Output = {bytes, sender}.
  RecvFromFuture recv_from(void *buf, size_t len) noexcept;
  /// Sends one datagram to the connected peer; Output = bytes sent.
  SendFuture send(const void *buf, size_t len) noexcept;
  /// Receives one datagram (from the connected peer); Output = bytes.
  RecvFuture recv(void *buf, size_t len) noexcept;

  Poll<size_t> poll_send_to(Context &cx, const void *buf, size_t len,
                            const UnixSocketAddr &to);
  Poll<std::pair<size_t, UnixSocketAddr>> poll_recv_from(Context &cx, void *buf,
                                                         size_t len);
  Poll<size_t> poll_send(Context &cx, const void *buf, size_t len);
  Poll<size_t> poll_recv(Context &cx, void *buf, size_t len);

  UnixSocketAddr local_addr() const;
  UnixSocketAddr peer_addr() const;
  int native_handle() const noexcept { return io_.fd(); }

private:
  explicit UnixDatagram(detail::IoSource io) noexcept : io_(std::move(io)) {}
  detail::IoSource io_;
};

class [[nodiscard]] UnixDatagram::SendToFuture {
public:
  using Output = size_t;
  SendToFuture(UnixDatagram &s, const void *buf, size_t len,
               const UnixSocketAddr &to) noexcept
      : s_(&s), buf_(buf), len_(len), to_(to) {}
  Poll<size_t> poll(Context &cx) { return s_->poll_send_to(cx, buf_, len_, to_); }

private:
  UnixDatagram *s_;
  const void *buf_;
  size_t len_;
  UnixSocketAddr to_;
};

class [[nodiscard]] UnixDatagram::RecvFromFuture {
public:
  using Output = std::pair<size_t, UnixSocketAddr>;
  RecvFromFuture(UnixDatagram &s, void *buf, size_t len) noexcept
      : s_(&s), buf_(buf), len_(len) {}
  Poll<Output> poll(Context &cx) { return s_->poll_recv_from(cx, buf_, len_); }

private:
  UnixDatagram *s_;
  void *buf_;
  size_t len_;
};

class [[nodiscard]] UnixDatagram::SendFuture {
public:
  using Output = size_t;
  SendFuture(UnixDatagram &s, const void *buf, size_t len) noexcept
      : s_(&s), buf_(buf), len_(len) {}
  Poll<size_t> poll(Context &cx) { return s_->poll_send(cx, buf_, len_); }

private:
  UnixDatagram *s_;
  const void *buf_;
  size_t len_;
};

class [[nodiscard]] UnixDatagram::RecvFuture {
public:
  using Output = size_t;
  RecvFuture(UnixDatagram &s, void *buf, size_t len) noexcept
      : s_(&s), buf_(buf), len_(len) {}
  Poll<size_t> poll(Context &cx) { return s_->poll_recv(cx, buf_, len_); }

private:
  UnixDatagram *s_;
  void *buf_;
  size_t len_;
};

inline UnixDatagram::SendToFuture
UnixDatagram::send_to(const void *buf, size_t len, const UnixSocketAddr &to) noexcept {
  return SendToFuture(*this, buf, len, to);
}
inline UnixDatagram::RecvFromFuture UnixDatagram::recv_from(void *buf,
                                                            size_t len) noexcept {
  return RecvFromFuture(*this, buf, len);
}
inline UnixDatagram::SendFuture UnixDatagram::send(const void *buf,
                                                   size_t len) noexcept {
  return SendFuture(*this, buf, len);
}
inline UnixDatagram::RecvFuture UnixDatagram::recv(void *buf, size_t len) noexcept {
  return RecvFuture(*this, buf, len);
}

} // namespace hoist

#endif // HOIST_NET_UNIX_DATAGRAM_HPP
