//===- hoist/io/buf_writer.hpp - BufWriter ----------------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `BufWriter<W>` (tokio's BufWriter) collects small writes in a buffer and
/// hands them to the inner writer W in large ones:
///
///   hoist::io::BufWriter<hoist::TcpStream &> w(stream);
///   for (const std::string &line : lines)
///     co_await w.write_all(line.data(), line.size());   // mostly memcpy
///   co_await w.flush();                                 // now it is sent
///
/// A write that does not fit in the free space first writes the buffer
/// out; a write at least as large as the buffer then goes straight to W.
/// poll_flush writes the buffer out and flushes W; poll_shutdown does that
/// and then shuts W down. Nothing is written at destruction: bytes still
/// buffered when a BufWriter is destroyed are lost (as with tokio), so
/// flush (or shut down) before dropping it.
///
/// BufWriter<W> owns W, or borrows it as BufWriter<S &> (`BufWriter
/// out(stream)` borrows, `BufWriter out(std::move(stream))` owns) and a heap buffer of
/// `capacity` bytes (8 KiB by default). The futures borrow the writer and
/// the data: both must outlive them and stay in place while awaited.
/// BufWriter forwards poll_read (and fill_buf/consume) to W if W has them,
/// so a buffered socket can still be read.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_BUF_WRITER_HPP
#define HOIST_IO_BUF_WRITER_HPP

#include "hoist/io/buf_reader.hpp"
#include "hoist/io/read_write.hpp"

#include <cstring>
#include <memory>
#include <string_view>

namespace hoist::io {

template <class W> class BufWriter {
  using Inner = std::remove_reference_t<W>;
  static_assert(is_async_write_v<Inner>,
                "BufWriter<W> needs an AsyncWrite W (poll_write)");

public:
  static constexpr std::size_t kDefaultCapacity = 8 * 1024;

  explicit BufWriter(W inner, std::size_t capacity = kDefaultCapacity)
      : inner_(std::forward<W>(inner)), buf_(new char[capacity ? capacity : 1]),
        cap_(capacity ? capacity : 1) {}

  //--- AsyncWrite -----------------------------------------------------------
  Poll<std::size_t> poll_write(Context &cx, const void *buf, std::size_t len) {
    if (len_ + len > cap_ && poll_flush_buf(cx).is_pending())
      return pending;
    if (len >= cap_)
      return inner_.poll_write(cx, buf, len); // the buffer is empty here
    std::memcpy(buf_.get() + len_, buf, len);
    len_ += len;
    return ready(len);
  }
  Poll<void> poll_flush(Context &cx) {
    if (poll_flush_buf(cx).is_pending())
      return pending;
    return io::poll_flush(inner_, cx);
  }
  Poll<void> poll_shutdown(Context &cx) {
    if (poll_flush_buf(cx).is_pending())
      return pending;
    return io::poll_shutdown(inner_, cx);
  }

  //--- AsyncRead / AsyncBufRead, when the inner stream is one ---------------
  template <class I = Inner, class = std::enable_if_t<is_async_read_v<I>>>
  Poll<std::size_t> poll_read(Context &cx, void *buf, std::size_t len) {
    return inner_.poll_read(cx, buf, len);
  }
  template <class I = Inner, class = std::enable_if_t<is_async_buf_read_v<I>>>
  Poll<std::string_view> poll_fill_buf(Context &cx) {
    return inner_.poll_fill_buf(cx);
  }
  template <class I = Inner, class = std::enable_if_t<is_async_buf_read_v<I>>>
  void consume(std::size_t n) {
    inner_.consume(n);
  }

  //--- The futures, as members ----------------------------------------------
  WriteFuture<BufWriter> write(const void *buf, std::size_t len) noexcept {
    return WriteFuture<BufWriter>(*this, buf, len);
  }
  WriteAllFuture<BufWriter> write_all(const void *buf,
                                      std::size_t len) noexcept {
    return WriteAllFuture<BufWriter>(*this, buf, len);
  }
  /// The bytes of `s`, which must outlive the future.
  WriteAllFuture<BufWriter> write_all(std::string_view s) noexcept {
    return WriteAllFuture<BufWriter>(*this, s.data(), s.size());
  }
  FlushFuture<BufWriter> flush() noexcept {
    return FlushFuture<BufWriter>(*this);
  }
  ShutdownFuture<BufWriter> shutdown() noexcept {
    return ShutdownFuture<BufWriter>(*this);
  }

  //--- Access ---------------------------------------------------------------
  Inner &get_ref() noexcept { return inner_; }
  const Inner &get_ref() const noexcept { return inner_; }
  Inner &get_mut() noexcept { return inner_; }
  /// The inner writer; whatever is still buffered is lost.
  W into_inner() && { return std::forward<W>(inner_); }
  /// The bytes written to this BufWriter but not yet to W.
  std::string_view buffer() const noexcept {
    return std::string_view(buf_.get(), len_);
  }
  std::size_t capacity() const noexcept { return cap_; }

private:
  /// Writes the buffer out to W; ready once it is empty. Throws
  /// io::Errc::write_zero if W accepts nothing.
  Poll<void> poll_flush_buf(Context &cx) {
    while (written_ < len_) {
      Poll<std::size_t> p =
          inner_.poll_write(cx, buf_.get() + written_, len_ - written_);
      if (p.is_pending())
        return pending;
      if (p.value() == 0)
        detail::throw_write_zero("hoist: BufWriter's writer accepted no bytes");
      written_ += p.value();
    }
    written_ = len_ = 0;
    return ready();
  }

  W inner_;
  std::unique_ptr<char[]> buf_;
  std::size_t cap_;
  std::size_t len_ = 0;     ///< bytes in the buffer
  std::size_t written_ = 0; ///< of which already written to W
};

/// Deduction: `BufWriter b(stream)` borrows an lvalue stream (BufWriter<S &>);
/// `BufWriter b(std::move(stream))` owns it (BufWriter<S>).
template <class S> BufWriter(S &, std::size_t = 0) -> BufWriter<S &>;
template <class S> BufWriter(S &&, std::size_t = 0) -> BufWriter<S>;

} // namespace hoist::io

#endif // HOIST_IO_BUF_WRITER_HPP
