//===- hoist/io/read_write.hpp - AsyncRead, AsyncWrite, futures -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The byte-stream requirements every stream in the runtime meets, and the
/// futures written once over them (tokio's AsyncRead/AsyncWrite with
/// AsyncReadExt/AsyncWriteExt):
///
///   AsyncRead   Poll<size_t> poll_read(Context &cx, void *buf, size_t len);
///               ready(n): n bytes were read into buf (1 <= n <= len), or 0
///               at end of stream (or when len == 0). Pending: the waker of
///               cx will be woken when reading may make progress.
///   AsyncWrite  Poll<size_t> poll_write(Context &cx, const void *buf,
///                                       size_t len);
///               ready(n): n bytes of buf were accepted (n > 0 unless
///               len == 0). Optional members, detected:
///               Poll<void> poll_flush(Context &cx)      (default: ready)
///               Poll<void> poll_shutdown(Context &cx)   (default: flush,
///                 then `shutdown(Shutdown::Write)` if the type has it)
///
/// TcpStream, UnixStream, pipe::Receiver/Sender, BufReader, BufWriter and
/// the halves of io::split meet them; so does any user type with those
/// members. Errors are exceptions (std::system_error), as everywhere in the
/// runtime; the two conditions a byte stream adds have codes of
/// io::error_category(): `io::Errc::unexpected_eof` (read_exact ran out of
/// stream; tokio's UnexpectedEof) and `io::Errc::write_zero` (a writer
/// accepted no bytes; tokio's WriteZero).
///
/// The futures *borrow* the stream and the buffer, like tokio's: both must
/// outlive the future and stay in place while it is awaited. A future
/// dropped part way (a select it lost) has transferred some bytes already;
/// read_exact and write_all do not say how many, as in tokio.
///
///   size_t n = co_await hoist::io::read(s, buf, sizeof buf);  // 0: end
///   co_await hoist::io::read_exact(s, hdr, sizeof hdr);        // or throws
///   co_await hoist::io::write_all(s, "hello\n");               // string_view
///   co_await hoist::io::flush(w);
///   co_await hoist::io::shutdown(w);                           // FIN / close
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_READ_WRITE_HPP
#define HOIST_IO_READ_WRITE_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace hoist {

/// Which directions shutdown() closes (sockets).
enum class Shutdown { Read, Write, Both };

namespace io {

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

/// The error conditions of byte streams, as codes of io::error_category().
enum class Errc {
  unexpected_eof = 1, ///< the stream ended before read_exact was satisfied
  write_zero,         ///< a writer accepted 0 bytes of a non-empty buffer
};

/// The category "hoist.io" of io::Errc.
const std::error_category &error_category() noexcept;
inline std::error_code make_error_code(Errc e) noexcept {
  return std::error_code(static_cast<int>(e), error_category());
}

namespace detail {
[[noreturn]] void throw_unexpected_eof(const char *what);
[[noreturn]] void throw_write_zero(const char *what);
} // namespace detail

} // namespace io
} // namespace hoist

template <> struct std::is_error_code_enum<hoist::io::Errc> : std::true_type {};

namespace hoist {
namespace io {

//===----------------------------------------------------------------------===//
// The requirements, as traits (and C++20 concepts)
//===----------------------------------------------------------------------===//

namespace detail {
template <class T, class = void> struct is_async_read : std::false_type {};
template <class T>
struct is_async_read<
    T,
    std::enable_if_t<std::is_same<decltype(std::declval<T &>().poll_read(
                                      std::declval<Context &>(),
                                      std::declval<void *>(), std::size_t{})),
                                  Poll<std::size_t>>::value>> : std::true_type {
};

template <class T, class = void> struct is_async_write : std::false_type {};
template <class T>
struct is_async_write<T, std::enable_if_t<std::is_same<
                             decltype(std::declval<T &>().poll_write(
                                 std::declval<Context &>(),
                                 std::declval<const void *>(), std::size_t{})),
                             Poll<std::size_t>>::value>> : std::true_type {};

template <class T, class = void> struct has_poll_flush : std::false_type {};
template <class T>
struct has_poll_flush<T, std::void_t<decltype(std::declval<T &>().poll_flush(
                             std::declval<Context &>()))>> : std::true_type {};

template <class T, class = void> struct has_poll_shutdown : std::false_type {};
template <class T>
struct has_poll_shutdown<T,
                         std::void_t<decltype(std::declval<T &>().poll_shutdown(
                             std::declval<Context &>()))>> : std::true_type {};

template <class T, class = void> struct has_shutdown_how : std::false_type {};
template <class T>
struct has_shutdown_how<
    T, std::void_t<decltype(std::declval<T &>().shutdown(Shutdown::Write))>>
    : std::true_type {};
} // namespace detail

/// True if T meets AsyncRead (see the file comment).
template <class T>
inline constexpr bool is_async_read_v =
    detail::is_async_read<std::remove_reference_t<T>>::value;
/// True if T meets AsyncWrite (see the file comment).
template <class T>
inline constexpr bool is_async_write_v =
    detail::is_async_write<std::remove_reference_t<T>>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept AsyncRead = is_async_read_v<T>;
template <class T>
concept AsyncWrite = is_async_write_v<T>;
#endif

/// `w.poll_flush(cx)` if W has it; otherwise ready (nothing is buffered).
template <class W> Poll<void> poll_flush(W &w, Context &cx) {
  if constexpr (detail::has_poll_flush<W>::value)
    return w.poll_flush(cx);
  else
    return ready();
}

/// `w.poll_shutdown(cx)` if W has it; otherwise flushes, then calls
/// `w.shutdown(Shutdown::Write)` if W has that (a socket's FIN).
template <class W> Poll<void> poll_shutdown(W &w, Context &cx) {
  if constexpr (detail::has_poll_shutdown<W>::value) {
    return w.poll_shutdown(cx);
  } else {
    if (poll_flush(w, cx).is_pending())
      return pending;
    if constexpr (detail::has_shutdown_how<W>::value)
      w.shutdown(Shutdown::Write);
    return ready();
  }
}

//===----------------------------------------------------------------------===//
// Futures over any AsyncRead / AsyncWrite
//===----------------------------------------------------------------------===//

/// One poll_read; Output = bytes read (0: end of stream). tokio's `read`.
template <class R> class [[nodiscard]] ReadFuture {
public:
  using Output = std::size_t;
  ReadFuture(R &r, void *buf, std::size_t len) noexcept
      : r_(&r), buf_(buf), len_(len) {}
  Poll<std::size_t> poll(Context &cx) { return r_->poll_read(cx, buf_, len_); }

private:
  R *r_;
  void *buf_;
  std::size_t len_;
};

/// Reads until `len` bytes are in; throws io::Errc::unexpected_eof if the
/// stream ends first (the bytes read so far stay in the buffer). Output =
/// void. tokio's `read_exact`.
template <class R> class [[nodiscard]] ReadExactFuture {
public:
  using Output = void;
  ReadExactFuture(R &r, void *buf, std::size_t len) noexcept
      : r_(&r), buf_(static_cast<char *>(buf)), len_(len) {}
  Poll<void> poll(Context &cx) {
    while (done_ < len_) {
      Poll<std::size_t> p = r_->poll_read(cx, buf_ + done_, len_ - done_);
      if (p.is_pending())
        return pending;
      if (p.value() == 0)
        detail::throw_unexpected_eof(
            "hoist: stream ended before read_exact filled its buffer");
      done_ += p.value();
    }
    return ready();
  }

private:
  R *r_;
  char *buf_;
  std::size_t len_;
  std::size_t done_ = 0;
};

/// Reads to end of stream, appending to `out` (a std::string or
/// std::vector<char>); Output = bytes appended. tokio's `read_to_end`.
template <class R, class Buf> class [[nodiscard]] ReadToEndFuture {
public:
  using Output = std::size_t;
  ReadToEndFuture(R &r, Buf &out) noexcept : r_(&r), out_(&out) {}
  Poll<std::size_t> poll(Context &cx) {
    for (;;) {
      // Read straight into the tail, grown by `chunk_` bytes (the
      // container's own growth is geometric). resize() zero-fills what it
      // adds, so the chunk starts small and doubles only while reads fill
      // it: the fill costs about what the reads do.
      std::size_t old = out_->size();
      std::size_t room = chunk_;
      out_->resize(old + room);
      Poll<std::size_t> p = poll_tail(cx, old, room);
      std::size_t n = p.is_ready() ? p.value() : 0;
      out_->resize(old + n);
      if (p.is_pending())
        return pending;
      if (n == 0)
        return ready(total_);
      total_ += n;
      if (n == room && chunk_ < kMaxChunk)
        chunk_ *= 2;
    }
  }

private:
  Poll<std::size_t> poll_tail(Context &cx, std::size_t old, std::size_t room) {
    try {
      return r_->poll_read(cx, &(*out_)[old], room);
    } catch (...) {
      out_->resize(old); // the bytes appended before the error stay
      throw;
    }
  }

  static constexpr std::size_t kMaxChunk = 1 << 20;
  R *r_;
  Buf *out_;
  std::size_t total_ = 0;
  std::size_t chunk_ = 8 * 1024;
};

/// One poll_write; Output = bytes accepted. tokio's `write`.
template <class W> class [[nodiscard]] WriteFuture {
public:
  using Output = std::size_t;
  WriteFuture(W &w, const void *buf, std::size_t len) noexcept
      : w_(&w), buf_(buf), len_(len) {}
  Poll<std::size_t> poll(Context &cx) { return w_->poll_write(cx, buf_, len_); }

private:
  W *w_;
  const void *buf_;
  std::size_t len_;
};

/// Writes every byte of the buffer, suspending while the writer is full;
/// throws io::Errc::write_zero if the writer accepts nothing. Output =
/// void. tokio's `write_all`.
template <class W> class [[nodiscard]] WriteAllFuture {
public:
  using Output = void;
  WriteAllFuture(W &w, const void *buf, std::size_t len) noexcept
      : w_(&w), buf_(static_cast<const char *>(buf)), len_(len) {}
  Poll<void> poll(Context &cx) {
    while (done_ < len_) {
      Poll<std::size_t> p = w_->poll_write(cx, buf_ + done_, len_ - done_);
      if (p.is_pending())
        return pending;
      if (p.value() == 0)
        detail::throw_write_zero(
            "hoist: writer accepted no bytes in write_all");
      done_ += p.value();
    }
    return ready();
  }

private:
  W *w_;
  const char *buf_;
  std::size_t len_;
  std::size_t done_ = 0;
};

/// Output = void once everything buffered reached the destination.
template <class W> class [[nodiscard]] FlushFuture {
public:
  using Output = void;
  explicit FlushFuture(W &w) noexcept : w_(&w) {}
  Poll<void> poll(Context &cx) { return io::poll_flush(*w_, cx); }

private:
  W *w_;
};

/// Output = void once the writer is flushed and its write side closed.
template <class W> class [[nodiscard]] ShutdownFuture {
public:
  using Output = void;
  explicit ShutdownFuture(W &w) noexcept : w_(&w) {}
  Poll<void> poll(Context &cx) { return io::poll_shutdown(*w_, cx); }

private:
  W *w_;
};

//===----------------------------------------------------------------------===//
// The free functions (tokio's AsyncReadExt / AsyncWriteExt)
//===----------------------------------------------------------------------===//

template <class R>
ReadFuture<R> read(R &r, void *buf, std::size_t len) noexcept {
  static_assert(is_async_read_v<R>, "io::read needs an AsyncRead (poll_read)");
  return ReadFuture<R>(r, buf, len);
}
template <class R>
ReadExactFuture<R> read_exact(R &r, void *buf, std::size_t len) noexcept {
  static_assert(is_async_read_v<R>,
                "io::read_exact needs an AsyncRead (poll_read)");
  return ReadExactFuture<R>(r, buf, len);
}
template <class R>
ReadToEndFuture<R, std::vector<char>>
read_to_end(R &r, std::vector<char> &out) noexcept {
  static_assert(is_async_read_v<R>,
                "io::read_to_end needs an AsyncRead (poll_read)");
  return ReadToEndFuture<R, std::vector<char>>(r, out);
}
/// tokio's read_to_string (no UTF-8 check: bytes are appended as they are).
template <class R>
ReadToEndFuture<R, std::string> read_to_string(R &r,
                                               std::string &out) noexcept {
  static_assert(is_async_read_v<R>,
                "io::read_to_string needs an AsyncRead (poll_read)");
  return ReadToEndFuture<R, std::string>(r, out);
}
template <class W>
WriteFuture<W> write(W &w, const void *buf, std::size_t len) noexcept {
  static_assert(is_async_write_v<W>,
                "io::write needs an AsyncWrite (poll_write)");
  return WriteFuture<W>(w, buf, len);
}
template <class W>
WriteAllFuture<W> write_all(W &w, const void *buf, std::size_t len) noexcept {
  static_assert(is_async_write_v<W>,
                "io::write_all needs an AsyncWrite (poll_write)");
  return WriteAllFuture<W>(w, buf, len);
}
/// The bytes of `s`, which must outlive the future (a literal, a string).
template <class W>
WriteAllFuture<W> write_all(W &w, std::string_view s) noexcept {
  return io::write_all(w, s.data(), s.size());
}
template <class W> FlushFuture<W> flush(W &w) noexcept {
  static_assert(is_async_write_v<W>,
                "io::flush needs an AsyncWrite (poll_write)");
  return FlushFuture<W>(w);
}
template <class W> ShutdownFuture<W> shutdown(W &w) noexcept {
  static_assert(is_async_write_v<W>,
                "io::shutdown needs an AsyncWrite (poll_write)");
  return ShutdownFuture<W>(w);
}

} // namespace io
} // namespace hoist

#endif // HOIST_IO_READ_WRITE_HPP
