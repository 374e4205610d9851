//===- SyncCoroutineTest.cpp - The newer sync primitives from async code --===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// CancellationToken, JoinSet, watch, broadcast, RwLock, OnceCell and Barrier
/// used as users write against them: Async<T> functions (compiled here as
/// C++20 coroutines, the reference backend) on the multi-threaded Runtime.
///
//===----------------------------------------------------------------------===//
#include "hoist/hoist.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

using namespace hoist;
using namespace std::chrono_literals;

namespace {

Async<int> ticker(CancellationToken token) {
  int ticks = 0;
  for (;;) {
    auto r = co_await select_biased(token.cancelled(), sleep(1ms));
    if (r.index() == 0)
      co_return ticks;
    ++ticks;
  }
}

TEST(SyncCoroutineTest, CancellationTokenStopsAWorkerTree) {
  Runtime rt(Runtime::Options{2});
  CancellationToken root;
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < 8; ++i)
    hs.push_back(rt.spawn(ticker(i % 2 ? root.child_token() : root)));
  rt.block_on(sleep(5ms));
  root.cancel();
  for (auto &h : hs)
    EXPECT_GE(rt.block_on(std::move(h)), 0);
}

Async<int> square_later(int i) {
  co_await sleep(std::chrono::milliseconds(10 - i));
  co_return i * i;
}

Async<int> square_unless_cancelled(CancellationToken token, int i) {
  std::optional<int> r = co_await token.run_until_cancelled(square_later(i));
  co_return r ? *r : -1;
}

TEST(SyncCoroutineTest, RunUntilCancelled) {
  Runtime rt(Runtime::Options{2});
  CancellationToken token;
  EXPECT_EQ(rt.block_on(square_unless_cancelled(token, 3)), 9);
  JoinHandle<int> h = rt.spawn(square_unless_cancelled(token, 0));
  token.cancel();
  EXPECT_EQ(rt.block_on(std::move(h)), -1);
}

Async<int> sum_of_squares(int n) {
  JoinSet<int> set;
  for (int i = 0; i < n; ++i)
    set.spawn(square_later(i));
  int sum = 0;
  while (std::optional<int> v = co_await set.join_next())
    sum += *v;
  co_return sum;
}

TEST(SyncCoroutineTest, JoinSetJoinsSpawnedTasks) {
  Runtime rt(Runtime::Options{2});
  EXPECT_EQ(rt.block_on(sum_of_squares(10)), 285);
}

Async<std::string> watch_config(watch::Receiver<std::string> rx) {
  std::string last;
  while (co_await rx.changed())
    last = *rx.borrow_and_update();
  co_return last;
}

Async<void> publish(watch::Sender<std::string> tx) {
  for (int i = 0; i < 100; ++i) {
    tx.send("v" + std::to_string(i));
    if (i % 10 == 0)
      co_await yield_now();
  }
}

TEST(SyncCoroutineTest, WatchDeliversTheLastValue) {
  Runtime rt(Runtime::Options{2});
  auto [tx, rx] = watch::channel<std::string>("v-");
  JoinHandle<std::string> w = rt.spawn(watch_config(std::move(rx)));
  rt.block_on(publish(std::move(tx)));
  EXPECT_EQ(rt.block_on(std::move(w)), "v99");
}

Async<long> subscriber(broadcast::Receiver<int> rx) {
  long sum = 0;
  for (;;) {
    std::optional<int> v;
    try {
      v = co_await rx.recv();
    } catch (const broadcast::Lagged &) {
      co_return -1;
    }
    if (!v)
      co_return sum;
    sum += *v;
  }
}

TEST(SyncCoroutineTest, BroadcastReachesEverySubscriber) {
  Runtime rt(Runtime::Options{2});
  auto [tx, rx] = broadcast::channel<int>(128);
  std::vector<JoinHandle<long>> subs;
  subs.push_back(rt.spawn(subscriber(std::move(rx))));
  for (int i = 0; i < 3; ++i)
    subs.push_back(rt.spawn(subscriber(tx.subscribe())));
  for (int i = 1; i <= 100; ++i)
    tx.send(i);
  { auto gone = std::move(tx); }
  for (auto &h : subs)
    EXPECT_EQ(rt.block_on(std::move(h)), 5050);
}

Async<void> writer(RwLock<std::vector<int>> &l, int v) {
  RwLockWriteGuard<std::vector<int>> g = co_await l.write();
  g->push_back(v);
  co_await yield_now(); // held across an await
  g->push_back(v);
}

Async<bool> reader(RwLock<std::vector<int>> &l) {
  RwLockReadGuard<std::vector<int>> g = co_await l.read();
  co_await yield_now();
  co_return g->size() % 2 == 0; // never sees half a write
}

TEST(SyncCoroutineTest, RwLockHeldAcrossAwaits) {
  Runtime rt(Runtime::Options{2});
  RwLock<std::vector<int>> l;
  std::vector<JoinHandle<void>> ws;
  std::vector<JoinHandle<bool>> rs;
  for (int i = 0; i < 50; ++i) {
    ws.push_back(rt.spawn(writer(l, i)));
    rs.push_back(rt.spawn(reader(l)));
  }
  for (auto &h : ws)
    rt.block_on(std::move(h));
  for (auto &h : rs)
    EXPECT_TRUE(rt.block_on(std::move(h)));
  EXPECT_EQ(l.get_mut().size(), 100u);
}

Async<std::string> load_config(std::atomic<int> *loads) {
  loads->fetch_add(1);
  co_await sleep(2ms);
  co_return std::string("loaded");
}

Async<size_t> use_config(OnceCell<std::string> &cell, std::atomic<int> *loads) {
  const std::string &c =
      co_await cell.get_or_init([loads] { return load_config(loads); });
  co_return c.size();
}

TEST(SyncCoroutineTest, OnceCellLoadsOnce) {
  Runtime rt(Runtime::Options{2});
  OnceCell<std::string> cell;
  std::atomic<int> loads{0};
  std::vector<JoinHandle<size_t>> hs;
  for (int i = 0; i < 20; ++i)
    hs.push_back(rt.spawn(use_config(cell, &loads)));
  for (auto &h : hs)
    EXPECT_EQ(rt.block_on(std::move(h)), 6u);
  EXPECT_EQ(loads.load(), 1);
}

Async<int> phase_worker(Barrier &b, std::atomic<int> &phase_done) {
  int leaders = 0;
  for (int phase = 0; phase < 5; ++phase) {
    phase_done.fetch_add(1);
    BarrierWaitResult r = co_await b.wait();
    leaders += r.is_leader();
  }
  co_return leaders;
}

TEST(SyncCoroutineTest, BarrierPhases) {
  Runtime rt(Runtime::Options{2});
  Barrier b(4);
  std::atomic<int> done{0};
  std::vector<JoinHandle<int>> hs;
  for (int i = 0; i < 4; ++i)
    hs.push_back(rt.spawn(phase_worker(b, done)));
  int leaders = 0;
  for (auto &h : hs)
    leaders += rt.block_on(std::move(h));
  EXPECT_EQ(leaders, 5);
  EXPECT_EQ(done.load(), 20);
}

} // namespace
