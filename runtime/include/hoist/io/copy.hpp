//===- hoist/io/copy.hpp - Copying a reader into a writer -------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `io::copy(reader, writer)` (tokio's io::copy) reads until end of stream
/// and writes everything it read; Output = the number of bytes copied
/// (uint64_t). It then flushes the writer, but does not shut it down.
///
///   uint64_t n = co_await hoist::io::copy(pipe_rx, socket);
///   co_await hoist::io::shutdown(socket);   // if the peer should see EOF
///
/// copy owns an 8 KiB heap buffer, allocated at its first poll (as tokio's
/// copy does); `io::copy_buf(buf_reader, writer)` uses the reader's own
/// buffer instead (tokio's copy_buf). While the reader has nothing to give,
/// the writer is flushed, so that bytes do not wait in a BufWriter for the
/// next read. Both futures borrow the reader and the writer: keep them
/// alive while the copy is awaited. Errors from either side are thrown; a
/// writer that accepts 0 bytes throws io::Errc::write_zero. A copy
/// dropped part way has moved an unknown number of bytes.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_COPY_HPP
#define HOIST_IO_COPY_HPP

#include "hoist/io/buf_reader.hpp"
#include "hoist/io/read_write.hpp"

#include <cstdint>
#include <memory>

namespace hoist::io {

template <class R, class W> class [[nodiscard]] CopyFuture {
public:
  using Output = std::uint64_t;
  static constexpr std::size_t kBufferSize = 8 * 1024;

  CopyFuture(R &r, W &w) noexcept : r_(&r), w_(&w) {}

  Poll<std::uint64_t> poll(Context &cx) {
    if (!buf_)
      buf_.reset(new char[kBufferSize]);
    for (;;) {
      if (pos_ == cap_ && !eof_) {
        Poll<std::size_t> p = r_->poll_read(cx, buf_.get(), kBufferSize);
        if (p.is_pending()) {
          // Nothing to write until the reader wakes us: push out what the
          // writer holds meanwhile (its waker is registered too if it
          // cannot finish).
          if (need_flush_ && io::poll_flush(*w_, cx).is_ready())
            need_flush_ = false;
          return pending;
        }
        if (p.value() == 0) {
          eof_ = true;
        } else {
          pos_ = 0;
          cap_ = p.value();
        }
      }
      while (pos_ < cap_) {
        Poll<std::size_t> p =
            w_->poll_write(cx, buf_.get() + pos_, cap_ - pos_);
        if (p.is_pending())
          return pending;
        if (p.value() == 0)
          detail::throw_write_zero("hoist: copy's writer accepted no bytes");
        pos_ += p.value();
        amt_ += p.value();
        need_flush_ = true;
      }
      if (eof_) {
        if (io::poll_flush(*w_, cx).is_pending())
          return pending;
        return ready(amt_);
      }
    }
  }

private:
  R *r_;
  W *w_;
  std::unique_ptr<char[]> buf_;
  std::size_t pos_ = 0, cap_ = 0; ///< the bytes [pos_, cap_) are still to write
  std::uint64_t amt_ = 0;
  bool eof_ = false;
  bool need_flush_ = false;
};

template <class B, class W> class [[nodiscard]] CopyBufFuture {
public:
  using Output = std::uint64_t;
  CopyBufFuture(B &r, W &w) noexcept : r_(&r), w_(&w) {}

  Poll<std::uint64_t> poll(Context &cx) {
    for (;;) {
      Poll<std::string_view> p = r_->poll_fill_buf(cx);
      if (p.is_pending()) {
        if (need_flush_ && io::poll_flush(*w_, cx).is_ready())
          need_flush_ = false;
        return pending;
      }
      std::string_view avail = p.value();
      if (avail.empty()) {
        if (io::poll_flush(*w_, cx).is_pending())
          return pending;
        return ready(amt_);
      }
      Poll<std::size_t> n = w_->poll_write(cx, avail.data(), avail.size());
      if (n.is_pending())
        return pending;
      if (n.value() == 0)
        detail::throw_write_zero("hoist: copy_buf's writer accepted no bytes");
      r_->consume(n.value());
      amt_ += n.value();
      need_flush_ = true;
    }
  }

private:
  B *r_;
  W *w_;
  std::uint64_t amt_ = 0;
  bool need_flush_ = false;
};

/// Copies `r` to end of stream into `w`; Output = bytes copied.
template <class R, class W> CopyFuture<R, W> copy(R &r, W &w) noexcept {
  static_assert(is_async_read_v<R>, "io::copy needs an AsyncRead reader");
  static_assert(is_async_write_v<W>, "io::copy needs an AsyncWrite writer");
  return CopyFuture<R, W>(r, w);
}

/// copy through the buffer of an AsyncBufRead (no buffer of its own).
template <class B, class W> CopyBufFuture<B, W> copy_buf(B &r, W &w) noexcept {
  static_assert(is_async_buf_read_v<B>,
                "io::copy_buf needs an AsyncBufRead reader");
  static_assert(is_async_write_v<W>, "io::copy_buf needs an AsyncWrite writer");
  return CopyBufFuture<B, W>(r, w);
}

} // namespace hoist::io

#endif // HOIST_IO_COPY_HPP
