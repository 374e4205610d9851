//===- TimePauseTest.cpp - The paused clock: pause, advance, resume -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests time for tests (hoist/time/pause.hpp): under a paused clock a
/// LocalExecutor with nothing to run jumps to its next timer, so long
/// sleeps, timeouts and intervals complete at once and at exact virtual
/// instants; advance() fires exactly the timers due and lets their tasks
/// run; a blocking call in flight holds auto-advance back; Runtime and
/// plain block_on fire paused timers through advance(); resume() returns
/// to real time without going backwards. Real time is measured with
/// steady_clock directly, virtual time with hoist::now().
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/join.hpp"
#include "hoist/task/spawn.hpp"
#include "hoist/time/interval.hpp"
#include "hoist/time/pause.hpp"
#include "hoist/time/sleep.hpp"
#include "hoist/time/timeout.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

using RealClock = std::chrono::steady_clock;

/// Pauses the clock for the test and resumes it afterwards.
class TimePauseTest : public ::testing::Test {
protected:
  void SetUp() override { time::pause(); }
  void TearDown() override {
    if (time::is_paused())
      time::resume();
  }
};

TEST_F(TimePauseTest, SleepOfAnHourCompletesAtOnceAndExactly) {
  LocalExecutor ex;
  RealClock::time_point real0 = RealClock::now();
  Instant t0 = now();
  ex.block_on(sleep(1h));
  EXPECT_EQ(now() - t0, 1h) << "auto-advance lands on the deadline";
  EXPECT_LT(RealClock::now() - real0, 5s) << "without waiting for it";
}

TEST_F(TimePauseTest, NowIsFrozenWhilePaused) {
  Instant t0 = now();
  std::this_thread::sleep_for(5ms);
  EXPECT_EQ(now(), t0);
  EXPECT_TRUE(time::is_paused());
}

TEST_F(TimePauseTest, AdvanceFiresExactlyTheTimersDue) {
  LocalExecutor ex;
  Instant t0 = now();
  std::vector<int> fired;
  std::vector<Duration> at;
  std::vector<JoinHandle<void>> hs;
  for (int i = 1; i <= 4; ++i)
    hs.push_back(ex.spawn(map(sleep(std::chrono::milliseconds(10 * i)), [&, i] {
      fired.push_back(i);
      at.push_back(now() - t0);
    })));
  ex.block_on(time::advance(0ms)); // the tasks run and link their timers
  EXPECT_TRUE(fired.empty());
  ex.block_on(time::advance(25ms));
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  ex.block_on(time::advance(5ms)); // exactly the third deadline
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  ex.block_on(time::advance(9ms)); // 1 ms short of the fourth
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(now() - t0, 39ms);
  ex.block_on(time::advance(1ms));
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(at, (std::vector<Duration>{25ms, 25ms, 30ms, 40ms}))
      << "tasks see the clock at the advance that fired them";
  for (auto &h : hs)
    ex.block_on(std::move(h));
}

TEST_F(TimePauseTest, AdvanceFromATaskLetsWokenTasksRunFirst) {
  LocalExecutor ex;
  int fired = 0;
  auto h = ex.spawn(map(sleep(1s), [&] { ++fired; }));
  ex.block_on(time::advance(0ms));
  int seen = -1;
  // The advancing future is itself a task here, not the main future.
  auto a = ex.spawn(map(time::advance(1s), [&] { seen = fired; }));
  ex.block_on(std::move(a));
  EXPECT_EQ(seen, 1);
  ex.block_on(std::move(h));
}

TEST_F(TimePauseTest, SleepsCompleteInDeadlineOrderAtTheirDeadlines) {
  LocalExecutor ex;
  Instant t0 = now();
  std::vector<std::pair<int, Duration>> done;
  std::vector<JoinHandle<void>> hs;
  for (int ms : {300, 10, 2000, 20, 65, 5000})
    hs.push_back(ex.spawn(map(sleep(std::chrono::milliseconds(ms)), [&, ms] {
      done.emplace_back(ms, now() - t0);
    })));
  for (auto &h : hs)
    ex.block_on(std::move(h));
  std::vector<std::pair<int, Duration>> want;
  for (int ms : {10, 20, 65, 300, 2000, 5000})
    want.emplace_back(ms, std::chrono::milliseconds(ms));
  EXPECT_EQ(done, want);
  EXPECT_EQ(now() - t0, 5s);
}

TEST_F(TimePauseTest, TimeoutElapsesInVirtualTime) {
  LocalExecutor ex;
  Event never;
  RealClock::time_point real0 = RealClock::now();
  Instant t0 = now();
  EXPECT_THROW(ex.block_on(timeout(30s, never.wait())), Elapsed);
  EXPECT_EQ(now() - t0, 30s);
  EXPECT_LT(RealClock::now() - real0, 5s);
  // A future that completes first still wins, with no time passing.
  Instant t1 = now();
  EXPECT_EQ(ex.block_on(timeout(1s, Countdown{3, 8})), 8);
  EXPECT_EQ(now(), t1);
}

/// A task that counts an interval's ticks and records their instants.
struct TickCounter {
  Interval &iv;
  std::vector<Instant> &ticks;
  Poll<void> operator()(Context &cx) {
    for (;;) {
      Poll<Instant> p = iv.poll_tick(cx);
      if (p.is_pending())
        return pending;
      ticks.push_back(p.value());
    }
  }
};

TEST_F(TimePauseTest, IntervalTicksAreCountedExactlyOverAnAdvance) {
  LocalExecutor ex;
  Instant t0 = now();
  Interval iv = interval(100ms); // Burst
  std::vector<Instant> ticks;
  auto h = ex.spawn(poll_fn(TickCounter{iv, ticks}));
  ex.block_on(time::advance(0ms));
  ASSERT_EQ(ticks.size(), 1u) << "the first tick is at once";
  ex.block_on(time::advance(1s));
  ASSERT_EQ(ticks.size(), 11u) << "ten missed ticks, back to back";
  for (size_t i = 0; i < ticks.size(); ++i)
    EXPECT_EQ(ticks[i] - t0, 100ms * static_cast<int>(i));
  ex.block_on(time::advance(99ms));
  EXPECT_EQ(ticks.size(), 11u);
  ex.block_on(time::advance(1ms));
  EXPECT_EQ(ticks.size(), 12u);
  h.abort();
}

TEST_F(TimePauseTest, IntervalSkipAndDelayFollowTheVirtualClock) {
  LocalExecutor ex;
  for (MissedTickBehavior b : {MissedTickBehavior::Skip, MissedTickBehavior::Delay}) {
    Instant t0 = now();
    Interval iv = interval(100ms);
    iv.set_missed_tick_behavior(b);
    std::vector<Instant> ticks;
    auto h = ex.spawn(poll_fn(TickCounter{iv, ticks}));
    ex.block_on(time::advance(0ms));
    ex.block_on(time::advance(1050ms));
    ASSERT_EQ(ticks.size(), 2u) << "one late tick, none of the missed ones";
    EXPECT_EQ(ticks[1] - t0, 100ms);
    // Skip: back on the grid at 1100 ms; Delay: a period after the late
    // tick was taken (at 1050 ms), at 1150 ms.
    ex.block_on(time::advance(50ms));
    if (b == MissedTickBehavior::Skip) {
      ASSERT_EQ(ticks.size(), 3u);
      EXPECT_EQ(ticks[2] - t0, 1100ms);
    } else {
      EXPECT_EQ(ticks.size(), 2u);
      ex.block_on(time::advance(50ms));
      ASSERT_EQ(ticks.size(), 3u);
      EXPECT_EQ(ticks[2] - t0, 1150ms);
    }
    h.abort();
  }
}

TEST_F(TimePauseTest, ABlockingCallInFlightHoldsAutoAdvanceBack) {
  LocalExecutor ex;
  Instant t0 = now();
  // The call takes real time; the hour-long timeout must not jump over it.
  int v = ex.block_on(timeout(1h, ex.spawn_blocking([] {
    std::this_thread::sleep_for(30ms);
    return 7;
  })));
  EXPECT_EQ(v, 7);
  EXPECT_EQ(now(), t0);
  // Once it is done, auto-advance resumes.
  ex.block_on(sleep(10min));
  EXPECT_EQ(now() - t0, 10min);
}

TEST_F(TimePauseTest, RuntimeTimersFireThroughAdvance) {
  Runtime rt(Runtime::Options{2});
  Instant t0 = now();
  std::atomic<int> fired{0};
  std::vector<JoinHandle<Duration>> hs;
  for (int i = 0; i < 8; ++i)
    hs.push_back(rt.spawn(map(sleep(1h + std::chrono::seconds(i)), [&, t0] {
      fired.fetch_add(1);
      return now() - t0;
    })));
  RealClock::time_point real0 = RealClock::now();
  rt.block_on(time::advance(1h + 3s));
  // Tasks on workers run concurrently with the advancing thread: join the
  // ones that are due.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(rt.block_on(std::move(hs[static_cast<size_t>(i)])), 1h + 3s);
  rt.block_on(time::advance(1h));
  for (int i = 4; i < 8; ++i)
    EXPECT_EQ(rt.block_on(std::move(hs[static_cast<size_t>(i)])), 2h + 3s);
  EXPECT_EQ(fired.load(), 8);
  EXPECT_LT(RealClock::now() - real0, 5s);
}

TEST_F(TimePauseTest, PlainBlockOnFiresThroughAdvance) {
  Instant t0 = now();
  // The sleep links its timer in the fallback driver, then advance moves
  // the clock and that driver's thread fires it.
  (void)block_on(join(sleep(1h), time::advance(1h)));
  EXPECT_EQ(now() - t0, 1h);
}

TEST_F(TimePauseTest, ResumeReturnsToRealTimeFromTheFrozenInstant) {
  LocalExecutor ex;
  ex.block_on(sleep(1h));
  Instant frozen = now();
  time::resume();
  EXPECT_FALSE(time::is_paused());
  Instant a = now();
  EXPECT_GE(a, frozen) << "the clock never goes backwards";
  EXPECT_LT(a - frozen, 1s) << "it continues from where it stood";
  RealClock::time_point real0 = RealClock::now();
  ex.block_on(sleep(20ms));
  EXPECT_GE(RealClock::now() - real0, 20ms) << "sleeps take real time again";
  EXPECT_GE(now() - a, 20ms);
}

TEST(TimePauseDeathTest, MisuseAborts) {
  EXPECT_DEATH(block_on(time::advance(1s)), "not paused");
  EXPECT_DEATH(time::resume(), "not paused");
  EXPECT_DEATH(
      {
        time::pause();
        time::pause();
      },
      "already paused");
}

} // namespace
