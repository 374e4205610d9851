//===- cancellation_token.cpp - Cooperative cancellation -----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The cancellation tree. A child holds a reference to its parent, so a
/// node with children is never freed, and the root (whose mutex every node
/// uses) outlives the whole tree. cancel() walks the subtree under that
/// mutex without recursion (first_child / next_sibling / parent links),
/// marks each node and takes its waiters' wakers; they are woken after the
/// mutex is released. A cancelled node's subtree is cancelled already (a
/// child made from a cancelled node starts cancelled), so the walk skips it.
///
//===----------------------------------------------------------------------===//
#include "hoist/sync/cancellation_token.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hoist {

namespace detail {

void cancel_node_retain(CancelNode *n) noexcept {
  n->refs.fetch_add(1, std::memory_order_relaxed);
}

void cancel_node_release(CancelNode *n) {
  while (n) {
    // acq_rel: the last owner sees every other owner's writes.
    if (n->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
      return;
    // No children (each holds a reference) and no waiters (each future
    // holds one): only the link to the parent is left.
    CancelNode *parent = n->parent;
    if (parent) {
      std::lock_guard<std::mutex> lock(*n->mu);
      if (n->prev_sibling)
        n->prev_sibling->next_sibling = n->next_sibling;
      else
        parent->first_child = n->next_sibling;
      if (n->next_sibling)
        n->next_sibling->prev_sibling = n->prev_sibling;
    }
    delete n;
    n = parent; // drop the child's reference to its parent
  }
}

CancelNode *cancel_node_child(CancelNode *parent) {
  auto *child = new CancelNode(parent);
  cancel_node_retain(parent);
  std::lock_guard<std::mutex> lock(*parent->mu);
  if (parent->cancelled.load(std::memory_order_relaxed))
    child->cancelled.store(true, std::memory_order_release);
  child->next_sibling = parent->first_child;
  if (parent->first_child)
    parent->first_child->prev_sibling = child;
  parent->first_child = child;
  return child;
}

void cancel_node_cancel(CancelNode *n) {
  std::vector<Waker> wake;
  {
    std::lock_guard<std::mutex> lock(*n->mu);
    CancelNode *cur = n;
    for (;;) {
      bool descend = false;
      if (!cur->cancelled.load(std::memory_order_relaxed)) {
        while (WaiterNode *w = cur->waiters.pop_front()) {
          w->notified = true;
          if (w->waker)
            wake.push_back(std::move(*w->waker));
          w->waker.reset();
        }
        // Set after the waiters are done with: a future that sees the flag
        // without the lock may be destroyed at once.
        cur->cancelled.store(true, std::memory_order_release);
        descend = cur->first_child != nullptr;
      }
      if (descend) {
        cur = cur->first_child;
        continue;
      }
      while (cur != n && !cur->next_sibling)
        cur = cur->parent;
      if (cur == n)
        break;
      cur = cur->next_sibling;
    }
  }
  for (Waker &w : wake)
    w.wake_by_ref();
}

void cancel_token_moved_from() noexcept {
  std::fprintf(stderr, "hoist: used a moved-from CancellationToken\n");
  std::abort();
}

} // namespace detail

CancellationToken::WaitForCancellation::WaitForCancellation(
    WaitForCancellation &&o) noexcept
    : node_(o.node_), done_(o.done_) {
  if (o.polled_) {
    std::fprintf(stderr, "hoist: moved a CancellationToken::cancelled future "
                         "after it was polled\n");
    std::abort();
  }
  detail::cancel_node_retain(node_);
}

CancellationToken::WaitForCancellation::~WaitForCancellation() {
  if (polled_ && !done_) {
    std::lock_guard<std::mutex> lock(*node_->mu);
    node_->waiters.remove(&waiter_);
  }
  detail::cancel_node_release(node_);
}

Poll<void> CancellationToken::WaitForCancellation::poll(Context &cx) {
  if (done_ || node_->cancelled.load(std::memory_order_acquire)) {
    done_ = true;
    return ready();
  }
  std::lock_guard<std::mutex> lock(*node_->mu);
  polled_ = true;
  if (node_->cancelled.load(std::memory_order_relaxed)) {
    done_ = true; // cancel() unlinked us (if we were linked)
    return ready();
  }
  waiter_.set_waker(cx.waker());
  if (!waiter_.linked)
    node_->waiters.push_back(&waiter_);
  return pending;
}

} // namespace hoist
