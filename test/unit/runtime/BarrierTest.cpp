//===- BarrierTest.cpp - Barrier: groups of n, one leader -----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Barrier: nobody passes before the n-th arrives, exactly one
/// leader per group, reuse for the next group, a dropped waiting future
/// takes its arrival back, n = 0 and 1 pass at once, and groups formed by
/// tasks on the Runtime's workers.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/barrier.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(BarrierTest, ReleasesAGroupWithOneLeader) {
  Barrier b(3);
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    auto x = b.wait();
    auto y = b.wait();
    EXPECT_TRUE(x.poll(cx).is_pending());
    EXPECT_TRUE(y.poll(cx).is_pending());
    EXPECT_TRUE(x.poll(cx).is_pending());
    auto z = b.wait();
    Poll<BarrierWaitResult> pz = z.poll(cx);
    ASSERT_TRUE(pz.is_ready());
    EXPECT_TRUE(pz.value().is_leader());
    EXPECT_EQ(counts.total_wakes(), 2);
    Poll<BarrierWaitResult> px = x.poll(cx), py = y.poll(cx);
    ASSERT_TRUE(px.is_ready() && py.is_ready());
    EXPECT_FALSE(px.value().is_leader());
    EXPECT_FALSE(py.value().is_leader());
    // The next group starts empty.
    auto next = b.wait();
    EXPECT_TRUE(next.poll(cx).is_pending());
  }
  EXPECT_EQ(counts.live(), 0);
}

TEST(BarrierTest, DroppedWaiterTakesItsArrivalBack) {
  Barrier b(2);
  Context cx = Context::from_waker(noop_waker());
  auto first = std::make_unique<Barrier::Wait>(b.wait());
  EXPECT_TRUE(first->poll(cx).is_pending());
  first.reset();
  auto a = b.wait();
  EXPECT_TRUE(a.poll(cx).is_pending()) << "the dropped waiter no longer counts";
  auto c = b.wait();
  EXPECT_TRUE(c.poll(cx).is_ready());
  EXPECT_TRUE(a.poll(cx).is_ready());
}

TEST(BarrierTest, OneOrZeroPassesAtOnce) {
  Barrier zero(0), one(1);
  EXPECT_TRUE(block_on(zero.wait()).is_leader());
  EXPECT_TRUE(block_on(one.wait()).is_leader());
  EXPECT_TRUE(block_on(one.wait()).is_leader());
}

TEST(BarrierTest, GroupsOnWorkers) {
  Runtime rt(Runtime::Options{2});
  constexpr int kGroup = 8, kGroups = 50;
  Barrier b(kGroup);
  std::vector<JoinHandle<bool>> hs;
  for (int i = 0; i < kGroup * kGroups; ++i)
    hs.push_back(rt.spawn(
        map(b.wait(), [](BarrierWaitResult r) { return r.is_leader(); })));
  int leaders = 0;
  for (auto &h : hs)
    leaders += rt.block_on(std::move(h));
  EXPECT_EQ(leaders, kGroups);
}

} // namespace
