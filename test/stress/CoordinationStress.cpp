//===- CoordinationStress.cpp - Tokens, task sets, watch, broadcast, ... --===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for CancellationToken, JoinSet, watch, broadcast, RwLock, OnceCell
/// and Barrier under ThreadSanitizer and AddressSanitizer: waits cancelled
/// at random (a select against a random sleep destroys the loser), tokens
/// made and dropped on one thread while another cancels the tree, task sets
/// dropped with tasks in flight, readers and writers aborted at random
/// around a plain (unsynchronized) pair, and initializers raced and
/// cancelled. Every test ends only if no wake-up was lost.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/sync/barrier.hpp"
#include "hoist/sync/broadcast.hpp"
#include "hoist/sync/cancellation_token.hpp"
#include "hoist/sync/once_cell.hpp"
#include "hoist/sync/rwlock.hpp"
#include "hoist/sync/watch.hpp"
#include "hoist/task/join_set.hpp"
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

std::chrono::microseconds random_us(std::mt19937 &rng, unsigned max) {
  return std::chrono::microseconds(rng() % max);
}

TEST(CoordinationStress, CancellationTreeWithChurnAndCancelledWaits) {
  for (int round = 0; round < 2 * kScale; ++round) {
    Runtime rt(Runtime::Options{3});
    CancellationToken root;
    std::vector<JoinHandle<int>> hs;
    for (int t = 0; t < 48; ++t) {
      CancellationToken mine = root;
      for (int d = 0; d < t % 4; ++d)
        mine = mine.child_token();
      hs.push_back(rt.spawn(poll_fn(
          [mine, rng = std::mt19937(unsigned(t + round)), retries = 0,
           sel = std::optional<
               Select<CancellationToken::WaitForCancellation, Sleep>>()](
              Context &cx) mutable -> Poll<int> {
            for (;;) {
              if (!sel)
                sel.emplace(
                    select(mine.cancelled(), sleep(random_us(rng, 400))));
              auto r = sel->poll(cx);
              if (r.is_pending())
                return pending;
              sel.reset();
              if (r.value().index() == 0)
                return ready(retries);
              ++retries; // the sleep won: the cancelled() future was dropped
            }
          })));
    }
    std::atomic<bool> stop{false};
    std::thread churn([&] {
      std::vector<CancellationToken> keep;
      std::mt19937 rng(7);
      while (!stop.load()) {
        if (keep.size() < 64)
          keep.push_back(
              (keep.empty() || rng() % 2 ? root : keep.back()).child_token());
        else
          keep.erase(keep.begin() + long(rng() % keep.size()));
      }
      for (auto &k : keep)
        EXPECT_TRUE(k.is_cancelled());
    });
    std::this_thread::sleep_for(std::chrono::microseconds(500 + 300 * round));
    root.cancel();
    for (auto &h : hs)
      (void)rt.block_on(std::move(h));
    stop = true;
    churn.join();
  }
}

TEST(CoordinationStress, BroadcastWithCancelledRecvs) {
  Runtime rt(Runtime::Options{3});
  const int n = 3000 * kScale;
  auto [tx, rx] = broadcast::channel<int>(8);
  using Recv = broadcast::Receiver<int>::Recv;
  struct Tally {
    int last = -1;
    long received = 0, skipped = 0;
  };
  std::vector<JoinHandle<Tally>> hs;
  for (int r = 0; r < 4; ++r) {
    broadcast::Receiver<int> mine = r == 0 ? std::move(rx) : tx.subscribe();
    hs.push_back(rt.spawn(
        poll_fn([mine = std::move(mine), rng = std::mt19937(unsigned(r)),
                 t = Tally(), sel = std::optional<Select<Recv, Sleep>>()](
                    Context &cx) mutable -> Poll<Tally> {
          for (;;) {
            if (!sel)
              sel.emplace(select(mine.recv(), sleep(random_us(rng, 200))));
            try {
              auto p = sel->poll(cx);
              if (p.is_pending())
                return pending;
              auto out = std::move(p).value();
              sel.reset();
              if (out.index() == 1)
                continue; // timed out: the recv was dropped
              std::optional<int> v = std::get<0>(std::move(out));
              if (!v)
                return ready(t);
              EXPECT_GT(*v, t.last);
              t.last = *v;
              ++t.received;
            } catch (const broadcast::Lagged &l) {
              sel.reset();
              t.skipped += long(l.skipped());
            }
          }
        })));
  }
  std::thread sender([tx = std::move(tx)]() mutable {
    std::mt19937 rng(11);
    for (int i = 0; i < n; ++i) {
      tx.send(i);
      if (rng() % 64 == 0)
        std::this_thread::sleep_for(50us);
    }
  });
  sender.join();
  for (auto &h : hs) {
    Tally t = rt.block_on(std::move(h));
    EXPECT_EQ(t.last, n - 1);
    EXPECT_EQ(t.received + t.skipped, long(n));
  }
}

TEST(CoordinationStress, WatchWithCancelledChanged) {
  Runtime rt(Runtime::Options{3});
  const int n = 5000 * kScale;
  auto [tx, rx] = watch::channel<int>(0);
  using Changed = watch::Receiver<int>::Changed;
  std::vector<JoinHandle<int>> hs;
  for (int r = 0; r < 4; ++r) {
    hs.push_back(
        rt.spawn(poll_fn([mine = rx, rng = std::mt19937(unsigned(r)), last = 0,
                          sel = std::optional<Select<Changed, Sleep>>()](
                             Context &cx) mutable -> Poll<int> {
          for (;;) {
            if (!sel)
              sel.emplace(select(mine.changed(), sleep(random_us(rng, 200))));
            auto p = sel->poll(cx);
            if (p.is_pending())
              return pending;
            auto out = std::move(p).value();
            sel.reset();
            if (out.index() == 1)
              continue;
            if (!std::get<0>(out))
              return ready(last);
            int v = *mine.borrow_and_update();
            EXPECT_GE(v, last);
            last = v;
          }
        })));
  }
  { auto gone = std::move(rx); }
  std::thread sender([tx = std::move(tx)]() mutable {
    for (int i = 1; i <= n; ++i)
      tx.send(i);
  });
  sender.join();
  for (auto &h : hs)
    EXPECT_EQ(rt.block_on(std::move(h)), n);
}

struct Pair {
  long a = 0, b = 0; // plain: only the RwLock orders their accesses
};

/// A write in two halves around a yield: `a` when the lock is taken, `b`
/// when it is let go (also when the writer is aborted), so a reader that
/// overlapped a writer would see a != b.
struct WriteHold {
  explicit WriteHold(RwLockWriteGuard<Pair> guard) : g(std::move(guard)) {
    ++g->a;
  }
  WriteHold(WriteHold &&o) noexcept
      : g(std::move(o.g)), live(std::exchange(o.live, false)) {}
  ~WriteHold() {
    if (live)
      ++g->b;
  }
  RwLockWriteGuard<Pair> g;
  bool live = true;
};

TEST(CoordinationStress, RwLockWithAbortedReadersAndWriters) {
  Runtime rt(Runtime::Options{3});
  RwLock<Pair> l;
  std::atomic<long> torn{0};
  constexpr int kTasks = 48;
  const int each = 60 * kScale;
  std::vector<JoinHandle<long>> hs;
  for (int t = 0; t < kTasks; ++t) {
    bool writer = t % 4 == 0;
    hs.push_back(rt.spawn(poll_fn(
        [&, writer, i = 0, done = 0L, rd = std::optional<RwLock<Pair>::Read>(),
         wr = std::optional<RwLock<Pair>::Write>(),
         rg = std::optional<RwLockReadGuard<Pair>>(),
         wg = std::optional<WriteHold>(),
         y = std::optional<YieldNow>()](Context &cx) mutable -> Poll<long> {
          while (i < each) {
            if (!rg && !wg) {
              if (writer) {
                if (!wr)
                  wr.emplace(l.write());
                auto p = wr->poll(cx);
                if (p.is_pending())
                  return pending;
                wr.reset();
                wg.emplace(std::move(p).value());
              } else {
                if (!rd)
                  rd.emplace(l.read());
                auto p = rd->poll(cx);
                if (p.is_pending())
                  return pending;
                rd.reset();
                rg.emplace(std::move(p).value());
                if ((*rg)->a != (*rg)->b)
                  ++torn;
              }
              y.emplace();
            }
            if (y->poll(cx).is_pending())
              return pending; // holding the guard across a yield
            y.reset();
            wg.reset();
            rg.reset();
            ++done;
            ++i;
          }
          return ready(done);
        })));
  }
  std::mt19937 rng(5);
  for (int t = 0; t < kTasks; t += 5) {
    std::this_thread::sleep_for(random_us(rng, 300));
    hs[size_t(t)].abort();
  }
  for (auto &h : hs) {
    try {
      (void)rt.block_on(std::move(h));
    } catch (const JoinError &) {
    }
  }
  EXPECT_EQ(torn.load(), 0);
  std::optional<RwLockWriteGuard<Pair>> g = l.try_write();
  ASSERT_TRUE(g) << "every guard was released";
  EXPECT_EQ((*g)->a, (*g)->b);
}

TEST(CoordinationStress, JoinSetsDroppedWithTasksInFlight) {
  std::atomic<int> live{0};
  struct Live {
    std::atomic<int> *n;
    explicit Live(std::atomic<int> *c) : n(c) { ++*n; }
    Live(Live &&o) noexcept : n(std::exchange(o.n, nullptr)) {}
    ~Live() {
      if (n)
        --*n;
    }
  };
  {
    Runtime rt(Runtime::Options{3});
    std::vector<JoinHandle<int>> owners;
    for (int o = 0; o < 16 * kScale; ++o)
      owners.push_back(rt.spawn(poll_fn(
          [&, set = std::optional<JoinSet<int>>(), joined = 0,
           rng = std::mt19937(unsigned(o))](Context &cx) mutable -> Poll<int> {
            if (!set) {
              set.emplace();
              for (int c = 0; c < 20; ++c)
                set->spawn(
                    map(sleep(random_us(rng, 2000)),
                        [c, l = std::make_shared<Live>(&live)] { return c; }));
            }
            while (joined < 5) {
              auto p = set->poll_join_next(cx);
              if (p.is_pending())
                return pending;
              EXPECT_TRUE(p.value().has_value());
              ++joined;
            }
            set.reset(); // 15 tasks aborted, some already finished
            return ready(joined);
          })));
    for (auto &h : owners)
      EXPECT_EQ(rt.block_on(std::move(h)), 5);
  }
  EXPECT_EQ(live.load(), 0) << "every child's future was destroyed";
}

TEST(CoordinationStress, OnceCellRacedAndCancelledInitializers) {
  for (int round = 0; round < 10 * kScale; ++round) {
    Runtime rt(Runtime::Options{3});
    OnceCell<int> cell;
    std::atomic<int> inits{0};
    auto make_init = [&inits](int v, std::chrono::microseconds d) {
      return [&inits, v, d] {
        ++inits;
        return map(sleep(d), [v] { return v; });
      };
    };
    using Get = decltype(cell.get_or_init(make_init(0, 0us)));
    std::vector<JoinHandle<int>> hs;
    for (int t = 0; t < 16; ++t)
      hs.push_back(
          rt.spawn(poll_fn([&, t, rng = std::mt19937(unsigned(t + 100 * round)),
                            sel = std::optional<Select<Get, Sleep>>()](
                               Context &cx) mutable -> Poll<int> {
            for (;;) {
              if (!sel)
                sel.emplace(select(
                    cell.get_or_init(make_init(t + 1, random_us(rng, 300))),
                    sleep(random_us(rng, 300))));
              auto p = sel->poll(cx);
              if (p.is_pending())
                return pending;
              auto out = std::move(p).value();
              sel.reset();
              if (out.index() == 0)
                return ready(std::get<0>(out).get());
            }
          })));
    std::vector<int> got;
    for (auto &h : hs)
      got.push_back(rt.block_on(std::move(h)));
    ASSERT_TRUE(cell.initialized());
    for (int v : got)
      EXPECT_EQ(v, *cell.get());
    EXPECT_GE(inits.load(), 1);
  }
}

TEST(CoordinationStress, BarrierGroupsAcrossWorkers) {
  Runtime rt(Runtime::Options{3});
  // As many tasks as the group: with more, fast tasks could run ahead into
  // later groups and leave fewer than a group's worth behind.
  constexpr int kGroup = 6, kTasks = kGroup;
  const int phases = 50 * kScale;
  Barrier b(kGroup);
  std::vector<JoinHandle<int>> hs;
  for (int t = 0; t < kTasks; ++t)
    hs.push_back(rt.spawn(
        poll_fn([&, phase = 0, leaders = 0, w = std::optional<Barrier::Wait>()](
                    Context &cx) mutable -> Poll<int> {
          while (phase < phases) {
            if (!w)
              w.emplace(b.wait());
            auto p = w->poll(cx);
            if (p.is_pending())
              return pending;
            w.reset();
            leaders += p.value().is_leader();
            ++phase;
          }
          return ready(leaders);
        })));
  int leaders = 0;
  for (auto &h : hs)
    leaders += rt.block_on(std::move(h));
  EXPECT_EQ(leaders, phases);
}

} // namespace
