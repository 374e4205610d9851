//===- hoist/sync/mpsc.hpp - Multi-producer single-consumer queues -*- C++ -*-//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Channels after tokio::sync::mpsc:
///
///   auto [tx, rx] = hoist::mpsc::channel<int>(16);    // bounded
///   bool ok = co_await tx.send(1);      // waits while full (back-pressure);
///                                       // false if the receiver is gone
///   std::optional<int> v = co_await rx.recv();   // nullopt: closed (all
///                                                // senders gone, or
///                                                // rx.close()) and drained
///
///   auto [utx, urx] = hoist::mpsc::unbounded_channel<int>();
///   utx.send(1);                        // never waits
///
/// Senders are copyable (each copy counts as a sender). Bounded senders
/// waiting on a full channel queue up in FIFO order inside their send
/// futures (no allocation). When the receiver frees a slot it reserves it
/// for the first waiting sender and wakes it; that sender queues its value
/// on its next poll. The value never leaves the send future unless the send
/// completes, so cancelling a send (destroying its future, e.g. when it
/// loses a select) never loses, duplicates or leaks a value; a reserved
/// slot of a cancelled send passes to the next waiter. A mutex guards the
/// queue; every waker is woken after it is released.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_MPSC_HPP
#define HOIST_SYNC_MPSC_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"
#include "hoist/task/coop.hpp"

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace hoist::mpsc {

/// Result of try_send.
enum class TrySend { Ok, Full, Closed };

namespace detail {

using hoist::detail::WaiterList;
using hoist::detail::WaiterNode;

/// A blocked bounded send. `notified`: a slot is reserved for it.
template <class T> struct SendWaiter : WaiterNode {
  bool closed = false; ///< the receiver closed while we waited
};

template <class T> class Chan {
public:
  explicit Chan(size_t capacity) : capacity_(capacity) {}

  void retain() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    // acq_rel: the last owner sees every other owner's writes.
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  void add_sender() {
    std::lock_guard<std::mutex> lock(mu_);
    ++senders_;
  }

  void drop_sender() {
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--senders_ == 0)
        w.swap(rx_waker_);
    }
    if (w)
      w->wake();
  }

  /// Unbounded send, or a bounded one that finds room.
  TrySend try_push(T &&value) {
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (rx_closed_)
        return TrySend::Closed;
      if (capacity_ &&
          (queue_.size() + reserved_ >= capacity_ || !waiters_.empty()))
        return TrySend::Full;
      queue_.push_back(std::move(value));
      w.swap(rx_waker_);
    }
    if (w)
      w->wake();
    return TrySend::Ok;
  }

  /// Bounded send future's poll. The value stays in `*value` until this
  /// sender itself queues it, so cancelling the send can never lose or
  /// leak a value. Returns ready(true) once queued, ready(false) if closed.
  Poll<bool> poll_send(Context &cx, std::optional<T> *value, SendWaiter<T> &node) {
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (node.linked) {
        node.set_waker(cx.waker());
        return pending;
      }
      if (node.notified) {
        // A receiver reserved a slot for us.
        node.notified = false;
        --reserved_;
        if (rx_closed_)
          return ready(false);
      } else if (node.closed || rx_closed_) {
        return ready(false);
      } else if (queue_.size() + reserved_ >= capacity_ || !waiters_.empty()) {
        node.set_waker(cx.waker());
        waiters_.push_back(&node);
        return pending;
      }
      queue_.push_back(std::move(**value));
      value->reset();
      w.swap(rx_waker_);
    }
    if (w)
      w->wake();
    return ready(true);
  }

  /// The send future is destroyed: leave the queue, and hand a slot that
  /// was reserved for it (but not used) to the next waiting sender.
  void cancel_send(SendWaiter<T> &node) {
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu_);
      waiters_.remove(&node);
      if (node.notified) {
        node.notified = false;
        --reserved_;
        w = admit_waiter();
      }
    }
    if (w)
      w->wake();
  }

  /// Receiver side. Ready(nullopt) when closed and drained: closed means
  /// every sender is gone or the receiver called close() (live senders can
  /// no longer queue anything then, so waiting would never end).
  Poll<std::optional<T>> poll_recv(Context &cx) {
    std::optional<Waker> w;
    Poll<std::optional<T>> r = pending;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!queue_.empty()) {
        r = Poll<std::optional<T>>(ready_in_place, std::move(queue_.front()));
        queue_.pop_front();
        w = admit_waiter();
      } else if (senders_ == 0 || rx_closed_) {
        r = Poll<std::optional<T>>(ready_in_place, std::nullopt);
      } else {
        if (!rx_waker_ || !rx_waker_->will_wake(cx.waker()))
          rx_waker_ = cx.waker();
        return pending;
      }
    }
    if (w)
      w->wake();
    return r;
  }

  std::optional<T> try_recv() {
    std::optional<T> v;
    std::optional<Waker> w;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty())
        return std::nullopt;
      v.emplace(std::move(queue_.front()));
      queue_.pop_front();
      w = admit_waiter();
    }
    if (w)
      w->wake();
    return v;
  }

  /// The receiver closes: no more sends; waiting senders fail. A pending
  /// recv is woken too: once the queue is drained it yields nullopt.
  void close() {
    std::deque<Waker> wakers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      rx_closed_ = true;
      if (rx_waker_) {
        wakers.push_back(std::move(*rx_waker_));
        rx_waker_.reset();
      }
      // Take each waker out under the lock: once it is released, a woken
      // sender may destroy its node.
      while (WaiterNode *n = waiters_.pop_front()) {
        static_cast<SendWaiter<T> *>(n)->closed = true;
        if (n->waker)
          wakers.push_back(std::move(*n->waker));
        n->waker.reset();
      }
    }
    for (Waker &w : wakers)
      w.wake_by_ref();
  }

  /// Drops the values still queued (the receiver is gone).
  void drain() {
    std::deque<T> q;
    {
      std::lock_guard<std::mutex> lock(mu_);
      q.swap(queue_);
    }
  }

  bool is_closed() {
    std::lock_guard<std::mutex> lock(mu_);
    return rx_closed_;
  }

  /// No value can be queued any more: closed, or every sender is gone.
  bool rx_is_closed() {
    std::lock_guard<std::mutex> lock(mu_);
    return rx_closed_ || senders_ == 0;
  }

  size_t len() {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
  }

private:
  ~Chan() = default;

  /// A slot may be free: reserve it for the first waiting sender and
  /// return its waker. The sender queues its value on its next poll.
  std::optional<Waker> admit_waiter() {
    if (waiters_.empty() || queue_.size() + reserved_ >= capacity_)
      return std::nullopt;
    WaiterNode *n = waiters_.pop_front();
    n->notified = true;
    ++reserved_;
    std::optional<Waker> w = std::move(n->waker);
    n->waker.reset();
    return w;
  }

  const size_t capacity_; ///< 0: unbounded
  // Owners: each handle and each send/recv future. relaxed increment,
  // acq_rel decrement (the last owner sees all writes).
  std::atomic<long> refs_{0};
  std::mutex mu_;
  // Guarded by mu_.
  std::deque<T> queue_;
  WaiterList waiters_;
  std::optional<Waker> rx_waker_;
  size_t senders_ = 0;
  size_t reserved_ = 0; ///< slots reserved for woken, not yet re-polled senders
  bool rx_closed_ = false;
};

[[noreturn]] inline void misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::abort();
}

/// What senders of both flavours share: the handle and its counting.
template <class T> class SenderBase {
public:
  SenderBase(const SenderBase &o) : c_(o.c_) {
    if (c_) {
      c_->retain();
      c_->add_sender();
    }
  }
  SenderBase(SenderBase &&o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  SenderBase &operator=(SenderBase o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~SenderBase() {
    if (c_) {
      c_->drop_sender();
      c_->release();
    }
  }

  /// True once the receiver is gone or closed.
  bool is_closed() const { return !c_ || c_->is_closed(); }

protected:
  explicit SenderBase(Chan<T> *c) : c_(c) {
    c_->retain();
    c_->add_sender();
  }
  Chan<T> *c_;
};

template <class T> class ReceiverBase {
public:
  ReceiverBase(ReceiverBase &&o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  ReceiverBase &operator=(ReceiverBase o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~ReceiverBase() {
    if (c_) {
      c_->close();
      c_->drain();
      c_->release();
    }
  }

  /// The future of recv(): Output = std::optional<T>.
  class [[nodiscard]] Recv {
  public:
    using Output = std::optional<T>;
    explicit Recv(Chan<T> *c) noexcept : c_(c) { c_->retain(); }
    Recv(Recv &&o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
    Recv &operator=(Recv &&) = delete;
    ~Recv() {
      if (c_)
        c_->release();
    }
    Poll<std::optional<T>> poll(Context &cx) {
      auto budget = coop::poll_proceed(cx);
      if (!budget)
        return pending;
      Poll<std::optional<T>> r = c_->poll_recv(cx);
      if (r.is_ready())
        budget.made_progress();
      return r;
    }

  private:
    Chan<T> *c_;
  };

  /// The next value; nullopt once the queue is empty and either every
  /// sender is gone or close() was called. Only one recv() may be pending
  /// at a time.
  Recv recv() {
    if (!c_)
      misuse("recv on a moved-from mpsc receiver");
    return Recv(c_);
  }

  /// The next value if one is queued, else nullopt. If is_closed() was
  /// already true before this call, nullopt means no value will ever come
  /// (tokio's TryRecvError::Disconnected); otherwise one may later (Empty).
  std::optional<T> try_recv() { return c_ ? c_->try_recv() : std::nullopt; }

  /// Stops accepting values: later sends fail, senders waiting on a full
  /// channel are woken and fail. Values already queued can still be
  /// received; after them recv() yields nullopt even while senders live.
  void close() {
    if (c_)
      c_->close();
  }

  /// True once no value can be queued any more: close() was called or
  /// every sender is gone. Queued values may still be waiting.
  bool is_closed() const { return !c_ || c_->rx_is_closed(); }

  /// Values queued right now.
  size_t len() const { return c_ ? c_->len() : 0; }

protected:
  explicit ReceiverBase(Chan<T> *c) : c_(c) { c_->retain(); }
  Chan<T> *c_;
};

} // namespace detail

template <class T> class Sender;
template <class T> class Receiver;
template <class T> class UnboundedSender;
template <class T> class UnboundedReceiver;
template <class T> std::pair<Sender<T>, Receiver<T>> channel(size_t capacity);
template <class T>
std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded_channel();

/// The sending half of a bounded channel.
template <class T> class Sender : public detail::SenderBase<T> {
  using Base = detail::SenderBase<T>;

public:
  /// The future of send(): Output = bool (false: receiver gone). The value
  /// is held in the future until the channel takes it; destroying the
  /// future before then drops it.
  class [[nodiscard]] Send {
  public:
    using Output = bool;
    Send(detail::Chan<T> *c, T &&value) : c_(c), value_(std::move(value)) {
      c_->retain();
    }
    Send(Send &&o) noexcept(std::is_nothrow_move_constructible<T>::value)
        : c_(std::exchange(o.c_, nullptr)), value_(std::move(o.value_)) {
      if (o.polled_)
        detail::misuse("moved an mpsc send future after it was polled");
    }
    Send &operator=(Send &&) = delete;
    ~Send() {
      if (!c_)
        return;
      // The node may be linked; only the channel's lock may tell.
      if (polled_)
        c_->cancel_send(node_);
      c_->release();
    }
    Poll<bool> poll(Context &cx) {
      polled_ = true;
      auto budget = coop::poll_proceed(cx);
      if (!budget)
        return pending;
      Poll<bool> r = c_->poll_send(cx, &value_, node_);
      if (r.is_ready())
        budget.made_progress();
      return r;
    }

  private:
    detail::Chan<T> *c_;
    std::optional<T> value_;
    detail::SendWaiter<T> node_;
    bool polled_ = false;
  };

  /// Sends `value`, waiting while the channel is full.
  Send send(T value) const {
    if (!this->c_)
      detail::misuse("send on a moved-from mpsc sender");
    return Send(this->c_, std::move(value));
  }

  /// Sends without waiting. `value` is moved from only on TrySend::Ok.
  TrySend try_send(T &&value) const {
    return this->c_ ? this->c_->try_push(std::move(value)) : TrySend::Closed;
  }

private:
  using Base::Base;
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(size_t);
};

/// The receiving half of a bounded channel.
template <class T> class Receiver : public detail::ReceiverBase<T> {
  using detail::ReceiverBase<T>::ReceiverBase;
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(size_t);
};

/// The sending half of an unbounded channel.
template <class T> class UnboundedSender : public detail::SenderBase<T> {
public:
  /// Queues `value` (never waits). False if the receiver is gone.
  bool send(T value) const {
    return this->c_ && this->c_->try_push(std::move(value)) == TrySend::Ok;
  }

private:
  using detail::SenderBase<T>::SenderBase;
  friend std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded_channel<T>();
};

/// The receiving half of an unbounded channel.
template <class T> class UnboundedReceiver : public detail::ReceiverBase<T> {
  using detail::ReceiverBase<T>::ReceiverBase;
  friend std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded_channel<T>();
};

/// A bounded channel holding at most `capacity` (>= 1) values.
template <class T> std::pair<Sender<T>, Receiver<T>> channel(size_t capacity) {
  if (capacity == 0)
    detail::misuse("mpsc::channel capacity must be at least 1");
  auto *c = new detail::Chan<T>(capacity);
  return {Sender<T>(c), Receiver<T>(c)};
}

/// A channel without a bound.
template <class T>
std::pair<UnboundedSender<T>, UnboundedReceiver<T>> unbounded_channel() {
  auto *c = new detail::Chan<T>(0);
  return {UnboundedSender<T>(c), UnboundedReceiver<T>(c)};
}

} // namespace hoist::mpsc

#endif // HOIST_SYNC_MPSC_HPP
