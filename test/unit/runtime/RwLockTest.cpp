//===- RwLockTest.cpp - RwLock: shared reads, exclusive fair writes -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::RwLock: readers share, a writer excludes everyone, a
/// waiting writer holds back later readers (fairness), a cancelled waiting
/// writer lets the readers behind it in, with_max_readers, and readers and
/// writers contending on the Runtime's workers.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/rwlock.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(RwLockTest, ReadersShareAWriterExcludes) {
  RwLock<int> l(5);
  RwLockReadGuard<int> a = block_on(l.read());
  std::optional<RwLockReadGuard<int>> b = l.try_read();
  ASSERT_TRUE(b);
  EXPECT_EQ(**b, 5);
  EXPECT_FALSE(l.try_write());
  Context cx = Context::from_waker(noop_waker());
  auto w = l.write();
  EXPECT_TRUE(w.poll(cx).is_pending());
  b.reset();
  EXPECT_TRUE(w.poll(cx).is_pending());
  { RwLockReadGuard<int> gone = std::move(a); }
  Poll<RwLockWriteGuard<int>> p = w.poll(cx);
  ASSERT_TRUE(p.is_ready());
  RwLockWriteGuard<int> g = std::move(p).value();
  *g = 6;
  EXPECT_FALSE(l.try_read());
  EXPECT_FALSE(l.try_write());
}

TEST(RwLockTest, WaitingWriterHoldsBackLaterReaders) {
  RwLock<int> l(0);
  WakerCounts counts;
  {
    Waker wk = counting_waker(counts);
    Context cx = Context::from_waker(wk);
    auto r1 = std::make_unique<RwLockReadGuard<int>>(block_on(l.read()));
    auto w = l.write();
    EXPECT_TRUE(w.poll(cx).is_pending());
    auto r2 = l.read();
    EXPECT_TRUE(r2.poll(cx).is_pending()) << "a writer is waiting first";
    EXPECT_FALSE(l.try_read());
    r1.reset();
    EXPECT_EQ(counts.total_wakes(), 1) << "only the writer";
    Poll<RwLockWriteGuard<int>> wp = w.poll(cx);
    ASSERT_TRUE(wp.is_ready());
    EXPECT_TRUE(r2.poll(cx).is_pending());
    { RwLockWriteGuard<int> done = std::move(wp).value(); }
    EXPECT_TRUE(r2.poll(cx).is_ready());
  }
  EXPECT_EQ(counts.live(), 0);
}

TEST(RwLockTest, CancelledWriterLetsReadersIn) {
  RwLock<int> l(0);
  Context cx = Context::from_waker(noop_waker());
  RwLockReadGuard<int> r1 = block_on(l.read());
  auto w = std::make_unique<RwLock<int>::Write>(l.write());
  EXPECT_TRUE(w->poll(cx).is_pending());
  auto r2 = l.read();
  EXPECT_TRUE(r2.poll(cx).is_pending());
  w.reset();
  EXPECT_TRUE(r2.poll(cx).is_ready());
}

TEST(RwLockTest, MaxReaders) {
  RwLock<int> l = RwLock<int>::with_max_readers(2, 9);
  auto a = l.try_read();
  auto b = l.try_read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(**a, 9);
  EXPECT_FALSE(l.try_read());
  a.reset();
  b.reset();
  EXPECT_TRUE(l.try_write());
}

struct Pair {
  int a = 0, b = 0;
};

TEST(RwLockTest, ReadersAndWritersOnWorkers) {
  Runtime rt(Runtime::Options{2});
  RwLock<Pair> l;
  std::atomic<int> torn{0};
  std::vector<JoinHandle<void>> hs;
  for (int i = 0; i < 2000; ++i) {
    if (i % 3 == 0)
      hs.push_back(rt.spawn(map(l.write(), [](RwLockWriteGuard<Pair> g) {
        ++g->a;
        ++g->b;
      })));
    else
      hs.push_back(rt.spawn(map(l.read(), [&](RwLockReadGuard<Pair> g) {
        if (g->a != g->b)
          ++torn;
      })));
  }
  for (auto &h : hs)
    rt.block_on(std::move(h));
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(l.get_mut().a, 667);
}

} // namespace
