//===- LocalQueueTest.cpp - A worker's bounded work-stealing queue --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the Runtime's per-worker run queue (runtime/src/executor/
/// local_queue.hpp): FIFO order for the owner, overflow of half the queue
/// plus the new task in one batch, stealing half, and, with the owner
/// pushing and popping while two thieves steal, every task taken exactly
/// once.
///
//===----------------------------------------------------------------------===//
#include "executor/local_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace hoist::detail;

namespace {

/// Headers used only as tokens: the queue never dereferences them except
/// to chain an overflow batch through queue_next.
std::vector<std::unique_ptr<Header>> make_tasks(size_t n) {
  std::vector<std::unique_ptr<Header>> v;
  for (size_t i = 0; i < n; ++i)
    v.push_back(std::make_unique<Header>(nullptr, nullptr, i));
  return v;
}

TEST(LocalQueueTest, OwnerFifo) {
  LocalQueue q;
  auto tasks = make_tasks(10);
  EXPECT_TRUE(q.is_empty());
  for (auto &t : tasks)
    q.push_back(t.get(), [](Header *, Header *, size_t) { FAIL(); });
  EXPECT_EQ(q.len(), 10u);
  for (auto &t : tasks)
    EXPECT_EQ(q.pop(), t.get());
  EXPECT_EQ(q.pop(), nullptr);
}

TEST(LocalQueueTest, OverflowMovesHalfPlusTheNewTask) {
  LocalQueue q;
  auto tasks = make_tasks(LocalQueue::kCapacity + 1);
  std::vector<Header *> spilled;
  for (auto &t : tasks)
    q.push_back(t.get(), [&](Header *first, Header *last, size_t n) {
      for (Header *h = first;; h = h->queue_next) {
        spilled.push_back(h);
        if (h == last)
          break;
      }
      EXPECT_EQ(spilled.size(), n);
    });
  ASSERT_EQ(spilled.size(), LocalQueue::kCapacity / 2 + 1);
  for (size_t i = 0; i < LocalQueue::kCapacity / 2; ++i)
    EXPECT_EQ(spilled[i], tasks[i].get()) << "the oldest half";
  EXPECT_EQ(spilled.back(), tasks.back().get());
  EXPECT_EQ(q.len(), LocalQueue::kCapacity / 2);
  EXPECT_EQ(q.pop(), tasks[LocalQueue::kCapacity / 2].get());
}

TEST(LocalQueueTest, StealHalf) {
  LocalQueue victim, thief;
  auto tasks = make_tasks(10);
  for (auto &t : tasks)
    victim.push_back(t.get(), [](Header *, Header *, size_t) {});
  Header *got = victim.steal_into(thief);
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(victim.len(), 5u);
  EXPECT_EQ(thief.len(), 4u) << "one of the five is returned to run";
  EXPECT_EQ(victim.pop(), tasks[5].get()) << "thieves take from the head";
  LocalQueue empty, other;
  EXPECT_EQ(empty.steal_into(other), nullptr);
}

TEST(LocalQueueTest, ConcurrentStealingTakesEachTaskOnce) {
  constexpr size_t kTasks = 200000;
  auto tasks = make_tasks(kTasks);
  std::vector<std::atomic<int>> taken(kTasks);
  auto take = [&](Header *h) { taken[h->id].fetch_add(1, std::memory_order_relaxed); };
  LocalQueue owner;
  std::atomic<bool> done{false};
  std::atomic<size_t> overflowed{0};
  std::vector<std::thread> thieves;
  for (int t = 0; t < 2; ++t)
    thieves.emplace_back([&] {
      LocalQueue mine;
      while (!done.load(std::memory_order_acquire)) {
        if (Header *h = owner.steal_into(mine)) {
          take(h);
          while (Header *x = mine.pop())
            take(x);
        }
      }
    });
  for (size_t i = 0; i < kTasks; ++i) {
    owner.push_back(tasks[i].get(), [&](Header *first, Header *last, size_t n) {
      for (Header *h = first;; h = h->queue_next) {
        take(h);
        if (h == last)
          break;
      }
      overflowed += n;
    });
    if (i % 3 == 0)
      if (Header *h = owner.pop())
        take(h);
  }
  while (Header *h = owner.pop())
    take(h);
  done.store(true, std::memory_order_release);
  for (auto &t : thieves)
    t.join();
  for (size_t i = 0; i < kTasks; ++i)
    ASSERT_EQ(taken[i].load(), 1) << "task " << i;
}

} // namespace
