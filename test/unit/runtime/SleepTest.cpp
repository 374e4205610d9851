//===- SleepTest.cpp - sleep, sleep_until, timeout, interval --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the timer futures on every driver: plain block_on (the process-wide
/// fallback driver), LocalExecutor and Runtime. Timers never fire early,
/// fire about on time, an earlier timer interrupts a reactor asleep for a
/// later one, destroying a pending sleep unlinks it, timeout() both ways,
/// interval() ticks and its missed-tick behaviours.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/task/spawn.hpp"
#include "hoist/time/interval.hpp"
#include "hoist/time/sleep.hpp"
#include "hoist/time/timeout.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

template <class F> Duration timed(F &&f) {
  Instant t0 = now();
  f();
  return now() - t0;
}

TEST(SleepTest, BlockOnUsesTheFallbackDriver) {
  Duration d = timed([] { block_on(sleep(30ms)); });
  EXPECT_GE(d, 30ms);
  EXPECT_LT(d, 500ms);
}

TEST(SleepTest, ZeroAndPastDeadlinesAreReadyAtOnce) {
  Context cx = Context::from_waker(noop_waker());
  Sleep a = sleep(0ms);
  EXPECT_TRUE(a.poll(cx).is_ready());
  Sleep b = sleep_until(now() - 1s);
  EXPECT_TRUE(b.poll(cx).is_ready());
}

TEST(SleepTest, OnLocalExecutor) {
  LocalExecutor ex;
  Duration d = timed([&] { ex.block_on(sleep(25ms)); });
  EXPECT_GE(d, 25ms);
  EXPECT_LT(d, 500ms);
}

TEST(SleepTest, OnRuntimeTasks) {
  Runtime rt(Runtime::Options{2});
  std::vector<JoinHandle<void>> hs;
  Instant t0 = now();
  for (int i = 0; i < 100; ++i)
    hs.push_back(rt.spawn(sleep(std::chrono::milliseconds(10 + i % 20))));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  Duration d = now() - t0;
  EXPECT_GE(d, 29ms);
  EXPECT_LT(d, 1s);
}

TEST(SleepTest, EarlierTimerInterruptsALongerWait) {
  // The reactor sleeps for the 10 s timer; a 20 ms timer registered later
  // from another thread must interrupt it.
  Runtime rt(Runtime::Options{1});
  auto long_sleep = rt.spawn(sleep(10s));
  rt.block_on(sleep(5ms)); // let the worker park in the reactor
  Duration d = timed([&] { rt.block_on(rt.spawn(sleep(20ms))); });
  EXPECT_LT(d, 2s);
  long_sleep.abort();
}

TEST(SleepTest, DestroyingAPendingSleepUnlinksIt) {
  LocalExecutor ex;
  {
    auto h = ex.spawn(sleep(10s));
    ex.block_on(sleep(1ms));
    h.abort();
    EXPECT_THROW(ex.block_on(std::move(h)), JoinError);
  }
  // Many cancelled timers leave nothing behind: the reactor does not wake
  // for them (a 10 s timer would block this sleep if it were still there
  // and broken).
  for (int i = 0; i < 1000; ++i) {
    Sleep s = sleep(std::chrono::milliseconds(1000 + i));
    Context cx = Context::from_waker(noop_waker());
    ex.block_on(poll_fn([&](Context &c) -> Poll<void> {
      (void)s.poll(c);
      return ready();
    }));
    (void)cx;
  }
  Duration d = timed([&] { ex.block_on(sleep(5ms)); });
  EXPECT_LT(d, 1s);
}

TEST(SleepTest, ResetMovesTheDeadline) {
  LocalExecutor ex;
  Instant t0 = now();
  Sleep s = sleep(10s);
  bool reset = false;
  ex.block_on(poll_fn([&](Context &cx) -> Poll<void> {
    Poll<void> p = s.poll(cx);
    if (!reset) {
      reset = true;
      s.reset(now() + 10ms);
      return s.poll(cx);
    }
    return p;
  }));
  EXPECT_LT(now() - t0, 2s);
  EXPECT_TRUE(s.is_elapsed());
}

TEST(SleepTest, TimeoutExpires) {
  LocalExecutor ex;
  Event never;
  Duration d = timed([&] {
    EXPECT_THROW(ex.block_on(timeout(20ms, never.wait())), Elapsed);
  });
  EXPECT_GE(d, 20ms);
}

TEST(SleepTest, TimeoutPassesTheValueThrough) {
  LocalExecutor ex;
  EXPECT_EQ(ex.block_on(timeout(1s, Countdown{3, 8})), 8);
  Runtime rt(Runtime::Options{1});
  EXPECT_EQ(rt.block_on(timeout(1s, rt.spawn(Countdown{1, 9}))), 9);
}

TEST(SleepTest, IntervalTicks) {
  LocalExecutor ex;
  Instant t0 = now();
  Interval iv = interval(10ms);
  std::vector<Instant> ticks;
  for (int i = 0; i < 4; ++i)
    ticks.push_back(ex.block_on(iv.tick()));
  EXPECT_LT(ticks[0] - t0, 1ms) << "the first tick is scheduled at once";
  for (int i = 1; i < 4; ++i)
    EXPECT_EQ(ticks[i] - ticks[i - 1], 10ms) << "scheduled instants";
  EXPECT_GE(now() - t0, 30ms);
}

// Timing bounds below leave wide margins: the machine may be loaded.
TEST(SleepTest, IntervalMissedTickBehaviors) {
  LocalExecutor ex;
  {
    Interval iv = interval(40ms); // Burst
    (void)ex.block_on(iv.tick());
    std::this_thread::sleep_for(130ms); // three ticks missed
    Duration d = timed([&] {
      for (int i = 0; i < 3; ++i)
        (void)ex.block_on(iv.tick());
    });
    EXPECT_LT(d, 40ms) << "missed ticks fire back to back";
  }
  {
    Interval iv = interval(10ms);
    iv.set_missed_tick_behavior(MissedTickBehavior::Delay);
    (void)ex.block_on(iv.tick());
    std::this_thread::sleep_for(35ms);
    (void)ex.block_on(iv.tick()); // the late one
    Duration d = timed([&] { (void)ex.block_on(iv.tick()); });
    EXPECT_GE(d, 9ms) << "a full period after the late tick";
  }
  {
    Interval iv = interval(10ms);
    iv.set_missed_tick_behavior(MissedTickBehavior::Skip);
    Instant first = ex.block_on(iv.tick());
    std::this_thread::sleep_for(35ms);
    (void)ex.block_on(iv.tick());
    Instant next = ex.block_on(iv.tick());
    EXPECT_EQ((next - first) % 10ms, Duration::zero()) << "on the grid";
    EXPECT_GE(next - first, 40ms);
  }
}

TEST(SleepTest, SelectWithASleep) {
  LocalExecutor ex;
  Event never;
  auto r = ex.block_on(select(never.wait(), sleep(10ms)));
  EXPECT_EQ(r.index(), 1u);
}

TEST(SleepDeathTest, MovingAPolledSleepAborts) {
  EXPECT_DEATH(
      {
        Sleep s = sleep(10s);
        Context cx = Context::from_waker(noop_waker());
        (void)s.poll(cx);
        Sleep moved = std::move(s);
      },
      "after it was polled");
}

} // namespace
