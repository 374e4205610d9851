//===- TimePauseStress.cpp - Many timers under a paused clock -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for the paused clock under ThreadSanitizer and AddressSanitizer:
/// thousands of sleeps over hours of virtual time, some cancelled by a
/// losing select(), complete on a LocalExecutor by auto-advance each at
/// exactly its deadline and in deadline order; on a Runtime, workers fire
/// timers while the main thread advances the clock in random steps and
/// another thread aborts tasks, and no timer fires before its deadline.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/task/spawn.hpp"
#include "hoist/time/interval.hpp"
#include "hoist/time/pause.hpp"
#include "hoist/time/sleep.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;
using namespace hoist::test;
using namespace std::chrono_literals;

namespace {

constexpr int kScale = HOIST_STRESS_SCALE;

struct Paused {
  Paused() { time::pause(); }
  ~Paused() { time::resume(); }
};

TEST(TimePauseStress, AutoAdvanceFiresEachSleepAtItsDeadline) {
  Paused paused;
  LocalExecutor ex;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> ms(1, 3 * 3600 * 1000);
  Instant t0 = now();
  struct Done {
    Instant deadline;
    Instant at;
  };
  std::vector<Done> done;
  std::vector<JoinHandle<void>> hs;
  int cancelled = 0;
  for (int i = 0; i < 500 * kScale; ++i) {
    Instant deadline = t0 + std::chrono::milliseconds(ms(rng));
    if (i % 5 == 0) {
      // Loses to a shorter sleep: its timer is unlinked, never fires.
      Instant shorter = t0 + (deadline - t0) / 2;
      ++cancelled;
      hs.push_back(ex.spawn(map(select(sleep_until(deadline), sleep_until(shorter)),
                                [&, shorter](auto r) {
                                  EXPECT_EQ(r.index(), 1u);
                                  done.push_back({shorter, now()});
                                })));
    } else {
      hs.push_back(ex.spawn(map(sleep_until(deadline), [&, deadline] {
        done.push_back({deadline, now()});
      })));
    }
  }
  for (auto &h : hs)
    ex.block_on(std::move(h));
  ASSERT_EQ(done.size(), hs.size());
  for (size_t i = 0; i < done.size(); ++i) {
    // Deadlines off the millisecond grid of the clock fire at the next tick.
    EXPECT_GE(done[i].at, done[i].deadline);
    EXPECT_LT(done[i].at - done[i].deadline, 1ms);
    if (i > 0) {
      EXPECT_GE(done[i].deadline + 1ms, done[i - 1].deadline) << "in order";
    }
  }
  EXPECT_GT(cancelled, 0);
}

TEST(TimePauseStress, RuntimeAdvancesRaceWorkersAndAborts) {
  Paused paused;
  Runtime rt(Runtime::Options{3});
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> ms(1, 60 * 1000);
  Instant t0 = now();
  std::atomic<int> early{0}, fired{0};
  std::vector<JoinHandle<void>> hs;
  const int n = 400 * kScale;
  for (int i = 0; i < n; ++i) {
    Instant deadline = t0 + std::chrono::milliseconds(ms(rng));
    hs.push_back(rt.spawn(map(sleep_until(deadline), [&, deadline] {
      if (now() < deadline)
        early.fetch_add(1);
      fired.fetch_add(1);
    })));
  }
  std::vector<JoinHandle<void>> victims;
  for (int i = 0; i < n; i += 7)
    victims.push_back(std::move(hs[static_cast<size_t>(i)]));
  std::thread aborter([&] {
    for (auto &h : victims) {
      h.abort();
      std::this_thread::yield();
    }
  });
  std::uniform_int_distribution<int> step(1, 500);
  while (now() - t0 < 61s)
    rt.block_on(time::advance(std::chrono::milliseconds(step(rng))));
  aborter.join();
  for (auto &h : hs)
    if (h.id() != 0 && !h.is_finished())
      rt.block_on(std::move(h));
  EXPECT_EQ(early.load(), 0);
  EXPECT_GE(fired.load(), n - static_cast<int>(victims.size()));
}

TEST(TimePauseStress, IntervalsOnManyExecutorThreads) {
  // One paused clock, several LocalExecutors on their own threads, each
  // auto-advancing it: the ticks are never early and every loop ends.
  Paused paused;
  std::vector<std::thread> threads;
  std::atomic<int> early{0}; // early or off-grid ticks
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      LocalExecutor ex;
      Interval iv = interval(std::chrono::milliseconds(10 + t));
      Instant last = now();
      for (int i = 0; i < 100 * kScale; ++i) {
        Instant at = ex.block_on(iv.tick());
        if (now() < at)
          early.fetch_add(1);
        // Burst: the scheduled instants stay on the period's grid.
        if (i > 0 && at - last != std::chrono::milliseconds(10 + t))
          early.fetch_add(1);
        last = at;
      }
    });
  for (auto &th : threads)
    th.join();
  EXPECT_EQ(early.load(), 0);
}

} // namespace
