//===- hoist/sync/oneshot.hpp - A channel for one value ---------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `oneshot::channel<T>()` sends a single value from one task (or thread)
/// to another, like tokio::sync::oneshot:
///
///   auto [tx, rx] = hoist::oneshot::channel<int>();
///   tx.send(42);                       // never blocks; false if rx is gone
///   int v = co_await std::move(rx);    // throws oneshot::RecvError if tx
///                                      // was dropped without sending
///
/// The shared state is one allocation, reference counted by the two ends,
/// and lock-free: a state word plus an AtomicWaker for each end.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_ONESHOT_HPP
#define HOIST_SYNC_ONESHOT_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/atomic_waker.hpp"
#include "hoist/task/coop.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>

namespace hoist::oneshot {

/// The Sender was dropped without sending.
class RecvError : public std::runtime_error {
public:
  RecvError() : std::runtime_error("hoist: oneshot sender dropped without sending") {}
};

namespace detail {

template <class T> class Shared {
public:
  // State bits. VALUE: the value is stored (set with TX_DONE by send).
  // TX_DONE: the sender is finished (sent or dropped); the receiver may
  // complete. RX_CLOSED: the receiver is gone or closed; a send fails and
  // the sender's closed() completes. Each end sets its bits with one
  // acq_rel fetch_or: release publishes the value (or its absence),
  // acquire receives the other end's writes. Whichever end sets its bit
  // second sees the other's and owns the value's destruction.
  static constexpr unsigned kValue = 1, kTxDone = 2, kRxClosed = 4;

  std::atomic<unsigned> state{0}; // the bits above
  // The two ends; acq_rel decrement, the last one frees.
  std::atomic<unsigned> refs{2};
  AtomicWaker rx_waker;
  AtomicWaker tx_waker;

  T &value() { return *std::launder(reinterpret_cast<T *>(storage)); }
  void destroy_value() { value().~T(); }

  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  alignas(T) unsigned char storage[sizeof(T)];
};

[[noreturn]] inline void misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::abort();
}

} // namespace detail

template <class T> class Sender;
template <class T> class Receiver;
template <class T> std::pair<Sender<T>, Receiver<T>> channel();

/// The sending end: send() at most once.
template <class T> class Sender {
  using S = detail::Shared<T>;

public:
  Sender(Sender &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Sender &operator=(Sender &&o) noexcept {
    Sender moved(std::move(o));
    std::swap(s_, moved.s_);
    return *this;
  }
  ~Sender() {
    if (s_) {
      s_->state.fetch_or(S::kTxDone, std::memory_order_acq_rel);
      s_->rx_waker.wake();
      s_->release();
    }
  }

  /// Sends the value. False if the receiver is gone (the value is dropped).
  bool send(T value) {
    if (!s_)
      detail::misuse("oneshot::Sender::send called twice (or after a move)");
    S *s = std::exchange(s_, nullptr);
    if (s->state.load(std::memory_order_acquire) & S::kRxClosed) {
      s->state.fetch_or(S::kTxDone, std::memory_order_acq_rel);
      s->release();
      return false;
    }
    ::new (static_cast<void *>(s->storage)) T(std::move(value));
    unsigned prev = s->state.fetch_or(S::kValue | S::kTxDone,
                                      std::memory_order_acq_rel);
    bool ok = !(prev & S::kRxClosed);
    if (!ok)
      s->destroy_value(); // the receiver closed first and won't touch it
    else
      s->rx_waker.wake();
    s->release();
    return ok;
  }

  /// True once the receiver was dropped or closed.
  bool is_closed() const noexcept {
    return s_ && (s_->state.load(std::memory_order_acquire) & S::kRxClosed);
  }

  /// Completes when the receiver is dropped or closed.
  class [[nodiscard]] Closed {
  public:
    using Output = void;
    explicit Closed(S *s) noexcept : s_(s) {}
    Poll<void> poll(Context &cx) {
      if (s_->state.load(std::memory_order_acquire) & S::kRxClosed)
        return ready();
      s_->tx_waker.register_waker(cx.waker());
      if (s_->state.load(std::memory_order_acquire) & S::kRxClosed)
        return ready();
      return pending;
    }

  private:
    S *s_;
  };
  Closed closed() noexcept { return Closed(s_); }

private:
  explicit Sender(S *s) noexcept : s_(s) {}
  friend std::pair<Sender<T>, Receiver<T>> channel<T>();
  S *s_;
};

/// The receiving end; it is itself the future of the value.
template <class T> class [[nodiscard]] Receiver {
  using S = detail::Shared<T>;

public:
  using Output = T;

  Receiver(Receiver &&o) noexcept
      : s_(std::exchange(o.s_, nullptr)), taken_(o.taken_), closed_(o.closed_),
        value_at_close_(o.value_at_close_) {}
  Receiver &operator=(Receiver &&o) noexcept {
    Receiver moved(std::move(o));
    std::swap(s_, moved.s_);
    std::swap(taken_, moved.taken_);
    std::swap(closed_, moved.closed_);
    std::swap(value_at_close_, moved.value_at_close_);
    return *this;
  }
  ~Receiver() {
    if (!s_)
      return;
    close();
    if (value_at_close_)
      s_->destroy_value(); // sent but never received
    s_->release();
  }

  Poll<T> poll(Context &cx) {
    if (!s_)
      detail::misuse(taken_ ? "polled a oneshot::Receiver after it completed"
                            : "polled a moved-from oneshot::Receiver");
    auto budget = coop::poll_proceed(cx);
    if (!budget)
      return pending;
    if (Poll<T> r = try_take(); r.is_ready()) {
      budget.made_progress();
      return r;
    }
    s_->rx_waker.register_waker(cx.waker());
    Poll<T> r = try_take();
    if (r.is_ready())
      budget.made_progress();
    return r;
  }

  /// The value if it was sent, nullopt if not yet; throws RecvError if the
  /// sender is gone without sending.
  std::optional<T> try_recv() {
    if (!s_)
      return std::nullopt;
    Poll<T> r = try_take();
    if (r.is_pending())
      return std::nullopt;
    return std::optional<T>(std::move(r).value());
  }

  /// Refuses the value: a later send() fails, and Sender::closed()
  /// completes. A value sent before is still received.
  void close() noexcept {
    if (!s_ || closed_)
      return;
    // Whoever sets its bit second owns the value: if it is already there,
    // it is ours; otherwise send() sees RX_CLOSED and keeps it.
    unsigned prev = s_->state.fetch_or(S::kRxClosed, std::memory_order_acq_rel);
    closed_ = true;
    value_at_close_ = prev & S::kValue;
    s_->tx_waker.wake();
  }

private:
  explicit Receiver(S *s) noexcept : s_(s) {}
  friend std::pair<Sender<T>, Receiver<T>> channel<T>();

  Poll<T> try_take() {
    unsigned st = s_->state.load(std::memory_order_acquire);
    if (!(st & S::kTxDone))
      return pending;
    bool ours = (st & S::kValue) && (!closed_ || value_at_close_);
    if (!ours) {
      finish(false);
      throw RecvError();
    }
    Poll<T> r(ready_in_place, std::move(s_->value()));
    finish(true);
    return r;
  }

  /// Completes the receiver: the value (if `consumed`) was moved out.
  void finish(bool consumed) {
    close();
    if (consumed || value_at_close_)
      s_->destroy_value();
    value_at_close_ = false;
    s_->release();
    s_ = nullptr;
    taken_ = true;
  }

  S *s_;
  bool taken_ = false;         ///< completed (value or error returned)
  bool closed_ = false;        ///< RX_CLOSED set by this end
  bool value_at_close_ = false; ///< the value was there when we closed: ours
};

/// A new channel: {sender, receiver}.
template <class T> std::pair<Sender<T>, Receiver<T>> channel() {
  auto *s = new detail::Shared<T>();
  return {Sender<T>(s), Receiver<T>(s)};
}

} // namespace hoist::oneshot

#endif // HOIST_SYNC_ONESHOT_HPP
