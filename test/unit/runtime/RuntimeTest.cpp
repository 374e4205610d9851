//===- RuntimeTest.cpp - The multi-threaded work-stealing runtime ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Runtime: spawn from outside and from tasks, work spreading
/// to every worker, the LIFO slot under ping-pong, overflow of a local
/// queue into the injector, cross-thread wake-ups, spawn_blocking, the
/// coop budget (a busy task doesn't starve others on one worker), idle
/// workers that don't spin, and shutdown cancelling tasks.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/task/coop.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

TEST(RuntimeTest, SpawnAndJoinFromOutside) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.num_workers(), 2u);
  auto h = rt.spawn(Countdown{3, 5});
  EXPECT_EQ(rt.block_on(std::move(h)), 5);
}

TEST(RuntimeTest, DefaultWorkerCount) {
  Runtime rt;
  EXPECT_GE(rt.num_workers(), 1u);
}

/// Spawns `n` tasks from inside a task and sums their outputs.
struct SpawnMany {
  using Output = long;
  int n;
  std::vector<JoinHandle<int>> hs{};
  size_t next = 0;
  long sum = 0;
  Poll<long> poll(Context &cx) {
    if (hs.empty())
      for (int i = 0; i < n; ++i)
        hs.push_back(spawn(Countdown{i % 4, i}));
    for (; next < hs.size(); ++next) {
      Poll<int> p = hs[next].poll(cx);
      if (p.is_pending())
        return pending;
      sum += p.value();
    }
    return ready(sum);
  }
};

TEST(RuntimeTest, ManyTasksFromInsideATask) {
  Runtime rt(Runtime::Options{2});
  auto h = rt.spawn(SpawnMany{20000});
  EXPECT_EQ(rt.block_on(std::move(h)), 20000L * 19999 / 2);
}

TEST(RuntimeTest, ManyTasksFromBlockOn) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(SpawnMany{5000}), 5000L * 4999 / 2);
}

TEST(RuntimeTest, WorkSpreadsToAllWorkers) {
  Runtime rt(Runtime::Options{2});
  std::mutex mu;
  std::set<std::thread::id> seen;
  std::vector<JoinHandle<void>> hs;
  for (int i = 0; i < 200; ++i)
    hs.push_back(rt.spawn(poll_fn([&](Context &) -> Poll<void> {
      std::this_thread::sleep_for(200us); // keep the worker busy
      std::lock_guard<std::mutex> lock(mu);
      seen.insert(std::this_thread::get_id());
      return ready();
    })));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  EXPECT_EQ(seen.size(), 2u);
}

TEST(RuntimeTest, CrossThreadWakeups) {
  Runtime rt(Runtime::Options{2});
  constexpr int kN = 200;
  std::vector<std::unique_ptr<Event>> events;
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < kN; ++i) {
    events.push_back(std::make_unique<Event>());
    hs.push_back(rt.spawn(map(events.back()->wait(), [i] { return i; })));
  }
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      for (int i = t; i < kN; i += 4)
        events[static_cast<size_t>(i)]->fire();
    });
  long sum = 0;
  for (auto &h : hs)
    sum += rt.block_on(std::move(h));
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(sum, kN * (kN - 1) / 2);
}

/// Two tasks waking each other N times (the LIFO slot's case).
TEST(RuntimeTest, PingPong) {
  Runtime rt(Runtime::Options{2});
  struct Side {
    std::atomic<int> turn{0};
    AtomicWaker w[2];
  } s;
  constexpr int kRounds = 10000;
  auto player = [&s](int me) {
    return poll_fn([&s, me](Context &cx) -> Poll<void> {
      for (;;) {
        int t = s.turn.load(std::memory_order_acquire);
        if (t >= 2 * kRounds)
          return ready();
        if (t % 2 != me) {
          s.w[me].register_waker(cx.waker());
          if (s.turn.load(std::memory_order_acquire) == t)
            return pending;
          continue;
        }
        s.turn.store(t + 1, std::memory_order_release);
        s.w[1 - me].wake();
      }
    });
  };
  auto a = rt.spawn(player(0));
  auto b = rt.spawn(player(1));
  rt.block_on(std::move(a));
  rt.block_on(std::move(b));
  EXPECT_EQ(s.turn.load(), 2 * kRounds);
}

TEST(RuntimeTest, BusyTaskDoesNotStarveOthersOnOneWorker) {
  // One worker; a task that is always ready through a coop-aware leaf must
  // still let another task run.
  Runtime rt(Runtime::Options{1});
  std::atomic<bool> other_ran{false};
  auto busy = rt.spawn(poll_fn([&](Context &cx) -> Poll<void> {
    for (;;) {
      auto budget = coop::poll_proceed(cx);
      if (!budget)
        return pending; // budget spent: we were re-queued
      budget.made_progress();
      if (other_ran.load())
        return ready();
    }
  }));
  auto other = rt.spawn(poll_fn([&](Context &) -> Poll<void> {
    other_ran = true;
    return ready();
  }));
  rt.block_on(std::move(other));
  rt.block_on(std::move(busy));
  EXPECT_TRUE(other_ran.load());
}

TEST(RuntimeTest, YieldNowLetsOthersRun) {
  Runtime rt(Runtime::Options{1});
  // The only worker waits in `gate` until both tasks are queued: otherwise
  // it could poll `a` (and re-poll it after its yield) before `b` exists.
  std::atomic<bool> spawned{false};
  auto gate = rt.spawn(poll_fn([&](Context &) -> Poll<void> {
    while (!spawned.load())
      std::this_thread::yield();
    return ready();
  }));
  std::atomic<int> order{0};
  int a_saw = -1;
  auto a = rt.spawn(and_then(yield_now(), [&] {
    a_saw = order.load();
    return value(0);
  }));
  auto b = rt.spawn(poll_fn([&](Context &) -> Poll<void> {
    order = 1;
    return ready();
  }));
  spawned = true;
  rt.block_on(std::move(gate));
  rt.block_on(std::move(a));
  rt.block_on(std::move(b));
  EXPECT_EQ(a_saw, 1);
}

TEST(RuntimeTest, SpawnBlockingRunsOffTheWorkers) {
  Runtime rt(Runtime::Options{1});
  Event release;
  // A blocking call that waits for a task running on the (only) worker.
  auto blocking = rt.spawn_blocking([&] {
    while (!release.is_fired())
      std::this_thread::sleep_for(1ms);
    return 1;
  });
  auto worker = rt.spawn(map(Countdown{2}, [&](int) { release.fire(); }));
  EXPECT_EQ(rt.block_on(std::move(blocking)), 1);
  rt.block_on(std::move(worker));
}

TEST(RuntimeTest, SpawnBlockingException) {
  Runtime rt(Runtime::Options{1});
  auto h = rt.spawn_blocking([]() -> int { throw std::runtime_error("x"); });
  EXPECT_THROW(rt.block_on(std::move(h)), std::runtime_error);
}

TEST(RuntimeTest, IdleWorkersDoNotSpin) {
  Runtime rt(Runtime::Options{2});
  rt.block_on(rt.spawn(value(0)));
  rusage before{}, after{};
  getrusage(RUSAGE_SELF, &before);
  std::this_thread::sleep_for(200ms);
  getrusage(RUSAGE_SELF, &after);
  auto us = [](const rusage &r) {
    return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000000L +
           r.ru_utime.tv_usec + r.ru_stime.tv_usec;
  };
  EXPECT_LT(us(after) - us(before), 20000) << "idle workers burned CPU";
}

TEST(RuntimeTest, ShutdownCancelsPendingTasks) {
  std::atomic<int> drops{0};
  Event never;
  std::vector<JoinHandle<void>> hs;
  {
    Runtime rt(Runtime::Options{2});
    for (int i = 0; i < 100; ++i)
      hs.push_back(rt.spawn(map(never.wait(), [d = DropCounter(&drops)] {})));
    rt.block_on(Countdown{10});
  }
  EXPECT_EQ(drops.load(), 100);
  for (auto &h : hs)
    EXPECT_THROW(block_on(std::move(h)), JoinError);
}

TEST(RuntimeTest, AbortFromAnotherThread) {
  Runtime rt(Runtime::Options{2});
  Event never;
  std::atomic<int> drops{0};
  auto h = rt.spawn(map(never.wait(), [d = DropCounter(&drops)] {}));
  std::thread t([&] { h.abort(); });
  t.join();
  EXPECT_THROW(rt.block_on(std::move(h)), JoinError);
  EXPECT_EQ(drops.load(), 1);
}

TEST(RuntimeTest, EnterGuardMakesSpawnWork) {
  Runtime rt(Runtime::Options{1});
  JoinHandle<int> h = [&] {
    auto guard = rt.enter();
    return spawn(value(3));
  }();
  EXPECT_EQ(rt.block_on(std::move(h)), 3);
}

TEST(RuntimeDeathTest, BlockOnInsideAWorkerAborts) {
  EXPECT_DEATH(
      {
        Runtime rt(Runtime::Options{1});
        auto h = rt.spawn(poll_fn([&](Context &) -> Poll<void> {
          rt.block_on(value(1));
          return ready();
        }));
        rt.block_on(std::move(h));
      },
      "called from a runtime worker");
}

} // namespace

namespace {

TEST(RuntimeTest, BlockingCallsCanSpawnOntoTheirRuntime) {
  Runtime rt(Runtime::Options{1});
  auto h = rt.spawn_blocking([] {
    // Inside a blocking call: hoist::spawn targets the runtime.
    return block_on(spawn(Countdown{2, 11}));
  });
  EXPECT_EQ(rt.block_on(std::move(h)), 11);
}

} // namespace
