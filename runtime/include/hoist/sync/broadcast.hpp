//===- hoist/sync/broadcast.hpp - Every value to every receiver -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `broadcast::channel<T>(capacity)` is tokio::sync::broadcast: many
/// senders, many receivers, and every receiver gets every value sent after
/// it subscribed.
///
///   auto [tx, rx] = hoist::broadcast::channel<Event>(64);
///   auto rx2 = tx.subscribe();          // sees values sent from now on
///   size_t n = tx.send(e);              // receivers that will see it; 0:
///                                       // none (the value is dropped)
///   for (;;) {
///     try {
///       std::optional<Event> e = co_await rx.recv();   // nullopt: every
///       if (!e) break;                                 // sender is gone
///       handle(*e);
///     } catch (const hoist::broadcast::Lagged &l) {
///       // l.skipped() values were overwritten before we read them; the
///       // next recv() gives the oldest value still held
///     }
///   }
///
/// The channel holds the last `capacity` values in a ring allocated once.
/// Sending never waits: a full ring overwrites its oldest value, and a
/// receiver that had not read it gets `Lagged` from its next recv() (tokio's
/// RecvError::Lagged), then goes on from the oldest value left. Each slot
/// counts the receivers yet to read it; the last one moves the value out,
/// the others copy it (T must be copyable), so a value is freed as soon as
/// everyone has it. One mutex guards the ring, the counts and the waiting
/// receivers (nodes inside their recv futures, as for mpsc); a dropped
/// recv future unlinks its node. Wakers are woken after the mutex is
/// released.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_BROADCAST_HPP
#define HOIST_SYNC_BROADCAST_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"
#include "hoist/task/coop.hpp"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hoist::broadcast {

/// A receiver fell behind: `skipped()` values were overwritten before it
/// read them. It is positioned at the oldest value still held.
class Lagged : public std::runtime_error {
public:
  explicit Lagged(uint64_t n)
      : std::runtime_error("hoist: broadcast receiver lagged behind by " +
                           std::to_string(n) + " values"),
        skipped_(n) {}
  uint64_t skipped() const noexcept { return skipped_; }

private:
  uint64_t skipped_;
};

namespace detail {

using hoist::detail::WaiterList;
using hoist::detail::WaiterNode;

[[noreturn]] inline void misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::abort();
}

template <class T> struct Slot {
  std::optional<T> value;
  size_t remaining = 0; ///< receivers yet to read it
};

template <class T> class Shared {
public:
  explicit Shared(size_t capacity)
      : ring_(new Slot<T>[capacity]), capacity_(capacity) {}

  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    // acq_rel: the last owner sees every other owner's writes.
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  void add_sender() {
    std::lock_guard<std::mutex> lock(mu_);
    ++senders_;
  }

  /// The last sender closes the channel and wakes every receiver.
  void drop_sender() {
    std::vector<Waker> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--senders_ != 0)
        return;
      closed_ = true;
      take_wakers(wake);
    }
    for (Waker &w : wake)
      w.wake_by_ref();
  }

  /// A new receiver that sees values sent from now on; returns its start.
  uint64_t add_receiver() {
    std::lock_guard<std::mutex> lock(mu_);
    ++receivers_;
    return tail_;
  }

  /// The receiver at `next` is gone: it will not read what it skipped.
  void drop_receiver(uint64_t next) {
    std::lock_guard<std::mutex> lock(mu_);
    --receivers_;
    uint64_t oldest = tail_ > capacity_ ? tail_ - capacity_ : 0;
    for (uint64_t pos = next > oldest ? next : oldest; pos < tail_; ++pos) {
      Slot<T> &s = ring_[pos % capacity_];
      if (--s.remaining == 0)
        s.value.reset();
    }
  }

  size_t send(T &&value) {
    std::vector<Waker> wake;
    size_t n;
    {
      std::lock_guard<std::mutex> lock(mu_);
      n = receivers_;
      if (n == 0)
        return 0;
      Slot<T> &s = ring_[tail_ % capacity_];
      s.value = std::move(value);
      s.remaining = n;
      ++tail_;
      take_wakers(wake);
    }
    for (Waker &w : wake)
      w.wake_by_ref();
    return n;
  }

  /// The value at `*next`, if any (advancing `*next`); throws Lagged.
  /// Ready(nullopt): closed and nothing left. Pending: nothing yet, and
  /// `node` (if given) is queued with cx's waker.
  Poll<std::optional<T>> poll_recv(uint64_t *next, WaiterNode *node,
                                   Context *cx) {
    std::lock_guard<std::mutex> lock(mu_);
    if (*next == tail_ && !closed_) {
      if (node) {
        node->set_waker(cx->waker());
        if (!node->linked)
          waiters_.push_back(node);
      }
      return pending;
    }
    if (node)
      waiters_.remove(node);
    if (*next == tail_)
      return Poll<std::optional<T>>(ready_in_place, std::nullopt);
    if (tail_ - *next > capacity_) {
      uint64_t oldest = tail_ - capacity_;
      uint64_t skipped = oldest - *next;
      *next = oldest;
      throw Lagged(skipped);
    }
    Slot<T> &s = ring_[*next % capacity_];
    std::optional<T> out;
    if (s.remaining == 1) {
      out.emplace(std::move(*s.value));
      s.value.reset();
    } else {
      out.emplace(*s.value);
    }
    --s.remaining;
    ++*next;
    return Poll<std::optional<T>>(ready_in_place, std::move(out));
  }

  /// A recv future is destroyed.
  void cancel_recv(WaiterNode *node) {
    std::lock_guard<std::mutex> lock(mu_);
    waiters_.remove(node);
  }

  size_t receiver_count() {
    std::lock_guard<std::mutex> lock(mu_);
    return receivers_;
  }

  /// Values `next` has not read yet (capped at the capacity).
  size_t len(uint64_t next) {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t n = tail_ - next;
    return n > capacity_ ? capacity_ : static_cast<size_t>(n);
  }

private:
  ~Shared() = default;

  /// Unlinks every waiting receiver and takes its waker (under mu_).
  void take_wakers(std::vector<Waker> &out) {
    while (WaiterNode *n = waiters_.pop_front()) {
      if (n->waker)
        out.push_back(std::move(*n->waker));
      n->waker.reset();
    }
  }

  std::unique_ptr<Slot<T>[]> ring_;
  const size_t capacity_;
  // Owners: each sender, receiver and recv future. relaxed increment,
  // acq_rel decrement.
  std::atomic<size_t> refs_{0};
  std::mutex mu_;
  // Guarded by mu_.
  uint64_t tail_ = 0; ///< position of the next value sent
  size_t senders_ = 0;
  size_t receivers_ = 0;
  bool closed_ = false;
  WaiterList waiters_;
};

} // namespace detail

template <class T> class Sender;
template <class T> class Receiver;
template <class T> std::pair<Sender<T>, Receiver<T>> channel(size_t capacity);

/// The receiving half. Move-only; resubscribe() makes another.
template <class T> class Receiver {
  using S = detail::Shared<T>;

public:
  Receiver(Receiver &&o) noexcept
      : s_(std::exchange(o.s_, nullptr)), next_(o.next_) {}
  Receiver &operator=(Receiver o) noexcept {
    std::swap(s_, o.s_);
    std::swap(next_, o.next_);
    return *this;
  }
  ~Receiver() {
    if (s_) {
      s_->drop_receiver(next_);
      s_->release();
    }
  }

  /// The future of recv(): Output = std::optional<T> (nullopt: every
  /// sender is gone and every value was read); throws Lagged.
  class [[nodiscard]] Recv {
  public:
    using Output = std::optional<T>;
    explicit Recv(Receiver &rx) noexcept : rx_(&rx) { rx_->s_->retain(); }
    Recv(Recv &&o) noexcept : rx_(std::exchange(o.rx_, nullptr)) {
      if (o.polled_)
        detail::misuse("moved a broadcast recv future after it was polled");
    }
    Recv &operator=(Recv &&) = delete;
    ~Recv() {
      if (!rx_)
        return;
      S *s = rx_->s_;
      if (polled_)
        s->cancel_recv(&node_);
      s->release();
    }
    Poll<std::optional<T>> poll(Context &cx) {
      polled_ = true;
      auto budget = coop::poll_proceed(cx);
      if (!budget)
        return pending;
      Poll<std::optional<T>> r = rx_->s_->poll_recv(&rx_->next_, &node_, &cx);
      if (r.is_ready())
        budget.made_progress();
      return r;
    }

  private:
    Receiver *rx_;
    bool polled_ = false;
    hoist::detail::WaiterNode node_;
  };

  /// The next value. One recv() per receiver at a time; the receiver must
  /// outlive it.
  Recv recv() {
    live();
    return Recv(*this);
  }

  /// The next value if one is there; nullopt if none (or closed). Throws
  /// Lagged.
  std::optional<T> try_recv() {
    Poll<std::optional<T>> r = live().poll_recv(&next_, nullptr, nullptr);
    if (r.is_pending())
      return std::nullopt;
    return std::move(r).value();
  }

  /// A new receiver of the same channel that sees values sent from now on.
  Receiver resubscribe() const { return Receiver(&live()); }

  /// Values sent that this receiver has not read (at most the capacity).
  size_t len() const { return live().len(next_); }
  bool is_empty() const { return len() == 0; }

private:
  friend class Sender<T>;
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(size_t);
  explicit Receiver(S *s) : s_(s), next_(s->add_receiver()) { s_->retain(); }
  S &live() const {
    if (!s_)
      detail::misuse("used a moved-from broadcast::Receiver");
    return *s_;
  }

  S *s_;
  uint64_t next_; ///< position of the next value to read
};

/// The sending half; copies are more senders. The channel closes when the
/// last one is gone.
template <class T> class Sender {
  using S = detail::Shared<T>;

public:
  Sender(const Sender &o) : s_(o.s_) {
    if (s_) {
      s_->retain();
      s_->add_sender();
    }
  }
  Sender(Sender &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Sender &operator=(Sender o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Sender() {
    if (s_) {
      s_->drop_sender();
      s_->release();
    }
  }

  /// Sends `value` to every receiver (never waits). Returns how many will
  /// see it; 0 means there are none and the value was dropped.
  size_t send(T value) const { return live().send(std::move(value)); }

  /// A new receiver that sees values sent from now on.
  Receiver<T> subscribe() const { return Receiver<T>(&live()); }

  size_t receiver_count() const { return live().receiver_count(); }

private:
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(size_t);
  explicit Sender(S *s) : s_(s) {
    s_->retain();
    s_->add_sender();
  }
  S &live() const {
    if (!s_)
      detail::misuse("used a moved-from broadcast::Sender");
    return *s_;
  }

  S *s_;
};

/// A channel holding the last `capacity` (>= 1) values.
template <class T> std::pair<Sender<T>, Receiver<T>> channel(size_t capacity) {
  if (capacity == 0)
    detail::misuse("broadcast::channel capacity must be at least 1");
  auto *s = new detail::Shared<T>(capacity);
  // Sender first: the receiver's start is the (empty) tail either way.
  Sender<T> tx(s);
  Receiver<T> rx(s);
  return {std::move(tx), std::move(rx)};
}

} // namespace hoist::broadcast

#endif // HOIST_SYNC_BROADCAST_HPP
