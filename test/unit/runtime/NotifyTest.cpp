//===- NotifyTest.cpp - Notify: notify_one and notify_waiters -------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Notify: a stored permit when nobody waits, FIFO notify_one,
/// notify_waiters waking every existing Notified (even unpolled) and storing
/// nothing, and a notification passed on when its chosen waiter is dropped.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/notify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(NotifyTest, PermitStoredWhenNobodyWaits) {
  Notify n;
  n.notify_one();
  n.notify_one(); // at most one permit
  block_on(n.notified());
  Context cx = Context::from_waker(noop_waker());
  Notify::Notified again = n.notified();
  EXPECT_TRUE(again.poll(cx).is_pending());
  n.notify_one();
  EXPECT_TRUE(again.poll(cx).is_ready());
}

TEST(NotifyTest, NotifyOneIsFifo) {
  LocalExecutor ex;
  Notify n;
  std::string order;
  auto a = ex.spawn(map(n.notified(), [&] { order += 'a'; }));
  ex.block_on(yield_now());
  auto b = ex.spawn(map(n.notified(), [&] { order += 'b'; }));
  ex.block_on(yield_now());
  n.notify_one();
  ex.block_on(std::move(a));
  EXPECT_FALSE(b.is_finished());
  n.notify_one();
  ex.block_on(std::move(b));
  EXPECT_EQ(order, "ab");
}

TEST(NotifyTest, NotifyWaitersWakesAllIncludingUnpolled) {
  LocalExecutor ex;
  Notify n;
  auto a = ex.spawn(n.notified());
  auto b = ex.spawn(n.notified());
  ex.block_on(yield_now());
  Notify::Notified created_not_polled = n.notified();
  n.notify_waiters();
  ex.block_on(std::move(a));
  ex.block_on(std::move(b));
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(created_not_polled.poll(cx).is_ready());
  Notify::Notified later = n.notified();
  EXPECT_TRUE(later.poll(cx).is_pending()) << "no permit was stored";
}

TEST(NotifyTest, DroppedChosenWaiterPassesItOn) {
  LocalExecutor ex;
  Notify n;
  Context cx = Context::from_waker(noop_waker());
  auto first = std::make_unique<Notify::Notified>(n.notified());
  EXPECT_TRUE(first->poll(cx).is_pending());
  auto second = ex.spawn(n.notified());
  ex.block_on(yield_now());
  n.notify_one(); // chooses `first`
  first.reset();  // ... which never sees it
  ex.block_on(std::move(second));
}

TEST(NotifyTest, AcrossThreads) {
  Runtime rt(Runtime::Options{2});
  Notify n;
  auto h = rt.spawn(n.notified());
  std::thread t([&] { n.notify_one(); });
  rt.block_on(std::move(h));
  t.join();
}

} // namespace
