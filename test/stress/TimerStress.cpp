//===- TimerStress.cpp - Timers armed and cancelled at random -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for the timer wheel and the reactor under ThreadSanitizer and
/// AddressSanitizer: thousands of sleeps, timeouts and intervals, cancelled
/// at random by select() losing, by abort() from other threads and by
/// executor shutdown, on the Runtime, on LocalExecutor, and on the
/// process-wide fallback driver from several block_on threads at once. A
/// cancelled timer must leave nothing behind (no use after free when the
/// reactor later reaches its slot) and no timer may fire early.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/io/driver.hpp"
#include "hoist/time/interval.hpp"
#include "hoist/time/sleep.hpp"
#include "hoist/time/timeout.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
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

/// A task racing a gate against a sleep; checks the sleep never fires
/// early. Output: which won (0 gate, 1 timer, 2 timeout thrown).
struct Racer {
  using Output = int;
  Gate *gate;
  Duration d;
  int kind;
  DropCounter drop;
  Instant start = now();
  std::optional<Select<Gate::Wait, Sleep>> sel{};
  std::optional<Timeout<Gate::Wait>> to{};
  Poll<int> poll(Context &cx) {
    if (kind == 0) {
      if (!sel)
        sel.emplace(select(gate->wait(), sleep(d)));
      auto p = sel->poll(cx);
      if (p.is_pending())
        return pending;
      if (p.value().index() == 1) {
        EXPECT_GE(now() - start, d) << "fired early";
      }
      return ready(static_cast<int>(p.value().index()));
    }
    if (!to)
      to.emplace(timeout(d, gate->wait()));
    try {
      if (to->poll(cx).is_pending())
        return pending;
      return ready(0);
    } catch (const Elapsed &) {
      EXPECT_GE(now() - start, d) << "timed out early";
      return ready(2);
    }
  }
};

template <class Exec> void race_round(Exec &exec, std::mt19937 &rng, int tasks) {
  std::vector<std::unique_ptr<Gate>> gates;
  for (int i = 0; i < 16; ++i)
    gates.push_back(std::make_unique<Gate>());
  std::atomic<int> drops{0};
  std::vector<JoinHandle<int>> hs;
  std::vector<bool> aborted(static_cast<size_t>(tasks));
  for (int t = 0; t < tasks; ++t) {
    auto d = std::chrono::milliseconds(rng() % 30);
    hs.push_back(exec.spawn(Racer{gates[rng() % gates.size()].get(), d,
                                  static_cast<int>(rng() % 2), DropCounter(&drops)}));
    aborted[static_cast<size_t>(t)] = rng() % 5 == 0;
  }
  std::thread opener([&, seed = rng()] {
    std::mt19937 r(seed);
    for (auto &g : gates) {
      std::this_thread::sleep_for(std::chrono::microseconds(r() % 2000));
      g->open();
    }
  });
  std::thread aborter([&] {
    for (size_t i = 0; i < hs.size(); ++i)
      if (aborted[i])
        hs[i].abort();
  });
  opener.join();
  aborter.join();
  for (size_t i = 0; i < hs.size(); ++i) {
    try {
      int r = exec.block_on(std::move(hs[i]));
      EXPECT_TRUE(r >= 0 && r <= 2);
    } catch (const JoinError &) {
      EXPECT_TRUE(aborted[i]);
    }
  }
  EXPECT_EQ(drops.load(), tasks);
}

TEST(TimerStress, RuntimeSelectAndTimeoutWithAborts) {
  std::mt19937 rng(7);
  Runtime rt(Runtime::Options{3});
  for (int r = 0; r < 3 * kScale; ++r)
    race_round(rt, rng, 1500);
}

TEST(TimerStress, LocalExecutorSelectAndTimeoutWithAborts) {
  std::mt19937 rng(8);
  LocalExecutor ex;
  for (int r = 0; r < 3 * kScale; ++r)
    race_round(ex, rng, 1500);
}

TEST(TimerStress, FallbackDriverFromManyThreads) {
  // Plain block_on on four threads at once: every timer is armed on, and
  // cancelled against, the process-wide driver.
  std::vector<std::thread> ts;
  std::atomic<int> fired{0}, cancelled{0};
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      std::mt19937 r(static_cast<unsigned>(t));
      for (int i = 0; i < 60 * kScale; ++i) {
        Gate never;
        auto a = std::chrono::milliseconds(r() % 4);
        auto b = std::chrono::milliseconds(r() % 4);
        auto res = block_on(select(sleep(a), sleep(b), never.wait()));
        (res.index() == 0 ? fired : cancelled)++;
      }
    });
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(fired + cancelled, 4 * 60 * kScale);
}

TEST(TimerStress, ShutdownWithArmedTimers) {
  for (int r = 0; r < 5 * kScale; ++r) {
    std::atomic<int> drops{0};
    {
      Runtime rt(Runtime::Options{2});
      for (int t = 0; t < 300; ++t)
        (void)rt.spawn(map(sleep(std::chrono::milliseconds(t % 50)),
                           [d = DropCounter(&drops)] {}));
      rt.block_on(sleep(2ms));
    }
    EXPECT_EQ(drops.load(), 300);
  }
}

TEST(TimerStress, IntervalsAndResets) {
  Runtime rt(Runtime::Options{2});
  std::vector<JoinHandle<int>> hs;
  for (int t = 0; t < 50; ++t)
    hs.push_back(rt.spawn(poll_fn(
        [iv = std::make_unique<Interval>(interval(std::chrono::milliseconds(1 + t % 3))),
         n = 0](Context &cx) mutable -> Poll<int> {
          while (n < 10) {
            if (iv->poll_tick(cx).is_pending())
              return pending;
            ++n;
            if (n == 5)
              iv->reset();
          }
          return ready(n);
        })));
  for (auto &h : hs)
    EXPECT_EQ(rt.block_on(std::move(h)), 10);
}

TEST(TimerStress, UnparksAreNeverLost) {
  // Every unpark() ends the turn in progress or the next one: a driver
  // turning with nothing to wait for, unparked from three threads at once,
  // always turns again. (A lost unpark leaves it in epoll_wait forever.)
  detail::Driver *d = detail::Driver::create();
  std::atomic<long> turns{0};
  std::atomic<bool> stop{false};
  std::thread turner([&] {
    ASSERT_TRUE(d->try_lock());
    while (!stop.load()) {
      d->turn(-1);
      turns.fetch_add(1);
    }
    d->unlock();
  });
  std::atomic<int> lost{0};
  std::vector<std::thread> unparkers;
  for (int t = 0; t < 3; ++t)
    unparkers.emplace_back([&] {
      for (int i = 0; i < 3000 * kScale && lost.load() == 0; ++i) {
        long before = turns.load();
        d->unpark();
        Instant deadline = now() + 2s;
        while (turns.load() == before)
          if (now() > deadline) {
            lost.fetch_add(1);
            break;
          }
      }
    });
  for (auto &u : unparkers)
    u.join();
  EXPECT_EQ(lost.load(), 0) << "an unpark() did not end a turn";
  stop.store(true);
  d->unpark();
  turner.join();
  d->release();
}

} // namespace
