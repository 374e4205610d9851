//===- QueueStress.cpp - The work-stealing queue under contention ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Rounds of an owner pushing (with overflow) and popping while three
/// thieves steal half at a time from it and from each other, under
/// ThreadSanitizer and AddressSanitizer: every task is taken exactly once.
///
//===----------------------------------------------------------------------===//
#include "executor/local_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist::detail;

namespace {

TEST(QueueStress, OwnerAndThievesTakeEachTaskOnce) {
  const size_t kTasks = 50000 * HOIST_STRESS_SCALE;
  std::vector<std::unique_ptr<Header>> tasks;
  for (size_t i = 0; i < kTasks; ++i)
    tasks.push_back(std::make_unique<Header>(nullptr, nullptr, i));
  std::vector<std::atomic<int>> taken(kTasks);
  auto take = [&](Header *h) { taken[h->id].fetch_add(1, std::memory_order_relaxed); };
  constexpr int kThieves = 3;
  LocalQueue owner;
  std::vector<std::unique_ptr<LocalQueue>> queues;
  for (int t = 0; t < kThieves; ++t)
    queues.push_back(std::make_unique<LocalQueue>());
  std::atomic<bool> done{false};
  std::vector<std::thread> thieves;
  for (int t = 0; t < kThieves; ++t)
    thieves.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      LocalQueue &mine = *queues[static_cast<size_t>(t)];
      auto drain_some = [&] {
        for (int k = 0; k < 3; ++k)
          if (Header *x = mine.pop())
            take(x);
      };
      for (;;) {
        bool finished = done.load(std::memory_order_acquire);
        Header *h = rng() % 2 ? owner.steal_into(mine)
                              : queues[rng() % kThieves]->steal_into(mine);
        if (h)
          take(h);
        drain_some();
        if (finished && !h && mine.is_empty() && owner.len() == 0)
          break;
      }
    });
  std::mt19937 rng(99);
  for (size_t i = 0; i < kTasks; ++i) {
    owner.push_back(tasks[i].get(), [&](Header *first, Header *last, size_t) {
      for (Header *h = first;; h = h->queue_next) {
        take(h);
        if (h == last)
          break;
      }
    });
    if (rng() % 3 == 0)
      if (Header *h = owner.pop())
        take(h);
  }
  while (Header *h = owner.pop())
    take(h);
  done.store(true, std::memory_order_release);
  for (auto &t : thieves)
    t.join();
  // Thieves stop only once their own queues are empty, but a thief may
  // have stolen from another after that one finished: drain them all.
  for (auto &q : queues)
    while (Header *h = q->pop())
      take(h);
  for (size_t i = 0; i < kTasks; ++i)
    ASSERT_EQ(taken[i].load(), 1) << "task " << i;
}

} // namespace
