//===- local_queue.hpp - A worker's bounded run queue ------------*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The bounded (256-entry) run queue of one Runtime worker, after tokio's
/// runtime/scheduler/multi_thread/queue.rs: a ring buffer that only its
/// owner pushes to (at the tail) and pops from (at the head), and from which
/// other workers steal half at a time (also from the head).
///
///   head = [ steal : u32 | real : u32 ]    tail : u32
///
/// `real` is where the next pop (or steal) starts. A stealer first claims a
/// batch by advancing `real` while leaving `steal` behind, copies the
/// claimed entries into its own queue, then moves `steal` up to `real`.
/// While `steal != real` a steal is in progress: no other stealer starts,
/// and the owner must not overwrite slots from `steal` on, so it counts
/// free space from `steal`. When the queue is full the owner moves half of
/// it (plus the new task) to the global injector in one batch.
///
/// Memory orders: the owner publishes slots with a release store of `tail`;
/// stealers read `tail` with acquire before reading slots. Every update of
/// `head` is an acq_rel CAS, which orders a stealer's slot reads before the
/// owner may reuse those slots. Slots are relaxed atomics (their ordering
/// comes from head and tail), which keeps ThreadSanitizer exact.
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_SRC_EXECUTOR_LOCAL_QUEUE_HPP
#define HOIST_SRC_EXECUTOR_LOCAL_QUEUE_HPP

#include "owned_tasks.hpp"

#include "hoist/task/raw.hpp"

#include <atomic>
#include <cstdint>

namespace hoist::detail {

class LocalQueue {
public:
  static constexpr uint32_t kCapacity = 256;
  static constexpr uint32_t kMask = kCapacity - 1;

  /// Owner: true if the queue holds no task.
  bool is_empty() const noexcept {
    auto [steal, real] = unpack(head_.load(std::memory_order_acquire));
    (void)steal;
    return real == tail_.load(std::memory_order_relaxed);
  }

  /// Any thread: an estimate of the number of tasks (for notify decisions).
  uint32_t len() const noexcept {
    auto [steal, real] = unpack(head_.load(std::memory_order_acquire));
    (void)steal;
    return tail_.load(std::memory_order_acquire) - real;
  }

  /// Owner: pushes at the tail. If the queue is full, half of it and
  /// `task` go to `overflow` (a callable taking a chain first, last, n).
  template <class Overflow> void push_back(Header *task, Overflow &&overflow) {
    for (;;) {
      uint64_t head = head_.load(std::memory_order_acquire);
      auto [steal, real] = unpack(head);
      uint32_t tail = tail_.load(std::memory_order_relaxed);
      if (tail - steal < kCapacity) {
        buffer_[tail & kMask].store(task, std::memory_order_relaxed);
        tail_.store(tail + 1, std::memory_order_release);
        return;
      }
      if (steal != real) {
        // A stealer is making room right now; don't wait for it.
        overflow(task, task, 1);
        return;
      }
      if (push_overflow(task, real, tail, overflow))
        return;
      // A stealer got in between: the queue has room now; retry.
    }
  }

  /// Owner: pops at the head, or null.
  Header *pop() noexcept {
    uint64_t head = head_.load(std::memory_order_acquire);
    uint32_t idx;
    for (;;) {
      auto [steal, real] = unpack(head);
      uint32_t tail = tail_.load(std::memory_order_relaxed);
      if (real == tail)
        return nullptr;
      uint32_t next_real = real + 1;
      uint64_t next = steal == real ? pack(next_real, next_real)
                                    : pack(steal, next_real);
      if (head_.compare_exchange_weak(head, next, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        idx = real;
        break;
      }
    }
    return buffer_[idx & kMask].load(std::memory_order_relaxed);
  }

  /// Stealer: moves half of this queue into `dst` (owned by the caller) and
  /// returns one of the moved tasks to run at once, or null.
  Header *steal_into(LocalQueue &dst) noexcept {
    uint32_t dst_tail = dst.tail_.load(std::memory_order_relaxed);
    auto [dst_steal, dst_real] = unpack(dst.head_.load(std::memory_order_acquire));
    (void)dst_real;
    if (dst_tail - dst_steal > kCapacity / 2)
      return nullptr; // we have plenty of our own work
    uint32_t n = steal_into2(dst, dst_tail);
    if (n == 0)
      return nullptr;
    --n;
    Header *ret = dst.buffer_[(dst_tail + n) & kMask].load(std::memory_order_relaxed);
    if (n > 0)
      dst.tail_.store(dst_tail + n, std::memory_order_release);
    return ret;
  }

private:
  static uint64_t pack(uint32_t steal, uint32_t real) noexcept {
    return (uint64_t(steal) << 32) | real;
  }
  struct Unpacked {
    uint32_t steal, real;
  };
  static Unpacked unpack(uint64_t v) noexcept {
    return {uint32_t(v >> 32), uint32_t(v)};
  }

  template <class Overflow>
  bool push_overflow(Header *task, uint32_t head, uint32_t tail,
                     Overflow &overflow) {
    constexpr uint32_t kHalf = kCapacity / 2;
    (void)tail;
    uint64_t expected = pack(head, head);
    // Claim the oldest half so stealers can't take it meanwhile.
    if (!head_.compare_exchange_strong(expected, pack(head + kHalf, head + kHalf),
                                       std::memory_order_acq_rel,
                                       std::memory_order_acquire))
      return false;
    // Chain the claimed tasks and the new one through queue_next.
    Header *first = buffer_[head & kMask].load(std::memory_order_relaxed);
    Header *prev = first;
    for (uint32_t i = 1; i < kHalf; ++i) {
      Header *t = buffer_[(head + i) & kMask].load(std::memory_order_relaxed);
      prev->queue_next = t;
      prev = t;
    }
    prev->queue_next = task;
    task->queue_next = nullptr;
    overflow(first, task, kHalf + 1);
    return true;
  }

  uint32_t steal_into2(LocalQueue &dst, uint32_t dst_tail) noexcept {
    uint64_t prev = head_.load(std::memory_order_acquire);
    uint64_t next;
    uint32_t n;
    uint32_t first;
    for (;;) {
      auto [src_steal, src_real] = unpack(prev);
      if (src_steal != src_real)
        return 0; // another stealer is at work
      uint32_t src_tail = tail_.load(std::memory_order_acquire);
      n = src_tail - src_real;
      n -= n / 2;
      if (n == 0)
        return 0;
      next = pack(src_steal, src_real + n);
      if (head_.compare_exchange_weak(prev, next, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        first = src_real;
        break;
      }
    }
    for (uint32_t i = 0; i < n; ++i) {
      Header *t = buffer_[(first + i) & kMask].load(std::memory_order_relaxed);
      dst.buffer_[(dst_tail + i) & kMask].store(t, std::memory_order_relaxed);
    }
    // Done copying: let `steal` catch up with `real` (the owner may have
    // popped meanwhile, advancing real).
    prev = next;
    for (;;) {
      uint32_t real = unpack(prev).real;
      if (head_.compare_exchange_weak(prev, pack(real, real),
                                      std::memory_order_acq_rel,
                                      std::memory_order_acquire))
        return n;
    }
  }

  // The head word (see the file comment); written by CAS only.
  alignas(64) std::atomic<uint64_t> head_{0};
  // Written only by the owner (release); read by stealers (acquire).
  alignas(64) std::atomic<uint32_t> tail_{0};
  // Slots: relaxed; ordered by tail_ (publication) and head_ (reuse).
  std::atomic<Header *> buffer_[kCapacity] = {};
};

} // namespace hoist::detail

#endif // HOIST_SRC_EXECUTOR_LOCAL_QUEUE_HPP
