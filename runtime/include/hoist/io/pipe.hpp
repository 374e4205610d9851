//===- hoist/io/pipe.hpp - Unix pipes as byte streams -----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The two ends of a Unix pipe (or FIFO) as an AsyncRead and an AsyncWrite,
/// built on AsyncFd (tokio's tokio::net::unix::pipe::{Receiver, Sender}):
///
///   auto [rx, tx] = hoist::pipe::pipe();   // pipe2, O_NONBLOCK|O_CLOEXEC
///   co_await hoist::io::write_all(tx, "hello\n");
///   co_await hoist::io::shutdown(tx);      // closes the write end: EOF
///   size_t n = co_await hoist::io::read(rx, buf, sizeof buf);
///
/// Each end owns its descriptor and closes it on destruction. `from_fd`
/// adopts an end made elsewhere (a child's stdout, a FIFO), setting
/// O_NONBLOCK. Writing to a pipe whose read end is closed fails with EPIPE
/// (std::system_error) and raises no SIGPIPE: the signal is blocked in the
/// writing thread around the write and taken back, as sockets avoid it
/// with MSG_NOSIGNAL. Errors are std::system_error. One task may read while another writes (they are
/// different descriptors); the ends may move between tasks and threads.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_PIPE_HPP
#define HOIST_IO_PIPE_HPP

#include "hoist/io/async_fd.hpp"
#include "hoist/io/read_write.hpp"

#include <cstddef>
#include <utility>

namespace hoist::pipe {

class Receiver;
class Sender;
/// A new pipe: {read end, write end}. Throws std::system_error.
std::pair<Receiver, Sender> pipe();

/// The read end of a pipe: an AsyncRead.
class Receiver {
public:
  Receiver() noexcept = default;
  /// Adopts the read end `fd` (made non-blocking); throws std::system_error.
  static Receiver from_fd(int fd);

  /// Reads up to `len` bytes; Output = bytes read (0: every writer closed).
  io::ReadFuture<Receiver> read(void *buf, std::size_t len) noexcept {
    return io::ReadFuture<Receiver>(*this, buf, len);
  }
  io::ReadExactFuture<Receiver> read_exact(void *buf,
                                           std::size_t len) noexcept {
    return io::ReadExactFuture<Receiver>(*this, buf, len);
  }
  Poll<std::size_t> poll_read(Context &cx, void *buf, std::size_t len);

  int native_handle() const noexcept { return fd_.native_handle(); }
  bool is_open() const noexcept { return fd_.native_handle() >= 0; }
  void close() noexcept { fd_ = AsyncFd(); }

private:
  friend std::pair<Receiver, Sender> pipe();
  explicit Receiver(AsyncFd fd) noexcept : fd_(std::move(fd)) {}
  AsyncFd fd_;
};

/// The write end of a pipe: an AsyncWrite whose shutdown closes it (the
/// reader then sees end of stream once it has read what was written).
class Sender {
public:
  Sender() noexcept = default;
  /// Adopts the write end `fd` (made non-blocking); throws std::system_error.
  static Sender from_fd(int fd);

  /// Writes up to `len` bytes; Output = bytes written.
  io::WriteFuture<Sender> write(const void *buf, std::size_t len) noexcept {
    return io::WriteFuture<Sender>(*this, buf, len);
  }
  io::WriteAllFuture<Sender> write_all(const void *buf,
                                       std::size_t len) noexcept {
    return io::WriteAllFuture<Sender>(*this, buf, len);
  }
  Poll<std::size_t> poll_write(Context &cx, const void *buf, std::size_t len);
  /// Closes the write end (a pipe has nothing to flush).
  Poll<void> poll_shutdown(Context &) noexcept {
    close();
    return ready();
  }

  int native_handle() const noexcept { return fd_.native_handle(); }
  bool is_open() const noexcept { return fd_.native_handle() >= 0; }
  void close() noexcept { fd_ = AsyncFd(); }

private:
  friend std::pair<Receiver, Sender> pipe();
  explicit Sender(AsyncFd fd) noexcept : fd_(std::move(fd)) {}
  AsyncFd fd_;
};

} // namespace hoist::pipe

#endif // HOIST_IO_PIPE_HPP
