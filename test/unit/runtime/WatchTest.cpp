//===- WatchTest.cpp - watch channels: latest value, change wake-ups ------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::watch: borrow and borrow_and_update, changed() waking on a
/// send and coalescing several sends, false once the sender is gone, send
/// failing without receivers, subscribe and copies, send_if_modified,
/// wait_for, the sender's closed(), a dropped pending changed() future, the
/// coop budget, and a receiver on another worker seeing every change of a
/// counter to its last value.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/watch.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

using namespace hoist;
using namespace hoist::test;

namespace {

constexpr int kLast = 20000;

TEST(WatchTest, BorrowSeesTheLatestValue) {
  auto [tx, rx] = watch::channel<std::string>("a");
  EXPECT_EQ(*rx.borrow(), "a");
  EXPECT_FALSE(rx.has_changed());
  EXPECT_TRUE(tx.send("b"));
  EXPECT_TRUE(rx.has_changed());
  EXPECT_TRUE(rx.borrow().has_changed());
  EXPECT_TRUE(rx.has_changed()) << "borrow() does not mark it seen";
  {
    watch::Ref<std::string> r = rx.borrow_and_update();
    EXPECT_EQ(*r, "b");
    EXPECT_TRUE(r.has_changed());
  }
  EXPECT_FALSE(rx.has_changed());
  EXPECT_EQ(*tx.borrow(), "b");
}

TEST(WatchTest, ChangedWakesOnceForSeveralSends) {
  auto [tx, rx] = watch::channel<int>(0);
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    auto ch = rx.changed();
    EXPECT_TRUE(ch.poll(cx).is_pending());
    tx.send(1);
    tx.send(2);
    EXPECT_EQ(counts.total_wakes(), 1);
    Poll<bool> p = ch.poll(cx);
    ASSERT_TRUE(p.is_ready());
    EXPECT_TRUE(std::move(p).value());
    EXPECT_EQ(*rx.borrow(), 2);
    auto again = rx.changed();
    EXPECT_TRUE(again.poll(cx).is_pending()) << "2 was marked seen";
  }
  EXPECT_EQ(counts.live(), 0);
}

TEST(WatchTest, ChangedIsFalseOnceTheSenderIsGone) {
  auto [tx, rx] = watch::channel<int>(0);
  tx.send(5);
  { auto gone = std::move(tx); }
  EXPECT_TRUE(block_on(rx.changed())) << "the unseen 5 comes first";
  EXPECT_FALSE(block_on(rx.changed()));
  EXPECT_EQ(*rx.borrow(), 5);
}

TEST(WatchTest, SendFailsWithoutReceivers) {
  auto [tx, rx] = watch::channel<int>(1);
  { auto gone = std::move(rx); }
  EXPECT_TRUE(tx.is_closed());
  EXPECT_FALSE(tx.send(2));
  EXPECT_EQ(*tx.borrow(), 1);
  EXPECT_EQ(tx.send_replace(3), 1);
  EXPECT_EQ(*tx.borrow(), 3);
  watch::Receiver<int> late = tx.subscribe();
  EXPECT_FALSE(late.has_changed());
  EXPECT_EQ(tx.receiver_count(), 1u);
}

TEST(WatchTest, CopiesKeepTheirVersionSubscribersStartNow) {
  auto [tx, rx] = watch::channel<int>(0);
  tx.send(1);
  watch::Receiver<int> copy = rx;
  watch::Receiver<int> sub = tx.subscribe();
  EXPECT_TRUE(copy.has_changed());
  EXPECT_FALSE(sub.has_changed());
  EXPECT_TRUE(copy.same_channel(sub));
  EXPECT_EQ(tx.receiver_count(), 3u);
}

TEST(WatchTest, SendIfModified) {
  auto [tx, rx] = watch::channel<int>(0);
  EXPECT_FALSE(tx.send_if_modified([](int &) { return false; }));
  EXPECT_FALSE(rx.has_changed());
  tx.send_modify([](int &v) { v += 10; });
  EXPECT_TRUE(rx.has_changed());
  EXPECT_EQ(*rx.borrow(), 10);
}

TEST(WatchTest, SenderClosedWhenReceiversGo) {
  auto [tx, rx] = watch::channel<int>(0);
  Context cx = Context::from_waker(noop_waker());
  auto closed = tx.closed();
  EXPECT_TRUE(closed.poll(cx).is_pending());
  auto copy = std::make_unique<watch::Receiver<int>>(rx);
  { auto gone = std::move(rx); }
  EXPECT_TRUE(closed.poll(cx).is_pending());
  copy.reset();
  EXPECT_TRUE(closed.poll(cx).is_ready());
}

TEST(WatchTest, WaitForAPredicate) {
  auto [tx, rx] = watch::channel<int>(3);
  EXPECT_EQ(**block_on(rx.wait_for([](int v) { return v == 3; })), 3)
      << "the current value counts";
  Context cx = Context::from_waker(noop_waker());
  auto w = rx.wait_for([](int v) { return v >= 10; });
  EXPECT_TRUE(w.poll(cx).is_pending());
  tx.send(5);
  EXPECT_TRUE(w.poll(cx).is_pending());
  tx.send(12);
  Poll<std::optional<watch::Ref<int>>> p = w.poll(cx);
  ASSERT_TRUE(p.is_ready());
  ASSERT_TRUE(p.value());
  EXPECT_EQ(**p.value(), 12);
  p.value().reset(); // lets the sender write again
  auto never = rx.wait_for([](int v) { return v < 0; });
  EXPECT_TRUE(never.poll(cx).is_pending());
  { auto gone = std::move(tx); }
  Poll<std::optional<watch::Ref<int>>> q = never.poll(cx);
  ASSERT_TRUE(q.is_ready());
  EXPECT_FALSE(q.value());
}

TEST(WatchTest, DroppedPendingChangedDeregisters) {
  auto [tx, rx] = watch::channel<int>(0);
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    auto ch = std::make_unique<watch::Receiver<int>::Changed>(rx.changed());
    EXPECT_TRUE(ch->poll(cx).is_pending());
    ch.reset();
    tx.send(1);
    EXPECT_EQ(counts.total_wakes(), 0);
  }
  EXPECT_EQ(counts.live(), 0);
  EXPECT_TRUE(rx.has_changed());
}

TEST(WatchTest, ChangedSpendsTheCoopBudget) {
  auto [tx, rx] = watch::channel<int>(0);
  coop::BudgetScope scope(2);
  Context cx = Context::from_waker(noop_waker());
  for (int i = 1; i <= 2; ++i) {
    tx.send(i);
    auto ch = rx.changed();
    EXPECT_TRUE(ch.poll(cx).is_ready());
  }
  tx.send(3);
  auto ch = rx.changed();
  EXPECT_TRUE(ch.poll(cx).is_pending()) << "the budget is spent: yield";
}

TEST(WatchTest, ReceiverOnAWorkerSeesTheLastValue) {
  Runtime rt(Runtime::Options{2});
  auto [tx, rx] = watch::channel<int>(0);
  auto h = rt.spawn(poll_fn(
      [rx = std::move(rx), ch = std::optional<watch::Receiver<int>::Changed>()](
          Context &cx) mutable -> Poll<int> {
        for (;;) {
          if (!ch)
            ch.emplace(rx.changed());
          Poll<bool> p = ch->poll(cx);
          if (p.is_pending())
            return pending;
          ch.reset();
          if (!std::move(p).value())
            return ready(*rx.borrow());
          if (*rx.borrow_and_update() == kLast)
            return ready(kLast);
        }
      }));
  std::thread sender([tx = std::move(tx)]() mutable {
    for (int i = 1; i <= kLast; ++i)
      tx.send(i);
  });
  EXPECT_EQ(rt.block_on(std::move(h)), kLast);
  sender.join();
}

} // namespace
