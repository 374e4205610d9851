//===- hoist/io/split.hpp - Owned read and write halves ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `io::split(stream)` divides a full-duplex stream into an owned read half
/// and an owned write half, which can move to two tasks (on two threads)
/// and be used at once: one reads while the other writes (tokio's
/// TcpStream::into_split and its OwnedReadHalf / OwnedWriteHalf):
///
///   auto [rd, wr] = hoist::io::split(std::move(stream)); // or into_split()
///   hoist::spawn(pump_to(std::move(wr)));                // writes
///   co_await hoist::io::read_exact(rd, buf, n);            // reads, meanwhile
///
/// No lock: the halves share the stream (a shared_ptr) and call only
/// poll_read (the read half) or poll_write (the write half), which a
/// full-duplex stream allows at once from two threads: the reactor keeps a
/// separate waker per direction (ScheduledIo). A type declares that it is
/// such a stream by specializing `io::is_full_duplex<S>` as true; TcpStream
/// and UnixStream do. (tokio's io::split for any stream, with a lock, is not
/// provided.)
///
/// Dropping the write half shuts the write direction down (the peer reads
/// end of stream), as tokio does; `forget()` opts out. The stream closes
/// when both halves are gone, or `reunite` puts it back together. The
/// futures of a half borrow it: keep the half alive while they are awaited.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_IO_SPLIT_HPP
#define HOIST_IO_SPLIT_HPP

#include "hoist/io/read_write.hpp"

#include <memory>
#include <stdexcept>
#include <utility>

namespace hoist::io {

/// Specialize as true for a stream whose poll_read and poll_write may run at
/// once on two threads (see the file comment).
template <class S> struct is_full_duplex : std::false_type {};

template <class S> class OwnedWriteHalf;

/// The read half of io::split: an AsyncRead.
template <class S> class OwnedReadHalf {
public:
  OwnedReadHalf() noexcept = default;
  explicit OwnedReadHalf(std::shared_ptr<S> s) noexcept : s_(std::move(s)) {}

  Poll<std::size_t> poll_read(Context &cx, void *buf, std::size_t len) {
    return s_->poll_read(cx, buf, len);
  }
  ReadFuture<OwnedReadHalf> read(void *buf, std::size_t len) noexcept {
    return ReadFuture<OwnedReadHalf>(*this, buf, len);
  }
  ReadExactFuture<OwnedReadHalf> read_exact(void *buf,
                                            std::size_t len) noexcept {
    return ReadExactFuture<OwnedReadHalf>(*this, buf, len);
  }

  /// The stream, for what the halves do not offer (addresses, options).
  const S &get_ref() const noexcept { return *s_; }
  /// True if `w` came from the same split.
  bool is_pair_of(const OwnedWriteHalf<S> &w) const noexcept {
    return s_ == w.s_;
  }
  /// The stream again, from the two halves of one split; throws
  /// std::invalid_argument (and leaves both halves alone) otherwise.
  S reunite(OwnedWriteHalf<S> &&w);

private:
  friend class OwnedWriteHalf<S>;
  std::shared_ptr<S> s_;
};

/// The write half of io::split: an AsyncWrite. Shuts the write direction
/// down when dropped, unless forget() was called.
template <class S> class OwnedWriteHalf {
public:
  OwnedWriteHalf() noexcept = default;
  explicit OwnedWriteHalf(std::shared_ptr<S> s) noexcept : s_(std::move(s)) {}
  OwnedWriteHalf(OwnedWriteHalf &&) noexcept = default;
  OwnedWriteHalf &operator=(OwnedWriteHalf &&o) noexcept {
    if (this != &o) {
      drop();
      s_ = std::move(o.s_);
      shutdown_on_drop_ = o.shutdown_on_drop_;
    }
    return *this;
  }
  ~OwnedWriteHalf() { drop(); }

  Poll<std::size_t> poll_write(Context &cx, const void *buf, std::size_t len) {
    return s_->poll_write(cx, buf, len);
  }
  Poll<void> poll_flush(Context &cx) { return io::poll_flush(*s_, cx); }
  /// Shuts the write direction down (a socket's FIN).
  Poll<void> poll_shutdown(Context &cx) {
    if (io::poll_shutdown(*s_, cx).is_pending())
      return pending;
    shutdown_on_drop_ = false;
    return ready();
  }
  WriteFuture<OwnedWriteHalf> write(const void *buf, std::size_t len) noexcept {
    return WriteFuture<OwnedWriteHalf>(*this, buf, len);
  }
  WriteAllFuture<OwnedWriteHalf> write_all(const void *buf,
                                           std::size_t len) noexcept {
    return WriteAllFuture<OwnedWriteHalf>(*this, buf, len);
  }

  /// Dropping this half will not shut the write direction down.
  void forget() noexcept { shutdown_on_drop_ = false; }
  const S &get_ref() const noexcept { return *s_; }
  bool is_pair_of(const OwnedReadHalf<S> &r) const noexcept {
    return s_ == r.s_;
  }

private:
  friend class OwnedReadHalf<S>;
  void drop() noexcept {
    if constexpr (detail::has_shutdown_how<S>::value) {
      if (s_ && shutdown_on_drop_) {
        try {
          s_->shutdown(Shutdown::Write);
        } catch (...) {
          // Already closed by the peer (ENOTCONN): nothing left to shut.
        }
      }
    }
    s_.reset();
  }

  std::shared_ptr<S> s_;
  bool shutdown_on_drop_ = true;
};

template <class S> S OwnedReadHalf<S>::reunite(OwnedWriteHalf<S> &&w) {
  if (!s_ || s_ != w.s_)
    throw std::invalid_argument(
        "hoist: reunite of halves from different splits");
  w.s_.reset(); // no shutdown: the stream lives on
  std::shared_ptr<S> s = std::move(s_);
  return std::move(*s);
}

/// Splits a full-duplex stream into owned halves (see the file comment).
template <class S>
std::pair<OwnedReadHalf<S>, OwnedWriteHalf<S>> split(S stream) {
  static_assert(is_full_duplex<S>::value,
                "io::split needs a stream that may be read and written at once "
                "(specialize io::is_full_duplex)");
  static_assert(is_async_read_v<S> && is_async_write_v<S>,
                "io::split needs an AsyncRead and AsyncWrite stream");
  auto s = std::make_shared<S>(std::move(stream));
  return {OwnedReadHalf<S>(s), OwnedWriteHalf<S>(s)};
}

} // namespace hoist::io

#endif // HOIST_IO_SPLIT_HPP
