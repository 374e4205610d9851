//===- ContextTest.cpp - Context carries the task's waker -----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Context: it borrows the waker it was made from (no clone),
/// and a future that stores cx.waker() clones it exactly once.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/core/context.hpp"

#include <gtest/gtest.h>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

TEST(ContextTest, BorrowsTheWaker) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    Context cx = Context::from_waker(w);
    EXPECT_EQ(&cx.waker(), &w);
    EXPECT_EQ(c.clones, 0);
    cx.waker().wake_by_ref();
    EXPECT_EQ(c.wakes_by_ref, 1);
    Waker stored = cx.waker();
    EXPECT_EQ(c.clones, 1);
    EXPECT_TRUE(stored.will_wake(w));
  }
  EXPECT_EQ(c.live(), 0);
}

TEST(ContextTest, CopyableLikeRusts) {
  WakerCounts c;
  Waker w = counting_waker(c);
  Context a = Context::from_waker(w);
  Context b = a;
  EXPECT_EQ(&a.waker(), &b.waker());
}

} // namespace
