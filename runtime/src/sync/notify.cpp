//===- notify.cpp - Wake one or all waiting tasks ------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hoist::Notify: a mutex-guarded waiter list and one stored permit. The
/// waker of each notified waiter is taken out under the lock and woken
/// after it, because the waiter may be destroyed as soon as the lock is
/// released.
///
//===----------------------------------------------------------------------===//
#include "hoist/sync/notify.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

namespace hoist {

namespace {
/// Picks the first waiter for a notify_one, or stores the permit. Returns
/// the waker to wake after unlocking.
std::optional<Waker> notify_one_locked(detail::WaiterList &waiters, bool &permit) {
  detail::WaiterNode *n = waiters.pop_front();
  if (!n) {
    permit = true;
    return std::nullopt;
  }
  n->notified = true;
  std::optional<Waker> w = std::move(n->waker);
  n->waker.reset();
  return w;
}
} // namespace

Notify::Notified::Notified(Notified &&o) noexcept
    : notify_(o.notify_), calls_at_creation_(o.calls_at_creation_) {
  if (o.state_ != State::Init) {
    std::fprintf(stderr, "hoist: moved a Notify::notified future after it was "
                         "polled\n");
    std::abort();
  }
  o.state_ = State::Done;
}

Notify::Notified::~Notified() {
  if (state_ != State::Waiting)
    return;
  std::optional<Waker> w;
  {
    std::lock_guard<std::mutex> lock(notify_->mu_);
    notify_->waiters_.remove(&node_);
    // Chosen by notify_one but never completed: pass it on.
    if (node_.notified && node_.by_one)
      w = notify_one_locked(notify_->waiters_, notify_->permit_);
  }
  if (w)
    w->wake();
}

Poll<void> Notify::Notified::poll(Context &cx) {
  if (state_ == State::Done)
    return ready();
  std::lock_guard<std::mutex> lock(notify_->mu_);
  if (state_ == State::Init) {
    if (notify_->waiters_calls_.load(std::memory_order_relaxed) !=
        calls_at_creation_) {
      state_ = State::Done; // a notify_waiters() since we were created
      return ready();
    }
    if (notify_->permit_) {
      notify_->permit_ = false;
      state_ = State::Done;
      return ready();
    }
    node_.set_waker(cx.waker());
    notify_->waiters_.push_back(&node_);
    state_ = State::Waiting;
    return pending;
  }
  if (node_.notified) {
    state_ = State::Done;
    return ready();
  }
  node_.set_waker(cx.waker());
  return pending;
}

void Notify::notify_one() {
  std::optional<Waker> w;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (detail::WaiterNode *n = waiters_.front())
      static_cast<detail::NotifyWaiter *>(n)->by_one = true;
    w = notify_one_locked(waiters_, permit_);
  }
  if (w)
    w->wake();
}

void Notify::notify_waiters() {
  std::vector<Waker> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiters_calls_.fetch_add(1, std::memory_order_release);
    while (detail::WaiterNode *n = waiters_.pop_front()) {
      n->notified = true;
      if (n->waker)
        wake.push_back(std::move(*n->waker));
      n->waker.reset();
    }
  }
  for (Waker &w : wake)
    w.wake_by_ref();
}

} // namespace hoist
