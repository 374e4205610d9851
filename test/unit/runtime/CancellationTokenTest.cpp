//===- CancellationTokenTest.cpp - CancellationToken and its tree ---------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::CancellationToken: cancel wakes every waiter (polled or
/// created later), copies share the flag, children are cancelled with their
/// parent and not the reverse, a child of a cancelled token starts
/// cancelled, dropped parents and dropped futures leave the tree sound,
/// DropGuard, run_until_cancelled, misuse (a moved-from token, a polled future
/// moved) aborting, and cancellation from another thread on the Runtime.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/future/select.hpp"
#include "hoist/sync/cancellation_token.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace hoist;
using namespace hoist::test;

namespace {

TEST(CancellationTokenTest, CancelWakesWaiters) {
  CancellationToken t;
  EXPECT_FALSE(t.is_cancelled());
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    CancellationToken::WaitForCancellation a = t.cancelled();
    CancellationToken::WaitForCancellation b = t.cancelled();
    EXPECT_TRUE(a.poll(cx).is_pending());
    EXPECT_TRUE(b.poll(cx).is_pending());
    EXPECT_TRUE(a.poll(cx).is_pending()); // same waker: no new clone
    t.cancel();
    EXPECT_EQ(counts.total_wakes(), 2);
    EXPECT_TRUE(t.is_cancelled());
    EXPECT_TRUE(a.poll(cx).is_ready());
    EXPECT_TRUE(b.poll(cx).is_ready());
    t.cancel(); // idempotent
    EXPECT_EQ(counts.total_wakes(), 2);
  }
  EXPECT_EQ(counts.live(), 0);
  block_on(t.cancelled()); // ready at once now
}

TEST(CancellationTokenTest, CopiesShareTheFlag) {
  CancellationToken a;
  CancellationToken b = a;
  b.cancel();
  EXPECT_TRUE(a.is_cancelled());
}

TEST(CancellationTokenTest, ChildrenFollowTheirParentOnly) {
  CancellationToken root;
  CancellationToken child = root.child_token();
  CancellationToken grandchild = child.child_token();
  CancellationToken sibling = root.child_token();
  child.cancel();
  EXPECT_TRUE(child.is_cancelled());
  EXPECT_TRUE(grandchild.is_cancelled());
  EXPECT_FALSE(root.is_cancelled());
  EXPECT_FALSE(sibling.is_cancelled());
  root.cancel();
  EXPECT_TRUE(sibling.is_cancelled());
  EXPECT_TRUE(root.child_token().is_cancelled()) << "born cancelled";
}

TEST(CancellationTokenTest, DroppedParentStillPassesCancellationDown) {
  CancellationToken root;
  CancellationToken grandchild;
  {
    CancellationToken child = root.child_token();
    grandchild = child.child_token();
  }
  Context cx = Context::from_waker(noop_waker());
  CancellationToken::WaitForCancellation f = grandchild.cancelled();
  EXPECT_TRUE(f.poll(cx).is_pending());
  root.cancel();
  EXPECT_TRUE(f.poll(cx).is_ready());
}

TEST(CancellationTokenTest, FutureOutlivesItsToken) {
  Context cx = Context::from_waker(noop_waker());
  auto t = std::make_unique<CancellationToken>();
  CancellationToken keep = t->child_token();
  CancellationToken::WaitForCancellation f = t->cancelled();
  EXPECT_TRUE(f.poll(cx).is_pending());
  CancellationToken copy = *t;
  t.reset();
  copy.cancel();
  EXPECT_TRUE(f.poll(cx).is_ready());
  EXPECT_TRUE(keep.is_cancelled());
}

TEST(CancellationTokenTest, DroppedPendingFutureDeregisters) {
  CancellationToken t;
  WakerCounts counts;
  {
    Waker w = counting_waker(counts);
    Context cx = Context::from_waker(w);
    auto f =
        std::make_unique<CancellationToken::WaitForCancellation>(t.cancelled());
    EXPECT_TRUE(f->poll(cx).is_pending());
    f.reset();
    t.cancel();
    EXPECT_EQ(counts.total_wakes(), 0);
  }
  EXPECT_EQ(counts.live(), 0);
}

TEST(CancellationTokenTest, DropGuardCancelsUnlessDisarmed) {
  CancellationToken a, b;
  { auto g = a.drop_guard(); }
  EXPECT_TRUE(a.is_cancelled());
  {
    auto g = b.drop_guard();
    CancellationToken back = g.disarm();
  }
  EXPECT_FALSE(b.is_cancelled());
}

TEST(CancellationTokenTest, MisuseAborts) {
  CancellationToken t;
  CancellationToken moved = std::move(t);
  EXPECT_DEATH((void)t.is_cancelled(), "moved-from CancellationToken");
  Context cx = Context::from_waker(noop_waker());
  CancellationToken::WaitForCancellation f = moved.cancelled();
  EXPECT_TRUE(f.poll(cx).is_pending());
  EXPECT_DEATH(
      { CancellationToken::WaitForCancellation g(std::move(f)); },
      "moved a CancellationToken::cancelled future after it was polled");
}

TEST(CancellationTokenTest, RunUntilCancelled) {
  CancellationToken t;
  EXPECT_EQ(block_on(t.run_until_cancelled(value(5))), std::optional<int>(5));
  std::atomic<int> drops{0};
  Gate never;
  Context cx = Context::from_waker(noop_waker());
  auto r = t.run_until_cancelled(map(
      never.wait(), [d = std::make_shared<DropCounter>(&drops)] { return 1; }));
  EXPECT_TRUE(r.poll(cx).is_pending());
  t.cancel();
  Poll<std::optional<int>> p = r.poll(cx);
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(p.value(), std::nullopt);
  EXPECT_EQ(drops.load(), 1) << "the unfinished future is destroyed";
  EXPECT_EQ(block_on(t.run_until_cancelled(value(6))), std::nullopt)
      << "cancellation is checked first";
  CancellationToken fresh;
  EXPECT_TRUE(block_on(fresh.run_until_cancelled(Countdown{2, 0})).has_value());
}

TEST(CancellationTokenTest, SelectStopsWorkOnCancel) {
  LocalExecutor ex;
  CancellationToken t;
  Gate never;
  auto h = ex.spawn(select_biased(t.child_token().cancelled(), never.wait()));
  ex.block_on(yield_now());
  EXPECT_FALSE(h.is_finished());
  t.cancel();
  EXPECT_EQ(ex.block_on(std::move(h)).index(), 0u);
}

TEST(CancellationTokenTest, CancelFromAnotherThreadWakesAllWorkers) {
  Runtime rt(Runtime::Options{2});
  CancellationToken root;
  std::vector<JoinHandle<void>> hs;
  for (int i = 0; i < 64; ++i) {
    CancellationToken t = i % 2 ? root.child_token() : root;
    hs.push_back(rt.spawn(t.cancelled()));
  }
  std::thread th([&] { root.cancel(); });
  for (auto &h : hs)
    rt.block_on(std::move(h));
  th.join();
}

TEST(CancellationTokenTest, ConcurrentChildrenAndCancel) {
  // Children made and dropped on several threads while another cancels:
  // every child made after the cancel is born cancelled, none is missed.
  for (int round = 0; round < 50; ++round) {
    CancellationToken root;
    std::atomic<bool> go{false};
    std::vector<std::thread> ts;
    std::atomic<int> missed{0};
    for (int i = 0; i < 3; ++i)
      ts.emplace_back([&] {
        while (!go.load()) {
        }
        for (int k = 0; k < 200; ++k) {
          CancellationToken c = root.child_token();
          CancellationToken gc = c.child_token();
          bool before = root.is_cancelled();
          if (before && !gc.is_cancelled())
            missed++;
        }
      });
    go = true;
    root.cancel();
    for (auto &t : ts)
      t.join();
    EXPECT_EQ(missed.load(), 0);
  }
}

} // namespace
