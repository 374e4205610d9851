//===- WakerTest.cpp - Waker: clone/drop balance through the vtable -------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Waker against a counting RawWakerVTable: every copy clones
/// once, every destruction drops once, wake() consumes its handle, wake_by_ref
/// keeps it, and moves transfer without touching the vtable.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/core/waker.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

TEST(WakerTest, CopyClonesAndDestructionDrops) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    {
      Waker a = w;
      Waker b(a);
      EXPECT_EQ(c.clones, 2);
      EXPECT_EQ(c.drops, 0);
    }
    EXPECT_EQ(c.drops, 2);
  }
  EXPECT_EQ(c.drops, 3);
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, MoveTransfersWithoutVtableCalls) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    Waker m = std::move(w);
    Waker n(std::move(m));
    EXPECT_EQ(c.clones, 0);
    EXPECT_EQ(c.drops, 0);
  }
  EXPECT_EQ(c.drops, 1);
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, WakeConsumes) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    w.wake();
    EXPECT_EQ(c.wakes, 1);
    EXPECT_EQ(c.drops, 0);
    // Now a no-op waker: waking and destroying it touch nothing of ours.
    w.wake_by_ref();
    w.wake();
  }
  EXPECT_EQ(c.wakes, 1);
  EXPECT_EQ(c.wakes_by_ref, 0);
  EXPECT_EQ(c.drops, 0);
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, WakeByRefKeeps) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    w.wake_by_ref();
    w.wake_by_ref();
    EXPECT_EQ(c.wakes_by_ref, 2);
    EXPECT_EQ(c.live(), 1);
  }
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, CopyAssignmentToSameTaskIsFree) {
  WakerCounts c;
  {
    Waker a = counting_waker(c);
    Waker b = a; // one clone
    a = b;       // will_wake: no clone, no drop
    EXPECT_EQ(c.clones, 1);
    EXPECT_EQ(c.drops, 0);
    Waker &self = a;
    a = self; // self-assignment
    EXPECT_EQ(c.clones, 1);
  }
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, CopyAssignmentAcrossTasks) {
  WakerCounts c1, c2;
  {
    Waker a = counting_waker(c1);
    Waker b = counting_waker(c2);
    a = b; // clones b, drops a's old handle
    EXPECT_EQ(c2.clones, 1);
    EXPECT_EQ(c1.drops, 1);
    EXPECT_TRUE(a.will_wake(b));
    a.wake_by_ref();
    EXPECT_EQ(c2.wakes_by_ref, 1);
  }
  EXPECT_EQ(c1.live(), 0);
  EXPECT_EQ(c2.live(), 0);
}

TEST(WakerTest, MoveAssignmentDropsOld) {
  WakerCounts c1, c2;
  {
    Waker a = counting_waker(c1);
    Waker b = counting_waker(c2);
    a = std::move(b);
    EXPECT_EQ(c1.drops, 1);
    EXPECT_EQ(c2.clones, 0);
  }
  EXPECT_EQ(c1.live(), 0);
  EXPECT_EQ(c2.live(), 0);
}

TEST(WakerTest, WillWake) {
  WakerCounts c1, c2;
  Waker a = counting_waker(c1);
  Waker b = a;
  Waker other = counting_waker(c2);
  EXPECT_TRUE(a.will_wake(b));
  EXPECT_FALSE(a.will_wake(other));
  EXPECT_EQ(a.as_raw().data, &c1);
}

TEST(WakerTest, ManyClonesBalance) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    std::vector<Waker> v;
    for (int i = 0; i < 100; ++i)
      v.push_back(w);
    for (int i = 0; i < 50; ++i)
      v[i].wake();
    v.erase(v.begin() + 10, v.begin() + 60);
  }
  EXPECT_EQ(c.clones, 100);
  EXPECT_EQ(c.wakes, 50);
  EXPECT_EQ(c.drops, 51);
  EXPECT_EQ(c.live(), 0);
}

TEST(WakerTest, NoopWaker) {
  const Waker &w = noop_waker();
  Waker copy = w;
  copy.wake_by_ref();
  copy.wake();
  EXPECT_TRUE(noop_waker().will_wake(noop_waker()));
}

TEST(WakerTest, RawLayoutIsRusts) {
  static_assert(sizeof(RawWaker) == 2 * sizeof(void *), "data + vtable");
  static_assert(sizeof(RawWakerVTable) == 4 * sizeof(void *),
                "clone, wake, wake_by_ref, drop");
  static_assert(sizeof(Waker) == sizeof(RawWaker), "a Waker is a RawWaker");
  SUCCEED();
}

} // namespace
