//===- owned_tasks.hpp - The tasks an executor owns, for shutdown -*- C++ -*-=//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every live task of an executor is linked here (holding one reference) so
/// that shutdown can cancel tasks that are idle and unreachable from any
/// queue (waiting on a socket, a timer, a channel). The list is sharded by
/// task id to keep spawn and completion from contending on one lock, as in
/// tokio's OwnedTasks. Once closed, binding fails: the spawner cancels the
/// new task at once.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SRC_EXECUTOR_OWNED_TASKS_HPP
#define HOIST_SRC_EXECUTOR_OWNED_TASKS_HPP

#include "hoist/task/raw.hpp"

#include <atomic>
#include <mutex>

namespace hoist::detail {

class OwnedTasks {
public:
  static constexpr unsigned kShards = 16;

  /// Links `task` (the list takes one of its refs). False if closed.
  [[nodiscard]] bool bind(Header *task) {
    Shard &s = shard(task);
    std::lock_guard<std::mutex> lock(s.mu);
    // Read under the shard lock: close() takes every shard lock after
    // setting the flag, so no bind can slip in after close() returns.
    if (closed_.load(std::memory_order_relaxed))
      return false;
    task->owned = true;
    task->owned_prev = nullptr;
    task->owned_next = s.head;
    if (s.head)
      s.head->owned_prev = task;
    s.head = task;
    return true;
  }

  /// Unlinks `task`; true if it was linked (the caller drops the list's ref).
  bool remove(Header *task) noexcept {
    Shard &s = shard(task);
    std::lock_guard<std::mutex> lock(s.mu);
    if (!task->owned)
      return false;
    unlink(s, task);
    return true;
  }

  /// Refuses further binds.
  void close() {
    closed_.store(true, std::memory_order_relaxed);
    for (Shard &s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
    }
  }

  /// Unlinks and returns some task (the caller gets the list's ref), or null.
  Header *pop() noexcept {
    for (Shard &s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
      if (Header *t = s.head) {
        unlink(s, t);
        return t;
      }
    }
    return nullptr;
  }

  bool is_closed() const noexcept { return closed_.load(std::memory_order_relaxed); }

private:
  struct alignas(64) Shard {
    std::mutex mu;
    Header *head = nullptr;
  };

  Shard &shard(Header *task) noexcept { return shards_[task->id % kShards]; }

  static void unlink(Shard &s, Header *t) noexcept {
    if (t->owned_prev)
      t->owned_prev->owned_next = t->owned_next;
    else
      s.head = t->owned_next;
    if (t->owned_next)
      t->owned_next->owned_prev = t->owned_prev;
    t->owned_prev = t->owned_next = nullptr;
    t->owned = false;
  }

  // Only ever goes false -> true; read under a shard lock (see bind).
  std::atomic<bool> closed_{false};
  Shard shards_[kShards];
};

/// An intrusive FIFO of tasks linked through Header::queue_next. Not
/// synchronized: the owner guards it.
class TaskQueue {
public:
  bool empty() const noexcept { return !head_; }
  size_t size() const noexcept { return len_; }

  void push(Header *t) noexcept {
    t->queue_next = nullptr;
    if (tail_)
      tail_->queue_next = t;
    else
      head_ = t;
    tail_ = t;
    ++len_;
  }

  /// Appends a chain `first..last` of `n` tasks.
  void push_chain(Header *first, Header *last, size_t n) noexcept {
    last->queue_next = nullptr;
    if (tail_)
      tail_->queue_next = first;
    else
      head_ = first;
    tail_ = last;
    len_ += n;
  }

  Header *pop() noexcept {
    Header *t = head_;
    if (!t)
      return nullptr;
    head_ = t->queue_next;
    if (!head_)
      tail_ = nullptr;
    t->queue_next = nullptr;
    --len_;
    return t;
  }

  /// Takes the whole queue.
  TaskQueue take() noexcept {
    TaskQueue q;
    std::swap(q.head_, head_);
    std::swap(q.tail_, tail_);
    std::swap(q.len_, len_);
    return q;
  }

private:
  Header *head_ = nullptr;
  Header *tail_ = nullptr;
  size_t len_ = 0;
};

} // namespace hoist::detail

#endif // HOIST_SRC_EXECUTOR_OWNED_TASKS_HPP
