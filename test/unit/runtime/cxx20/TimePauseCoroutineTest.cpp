//===- TimePauseCoroutineTest.cpp - Timer-heavy code under a paused clock -===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Timer-heavy Async code tested the way a user writes it, with the clock
/// paused (hoist/time/pause.hpp): a retry loop with exponential back-off, a
/// heartbeat monitor built from interval() and timeout(), and a test body
/// that steps time with co_await advance() and checks what happened in
/// between. Hours of timers run in milliseconds and every instant is exact.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace hoist;
using namespace std::chrono_literals;

namespace {

class TimePauseCoroutineTest : public ::testing::Test {
protected:
  void SetUp() override { time::pause(); }
  void TearDown() override {
    if (time::is_paused())
      time::resume();
  }
};

// The code under test: retries `op` with back-off 100 ms, 200 ms, 400 ms...
Async<int> retry_with_backoff(int &calls, int fail_times) {
  Duration backoff = 100ms;
  for (;;) {
    if (++calls > fail_times)
      co_return calls;
    co_await sleep(backoff);
    backoff *= 2;
  }
}

TEST_F(TimePauseCoroutineTest, BackoffTakesExactlyTheSumOfItsDelays) {
  LocalExecutor ex;
  int calls = 0;
  Instant t0 = now();
  EXPECT_EQ(ex.block_on(retry_with_backoff(calls, 4)), 5);
  EXPECT_EQ(now() - t0, 100ms + 200ms + 400ms + 800ms);
}

// A worker that beats every second, `beats` times, then hangs.
Async<void> heartbeat(mpsc::Sender<int> tx, int beats) {
  Interval every = interval(1s);
  for (int i = 0; i < beats; ++i) {
    co_await every.tick();
    co_await tx.send(i);
  }
  co_await sleep(24h); // hung
}

// Returns how many beats arrived before one was more than `limit` late.
Async<int> monitor(mpsc::Receiver<int> rx, Duration limit) {
  int seen = 0;
  for (;;) {
    try {
      co_await timeout(limit, rx.recv());
      ++seen;
    } catch (const Elapsed &) {
      co_return seen;
    }
  }
}

TEST_F(TimePauseCoroutineTest, MonitorNoticesAHungWorkerAfterItsLimit) {
  LocalExecutor ex;
  Instant t0 = now();
  int seen = ex.block_on([]() -> Async<int> {
    auto [tx, rx] = mpsc::channel<int>(4);
    JoinHandle<void> worker = spawn(heartbeat(std::move(tx), 5));
    int n = co_await monitor(std::move(rx), 3s);
    worker.abort();
    co_return n;
  }());
  EXPECT_EQ(seen, 5);
  // Beats at 0, 1, 2, 3 and 4 s; the limit runs out 3 s after the last.
  EXPECT_EQ(now() - t0, 7s);
}

TEST_F(TimePauseCoroutineTest, StepTimeWithAdvance) {
  LocalExecutor ex;
  ex.block_on([]() -> Async<void> {
    Instant t0 = now();
    std::vector<int> log;
    JoinHandle<void> a = spawn([](std::vector<int> &log) -> Async<void> {
      co_await sleep(10s);
      log.push_back(10);
      co_await sleep(5s);
      log.push_back(15);
    }(log));
    co_await time::advance(9s);
    EXPECT_TRUE(log.empty());
    co_await time::advance(1s);
    EXPECT_EQ(log, std::vector<int>{10});
    co_await time::advance(5s);
    EXPECT_EQ(log, (std::vector<int>{10, 15}));
    co_await std::move(a);
    EXPECT_EQ(now() - t0, 15s);
  }());
}

} // namespace
