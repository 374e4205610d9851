//===- hoist/sync/notify.hpp - Wake one or all waiting tasks ----*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `Notify` is tokio::sync::Notify: a task waits with
/// `co_await notify.notified()`; another calls
///
///   notify_one()      wakes the first waiter (FIFO), or, if none is
///                     waiting, stores one permit that the next notified()
///                     consumes at once (so a notify before the wait is not
///                     lost)
///   notify_waiters()  wakes every waiter whose Notified future exists at
///                     the time of the call (even if not yet polled); it
///                     stores no permit
///
/// A waiter chosen by notify_one that is destroyed before it saw the
/// notification passes it on to the next waiter (or back to the permit).
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_NOTIFY_HPP
#define HOIST_SYNC_NOTIFY_HPP

#include "hoist/core/context.hpp"
#include "hoist/core/poll.hpp"
#include "hoist/sync/waiter_list.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>

namespace hoist {

namespace detail {
/// A Notified waiter. `notified` is set by notify_waiters (all) or
/// notify_one (this one); `by_one` says which, so that a notify_one can be
/// passed on when the waiter is destroyed before it saw it.
struct NotifyWaiter : WaiterNode {
  bool by_one = false;
};
} // namespace detail

class Notify {
public:
  Notify() = default;
  Notify(const Notify &) = delete;
  Notify &operator=(const Notify &) = delete;

  /// The future of notified(): Output = void.
  class [[nodiscard]] Notified {
  public:
    using Output = void;
    explicit Notified(Notify &n) noexcept
        : notify_(&n),
          // acquire: pairs with notify_waiters' increment (made under the
          // lock), fixing which notify_waiters calls this future sees.
          calls_at_creation_(n.waiters_calls_.load(std::memory_order_acquire)) {}
    Notified(Notified &&o) noexcept;
    Notified &operator=(Notified &&) = delete;
    ~Notified();
    Poll<void> poll(Context &cx);

  private:
    enum class State : uint8_t { Init, Waiting, Done };
    Notify *notify_;
    uint64_t calls_at_creation_;
    State state_ = State::Init;
    detail::NotifyWaiter node_;
  };

  Notified notified() noexcept { return Notified(*this); }
  void notify_one();
  void notify_waiters();

private:
  friend class Notified;

  std::mutex mu_;
  // Guarded by mu_.
  detail::WaiterList waiters_;
  bool permit_ = false;
  // Incremented under mu_ by notify_waiters; read without the lock when a
  // Notified is created (acquire/release).
  std::atomic<uint64_t> waiters_calls_{0};
};

} // namespace hoist

#endif // HOIST_SYNC_NOTIFY_HPP
