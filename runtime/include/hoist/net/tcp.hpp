//===- hoist/net/tcp.hpp - TcpListener and TcpStream ------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Non-blocking TCP over the reactor, with tokio's names:
///
///   auto listener = hoist::TcpListener::bind(hoist::SocketAddr("127.0.0.1", 0));
///   auto [stream, peer] = co_await listener.accept();
///   size_t n = co_await stream.read(buf, sizeof buf);    // 0 at end of stream
///   co_await stream.write_all(buf, n);
///   stream.shutdown();                                   // FIN
///
///   hoist::TcpStream c = co_await hoist::TcpStream::connect(addr);
///   hoist::TcpStream d = co_await hoist::TcpStream::connect("localhost:8080");
///
/// Connecting by name resolves it first (net::lookup_host, on the blocking
/// pool), then tries each address in the resolver's order until one
/// accepts, as tokio does; if none does, the last one's error is thrown.
/// A list of addresses is tried the same way.
///
/// Errors are thrown as std::system_error. Each operation is a hand-written
/// leaf future (also available poll-style, poll_read/poll_write, for
/// hand-written state machines) that borrows the socket: keep the socket
/// alive while it is awaited. One task may read while another writes; two
/// concurrent reads (or writes) of one socket are not supported.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_TCP_HPP
#define HOIST_NET_TCP_HPP

#include "hoist/io/split.hpp"
#include "hoist/net/io_source.hpp"
#include "hoist/net/lookup_host.hpp"
#include "hoist/net/socket_addr.hpp"
#include "hoist/net/stream.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hoist {

class TcpStream {
public:
  class ConnectFuture;
  class ConnectAnyFuture;
  using ReadFuture = io::ReadFuture<TcpStream>;
  using WriteFuture = io::WriteFuture<TcpStream>;
  using ReadExactFuture = io::ReadExactFuture<TcpStream>;
  using WriteAllFuture = io::WriteAllFuture<TcpStream>;

  TcpStream() noexcept = default;
  /// Adopts a connected socket (made non-blocking).
  static TcpStream from_fd(int fd);

  /// Connects to `addr`; Output = TcpStream.
  static ConnectFuture connect(const SocketAddr &addr);
  /// Resolves "host:port" and connects to the first address that accepts
  /// (see the file comment); Output = TcpStream. (A template only so that
  /// connect({"127.0.0.1", 80}) still means a SocketAddr.)
  template <class S, class = std::enable_if_t<std::is_convertible<
                         const S &, std::string_view>::value>>
  static ConnectAnyFuture connect(const S &host_port);
  /// The same with the host and the port apart.
  static ConnectAnyFuture connect(std::string_view host, uint16_t port);
  /// Connects to the first of `addrs`, in order, that accepts.
  static ConnectAnyFuture connect(std::vector<SocketAddr> addrs);

  /// Reads up to `len` bytes; Output = bytes read (0: end of stream).
  ReadFuture read(void *buf, size_t len) noexcept;
  /// Reads exactly `len` bytes; throws if the stream ends first.
  ReadExactFuture read_exact(void *buf, size_t len) noexcept;
  /// Writes up to `len` bytes; Output = bytes written.
  WriteFuture write(const void *buf, size_t len) noexcept;
  /// Writes all `len` bytes.
  WriteAllFuture write_all(const void *buf, size_t len) noexcept;

  /// Poll-style read and write, for hand-written futures.
  Poll<size_t> poll_read(Context &cx, void *buf, size_t len) {
    return detail::poll_stream_read(io_, cx, buf, len);
  }
  Poll<size_t> poll_write(Context &cx, const void *buf, size_t len) {
    return detail::poll_stream_write(io_, cx, buf, len);
  }

  /// Owned read and write halves, usable from two tasks at once; dropping
  /// the write half shuts the write direction down (io/split.hpp).
  std::pair<io::OwnedReadHalf<TcpStream>, io::OwnedWriteHalf<TcpStream>> into_split() &&;

  /// Shuts down one or both directions (shutdown(2); does not block).
  void shutdown(Shutdown how = Shutdown::Write) { detail::shutdown_stream(io_, how); }
  void set_nodelay(bool on);
  SocketAddr local_addr() const;
  SocketAddr peer_addr() const;
  int native_handle() const noexcept { return io_.fd(); }
  bool is_open() const noexcept { return io_.is_open(); }
  /// Closes the socket now (destruction does the same).
  void close() noexcept { io_.close(); }

private:
  explicit TcpStream(detail::IoSource io) noexcept : io_(std::move(io)) {}
  friend class TcpListener;
  detail::IoSource io_;
};

template <> struct io::is_full_duplex<TcpStream> : std::true_type {};

inline std::pair<io::OwnedReadHalf<TcpStream>, io::OwnedWriteHalf<TcpStream>>
TcpStream::into_split() && {
  return io::split(std::move(*this));
}

class [[nodiscard]] TcpStream::ConnectFuture {
public:
  using Output = TcpStream;
  explicit ConnectFuture(const SocketAddr &addr) : addr_(addr) {}
  Poll<TcpStream> poll(Context &cx);

private:
  SocketAddr addr_;
  detail::IoSource io_;
  bool started_ = false;
};

class [[nodiscard]] TcpStream::ConnectAnyFuture {
public:
  using Output = TcpStream;
  /// The addresses `lookup` resolves to.
  explicit ConnectAnyFuture(net::LookupHost lookup)
      : lookup_(std::in_place, std::move(lookup)) {}
  /// These addresses.
  explicit ConnectAnyFuture(std::vector<SocketAddr> addrs) noexcept
      : addrs_(std::move(addrs)) {}
  Poll<TcpStream> poll(Context &cx);

private:
  std::optional<net::LookupHost> lookup_; ///< reset once resolved
  std::vector<SocketAddr> addrs_;
  size_t next_ = 0; ///< the next address to try
  std::optional<ConnectFuture> attempt_;
  std::exception_ptr last_error_;
  bool done_ = false;
};

inline TcpStream::ReadFuture TcpStream::read(void *buf, size_t len) noexcept {
  return ReadFuture(*this, buf, len);
}
inline TcpStream::ReadExactFuture TcpStream::read_exact(void *buf,
                                                        size_t len) noexcept {
  return ReadExactFuture(*this, buf, len);
}
inline TcpStream::WriteFuture TcpStream::write(const void *buf,
                                               size_t len) noexcept {
  return WriteFuture(*this, buf, len);
}
inline TcpStream::WriteAllFuture TcpStream::write_all(const void *buf,
                                                      size_t len) noexcept {
  return WriteAllFuture(*this, buf, len);
}
inline TcpStream::ConnectFuture TcpStream::connect(const SocketAddr &addr) {
  return ConnectFuture(addr);
}
template <class S, class>
TcpStream::ConnectAnyFuture TcpStream::connect(const S &host_port) {
  return ConnectAnyFuture(net::lookup_host(std::string_view(host_port)));
}
inline TcpStream::ConnectAnyFuture TcpStream::connect(std::string_view host,
                                                      uint16_t port) {
  return ConnectAnyFuture(net::lookup_host(host, port));
}
inline TcpStream::ConnectAnyFuture
TcpStream::connect(std::vector<SocketAddr> addrs) {
  return ConnectAnyFuture(std::move(addrs));
}

class TcpListener {
public:
  class AcceptFuture;

  TcpListener() noexcept = default;
  /// Binds and listens (SO_REUSEADDR); port 0 picks a free port. Throws
  /// std::system_error.
  static TcpListener bind(const SocketAddr &addr, int backlog = 1024);

  /// Output = std::pair<TcpStream, SocketAddr> (the peer).
  AcceptFuture accept() noexcept;
  Poll<std::pair<TcpStream, SocketAddr>> poll_accept(Context &cx);

  SocketAddr local_addr() const;
  int native_handle() const noexcept { return io_.fd(); }

private:
  explicit TcpListener(detail::IoSource io) noexcept : io_(std::move(io)) {}
  detail::IoSource io_;
};

class [[nodiscard]] TcpListener::AcceptFuture {
public:
  using Output = std::pair<TcpStream, SocketAddr>;
  explicit AcceptFuture(TcpListener &l) noexcept : l_(&l) {}
  Poll<Output> poll(Context &cx) { return l_->poll_accept(cx); }

private:
  TcpListener *l_;
};

inline TcpListener::AcceptFuture TcpListener::accept() noexcept {
  return AcceptFuture(*this);
}

} // namespace hoist

#endif // HOIST_NET_TCP_HPP
