//===- hoist/sync/watch.hpp - One value, many watchers ----------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `watch::channel` is tokio::sync::watch: a single value that one sender
/// replaces and any number of receivers read, each waking when it changes.
///
///   auto [tx, rx] = hoist::watch::channel<Config>(initial);
///   tx.send(next);                      // false (and no change) if every
///                                       // receiver is gone
///   while (co_await rx.changed()) {     // false: the sender is gone
///     Config c = *rx.borrow_and_update();
///     ...
///   }
///
/// Receivers see the latest value, not every value: several sends between
/// two changed() calls wake the receiver once. Each receiver remembers the
/// version it saw; copies of a receiver start from that version,
/// `tx.subscribe()` from the current one.
///
/// The value lives in one shared allocation behind a std::shared_mutex:
/// `borrow()` returns a `Ref` that holds the read lock, so keep it short and
/// never hold it across a co_await (a send would block on it). The version
/// is an atomic counter (bit 0: the sender is gone). Waiting uses Notify:
/// changed() creates its Notified before it reads the version, and send()
/// bumps the version before notify_waiters(), so no change is missed, and a
/// dropped changed() future unlinks its waiter.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_WATCH_HPP
#define HOIST_SYNC_WATCH_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/notify.hpp"
#include "hoist/task/coop.hpp"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <type_traits>
#include <utility>

namespace hoist::watch {

namespace detail {

template <class T> struct Shared {
  template <class... Args>
  explicit Shared(Args &&...args) : value(std::forward<Args>(args)...) {}

  void retain() noexcept { refs.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    // acq_rel: the last owner sees every other owner's writes.
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }

  static constexpr uint64_t kClosed = 1, kStep = 2;

  std::shared_mutex lock; ///< guards value
  T value;
  /// Each change adds kStep, made under the write lock (release); kClosed
  /// is set when the sender goes. Read with acquire.
  std::atomic<uint64_t> version{0};
  std::atomic<size_t> receivers{0};
  std::atomic<size_t> refs{0};
  Notify changed;        ///< receivers wait here
  Notify receivers_gone; ///< the sender's closed() waits here
};

[[noreturn]] inline void misuse(const char *what) {
  std::fprintf(stderr, "hoist: %s\n", what);
  std::abort();
}

} // namespace detail

/// A read-locked view of the value. Holds the lock until destroyed.
template <class T> class Ref {
public:
  Ref(Ref &&) noexcept = default;
  const T &operator*() const noexcept { return *value_; }
  const T *operator->() const noexcept { return value_; }
  const T &get() const noexcept { return *value_; }
  /// True if the receiver had not seen this value before this borrow.
  bool has_changed() const noexcept { return changed_; }

private:
  template <class U> friend class Sender;
  template <class U> friend class Receiver;
  Ref(std::shared_mutex &m, const T *v, bool changed)
      : lock_(m), value_(v), changed_(changed) {}
  std::shared_lock<std::shared_mutex> lock_;
  const T *value_;
  bool changed_;
};

template <class T> class Sender;
template <class T> class Receiver;
template <class T> std::pair<Sender<T>, Receiver<T>> channel(T initial);

/// The receiving half; copies are independent receivers.
template <class T> class Receiver {
  using S = detail::Shared<T>;

public:
  Receiver(const Receiver &o) : s_(o.s_), seen_(o.seen_) {
    if (s_) {
      s_->retain();
      s_->receivers.fetch_add(1, std::memory_order_relaxed);
    }
  }
  Receiver(Receiver &&o) noexcept
      : s_(std::exchange(o.s_, nullptr)), seen_(o.seen_) {}
  Receiver &operator=(Receiver o) noexcept {
    std::swap(s_, o.s_);
    std::swap(seen_, o.seen_);
    return *this;
  }
  ~Receiver() {
    if (!s_)
      return;
    if (s_->receivers.fetch_sub(1, std::memory_order_acq_rel) == 1)
      s_->receivers_gone.notify_waiters();
    s_->release();
  }

  /// The current value, without marking it seen.
  Ref<T> borrow() const {
    Ref<T> r(live().lock, &s_->value, false);
    r.changed_ = version() != seen_;
    return r;
  }

  /// The current value, marked seen (changed() waits for the next one).
  Ref<T> borrow_and_update() {
    Ref<T> r(live().lock, &s_->value, false);
    uint64_t v = version();
    r.changed_ = v != seen_;
    seen_ = v;
    return r;
  }

  /// True if a value this receiver has not seen was sent.
  bool has_changed() const { return version() != seen_; }

  /// Marks the current value seen.
  void mark_unchanged() { seen_ = version(); }

  /// The future of changed(): Output = bool. True once a value this
  /// receiver has not seen is there (it is then marked seen); false if the
  /// sender is gone and nothing new is left.
  class [[nodiscard]] Changed {
  public:
    using Output = bool;
    explicit Changed(Receiver &rx) noexcept : rx_(&rx) {}
    Poll<bool> poll(Context &cx) {
      // A sender that never stops must not keep this task running forever.
      auto budget = coop::poll_proceed(cx);
      if (!budget)
        return pending;
      S *s = rx_->s_;
      for (;;) {
        // Created before the version is read: a send after the read
        // notifies it (see the file comment).
        if (!notified_)
          notified_.emplace(s->changed);
        uint64_t v = s->version.load(std::memory_order_acquire);
        if ((v & ~S::kClosed) != rx_->seen_) {
          rx_->seen_ = v & ~S::kClosed;
          budget.made_progress();
          return ready(true);
        }
        if (v & S::kClosed) {
          budget.made_progress();
          return ready(false);
        }
        if (notified_->poll(cx).is_pending())
          return pending;
        notified_.reset();
      }
    }

  private:
    Receiver *rx_;
    std::optional<Notify::Notified> notified_;
  };

  /// Waits for a value this receiver has not seen. Only one changed() per
  /// receiver at a time; the receiver must outlive it.
  Changed changed() {
    live();
    return Changed(*this);
  }

  /// The future of wait_for(pred): Output = std::optional<Ref<T>>.
  template <class Pred> class [[nodiscard]] WaitFor {
  public:
    using Output = std::optional<Ref<T>>;
    WaitFor(Receiver &rx, Pred pred) : rx_(&rx), pred_(std::move(pred)) {}
    Poll<Output> poll(Context &cx) {
      for (;;) {
        if (changed_) {
          Poll<bool> p = changed_->poll(cx);
          if (p.is_pending())
            return pending;
          changed_.reset();
          if (!p.value())
            return Poll<Output>(ready_in_place, std::nullopt);
        }
        {
          Ref<T> r = rx_->borrow_and_update();
          if (pred_(*r))
            return Poll<Output>(ready_in_place, std::move(r));
        }
        changed_.emplace(*rx_);
      }
    }

  private:
    Receiver *rx_;
    Pred pred_;
    std::optional<Changed> changed_;
  };

  /// Waits until `pred(value)` holds, trying the current value first; the
  /// value is marked seen. Ready with the value (read-locked), or nullopt
  /// if the sender went away first. `pred` runs under the read lock.
  template <class Pred> WaitFor<std::decay_t<Pred>> wait_for(Pred &&pred) {
    live();
    return WaitFor<std::decay_t<Pred>>(*this, std::forward<Pred>(pred));
  }

  /// True if both receive from the same channel.
  bool same_channel(const Receiver &o) const noexcept { return s_ == o.s_; }

private:
  friend class Sender<T>;
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(T);
  Receiver(S *s, uint64_t seen) noexcept : s_(s), seen_(seen) {
    s_->retain();
    s_->receivers.fetch_add(1, std::memory_order_relaxed);
  }
  S &live() const {
    if (!s_)
      detail::misuse("used a moved-from watch::Receiver");
    return *s_;
  }
  uint64_t version() const {
    return live().version.load(std::memory_order_acquire) & ~S::kClosed;
  }

  S *s_;
  uint64_t seen_; ///< the version last seen, without kClosed
};

/// The sending half (one per channel; move-only).
template <class T> class Sender {
  using S = detail::Shared<T>;

public:
  Sender(Sender &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Sender &operator=(Sender o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Sender() {
    if (!s_)
      return;
    s_->version.fetch_or(S::kClosed, std::memory_order_release);
    s_->changed.notify_waiters();
    s_->release();
  }

  /// Replaces the value and wakes the receivers. False, leaving the value
  /// as it was, if every receiver is gone.
  bool send(T value) {
    if (live().receivers.load(std::memory_order_acquire) == 0)
      return false;
    send_replace(std::move(value));
    return true;
  }

  /// Replaces the value even with no receivers; returns the old one.
  T send_replace(T value) {
    {
      std::unique_lock<std::shared_mutex> lock(live().lock);
      std::swap(s_->value, value);
      s_->version.fetch_add(S::kStep, std::memory_order_release);
    }
    s_->changed.notify_waiters();
    return value;
  }

  /// Calls `fn(T&)` under the write lock, then wakes the receivers.
  template <class Fn> void send_modify(Fn &&fn) {
    send_if_modified([&](T &v) {
      std::forward<Fn>(fn)(v);
      return true;
    });
  }

  /// Calls `fn(T&)` under the write lock; the receivers see a change (and
  /// wake) only if it returns true. Returns what fn returned.
  template <class Fn> bool send_if_modified(Fn &&fn) {
    {
      std::unique_lock<std::shared_mutex> lock(live().lock);
      if (!std::forward<Fn>(fn)(s_->value))
        return false;
      s_->version.fetch_add(S::kStep, std::memory_order_release);
    }
    s_->changed.notify_waiters();
    return true;
  }

  /// The current value (read-locked).
  Ref<T> borrow() const { return Ref<T>(live().lock, &s_->value, false); }

  /// A new receiver that has seen the current value.
  Receiver<T> subscribe() const {
    std::shared_lock<std::shared_mutex> lock(live().lock);
    return Receiver<T>(s_, s_->version.load(std::memory_order_acquire) &
                               ~S::kClosed);
  }

  size_t receiver_count() const {
    return live().receivers.load(std::memory_order_acquire);
  }
  /// True once every receiver is gone.
  bool is_closed() const { return receiver_count() == 0; }

  /// The future of closed(): Output = void, ready once every receiver is
  /// gone. The sender must outlive it.
  class [[nodiscard]] Closed {
  public:
    using Output = void;
    explicit Closed(S *s) noexcept : s_(s) {}
    Poll<void> poll(Context &cx) {
      for (;;) {
        if (!notified_)
          notified_.emplace(s_->receivers_gone);
        if (s_->receivers.load(std::memory_order_acquire) == 0)
          return ready();
        if (notified_->poll(cx).is_pending())
          return pending;
        notified_.reset();
      }
    }

  private:
    S *s_;
    std::optional<Notify::Notified> notified_;
  };
  Closed closed() const { return Closed(&live()); }

private:
  friend std::pair<Sender<T>, Receiver<T>> channel<T>(T);
  explicit Sender(S *s) noexcept : s_(s) { s_->retain(); }
  S &live() const {
    if (!s_)
      detail::misuse("used a moved-from watch::Sender");
    return *s_;
  }

  S *s_;
};

/// A channel holding `initial`, which the receiver counts as seen.
template <class T> std::pair<Sender<T>, Receiver<T>> channel(T initial) {
  auto *s = new detail::Shared<T>(std::move(initial));
  return {Sender<T>(s), Receiver<T>(s, 0)};
}

} // namespace hoist::watch

#endif // HOIST_SYNC_WATCH_HPP
