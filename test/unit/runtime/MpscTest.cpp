//===- MpscTest.cpp - Bounded and unbounded mpsc channels -----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::mpsc: FIFO order, back-pressure of a bounded channel (a
/// sender waits while full and its value moves in when a slot frees),
/// closing by dropping all senders (recv yields nullopt) or the receiver
/// (sends fail, waiting senders are released), rx.close() while senders
/// live (queued values drain, then recv yields nullopt), cancelling a
/// waiting send, try_send/try_recv, and many producers on many threads.
///
//===----------------------------------------------------------------------===//
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/sync/mpsc.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(MpscTest, UnboundedFifo) {
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(tx.send(i));
  EXPECT_EQ(rx.len(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(block_on(rx.recv()), i);
}

TEST(MpscTest, RecvWaitsAndClosesWhenSendersAreGone) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  auto tx2 = tx;
  auto h = ex.spawn(poll_fn([&rx = rx, sum = 0](Context &cx) mutable -> Poll<int> {
    for (;;) {
      auto p = rx.recv().poll(cx);
      if (p.is_pending())
        return pending;
      if (!p.value())
        return ready(sum);
      sum += *p.value();
    }
  }));
  ex.block_on(Countdown{1});
  tx.send(1);
  tx2.send(2);
  { auto a = std::move(tx); }
  ex.block_on(Countdown{1});
  EXPECT_FALSE(h.is_finished()) << "one sender is left";
  tx2.send(3);
  { auto b = std::move(tx2); }
  EXPECT_EQ(ex.block_on(std::move(h)), 6);
}

TEST(MpscTest, BoundedBackPressure) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::channel<int>(2);
  EXPECT_TRUE(ex.block_on(tx.send(1)));
  EXPECT_TRUE(ex.block_on(tx.send(2)));
  EXPECT_EQ(tx.try_send(3), mpsc::TrySend::Full);
  auto blocked = ex.spawn(tx.send(3));
  ex.block_on(Countdown{2});
  EXPECT_FALSE(blocked.is_finished()) << "waits while full";
  EXPECT_EQ(rx.try_recv(), 1);
  ex.block_on(Countdown{1});
  EXPECT_TRUE(blocked.is_finished()) << "woken with a reserved slot";
  EXPECT_TRUE(ex.block_on(std::move(blocked)));
  EXPECT_EQ(rx.try_recv(), 2);
  EXPECT_EQ(rx.try_recv(), 3);
  EXPECT_EQ(rx.try_recv(), std::nullopt);
}

TEST(MpscTest, WaitingSendersAreServedInOrder) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::channel<int>(1);
  EXPECT_TRUE(ex.block_on(tx.send(0)));
  std::vector<JoinHandle<bool>> hs;
  for (int i = 1; i <= 5; ++i)
    hs.push_back(ex.spawn(tx.send(i)));
  ex.block_on(Countdown{1});
  for (int i = 0; i <= 5; ++i)
    EXPECT_EQ(ex.block_on(rx.recv()), i);
  for (auto &h : hs)
    EXPECT_TRUE(ex.block_on(std::move(h)));
}

TEST(MpscTest, CancelledSendLeavesNoTrace) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  auto [tx, rx] = mpsc::channel<DropCounter>(1);
  EXPECT_TRUE(ex.block_on(tx.send(DropCounter(&drops))));
  auto blocked = ex.spawn(tx.send(DropCounter(&drops)));
  ex.block_on(Countdown{1});
  blocked.abort();
  EXPECT_THROW(ex.block_on(std::move(blocked)), JoinError);
  EXPECT_EQ(drops.load(), 1) << "the unsent value died with its future";
  (void)rx.try_recv();
  EXPECT_EQ(drops.load(), 2);
  EXPECT_FALSE(rx.try_recv()) << "the cancelled value never arrived";
}

TEST(MpscTest, DroppingTheReceiverFailsSenders) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  auto [tx, rx] = mpsc::channel<DropCounter>(1);
  EXPECT_TRUE(ex.block_on(tx.send(DropCounter(&drops))));
  auto blocked = ex.spawn(tx.send(DropCounter(&drops)));
  ex.block_on(Countdown{1});
  { auto gone = std::move(rx); }
  EXPECT_FALSE(ex.block_on(std::move(blocked)));
  EXPECT_EQ(drops.load(), 2);
  EXPECT_TRUE(tx.is_closed());
  EXPECT_EQ(tx.try_send(DropCounter(nullptr)), mpsc::TrySend::Closed);
  EXPECT_FALSE(ex.block_on(tx.send(DropCounter(&drops))));
  EXPECT_EQ(drops.load(), 3);
}

TEST(MpscTest, CloseKeepsQueuedValues) {
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  tx.send(1);
  rx.close();
  EXPECT_FALSE(tx.send(2));
  EXPECT_EQ(block_on(rx.recv()), 1);
}

/// Receives until nullopt; Output = the values received, in order.
template <class Rx> auto drain_all(Rx &rx) {
  return poll_fn([&rx, got = std::vector<int>()](Context &cx) mutable
                 -> Poll<std::vector<int>> {
    for (;;) {
      auto p = rx.recv().poll(cx);
      if (p.is_pending())
        return pending;
      if (!p.value())
        return Poll<std::vector<int>>(ready_in_place, std::move(got));
      got.push_back(*p.value());
    }
  });
}

TEST(MpscTest, BoundedCloseWithLiveSenderDrainsThenEnds) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::channel<int>(2);
  EXPECT_TRUE(ex.block_on(tx.send(1)));
  EXPECT_TRUE(ex.block_on(tx.send(2)));
  EXPECT_FALSE(tx.is_closed());
  EXPECT_FALSE(rx.is_closed());
  rx.close();
  EXPECT_TRUE(tx.is_closed());
  EXPECT_TRUE(rx.is_closed());
  EXPECT_EQ(tx.try_send(3), mpsc::TrySend::Closed);
  EXPECT_FALSE(ex.block_on(tx.send(3)));
  EXPECT_EQ(ex.block_on(rx.recv()), 1);
  EXPECT_EQ(ex.block_on(rx.recv()), 2);
  EXPECT_EQ(ex.block_on(rx.recv()), std::nullopt) << "tx is alive, yet closed";
  EXPECT_EQ(ex.block_on(rx.recv()), std::nullopt);
  EXPECT_FALSE(ex.block_on(tx.send(4)));
  EXPECT_EQ(rx.len(), 0u);
}

TEST(MpscTest, UnboundedCloseWithLiveSenderDrainsThenEnds) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  auto tx2 = tx;
  EXPECT_TRUE(tx.send(1));
  EXPECT_TRUE(tx2.send(2));
  rx.close();
  EXPECT_TRUE(tx.is_closed());
  EXPECT_TRUE(tx2.is_closed());
  EXPECT_FALSE(tx.send(3));
  EXPECT_EQ(ex.block_on(drain_all(rx)), (std::vector<int>{1, 2}));
  EXPECT_EQ(ex.block_on(rx.recv()), std::nullopt);
  EXPECT_FALSE(tx2.send(4));
}

TEST(MpscTest, CloseEndsAPendingRecv) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  auto h = ex.spawn(drain_all(rx));
  ex.block_on(Countdown{1});
  tx.send(5);
  ex.block_on(Countdown{1});
  EXPECT_FALSE(h.is_finished()) << "waits for more";
  rx.close();
  EXPECT_EQ(ex.block_on(std::move(h)), (std::vector<int>{5}));
  EXPECT_FALSE(tx.send(6));
}

TEST(MpscTest, TryRecvAfterClose) {
  {
    auto [tx, rx] = mpsc::channel<int>(4);
    EXPECT_EQ(rx.try_recv(), std::nullopt);
    EXPECT_FALSE(rx.is_closed()) << "empty, not disconnected";
    EXPECT_EQ(tx.try_send(1), mpsc::TrySend::Ok);
    EXPECT_EQ(tx.try_send(2), mpsc::TrySend::Ok);
    rx.close();
    EXPECT_EQ(rx.try_recv(), 1);
    EXPECT_EQ(rx.try_recv(), 2);
    EXPECT_EQ(rx.try_recv(), std::nullopt);
    EXPECT_TRUE(rx.is_closed()) << "empty and disconnected";
    EXPECT_EQ(tx.try_send(3), mpsc::TrySend::Closed);
    EXPECT_EQ(rx.try_recv(), std::nullopt);
    EXPECT_EQ(block_on(rx.recv()), std::nullopt);
  }
  {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    EXPECT_TRUE(tx.send(1));
    rx.close();
    EXPECT_EQ(rx.try_recv(), 1);
    EXPECT_EQ(rx.try_recv(), std::nullopt);
    EXPECT_TRUE(rx.is_closed());
    EXPECT_FALSE(tx.send(2));
    EXPECT_EQ(rx.try_recv(), std::nullopt);
  }
  {
    // Every sender gone counts as closed too.
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    EXPECT_TRUE(tx.send(1));
    { auto gone = std::move(tx); }
    EXPECT_TRUE(rx.is_closed());
    EXPECT_EQ(rx.try_recv(), 1);
    EXPECT_EQ(rx.try_recv(), std::nullopt);
  }
}

TEST(MpscTest, CloseFailsSendersWaitingOnAFullChannel) {
  LocalExecutor ex;
  std::atomic<int> drops{0};
  auto [tx, rx] = mpsc::channel<DropCounter>(1);
  EXPECT_TRUE(ex.block_on(tx.send(DropCounter(&drops))));
  std::vector<JoinHandle<bool>> hs;
  for (int i = 0; i < 3; ++i)
    hs.push_back(ex.spawn(tx.send(DropCounter(&drops))));
  ex.block_on(Countdown{2});
  for (auto &h : hs)
    EXPECT_FALSE(h.is_finished()) << "waits while full";
  rx.close();
  for (auto &h : hs)
    EXPECT_FALSE(ex.block_on(std::move(h))) << "woken, and failed";
  EXPECT_EQ(drops.load(), 3) << "the unsent values died with their futures";
  auto v = ex.block_on(rx.recv());
  EXPECT_TRUE(v.has_value()) << "the queued value is still received";
  v.reset();
  EXPECT_EQ(drops.load(), 4);
  EXPECT_FALSE(ex.block_on(rx.recv()).has_value());
  EXPECT_FALSE(ex.block_on(tx.send(DropCounter(&drops))));
  EXPECT_EQ(drops.load(), 5);
}

TEST(MpscTest, CloseFailsASenderHoldingAReservedSlot) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::channel<int>(1);
  EXPECT_TRUE(ex.block_on(tx.send(0)));
  auto blocked = ex.spawn(tx.send(1));
  ex.block_on(Countdown{1});
  EXPECT_EQ(rx.try_recv(), 0) << "reserves the slot for the blocked sender";
  rx.close(); // before that sender runs again
  EXPECT_FALSE(ex.block_on(std::move(blocked)));
  EXPECT_EQ(rx.try_recv(), std::nullopt);
  EXPECT_EQ(ex.block_on(rx.recv()), std::nullopt);
}

TEST(MpscTest, CloseWithLiveSendersOnRuntime) {
  Runtime rt(Runtime::Options{2});
  for (int round = 0; round < 20; ++round) {
    auto ch = mpsc::channel<int>(4);
    auto &tx = ch.first;
    auto &rx = ch.second;
    constexpr int kProducers = 4;
    std::atomic<long> sent{0};
    std::vector<JoinHandle<void>> hs;
    for (int p = 0; p < kProducers; ++p) {
      // Sends until the channel refuses.
      hs.push_back(rt.spawn(poll_fn(
          [tx = tx, &sent,
           send = std::optional<mpsc::Sender<int>::Send>()](Context &cx) mutable -> Poll<void> {
            for (;;) {
              if (!send)
                send.emplace(tx.send(1));
              auto r = send->poll(cx);
              if (r.is_pending())
                return pending;
              send.reset();
              if (!r.value())
                return ready();
              sent.fetch_add(1, std::memory_order_relaxed);
            }
          })));
    }
    long received = 0;
    rt.block_on(poll_fn([&](Context &cx) -> Poll<void> {
      while (received < 50) {
        auto v = rx.recv().poll(cx);
        if (v.is_pending())
          return pending;
        EXPECT_TRUE(v.value().has_value());
        ++received;
      }
      return ready();
    }));
    rx.close();
    EXPECT_TRUE(tx.is_closed());
    // Senders blocked on the full channel fail and finish.
    for (auto &h : hs)
      rt.block_on(std::move(h));
    // tx is still alive: recv ends after the queued values.
    received += long(rt.block_on(drain_all(rx)).size());
    EXPECT_EQ(received, sent.load()) << "every accepted value is received";
    EXPECT_FALSE(rt.block_on(tx.send(1)));
  }
}

TEST(MpscTest, CloseEndsAPendingRecvOnRuntime) {
  Runtime rt(Runtime::Options{2});
  for (int round = 0; round < 50; ++round) {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    auto h = rt.spawn(drain_all(rx));
    for (int i = 0; i < 10; ++i)
      EXPECT_TRUE(tx.send(i));
    rx.close(); // from another thread than the one receiving
    std::vector<int> want(10);
    for (int i = 0; i < 10; ++i)
      want[i] = i;
    EXPECT_EQ(rt.block_on(std::move(h)), want);
    EXPECT_FALSE(tx.send(10));
    EXPECT_TRUE(tx.is_closed());
  }
}

TEST(MpscTest, ManyProducersManyThreads) {
  Runtime rt(Runtime::Options{2});
  auto ch = mpsc::channel<int>(8);
  auto &tx = ch.first;
  auto &rx = ch.second;
  constexpr int kProducers = 8, kEach = 2000;
  std::vector<JoinHandle<void>> hs;
  for (int p = 0; p < kProducers; ++p) {
    hs.push_back(rt.spawn(poll_fn(
        [tx = tx, p, i = 0,
         send = std::optional<mpsc::Sender<int>::Send>()](Context &cx) mutable -> Poll<void> {
          while (i < kEach) {
            if (!send)
              send.emplace(tx.send(p * kEach + i));
            if (send->poll(cx).is_pending())
              return pending;
            send.reset();
            ++i;
          }
          return ready();
        })));
  }
  { auto gone = std::move(tx); }
  long sum = 0;
  int count = 0;
  rt.block_on(poll_fn([&](Context &cx) -> Poll<void> {
    for (;;) {
      auto v = rx.recv().poll(cx);
      if (v.is_pending())
        return pending;
      if (!v.value())
        return ready();
      sum += *v.value();
      ++count;
    }
  }));
  for (auto &h : hs)
    rt.block_on(std::move(h));
  constexpr long kTotal = long(kProducers) * kEach;
  EXPECT_EQ(count, kTotal);
  EXPECT_EQ(sum, kTotal * (kTotal - 1) / 2);
}

TEST(MpscTest, UnboundedFromPlainThreads) {
  LocalExecutor ex;
  auto [tx, rx] = mpsc::unbounded_channel<int>();
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([tx = tx] {
      for (int i = 0; i < 1000; ++i)
        tx.send(1);
    });
  { auto gone = std::move(tx); }
  int n = ex.block_on(poll_fn([&rx = rx, n = 0](Context &cx) mutable -> Poll<int> {
    for (;;) {
      auto v = rx.recv().poll(cx);
      if (v.is_pending())
        return pending;
      if (!v.value())
        return ready(n);
      n += *v.value();
    }
  }));
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(n, 4000);
}

} // namespace
