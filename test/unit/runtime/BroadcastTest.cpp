//===- BroadcastTest.cpp - broadcast channels: every value to everyone ----===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::broadcast: every receiver gets every value sent after it
/// subscribed, a lagging receiver gets Lagged(n) then the oldest value
/// left, closing after the last sender with values still readable, send
/// without receivers, values freed once everyone read them (or left), a
/// dropped pending recv future, misuse aborting, and receivers on the
/// Runtime's workers fed from another thread.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/broadcast.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(BroadcastTest, EveryReceiverGetsEveryValue) {
  auto [tx, rx1] = broadcast::channel<int>(8);
  tx.send(1);
  broadcast::Receiver<int> rx2 = tx.subscribe(); // after 1
  EXPECT_EQ(tx.send(2), 2u);
  EXPECT_EQ(block_on(rx1.recv()), std::optional<int>(1));
  EXPECT_EQ(block_on(rx1.recv()), std::optional<int>(2));
  EXPECT_EQ(block_on(rx2.recv()), std::optional<int>(2));
  EXPECT_EQ(rx1.try_recv(), std::nullopt);
  EXPECT_EQ(tx.receiver_count(), 2u);
  broadcast::Receiver<int> rx3 = rx1.resubscribe();
  tx.send(3);
  EXPECT_EQ(rx3.len(), 1u);
  EXPECT_EQ(rx3.try_recv(), std::optional<int>(3));
}

TEST(BroadcastTest, LaggingReceiverSkipsToTheOldestValue) {
  auto [tx, rx] = broadcast::channel<int>(2);
  for (int i = 0; i < 5; ++i)
    tx.send(i);
  try {
    (void)block_on(rx.recv());
    FAIL() << "expected Lagged";
  } catch (const broadcast::Lagged &l) {
    EXPECT_EQ(l.skipped(), 3u);
  }
  EXPECT_EQ(block_on(rx.recv()), std::optional<int>(3));
  EXPECT_EQ(block_on(rx.recv()), std::optional<int>(4));
}

TEST(BroadcastTest, ClosedAfterTheLastSenderValuesStillRead) {
  auto [tx, rx] = broadcast::channel<int>(4);
  broadcast::Sender<int> tx2 = tx;
  tx.send(1);
  { auto gone = std::move(tx); }
  Context cx = Context::from_waker(noop_waker());
  EXPECT_EQ(block_on(rx.recv()), std::optional<int>(1));
  auto r = rx.recv();
  EXPECT_TRUE(r.poll(cx).is_pending()) << "tx2 is still there";
  { auto gone = std::move(tx2); }
  Poll<std::optional<int>> p = r.poll(cx);
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(std::move(p).value(), std::nullopt);
}

TEST(BroadcastTest, SendWithoutReceiversDropsTheValue) {
  auto [tx, rx] = broadcast::channel<std::shared_ptr<int>>(4);
  { auto gone = std::move(rx); }
  auto v = std::make_shared<int>(1);
  EXPECT_EQ(tx.send(v), 0u);
  EXPECT_EQ(v.use_count(), 1);
}

TEST(BroadcastTest, ValueFreedOnceEveryoneHasIt) {
  auto [tx, rx1] = broadcast::channel<std::shared_ptr<int>>(4);
  auto rx2 = tx.subscribe();
  auto v = std::make_shared<int>(7);
  tx.send(v);
  EXPECT_EQ(v.use_count(), 2);
  std::optional<std::shared_ptr<int>> a = rx1.try_recv();
  EXPECT_EQ(v.use_count(), 3) << "copied for the first reader";
  std::optional<std::shared_ptr<int>> b = rx2.try_recv();
  EXPECT_EQ(v.use_count(), 3) << "moved out for the last";
  a.reset();
  b.reset();
  tx.send(v);
  EXPECT_EQ(v.use_count(), 2);
  { auto gone = std::move(rx1); }
  EXPECT_EQ(v.use_count(), 2) << "rx2 has not read it";
  { auto gone = std::move(rx2); }
  EXPECT_EQ(v.use_count(), 1) << "nobody is left to read it";
}

TEST(BroadcastTest, DroppedPendingRecvDeregisters) {
  auto [tx, rx] = broadcast::channel<int>(4);
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    auto r = std::make_unique<broadcast::Receiver<int>::Recv>(rx.recv());
    EXPECT_TRUE(r->poll(cx).is_pending());
    EXPECT_TRUE(r->poll(cx).is_pending());
    r.reset();
    tx.send(1);
    EXPECT_EQ(counts.total_wakes(), 0);
  }
  EXPECT_EQ(counts.live(), 0);
  EXPECT_EQ(rx.try_recv(), std::optional<int>(1));
}

TEST(BroadcastTest, MisuseAborts) {
  EXPECT_DEATH((void)broadcast::channel<int>(0), "capacity must be at least 1");
  auto [tx, rx] = broadcast::channel<int>(1);
  Context cx = Context::from_waker(noop_waker());
  auto r = rx.recv();
  EXPECT_TRUE(r.poll(cx).is_pending());
  EXPECT_DEATH(
      { broadcast::Receiver<int>::Recv moved(std::move(r)); },
      "moved a broadcast recv future after it was polled");
}

TEST(BroadcastTest, ReceiversOnWorkersFedFromAThread) {
  Runtime rt(Runtime::Options{2});
  constexpr int kValues = 20000;
  auto [tx, rx] = broadcast::channel<int>(16);
  struct Tally {
    int last = -1;
    uint64_t received = 0, skipped = 0;
  };
  std::vector<JoinHandle<Tally>> hs;
  for (int i = 0; i < 4; ++i) {
    broadcast::Receiver<int> r = i == 0 ? std::move(rx) : tx.subscribe();
    hs.push_back(rt.spawn(
        poll_fn([r = std::move(r),
                 recv = std::optional<broadcast::Receiver<int>::Recv>(),
                 t = Tally()](Context &cx) mutable -> Poll<Tally> {
          for (;;) {
            if (!recv)
              recv.emplace(r.recv());
            try {
              Poll<std::optional<int>> p = recv->poll(cx);
              if (p.is_pending())
                return pending;
              recv.reset();
              std::optional<int> v = std::move(p).value();
              if (!v)
                return ready(t);
              EXPECT_GT(*v, t.last) << "in order";
              t.last = *v;
              ++t.received;
            } catch (const broadcast::Lagged &l) {
              recv.reset();
              t.skipped += l.skipped();
            }
          }
        })));
  }
  std::thread sender([tx = std::move(tx)]() mutable {
    for (int i = 0; i < kValues; ++i)
      tx.send(i);
  });
  for (auto &h : hs) {
    Tally t = rt.block_on(std::move(h));
    EXPECT_EQ(t.last, kValues - 1);
    EXPECT_EQ(t.received + t.skipped, uint64_t(kValues));
  }
  sender.join();
}

} // namespace
