//===- AtomicWakerTest.cpp - One waker slot shared across threads ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::AtomicWaker: wake() wakes the registered waker once, a
/// re-registration of the same task does not clone again, and under
/// concurrent register/wake no wake-up is lost and every clone is dropped.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/sync/atomic_waker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

TEST(AtomicWakerTest, WakeWithoutRegistrationIsANoop) {
  AtomicWaker aw;
  aw.wake();
  EXPECT_FALSE(aw.take());
}

TEST(AtomicWakerTest, RegisterThenWake) {
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    AtomicWaker aw;
    aw.register_waker(w);
    aw.register_waker(w); // same task: no second clone
    EXPECT_EQ(c.clones, 1);
    aw.wake();
    EXPECT_EQ(c.wakes, 1);
    aw.wake(); // emptied
    EXPECT_EQ(c.wakes, 1);
  }
  EXPECT_EQ(c.live(), 0);
}

TEST(AtomicWakerTest, ReplacingDropsTheOld) {
  WakerCounts a, b;
  {
    Waker wa = counting_waker(a), wb = counting_waker(b);
    AtomicWaker aw;
    aw.register_waker(wa);
    aw.register_waker(wb);
    EXPECT_EQ(a.drops, 1);
    aw.wake();
    EXPECT_EQ(b.wakes, 1);
    EXPECT_EQ(a.wakes, 0);
  }
  EXPECT_EQ(a.live(), 0);
  EXPECT_EQ(b.live(), 0);
}

TEST(AtomicWakerTest, ConcurrentRegisterAndWakeLosesNothing) {
  // A flag protocol: the waiter registers then checks; the waker sets then
  // wakes. After each round the waiter must have seen the flag or been
  // woken.
  constexpr int kRounds = 20000;
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    AtomicWaker aw;
    std::atomic<int> flag{0};
    std::atomic<int> round{0};
    std::thread waker([&] {
      for (int i = 1; i <= kRounds; ++i) {
        while (round.load(std::memory_order_acquire) != i)
          std::this_thread::yield();
        flag.store(i, std::memory_order_release);
        aw.wake();
      }
    });
    int seen_or_woken = 0;
    for (int i = 1; i <= kRounds; ++i) {
      int wakes_before = c.total_wakes();
      round.store(i, std::memory_order_release);
      aw.register_waker(w);
      if (flag.load(std::memory_order_acquire) == i) {
        ++seen_or_woken;
        continue;
      }
      // Not seen yet: a wake must come.
      while (c.total_wakes() == wakes_before)
        std::this_thread::yield();
      ++seen_or_woken;
      while (flag.load(std::memory_order_acquire) != i)
        std::this_thread::yield();
    }
    waker.join();
    EXPECT_EQ(seen_or_woken, kRounds);
  }
  EXPECT_EQ(c.live(), 0);
}

} // namespace
