//===- YieldNowTest.cpp - yield_now: pending once, self-woken -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::yield_now: the first poll wakes the task by reference and
/// returns pending, the second returns ready.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/yield_now.hpp"

#include <gtest/gtest.h>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

TEST(YieldNowTest, PendingOnceThenReady) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    Context cx = Context::from_waker(w);
    YieldNow y = yield_now();
    EXPECT_TRUE(y.poll(cx).is_pending());
    EXPECT_EQ(c.wakes_by_ref, 1);
    EXPECT_TRUE(y.poll(cx).is_ready());
    EXPECT_EQ(c.wakes_by_ref, 1);
  }
  EXPECT_EQ(c.clones, 0);
  EXPECT_EQ(c.live(), 0);
}

TEST(YieldNowTest, UnderBlockOn) {
  block_on(yield_now());
  SUCCEED();
}

TEST(YieldNowTest, IsAFuture) {
  static_assert(is_future_v<YieldNow>, "");
  static_assert(std::is_same<output_t<YieldNow>, void>::value, "");
  SUCCEED();
}

} // namespace
