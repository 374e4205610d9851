//===- hoist/net/unix_stream.hpp - UnixListener and UnixStream --*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Non-blocking Unix domain stream sockets over the reactor, with tokio's
/// names; the same operations as TcpStream (the futures are shared, see
/// net/stream.hpp):
///
///   auto listener = hoist::UnixListener::bind("/run/app.sock");  // or "@app"
///   auto [stream, peer] = co_await listener.accept();
///   size_t n = co_await stream.read(buf, sizeof buf);            // 0: end
///   co_await stream.write_all(buf, n);
///
///   hoist::UnixStream c = co_await hoist::UnixStream::connect("/run/app.sock");
///   auto [a, b] = hoist::UnixStream::pair();                      // socketpair
///
/// Addresses are UnixSocketAddr: a path, or an abstract name (Linux) when
/// the text begins with '@' or NUL. Binding a path creates the socket file;
/// it is not removed when the listener closes (as with tokio: unlink it,
/// or use an abstract name), and binding over an existing file fails with
/// EADDRINUSE. A connect to a listener whose backlog is full fails with
/// EAGAIN (Linux does not queue it). Errors are thrown as std::system_error.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_NET_UNIX_STREAM_HPP
#define HOIST_NET_UNIX_STREAM_HPP

#include "hoist/io/split.hpp"
#include "hoist/net/io_source.hpp"
#include "hoist/net/stream.hpp"
#include "hoist/net/unix_addr.hpp"

#include <cstddef>
#include <sys/types.h>
#include <utility>

namespace hoist {

/// The credentials of a Unix socket's peer, as the kernel recorded them
/// when it connected (SO_PEERCRED; tokio's UCred).
struct UCred {
  pid_t pid;
  uid_t uid;
  gid_t gid;
};

class UnixStream {
public:
  class ConnectFuture;
  using ReadFuture = io::ReadFuture<UnixStream>;
  using WriteFuture = io::WriteFuture<UnixStream>;
  using ReadExactFuture = io::ReadExactFuture<UnixStream>;
  using WriteAllFuture = io::WriteAllFuture<UnixStream>;

  UnixStream() noexcept = default;
  /// Adopts a connected Unix stream socket (made non-blocking).
  static UnixStream from_fd(int fd);
  /// Connects to `addr`; Output = UnixStream.
  static ConnectFuture connect(const UnixSocketAddr &addr);
  /// Two connected, unnamed sockets (socketpair(2)).
  static std::pair<UnixStream, UnixStream> pair();

  /// Reads up to `len` bytes; Output = bytes read (0: end of stream).
  ReadFuture read(void *buf, size_t len) noexcept { return ReadFuture(*this, buf, len); }
  /// Reads exactly `len` bytes; throws if the stream ends first.
  ReadExactFuture read_exact(void *buf, size_t len) noexcept {
    return ReadExactFuture(*this, buf, len);
  }
  /// Writes up to `len` bytes; Output = bytes written.
  WriteFuture write(const void *buf, size_t len) noexcept {
    return WriteFuture(*this, buf, len);
  }
  /// Writes all `len` bytes.
  WriteAllFuture write_all(const void *buf, size_t len) noexcept {
    return WriteAllFuture(*this, buf, len);
  }

  /// Poll-style read and write, for hand-written futures.
  Poll<size_t> poll_read(Context &cx, void *buf, size_t len) {
    return detail::poll_stream_read(io_, cx, buf, len);
  }
  Poll<size_t> poll_write(Context &cx, const void *buf, size_t len) {
    return detail::poll_stream_write(io_, cx, buf, len);
  }

  /// Owned read and write halves, usable from two tasks at once; dropping
  /// the write half shuts the write direction down (io/split.hpp).
  std::pair<io::OwnedReadHalf<UnixStream>, io::OwnedWriteHalf<UnixStream>> into_split() &&;

  /// Shuts down one or both directions (shutdown(2); does not block).
  void shutdown(Shutdown how = Shutdown::Write) { detail::shutdown_stream(io_, how); }
  UnixSocketAddr local_addr() const;
  UnixSocketAddr peer_addr() const;
  /// Who is at the other end (SO_PEERCRED): for access control by user.
  UCred peer_cred() const;
  int native_handle() const noexcept { return io_.fd(); }
  bool is_open() const noexcept { return io_.is_open(); }
  /// Closes the socket now (destruction does the same).
  void close() noexcept { io_.close(); }

private:
  explicit UnixStream(detail::IoSource io) noexcept : io_(std::move(io)) {}
  friend class UnixListener;
  detail::IoSource io_;
};

template <> struct io::is_full_duplex<UnixStream> : std::true_type {};

inline std::pair<io::OwnedReadHalf<UnixStream>, io::OwnedWriteHalf<UnixStream>>
UnixStream::into_split() && {
  return io::split(std::move(*this));
}

class [[nodiscard]] UnixStream::ConnectFuture {
public:
  using Output = UnixStream;
  explicit ConnectFuture(const UnixSocketAddr &addr) : addr_(addr) {}
  Poll<UnixStream> poll(Context &cx);

private:
  UnixSocketAddr addr_;
  detail::IoSource io_;
  bool started_ = false;
};

inline UnixStream::ConnectFuture UnixStream::connect(const UnixSocketAddr &addr) {
  return ConnectFuture(addr);
}

class UnixListener {
public:
  class AcceptFuture;

  UnixListener() noexcept = default;
  /// Adopts a listening socket (made non-blocking), for example one
  /// handed over by systemd's socket activation.
  static UnixListener from_fd(int fd);
  /// Binds and listens. Throws std::system_error (EADDRINUSE if the path
  /// exists or the abstract name is taken).
  static UnixListener bind(const UnixSocketAddr &addr, int backlog = 1024);

  /// Output = std::pair<UnixStream, UnixSocketAddr> (the peer; usually
  /// unnamed, since clients rarely bind).
  AcceptFuture accept() noexcept;
  Poll<std::pair<UnixStream, UnixSocketAddr>> poll_accept(Context &cx);

  UnixSocketAddr local_addr() const;
  int native_handle() const noexcept { return io_.fd(); }

private:
  explicit UnixListener(detail::IoSource io) noexcept : io_(std::move(io)) {}
  detail::IoSource io_;
};

class [[nodiscard]] UnixListener::AcceptFuture {
public:
  using Output = std::pair<UnixStream, UnixSocketAddr>;
  explicit AcceptFuture(UnixListener &l) noexcept : l_(&l) {}
  Poll<Output> poll(Context &cx) { return l_->poll_accept(cx); }

private:
  UnixListener *l_;
};

inline UnixListener::AcceptFuture UnixListener::accept() noexcept {
  return AcceptFuture(*this);
}

} // namespace hoist

#endif // HOIST_NET_UNIX_STREAM_HPP
