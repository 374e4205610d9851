//===- hoist/io/buf_reader.hpp - AsyncBufRead and BufReader -----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Buffered reading (tokio's AsyncBufRead, AsyncBufReadExt and BufReader).
/// The requirement AsyncBufRead adds to AsyncRead:
///
///   Poll<std::string_view> poll_fill_buf(Context &cx);
///       the buffered bytes, reading more from the inner stream first if
///       none are buffered; empty at end of stream. The view is valid until
///       the next call on the reader.
///   void consume(std::size_t n);
///       the first n bytes of that view are used up.
///
/// and the futures over it:
///
///   hoist::io::BufReader<hoist::TcpStream> r(std::move(stream));
///   std::string line;
///   while (co_await r.read_line(line) != 0) {   // appends, '\n' included
///     handle(line);
///     line.clear();
///   }
///   std::vector<char> rec;
///   size_t n = co_await r.read_until('\0', rec);   // io::read_until(r, ...)
///
/// read_until(delim, buf) appends to `buf` (a std::string or
/// std::vector<char>) every byte up to and including `delim`, and is ready
/// with the number appended: 0 only at end of stream; without the delimiter
/// when the stream ended first (the last line of a file with no final
/// newline). read_line is read_until('\n') on a std::string (no UTF-8
/// check, unlike tokio). If either throws or is dropped part way, the bytes
/// consumed so far are in `buf`, as with tokio.
///
/// BufReader<R> owns its inner reader R, or borrows it as BufReader<S &>
/// (`BufReader in(stream)` borrows, `BufReader in(std::move(stream))` owns) and a heap buffer of `capacity` bytes (8 KiB by default, as
/// tokio), allocated at construction. A read at least as large as the
/// buffer, made while it is empty, goes straight to the inner reader.
/// The futures borrow the reader and the output buffer: both must outlive
/// them and stay in place while they are awaited. BufReader forwards
/// poll_write/poll_flush/poll_shutdown to R if R has them, so a buffered
/// socket can still be written.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_BUF_READER_HPP
#define HOIST_IO_BUF_READER_HPP

#include "hoist/io/read_write.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hoist::io {

namespace detail {
template <class T, class = void> struct is_async_buf_read : std::false_type {};
template <class T>
struct is_async_buf_read<
    T, std::enable_if_t<
           std::is_same<decltype(std::declval<T &>().poll_fill_buf(
                            std::declval<Context &>())),
                        Poll<std::string_view>>::value,
           std::void_t<decltype(std::declval<T &>().consume(std::size_t{}))>>>
    : std::true_type {};
} // namespace detail

/// True if T meets AsyncBufRead (see the file comment).
template <class T>
inline constexpr bool is_async_buf_read_v =
    detail::is_async_buf_read<std::remove_reference_t<T>>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept AsyncBufRead = is_async_buf_read_v<T>;
#endif

//===----------------------------------------------------------------------===//
// Futures over any AsyncBufRead
//===----------------------------------------------------------------------===//

/// Output = the buffered bytes (empty: end of stream); see poll_fill_buf.
template <class B> class [[nodiscard]] FillBufFuture {
public:
  using Output = std::string_view;
  explicit FillBufFuture(B &b) noexcept : b_(&b) {}
  Poll<std::string_view> poll(Context &cx) { return b_->poll_fill_buf(cx); }

private:
  B *b_;
};

/// Appends up to and including `delim`; Output = bytes appended (0: end of
/// stream). tokio's read_until (and read_line, with '\n').
template <class B, class Buf> class [[nodiscard]] ReadUntilFuture {
public:
  using Output = std::size_t;
  ReadUntilFuture(B &b, char delim, Buf &out) noexcept
      : b_(&b), out_(&out), delim_(delim) {}
  Poll<std::size_t> poll(Context &cx) {
    for (;;) {
      Poll<std::string_view> p = b_->poll_fill_buf(cx);
      if (p.is_pending())
        return pending;
      std::string_view avail = p.value();
      if (avail.empty())
        return ready(read_); // end of stream
      std::size_t at = avail.find(delim_);
      std::size_t take = at == std::string_view::npos ? avail.size() : at + 1;
      out_->insert(out_->end(), avail.data(), avail.data() + take);
      b_->consume(take);
      read_ += take;
      if (at != std::string_view::npos)
        return ready(read_);
    }
  }

private:
  B *b_;
  Buf *out_;
  char delim_;
  std::size_t read_ = 0;
};

template <class B> FillBufFuture<B> fill_buf(B &b) noexcept {
  static_assert(is_async_buf_read_v<B>,
                "io::fill_buf needs an AsyncBufRead (poll_fill_buf, consume)");
  return FillBufFuture<B>(b);
}
template <class B>
ReadUntilFuture<B, std::vector<char>>
read_until(B &b, char delim, std::vector<char> &out) noexcept {
  static_assert(
      is_async_buf_read_v<B>,
      "io::read_until needs an AsyncBufRead (poll_fill_buf, consume)");
  return ReadUntilFuture<B, std::vector<char>>(b, delim, out);
}
template <class B>
ReadUntilFuture<B, std::string> read_until(B &b, char delim,
                                           std::string &out) noexcept {
  static_assert(
      is_async_buf_read_v<B>,
      "io::read_until needs an AsyncBufRead (poll_fill_buf, consume)");
  return ReadUntilFuture<B, std::string>(b, delim, out);
}
template <class B>
ReadUntilFuture<B, std::string> read_line(B &b, std::string &out) noexcept {
  return io::read_until(b, '\n', out);
}

//===----------------------------------------------------------------------===//
// BufReader
//===----------------------------------------------------------------------===//

template <class R> class BufReader {
  using Inner = std::remove_reference_t<R>;
  static_assert(is_async_read_v<Inner>,
                "BufReader<R> needs an AsyncRead R (poll_read)");

public:
  static constexpr std::size_t kDefaultCapacity = 8 * 1024;

  explicit BufReader(R inner, std::size_t capacity = kDefaultCapacity)
      : inner_(std::forward<R>(inner)), buf_(new char[capacity ? capacity : 1]),
        cap_(capacity ? capacity : 1) {}

  //--- AsyncBufRead ---------------------------------------------------------
  Poll<std::string_view> poll_fill_buf(Context &cx) {
    if (pos_ >= filled_) {
      Poll<std::size_t> p = inner_.poll_read(cx, buf_.get(), cap_);
      if (p.is_pending())
        return pending;
      pos_ = 0;
      filled_ = p.value();
    }
    return ready(std::string_view(buf_.get() + pos_, filled_ - pos_));
  }
  void consume(std::size_t n) noexcept { pos_ = std::min(pos_ + n, filled_); }

  //--- AsyncRead ------------------------------------------------------------
  Poll<std::size_t> poll_read(Context &cx, void *buf, std::size_t len) {
    // Nothing buffered and a large read: skip the copy (tokio does too).
    if (pos_ >= filled_ && len >= cap_)
      return inner_.poll_read(cx, buf, len);
    Poll<std::string_view> p = poll_fill_buf(cx);
    if (p.is_pending())
      return pending;
    std::size_t n = std::min(len, p.value().size());
    if (n)
      std::memcpy(buf, p.value().data(), n);
    consume(n);
    return ready(n);
  }

  //--- AsyncWrite, when the inner stream is one -----------------------------
  template <class I = Inner, class = std::enable_if_t<is_async_write_v<I>>>
  Poll<std::size_t> poll_write(Context &cx, const void *buf, std::size_t len) {
    return inner_.poll_write(cx, buf, len);
  }
  template <class I = Inner, class = std::enable_if_t<is_async_write_v<I>>>
  Poll<void> poll_flush(Context &cx) {
    return io::poll_flush(inner_, cx);
  }
  template <class I = Inner, class = std::enable_if_t<is_async_write_v<I>>>
  Poll<void> poll_shutdown(Context &cx) {
    return io::poll_shutdown(inner_, cx);
  }

  //--- The futures, as members ----------------------------------------------
  ReadFuture<BufReader> read(void *buf, std::size_t len) noexcept {
    return ReadFuture<BufReader>(*this, buf, len);
  }
  ReadExactFuture<BufReader> read_exact(void *buf, std::size_t len) noexcept {
    return ReadExactFuture<BufReader>(*this, buf, len);
  }
  FillBufFuture<BufReader> fill_buf() noexcept {
    return FillBufFuture<BufReader>(*this);
  }
  ReadUntilFuture<BufReader, std::string>
  read_until(char delim, std::string &out) noexcept {
    return ReadUntilFuture<BufReader, std::string>(*this, delim, out);
  }
  ReadUntilFuture<BufReader, std::vector<char>>
  read_until(char delim, std::vector<char> &out) noexcept {
    return ReadUntilFuture<BufReader, std::vector<char>>(*this, delim, out);
  }
  ReadUntilFuture<BufReader, std::string> read_line(std::string &out) noexcept {
    return read_until('\n', out);
  }

  //--- Access ---------------------------------------------------------------
  Inner &get_ref() noexcept { return inner_; }
  const Inner &get_ref() const noexcept { return inner_; }
  Inner &get_mut() noexcept { return inner_; }
  /// The inner reader; whatever is still buffered is lost.
  R into_inner() && { return std::forward<R>(inner_); }
  /// The bytes read from the inner reader but not yet consumed.
  std::string_view buffer() const noexcept {
    return std::string_view(buf_.get() + pos_, filled_ - pos_);
  }
  std::size_t capacity() const noexcept { return cap_; }

private:
  R inner_;
  std::unique_ptr<char[]> buf_;
  std::size_t cap_;
  std::size_t pos_ = 0;    ///< first unconsumed byte
  std::size_t filled_ = 0; ///< end of the buffered bytes
};

/// Deduction: `BufReader b(stream)` borrows an lvalue stream (BufReader<S &>);
/// `BufReader b(std::move(stream))` owns it (BufReader<S>).
template <class S> BufReader(S &, std::size_t = 0) -> BufReader<S &>;
template <class S> BufReader(S &&, std::size_t = 0) -> BufReader<S>;

} // namespace hoist::io

#endif // HOIST_IO_BUF_READER_HPP
