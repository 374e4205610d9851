//===- LocalExecutorTest.cpp - The one-thread executor --------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::LocalExecutor: spawn and join, block_on with tasks running
/// meanwhile, fairness of yielding tasks, hoist::spawn from inside a task,
/// wake-ups from other threads (the remote queue), spawn_blocking, and that
/// destroying the executor cancels the tasks left. Misuse aborts.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(LocalExecutorTest, SpawnAndJoin) {
  LocalExecutor ex;
  JoinHandle<int> h = ex.spawn(Countdown{3, 42});
  EXPECT_EQ(ex.block_on(std::move(h)), 42);
}

TEST(LocalExecutorTest, BlockOnRunsTasksMeanwhile) {
  LocalExecutor ex;
  Event e;
  int ran = 0;
  auto h = ex.spawn(map(Countdown{5}, [&](int) {
    ++ran;
    e.fire();
  }));
  ex.block_on(e.wait());
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(h.is_finished());
}

TEST(LocalExecutorTest, YieldingTasksInterleave) {
  LocalExecutor ex;
  std::string trace;
  auto make = [&](char c) {
    return poll_fn([&trace, c, n = 0](Context &cx) mutable -> Poll<void> {
      trace += c;
      if (++n == 3)
        return ready();
      cx.waker().wake_by_ref(); // yield
      return pending;
    });
  };
  auto a = ex.spawn(make('a'));
  auto b = ex.spawn(make('b'));
  ex.block_on(std::move(b));
  ex.block_on(std::move(a));
  EXPECT_EQ(trace, "ababab");
}

TEST(LocalExecutorTest, SpawnFromInsideATask) {
  LocalExecutor ex;
  int v = ex.block_on(and_then(value(0), [](int) {
    return and_then(spawn(Countdown{2, 7}), [](int x) { return value(x * 6); });
  }));
  EXPECT_EQ(v, 42);
}

TEST(LocalExecutorTest, ManyTasks) {
  LocalExecutor ex;
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < 10000; ++i)
    hs.push_back(ex.spawn(Countdown{i % 3, i}));
  long sum = 0;
  for (auto &h : hs)
    sum += ex.block_on(std::move(h));
  EXPECT_EQ(sum, 10000L * 9999 / 2);
}

TEST(LocalExecutorTest, WokenFromOtherThreads) {
  LocalExecutor ex;
  constexpr int kN = 50;
  std::vector<std::unique_ptr<Event>> events;
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < kN; ++i) {
    events.push_back(std::make_unique<Event>());
    hs.push_back(ex.spawn(map(events.back()->wait(), [i] { return i; })));
  }
  std::thread t([&] {
    for (auto &e : events)
      e->fire();
  });
  int sum = 0;
  for (auto &h : hs)
    sum += ex.block_on(std::move(h));
  t.join();
  EXPECT_EQ(sum, kN * (kN - 1) / 2);
}

TEST(LocalExecutorTest, MainFutureWokenFromAnotherThread) {
  LocalExecutor ex;
  Event e;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    e.fire();
  });
  ex.block_on(e.wait());
  t.join();
}

TEST(LocalExecutorTest, SpawnBlocking) {
  LocalExecutor ex;
  auto main_id = std::this_thread::get_id();
  auto h = ex.spawn_blocking([&] { return std::this_thread::get_id() != main_id; });
  EXPECT_TRUE(ex.block_on(std::move(h)));
  auto g = ex.block_on(and_then(value(0), [](int) {
    return spawn_blocking([] { return std::string("blocking"); });
  }));
  EXPECT_EQ(g, "blocking");
}

TEST(LocalExecutorTest, DestructionCancelsPendingTasks) {
  std::atomic<int> drops{0};
  Event never;
  std::optional<JoinHandle<void>> h;
  {
    LocalExecutor ex;
    h.emplace(ex.spawn(map(never.wait(), [d = DropCounter(&drops)] {})));
    ex.block_on(yield_now()); // let it run and wait
    EXPECT_EQ(drops.load(), 0);
  }
  EXPECT_EQ(drops.load(), 1) << "the future was destroyed";
  EXPECT_TRUE(h->is_finished());
  EXPECT_THROW(block_on(std::move(*h)), JoinError);
}

TEST(LocalExecutorTest, TaskNeverPolledIsDestroyedAtShutdown) {
  std::atomic<int> drops{0};
  {
    LocalExecutor ex;
    auto h = ex.spawn(map(value(1), [d = DropCounter(&drops)](int) {}));
  }
  EXPECT_EQ(drops.load(), 1);
}

TEST(LocalExecutorTest, WakerOutlivesExecutor) {
  std::unique_ptr<Waker> kept;
  {
    LocalExecutor ex;
    auto h = ex.spawn(poll_fn([&](Context &cx) -> Poll<void> {
      kept = std::make_unique<Waker>(cx.waker());
      return pending;
    }));
    ex.block_on(yield_now());
  }
  ASSERT_TRUE(kept);
  kept->wake_by_ref(); // the task is cancelled: nothing happens
  kept.reset();
}

TEST(LocalExecutorDeathTest, SpawnOutsideAnExecutorAborts) {
  EXPECT_DEATH((void)spawn(Countdown{0}), "called outside of an executor");
}

TEST(LocalExecutorDeathTest, SpawnFromAnotherThreadAborts) {
  EXPECT_DEATH(
      {
        LocalExecutor ex;
        std::thread t([&] { (void)ex.spawn(Countdown{0}); });
        t.join();
      },
      "other than the one that created");
}

} // namespace
