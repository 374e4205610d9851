//===- TaskStress.cpp - Tasks woken, spawned and aborted at random --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for the task state machine and both executors, meant to run
/// under ThreadSanitizer and AddressSanitizer: thousands of tasks that wait
/// on events fired by several plain threads in random order, while other
/// threads abort random tasks, drop random JoinHandles, and clone, wake and
/// drop wakers. Each future counts its destruction: every future must be
/// destroyed exactly once, every join must end with its value or JoinError
/// (only if aborted), and nothing may leak (LeakSanitizer). Exceptions of
/// tasks whose handles are dropped while they run are reported exactly
/// once each, from whichever thread gets there.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/task/spawn.hpp"
#include "hoist/task/unhandled.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#ifndef HOIST_STRESS_SCALE
#define HOIST_STRESS_SCALE 1
#endif

using namespace hoist;
using namespace hoist::test;

namespace {

constexpr int kScale = HOIST_STRESS_SCALE;

/// A task body: waits for `steps` gates in turn (yielding in between),
/// then returns `id`. Holds a DropCounter so its destruction is counted.
struct Waiter {
  using Output = int;
  std::vector<Gate *> events;
  int id;
  DropCounter drop;
  size_t next = 0;
  std::optional<YieldNow> y{};
  std::optional<Gate::Wait> w{};
  Poll<int> poll(Context &cx) {
    while (next < events.size()) {
      if (y) {
        if (y->poll(cx).is_pending())
          return pending;
        y.reset();
      }
      if (!w)
        w.emplace(events[next]->wait());
      if (w->poll(cx).is_pending())
        return pending;
      w.reset();
      ++next;
      if (next % 2)
        y.emplace();
    }
    return ready(id);
  }
};

/// Runs one round: `tasks` tasks over `events_per_task` shared events.
template <class Exec>
void round(Exec &exec, std::mt19937 &rng, int tasks, bool local) {
  const int kEvents = 64;
  std::vector<std::unique_ptr<Gate>> events;
  for (int i = 0; i < kEvents; ++i)
    events.push_back(std::make_unique<Gate>());
  std::atomic<int> drops{0};
  std::vector<std::optional<JoinHandle<int>>> handles;
  handles.reserve(static_cast<size_t>(tasks));
  for (int t = 0; t < tasks; ++t) {
    std::vector<Gate *> es;
    int steps = 1 + static_cast<int>(rng() % 4);
    for (int s = 0; s < steps; ++s)
      es.push_back(events[rng() % kEvents].get());
    handles.emplace_back(exec.spawn(Waiter{std::move(es), t, DropCounter(&drops)}));
  }
  // Decide up front which handles get aborted and which get dropped, so
  // that the helper threads only read `handles` entries they own.
  std::vector<int> fate(static_cast<size_t>(tasks)); // 0 join, 1 abort, 2 drop
  for (auto &f : fate) {
    unsigned r = rng() % 10;
    f = r < 6 ? 0 : r < 8 ? 1 : 2;
  }
  std::mutex handles_mu;
  std::vector<std::thread> threads;
  // Firing threads: each fires a random permutation of a share of events.
  for (int th = 0; th < 3; ++th)
    threads.emplace_back([&, th, seed = rng()] {
      std::mt19937 r(seed);
      std::vector<int> mine;
      for (int e = th; e < kEvents; e += 3)
        mine.push_back(e);
      std::shuffle(mine.begin(), mine.end(), r);
      for (int e : mine) {
        events[static_cast<size_t>(e)]->open();
        if (r() % 4 == 0)
          std::this_thread::yield();
      }
    });
  // The aborting/dropping thread.
  threads.emplace_back([&] {
    for (size_t i = 0; i < fate.size(); ++i) {
      if (fate[i] == 0)
        continue;
      std::lock_guard<std::mutex> lock(handles_mu);
      if (fate[i] == 1)
        handles[i]->abort();
      else
        handles[i].reset();
    }
  });
  for (auto &t : threads)
    t.join();
  // Join the rest (a LocalExecutor runs its tasks inside block_on).
  int joined = 0, cancelled = 0;
  for (size_t i = 0; i < handles.size(); ++i) {
    if (!handles[i])
      continue;
    try {
      int v = exec.block_on(std::move(*handles[i]));
      EXPECT_EQ(v, static_cast<int>(i));
      ++joined;
    } catch (const JoinError &) {
      EXPECT_EQ(fate[i], 1) << "only aborted tasks are cancelled";
      ++cancelled;
    }
  }
  if (local) {
    // Detached tasks of a LocalExecutor only run inside block_on.
    while (drops.load() < tasks)
      exec.block_on(yield_now());
  } else {
    while (drops.load() < tasks)
      std::this_thread::yield();
  }
  EXPECT_EQ(drops.load(), tasks) << "every future destroyed exactly once";
  EXPECT_GT(joined, 0);
  EXPECT_EQ(joined + cancelled + std::count(fate.begin(), fate.end(), 2), tasks);
}

TEST(TaskStress, RuntimeRandomWakesAndAborts) {
  std::mt19937 rng(1234);
  Runtime rt(Runtime::Options{3});
  for (int r = 0; r < 5 * kScale; ++r)
    round(rt, rng, 1000, false);
}

TEST(TaskStress, LocalExecutorRemoteWakesAndAborts) {
  std::mt19937 rng(99);
  LocalExecutor ex;
  for (int r = 0; r < 5 * kScale; ++r)
    round(ex, rng, 1000, true);
}

TEST(TaskStress, WakersClonedWokenAndDroppedOnManyThreads) {
  // Each task gives clones of its waker to helper threads, which wake
  // them (by value and by ref) and drop them in random order.
  Runtime rt(Runtime::Options{2});
  std::mutex mu;
  std::vector<Waker> pool;
  std::atomic<bool> stop{false};
  std::vector<std::thread> helpers;
  for (int h = 0; h < 3; ++h)
    helpers.emplace_back([&, h] {
      std::mt19937 r(static_cast<unsigned>(h));
      while (!stop.load()) {
        std::optional<Waker> w;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (!pool.empty()) {
            size_t i = r() % pool.size();
            w.emplace(std::move(pool[i]));
            pool.erase(pool.begin() + static_cast<long>(i));
          }
        }
        if (!w) {
          std::this_thread::yield();
          continue;
        }
        switch (r() % 3) {
        case 0: w->wake(); break;
        case 1: w->wake_by_ref(); break;
        default: break; // dropped
        }
      }
    });
  constexpr int kTasks = 300;
  std::vector<JoinHandle<int>> hs;
  for (int t = 0; t < kTasks; ++t)
    hs.push_back(rt.spawn(poll_fn([&, n = 0](Context &cx) mutable -> Poll<int> {
      if (++n > 20)
        return ready(n);
      {
        std::lock_guard<std::mutex> lock(mu);
        pool.push_back(cx.waker());
        pool.push_back(cx.waker());
      }
      cx.waker().wake_by_ref(); // never rely on the helpers alone
      return pending;
    })));
  for (auto &h : hs)
    EXPECT_EQ(rt.block_on(std::move(h)), 21);
  stop = true;
  for (auto &t : helpers)
    t.join();
  pool.clear(); // the remaining clones keep completed tasks alive until here
}

TEST(TaskStress, SpawnStormFromTasks) {
  // Tasks spawning tasks from every worker: local queues overflow into the
  // injector and are stolen.
  Runtime rt(Runtime::Options{2});
  struct Tree {
    using Output = long;
    int depth;
    std::vector<JoinHandle<long>> kids{};
    size_t next = 0;
    long sum = 1;
    Poll<long> poll(Context &cx) {
      if (depth > 0 && kids.empty())
        for (int i = 0; i < 4; ++i)
          kids.push_back(spawn(Tree{depth - 1}));
      for (; next < kids.size(); ++next) {
        auto p = kids[next].poll(cx);
        if (p.is_pending())
          return pending;
        sum += p.value();
      }
      return ready(sum);
    }
  };
  // 4^0 + ... + 4^6 = 5461 tasks per tree.
  for (int r = 0; r < kScale; ++r)
    EXPECT_EQ(rt.block_on(rt.spawn(Tree{6})), 5461);
}

TEST(TaskStress, RuntimeShutdownWithLiveTasks) {
  // Runtimes torn down while tasks are queued, running, and waiting.
  for (int r = 0; r < 10 * kScale; ++r) {
    std::atomic<int> drops{0};
    Event never;
    std::vector<JoinHandle<int>> hs;
    {
      Runtime rt(Runtime::Options{2});
      for (int t = 0; t < 200; ++t) {
        if (t % 2)
          hs.push_back(rt.spawn(map(never.wait(), [d = DropCounter(&drops)] { return 0; })));
        else
          hs.push_back(rt.spawn(map(Countdown{t % 7}, [d = DropCounter(&drops)](int) { return 1; })));
      }
    }
    EXPECT_EQ(drops.load(), 200);
    for (auto &h : hs) {
      try {
        EXPECT_EQ(block_on(std::move(h)), 1);
      } catch (const JoinError &) {
      }
    }
  }
}

std::atomic<int> unhandled{0};

/// Pending `n` times (waking itself), then throws.
struct ThrowAfter {
  using Output = int;
  int n;
  Poll<int> poll(Context &cx) {
    if (n-- > 0) {
      cx.waker().wake_by_ref();
      return pending;
    }
    throw std::runtime_error("task failed");
  }
};

TEST(TaskStress, DetachedExceptionsReportedOnce) {
  // Handles dropped on another thread while their tasks run, complete, or
  // have completed: each exception is reported once (at completion, or at
  // the drop if it came later); joined ones are rethrown, not reported.
  UnhandledExceptionHandler prev = set_unhandled_exception_handler(
      [](const UnhandledException &) { ++unhandled; });
  std::mt19937 rng(77);
  for (int r = 0; r < 5 * kScale; ++r) {
    unhandled = 0;
    constexpr int kTasks = 500;
    std::vector<bool> dropped;
    for (int t = 0; t < kTasks; ++t)
      dropped.push_back(rng() % 2 == 0);
    int expected = static_cast<int>(std::count(dropped.begin(), dropped.end(), true));
    {
      Runtime rt(Runtime::Options{3});
      std::vector<std::optional<JoinHandle<int>>> hs;
      for (int t = 0; t < kTasks; ++t)
        hs.emplace_back(rt.spawn(ThrowAfter{static_cast<int>(rng() % 5)}));
      std::thread dropper([&, seed = rng()] {
        std::mt19937 rr(seed);
        for (int t = 0; t < kTasks; ++t) {
          if (!dropped[t])
            continue;
          if (rr() % 8 == 0)
            std::this_thread::yield();
          hs[t].reset(); // this thread owns the dropped entries
        }
      });
      for (int t = 0; t < kTasks; ++t) {
        if (!dropped[t]) {
          EXPECT_THROW(rt.block_on(std::move(*hs[t])), std::runtime_error);
        }
      }
      dropper.join();
      // Every task runs to its exception: wait for the last reports.
      while (unhandled.load() < expected)
        std::this_thread::yield();
    }
    EXPECT_EQ(unhandled.load(), expected) << "each reported once";
  }
  set_unhandled_exception_handler(prev);
}

} // namespace
