//===- hoist/sync/waiter_list.hpp - Intrusive FIFO of waiters ---*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The queue of tasks waiting on a sync primitive (bounded mpsc senders,
/// Semaphore and Mutex acquirers, Notify waiters). Each node lives inside
/// the waiting future, which is pinned once polled, so waiting allocates
/// nothing; the future's destructor unlinks its node, so a cancelled wait
/// leaves nothing behind. Not synchronized: the primitive's mutex guards
/// the list and every node field.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SYNC_WAITER_LIST_HPP
#define HOIST_SYNC_WAITER_LIST_HPP

#include "hoist/core/waker.hpp"

#include <optional>

namespace hoist::detail {

struct WaiterNode {
  WaiterNode *prev = nullptr;
  WaiterNode *next = nullptr;
  bool linked = false;
  /// Set by the primitive when it hands this waiter what it waited for.
  bool notified = false;
  std::optional<Waker> waker;

  /// Stores the waker of the current poll (clones only if it changed).
  void set_waker(const Waker &w) {
    if (!waker || !waker->will_wake(w))
      waker = w;
  }
};

class WaiterList {
public:
  bool empty() const noexcept { return !head_; }
  WaiterNode *front() const noexcept { return head_; }

  void push_back(WaiterNode *n) noexcept {
    n->prev = tail_;
    n->next = nullptr;
    if (tail_)
      tail_->next = n;
    else
      head_ = n;
    tail_ = n;
    n->linked = true;
  }

  void remove(WaiterNode *n) noexcept {
    if (!n->linked)
      return;
    if (n->prev)
      n->prev->next = n->next;
    else
      head_ = n->next;
    if (n->next)
      n->next->prev = n->prev;
    else
      tail_ = n->prev;
    n->prev = n->next = nullptr;
    n->linked = false;
  }

  WaiterNode *pop_front() noexcept {
    WaiterNode *n = head_;
    if (n)
      remove(n);
    return n;
  }

private:
  WaiterNode *head_ = nullptr;
  WaiterNode *tail_ = nullptr;
};

} // namespace hoist::detail

#endif // HOIST_SYNC_WAITER_LIST_HPP
