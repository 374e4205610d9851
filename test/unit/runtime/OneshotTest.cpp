//===- OneshotTest.cpp - oneshot channels ---------------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::oneshot: send before and after the receive waits, sender
/// dropped (RecvError), receiver dropped (send fails, value destroyed once),
/// close(), Sender::closed(), and a cross-thread race of send against drop
/// in which the value is destroyed exactly once.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/oneshot.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(OneshotTest, SendThenReceive) {
  auto [tx, rx] = oneshot::channel<std::string>();
  EXPECT_TRUE(tx.send("hi"));
  EXPECT_EQ(block_on(std::move(rx)), "hi");
}

TEST(OneshotTest, ReceiveWaitsForTheSend) {
  LocalExecutor ex;
  auto [tx, rx] = oneshot::channel<int>();
  auto h = ex.spawn(std::move(rx));
  ex.block_on(Countdown{2});
  EXPECT_FALSE(h.is_finished());
  EXPECT_TRUE(tx.send(5));
  EXPECT_EQ(ex.block_on(std::move(h)), 5);
}

TEST(OneshotTest, SenderDroppedThrows) {
  auto [tx, rx] = oneshot::channel<int>();
  { auto gone = std::move(tx); }
  EXPECT_THROW(block_on(std::move(rx)), oneshot::RecvError);
}

TEST(OneshotTest, ReceiverDroppedFailsTheSend) {
  std::atomic<int> drops{0};
  auto [tx, rx] = oneshot::channel<DropCounter>();
  { auto gone = std::move(rx); }
  EXPECT_TRUE(tx.is_closed());
  EXPECT_FALSE(tx.send(DropCounter(&drops)));
  EXPECT_EQ(drops.load(), 1);
}

TEST(OneshotTest, UnreceivedValueIsDestroyedOnce) {
  std::atomic<int> drops{0};
  {
    auto [tx, rx] = oneshot::channel<DropCounter>();
    EXPECT_TRUE(tx.send(DropCounter(&drops)));
    EXPECT_EQ(drops.load(), 0);
  }
  EXPECT_EQ(drops.load(), 1);
}

TEST(OneshotTest, CloseThenSendFails) {
  auto [tx, rx] = oneshot::channel<int>();
  rx.close();
  EXPECT_FALSE(tx.send(1));
  EXPECT_THROW(block_on(std::move(rx)), oneshot::RecvError);
}

TEST(OneshotTest, ValueSentBeforeCloseIsStillReceived) {
  auto [tx, rx] = oneshot::channel<int>();
  EXPECT_TRUE(tx.send(3));
  rx.close();
  EXPECT_EQ(block_on(std::move(rx)), 3);
}

TEST(OneshotTest, TryRecv) {
  auto [tx, rx] = oneshot::channel<int>();
  EXPECT_FALSE(rx.try_recv());
  EXPECT_TRUE(tx.send(4));
  EXPECT_EQ(rx.try_recv(), 4);
}

TEST(OneshotTest, SenderClosedCompletesWhenReceiverGoes) {
  LocalExecutor ex;
  auto [tx, rx] = oneshot::channel<int>();
  auto h = ex.spawn(tx.closed());
  ex.block_on(Countdown{1});
  EXPECT_FALSE(h.is_finished());
  { auto gone = std::move(rx); }
  ex.block_on(std::move(h));
}

TEST(OneshotTest, CrossThreadSendRacesDrop) {
  std::atomic<int> drops{0};
  constexpr int kN = 2000;
  for (int i = 0; i < kN; ++i) {
    auto [tx, rx] = oneshot::channel<DropCounter>();
    std::thread t([tx = std::move(tx), &drops]() mutable {
      (void)tx.send(DropCounter(&drops));
    });
    if (i % 2)
      (void)rx.try_recv();
    { auto gone = std::move(rx); }
    t.join();
  }
  EXPECT_EQ(drops.load(), kN);
}

TEST(OneshotTest, AcrossRuntimeTasks) {
  Runtime rt(Runtime::Options{2});
  auto [tx, rx] = oneshot::channel<int>();
  auto r = rt.spawn(std::move(rx));
  auto s = rt.spawn(map(Countdown{3}, [tx = std::move(tx)](int) mutable { return tx.send(8); }));
  EXPECT_TRUE(rt.block_on(std::move(s)));
  EXPECT_EQ(rt.block_on(std::move(r)), 8);
}

} // namespace
