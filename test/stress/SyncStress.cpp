//===- SyncStress.cpp - Channels and locks under contention ---------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stress for the sync primitives under ThreadSanitizer and AddressSanitizer:
/// bounded mpsc with many producers whose sends are cancelled at random
/// (exactly the values whose send reported success arrive), an async Mutex
/// guarding a plain counter (a data race would be reported by TSan) with
/// lockers aborted at random, Semaphore permits never oversubscribed, and
/// oneshot and Notify hand-offs across threads.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/sync/mpsc.hpp"
#include "hoist/sync/mutex.hpp"
#include "hoist/sync/notify.hpp"
#include "hoist/sync/oneshot.hpp"
#include "hoist/sync/semaphore.hpp"
#include "hoist/task/spawn.hpp"
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

TEST(SyncStress, BoundedMpscWithCancelledSends) {
  Runtime rt(Runtime::Options{3});
  auto ch = mpsc::channel<long>(4);
  auto &tx = ch.first;
  auto &rx = ch.second;
  constexpr int kProducers = 8;
  const int each = 500 * kScale;
  std::atomic<long> sent_sum{0};
  std::atomic<long> sent_count{0};
  std::vector<JoinHandle<void>> hs;
  for (int p = 0; p < kProducers; ++p)
    hs.push_back(rt.spawn(poll_fn(
        [&, tx = tx, p, i = 0, rng = std::mt19937(static_cast<unsigned>(p)),
         sel = std::optional<Select<mpsc::Sender<long>::Send, Sleep>>()](
            Context &cx) mutable -> Poll<void> {
          while (i < each) {
            long v = long(p) * each + i;
            if (!sel)
              sel.emplace(select(tx.send(v),
                                 sleep(std::chrono::microseconds(rng() % 300))));
            auto r = sel->poll(cx);
            if (r.is_pending())
              return pending;
            if (r.value().index() == 0 && std::get<0>(r.value())) {
              sent_sum += v;
              ++sent_count;
            }
            sel.reset();
            ++i;
          }
          return ready();
        })));
  { auto gone = std::move(tx); }
  long got_sum = 0, got_count = 0;
  rt.block_on(poll_fn([&, rng = std::mt19937(3)](Context &cx) mutable -> Poll<void> {
    for (;;) {
      auto v = rx.recv().poll(cx);
      if (v.is_pending())
        return pending;
      if (!v.value())
        return ready();
      got_sum += *v.value();
      ++got_count;
      if (rng() % 64 == 0)
        std::this_thread::sleep_for(50us); // let the channel fill up
    }
  }));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  EXPECT_EQ(got_count, sent_count.load());
  EXPECT_EQ(got_sum, sent_sum.load());
  EXPECT_GT(got_count, 0);
}

TEST(SyncStress, MutexGuardsAPlainCounterWithAbortedLockers) {
  Runtime rt(Runtime::Options{3});
  Mutex<long> m(0); // a plain long: only the Mutex orders its accesses
  constexpr int kTasks = 40;
  const int each = 100 * kScale;
  std::vector<JoinHandle<int>> hs;
  for (int t = 0; t < kTasks; ++t)
    hs.push_back(rt.spawn(poll_fn(
        [&m, i = 0, done = 0, lock = std::optional<Mutex<long>::Lock>(),
         g = std::optional<MutexGuard<long>>(),
         y = std::optional<YieldNow>()](Context &cx) mutable -> Poll<int> {
          while (i < each) {
            if (!g) {
              if (!lock)
                lock.emplace(m.lock());
              auto p = lock->poll(cx);
              if (p.is_pending())
                return pending;
              lock.reset();
              g.emplace(std::move(p).value());
              **g += 1;
              ++done;
              y.emplace();
            }
            if (y->poll(cx).is_pending())
              return pending;
            y.reset();
            g.reset();
            ++i;
          }
          return ready(done);
        })));
  std::mt19937 rng(5);
  std::vector<bool> aborted(kTasks);
  std::thread aborter([&] {
    for (int t = 0; t < kTasks; t += 3) {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 500));
      hs[static_cast<size_t>(t)].abort();
      aborted[static_cast<size_t>(t)] = true;
    }
  });
  aborter.join();
  long completed = 0;
  for (auto &h : hs) {
    try {
      completed += rt.block_on(std::move(h));
    } catch (const JoinError &) {
    }
  }
  long v = *rt.block_on(m.lock());
  EXPECT_GE(v, completed);
  EXPECT_LE(v, long(kTasks) * each);
}

TEST(SyncStress, SemaphoreNeverOversubscribed) {
  Runtime rt(Runtime::Options{3});
  Semaphore sem(5);
  std::atomic<int> held{0}, max_held{0};
  std::vector<JoinHandle<void>> hs;
  for (int t = 0; t < 60; ++t)
    hs.push_back(rt.spawn(poll_fn(
        [&, t, i = 0, acq = std::optional<Semaphore::Acquire>(),
         permit = std::optional<SemaphorePermit>(),
         y = std::optional<YieldNow>()](Context &cx) mutable -> Poll<void> {
          size_t want = 1 + static_cast<size_t>(t % 3);
          while (i < 20 * kScale) {
            if (!permit) {
              if (!acq)
                acq.emplace(sem.acquire(want));
              auto p = acq->poll(cx);
              if (p.is_pending())
                return pending;
              acq.reset();
              permit.emplace(std::move(p).value());
              int h = held += static_cast<int>(want);
              int m = max_held.load();
              while (h > m && !max_held.compare_exchange_weak(m, h)) {
              }
              y.emplace();
            }
            if (y->poll(cx).is_pending())
              return pending;
            y.reset();
            held -= static_cast<int>(want);
            permit.reset();
            ++i;
          }
          return ready();
        })));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  EXPECT_LE(max_held.load(), 5);
  EXPECT_EQ(sem.available_permits(), 5u);
}

TEST(SyncStress, OneshotHandOffsAcrossThreads) {
  Runtime rt(Runtime::Options{2});
  const int n = 2000 * kScale;
  std::vector<JoinHandle<int>> hs;
  std::vector<oneshot::Sender<int>> senders;
  for (int i = 0; i < n; ++i) {
    auto [tx, rx] = oneshot::channel<int>();
    hs.push_back(rt.spawn(std::move(rx)));
    senders.push_back(std::move(tx));
  }
  std::thread t([&] {
    for (int i = 0; i < n; ++i) {
      if (i % 10 == 0)
        senders[static_cast<size_t>(i)] = oneshot::channel<int>().first; // dropped
      else
        (void)senders[static_cast<size_t>(i)].send(i);
    }
  });
  t.join();
  for (int i = 0; i < n; ++i) {
    try {
      EXPECT_EQ(rt.block_on(std::move(hs[static_cast<size_t>(i)])), i);
    } catch (const oneshot::RecvError &) {
      EXPECT_EQ(i % 10, 0);
    }
  }
}

TEST(SyncStress, NotifyPingPong) {
  Runtime rt(Runtime::Options{2});
  Notify ping, pong;
  const int rounds = 2000 * kScale;
  auto a = rt.spawn(poll_fn([&, i = 0, w = std::optional<Notify::Notified>()](
                                Context &cx) mutable -> Poll<void> {
    while (i < rounds) {
      if (!w) {
        ping.notify_one();
        w.emplace(pong.notified());
      }
      if (w->poll(cx).is_pending())
        return pending;
      w.reset();
      ++i;
    }
    return ready();
  }));
  auto b = rt.spawn(poll_fn([&, i = 0, w = std::optional<Notify::Notified>()](
                                Context &cx) mutable -> Poll<void> {
    while (i < rounds) {
      if (!w)
        w.emplace(ping.notified());
      if (w->poll(cx).is_pending())
        return pending;
      w.reset();
      pong.notify_one();
      ++i;
    }
    return ready();
  }));
  rt.block_on(std::move(a));
  rt.block_on(std::move(b));
}

} // namespace
