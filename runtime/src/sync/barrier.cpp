//===- barrier.cpp - Wait until n tasks arrive ---------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hoist::Barrier: a count and a waiter list under a mutex. The task that
/// brings the count to n resets it (the next group starts at once), marks
/// every waiter released and takes its waker under the lock, and wakes them
/// after it; it is the leader and completes without waiting.
///
//===----------------------------------------------------------------------===//
#include "hoist/sync/barrier.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hoist {

Barrier::Wait::Wait(Wait &&o) noexcept
    : barrier_(o.barrier_), state_(o.state_) {
  if (o.state_ == State::Waiting) {
    std::fprintf(stderr, "hoist: moved a Barrier::wait future after it was "
                         "polled\n");
    std::abort();
  }
  o.state_ = State::Done;
}

Barrier::Wait::~Wait() {
  if (state_ != State::Waiting)
    return;
  std::lock_guard<std::mutex> lock(barrier_->mu_);
  if (node_.notified)
    return; // released with its group
  barrier_->waiters_.remove(&node_);
  --barrier_->arrived_; // take the arrival back
}

Poll<BarrierWaitResult> Barrier::Wait::poll(Context &cx) {
  if (state_ == State::Done) {
    std::fprintf(stderr, "hoist: polled a Barrier::wait future after it "
                         "completed\n");
    std::abort();
  }
  std::vector<Waker> wake;
  {
    std::lock_guard<std::mutex> lock(barrier_->mu_);
    if (state_ == State::Waiting) {
      if (node_.notified) {
        state_ = State::Done;
        return Poll<BarrierWaitResult>(ready_in_place, false);
      }
      node_.set_waker(cx.waker());
      return pending;
    }
    if (++barrier_->arrived_ < barrier_->n_) {
      node_.set_waker(cx.waker());
      barrier_->waiters_.push_back(&node_);
      state_ = State::Waiting;
      return pending;
    }
    barrier_->arrived_ = 0;
    wake.reserve(barrier_->n_ - 1);
    while (detail::WaiterNode *n = barrier_->waiters_.pop_front()) {
      n->notified = true;
      if (n->waker)
        wake.push_back(std::move(*n->waker));
      n->waker.reset();
    }
  }
  for (Waker &w : wake)
    w.wake_by_ref();
  state_ = State::Done;
  return Poll<BarrierWaitResult>(ready_in_place, true);
}

} // namespace hoist
