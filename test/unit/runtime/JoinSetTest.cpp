//===- JoinSetTest.cpp - JoinSet: spawn many, join as they finish ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::JoinSet: outputs in completion order, nullopt when empty,
/// a task's exception and an aborted task leave the set and are thrown,
/// destroying the set aborts its tasks (their futures are destroyed),
/// detach_all, shutdown, try_join_next, a dropped join_next, a spent coop
/// budget, spawning from inside a task, and many tasks joined across the
/// Runtime's workers.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/task/join_set.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

/// Waits on `g`, then yields `v`; counts its own destruction.
auto gated(Gate &g, int v, std::atomic<int> *drops) {
  return map(g.wait(),
             [v, d = std::make_shared<DropCounter>(drops)] { return v; });
}

TEST(JoinSetTest, JoinsInCompletionOrder) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  Gate g0, g1, g2;
  JoinSet<int> set;
  set.spawn_on(ex, gated(g0, 0, &drops));
  set.spawn_on(ex, gated(g1, 1, &drops));
  set.spawn_on(ex, gated(g2, 2, &drops));
  EXPECT_EQ(set.size(), 3u);
  ex.block_on(yield_now());
  g2.open();
  EXPECT_EQ(ex.block_on(set.join_next()), std::optional<int>(2));
  g0.open();
  EXPECT_EQ(ex.block_on(set.join_next()), std::optional<int>(0));
  g1.open();
  EXPECT_EQ(ex.block_on(set.join_next()), std::optional<int>(1));
  EXPECT_TRUE(set.is_empty());
  EXPECT_EQ(ex.block_on(set.join_next()), std::nullopt);
  EXPECT_EQ(drops.load(), 3);
}

TEST(JoinSetTest, ErrorsLeaveTheSet) {
  LocalExecutor ex;
  Gate never;
  JoinSet<int> set;
  set.spawn_on(ex, poll_fn([](Context &) -> Poll<int> {
                 throw std::runtime_error("boom");
               }));
  EXPECT_THROW(ex.block_on(set.join_next()), std::runtime_error);
  EXPECT_EQ(set.size(), 0u);
  set.spawn_on(ex, gated(never, 1, nullptr));
  set.abort_all();
  EXPECT_THROW(ex.block_on(set.join_next()), JoinError);
  EXPECT_TRUE(set.is_empty());
}

TEST(JoinSetTest, DestroyingTheSetAbortsItsTasks) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  Gate never;
  {
    JoinSet<int> set;
    for (int i = 0; i < 10; ++i)
      set.spawn_on(ex, gated(never, i, &drops));
    ex.block_on(yield_now());
    EXPECT_EQ(drops.load(), 0);
  }
  // Each block_on(yield_now()) lets the executor run a task or so.
  for (int spin = 0; spin < 100 && drops.load() < 10; ++spin)
    ex.block_on(yield_now());
  EXPECT_EQ(drops.load(), 10);
}

TEST(JoinSetTest, DetachedTasksRunOn) {
  LocalExecutor ex;
  Gate g;
  std::atomic<int> drops{0};
  JoinHandle<int> watcher = ex.spawn(Countdown{0, 0});
  {
    JoinSet<int> set;
    set.spawn_on(ex, gated(g, 7, &drops));
    set.detach_all();
    EXPECT_TRUE(set.is_empty());
  }
  ex.block_on(yield_now());
  EXPECT_EQ(drops.load(), 0);
  g.open();
  ex.block_on(yield_now());
  ex.block_on(yield_now());
  EXPECT_EQ(drops.load(), 1);
  ex.block_on(std::move(watcher));
}

TEST(JoinSetTest, DroppedJoinNextLosesNothing) {
  LocalExecutor ex;
  Gate g;
  JoinSet<int> set;
  set.spawn_on(ex, gated(g, 5, nullptr));
  {
    Context cx = Context::from_waker(noop_waker());
    JoinSet<int>::JoinNext f = set.join_next();
    EXPECT_TRUE(f.poll(cx).is_pending());
  }
  g.open();
  EXPECT_EQ(ex.block_on(set.join_next()), std::optional<int>(5));
}

TEST(JoinSetTest, ShutdownAbortsAndWaits) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  Gate never, open;
  open.open();
  JoinSet<int> set;
  for (int i = 0; i < 5; ++i)
    set.spawn_on(ex, gated(never, i, &drops));
  set.spawn_on(ex, gated(open, 9, &drops));
  set.spawn_on(ex, poll_fn([](Context &) -> Poll<int> {
                 throw std::runtime_error("discarded");
               }));
  ex.block_on(set.shutdown());
  EXPECT_TRUE(set.is_empty());
  EXPECT_EQ(drops.load(), 6);
}

TEST(JoinSetTest, TryJoinNextDoesNotWait) {
  LocalExecutor ex;
  Gate g;
  JoinSet<int> set;
  EXPECT_EQ(set.try_join_next(), std::nullopt);
  set.spawn_on(ex, gated(g, 4, nullptr));
  ex.block_on(yield_now());
  EXPECT_EQ(set.try_join_next(), std::nullopt);
  EXPECT_EQ(set.size(), 1u);
  g.open();
  std::optional<int> got;
  for (int spin = 0; spin < 10 && !(got = set.try_join_next()); ++spin)
    ex.block_on(yield_now()); // lets the task run
  EXPECT_EQ(got, std::optional<int>(4));
  EXPECT_TRUE(set.is_empty());
}

TEST(JoinSetTest, SpentBudgetYieldsWithOneWake) {
  LocalExecutor ex;
  Gate g;
  JoinSet<int> set;
  for (int i = 0; i < 3; ++i)
    set.spawn_on(ex, gated(g, i, nullptr));
  g.open();
  ex.block_on(yield_now());
  ex.block_on(yield_now());
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    coop::BudgetScope scope(0);
    EXPECT_TRUE(set.poll_join_next(cx).is_pending());
    EXPECT_EQ(counts.total_wakes(), 1);
  }
  EXPECT_EQ(set.size(), 3u);
}

TEST(JoinSetTest, VoidTasksAndSpawnFromATask) {
  LocalExecutor ex;
  JoinSet<void> set;
  int joined = 0;
  ex.block_on(poll_fn([&](Context &cx) -> Poll<void> {
    if (joined == 0 && set.is_empty()) {
      for (int i = 0; i < 5; ++i)
        set.spawn(map(Countdown{i, i}, [](int) {})); // current executor
      set.spawn(yield_now());
    }
    for (;;) {
      Poll<std::optional<std::monostate>> p = set.poll_join_next(cx);
      if (p.is_pending())
        return pending;
      if (!std::move(p).value())
        return ready();
      ++joined;
    }
  }));
  EXPECT_EQ(joined, 6);
}

TEST(JoinSetTest, ManyTasksAcrossWorkers) {
  Runtime rt(Runtime::Options{2});
  JoinSet<int> set;
  std::vector<std::unique_ptr<Gate>> gates;
  for (int i = 0; i < 500; ++i) {
    gates.push_back(std::make_unique<Gate>());
    set.spawn_on(rt, gated(*gates.back(), i, nullptr));
  }
  std::thread opener([&] {
    for (auto &g : gates)
      g->open();
  });
  std::set<int> seen;
  while (std::optional<int> v = rt.block_on(set.join_next()))
    seen.insert(*v);
  opener.join();
  EXPECT_EQ(seen.size(), 500u);
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), 499);
}

TEST(JoinSetTest, DestroyedOnRuntimeAbortsEverything) {
  std::atomic<int> drops{0};
  Gate never;
  {
    Runtime rt(Runtime::Options{2});
    {
      JoinSet<int> set;
      for (int i = 0; i < 100; ++i)
        set.spawn_on(rt, gated(never, i, &drops));
    }
    // Aborted tasks are destroyed by the workers.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (drops.load() < 100 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(drops.load(), 100);
  }
}

} // namespace
