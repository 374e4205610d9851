//===- JoinHandleTest.cpp - Awaiting, aborting and detaching tasks --------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::JoinHandle<T> on both executors: outputs (value, void,
/// move-only), exceptions carried across, abort() before the first poll,
/// while pending, and after completion, detaching by dropping the handle,
/// the join waker being replaced, and the misuse abort on re-polling.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"
#include "TestFutures.hpp"

#include "hoist/core/poll_fn.hpp"
#include "hoist/core/yield_now.hpp"
#include "hoist/executor/local_executor.hpp"
#include "hoist/executor/runtime.hpp"
#include "hoist/task/spawn.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

using namespace hoist;
using namespace hoist::test;

namespace {

struct Throws {
  using Output = int;
  Poll<int> poll(Context &) { throw std::out_of_range("task failed"); }
};

TEST(JoinHandleTest, MoveOnlyAndVoidOutputs) {
  LocalExecutor ex;
  auto h = ex.spawn(value(std::make_unique<int>(5)));
  EXPECT_EQ(*ex.block_on(std::move(h)), 5);
  auto v = ex.spawn(yield_now());
  ex.block_on(std::move(v));
}

TEST(JoinHandleTest, ExceptionIsRethrown) {
  LocalExecutor ex;
  auto h = ex.spawn(Throws{});
  EXPECT_THROW(ex.block_on(std::move(h)), std::out_of_range);
  Runtime rt(Runtime::Options{2});
  auto g = rt.spawn(Throws{});
  EXPECT_THROW(rt.block_on(std::move(g)), std::out_of_range);
}

TEST(JoinHandleTest, AbortBeforeFirstPoll) {
  std::atomic<int> drops{0};
  LocalExecutor ex;
  auto h = ex.spawn(map(Countdown{0}, [d = DropCounter(&drops)](int) { return 1; }));
  h.abort();
  EXPECT_THROW(ex.block_on(std::move(h)), JoinError);
  EXPECT_EQ(drops.load(), 1);
}

TEST(JoinHandleTest, AbortWhilePending) {
  std::atomic<int> drops{0};
  Event never;
  LocalExecutor ex;
  auto h = ex.spawn(map(never.wait(), [d = DropCounter(&drops)] {}));
  ex.block_on(yield_now());
  EXPECT_FALSE(h.is_finished());
  h.abort();
  try {
    ex.block_on(std::move(h));
    FAIL() << "expected JoinError";
  } catch (const JoinError &e) {
    EXPECT_TRUE(e.is_cancelled());
  }
  EXPECT_EQ(drops.load(), 1);
}

TEST(JoinHandleTest, AbortFromInsideTheTaskItself) {
  LocalExecutor ex;
  std::shared_ptr<JoinHandle<void>> self = std::make_shared<JoinHandle<void>>(
      ex.spawn(poll_fn([] { return [](Context &) -> Poll<void> { return pending; }; }())));
  auto h = ex.spawn(poll_fn([self](Context &) -> Poll<void> {
    self->abort();
    return ready();
  }));
  ex.block_on(std::move(h));
  EXPECT_THROW(ex.block_on(std::move(*self)), JoinError);
}

TEST(JoinHandleTest, AbortAfterCompletionKeepsOutput) {
  LocalExecutor ex;
  auto h = ex.spawn(value(9));
  ex.block_on(yield_now());
  EXPECT_TRUE(h.is_finished());
  h.abort();
  EXPECT_EQ(ex.block_on(std::move(h)), 9);
}

TEST(JoinHandleTest, DroppingTheHandleDetaches) {
  LocalExecutor ex;
  Event done;
  {
    auto h = ex.spawn(map(Countdown{3}, [&](int) { done.fire(); }));
  }
  ex.block_on(done.wait());
  EXPECT_TRUE(done.is_fired());
}

TEST(JoinHandleTest, OutputOfDetachedTaskIsDestroyed) {
  std::atomic<int> drops{0};
  {
    LocalExecutor ex;
    { auto h = ex.spawn(value(DropCounter(&drops))); }
    ex.block_on(yield_now());
    ex.block_on(yield_now());
    EXPECT_EQ(drops.load(), 1) << "destroyed at completion, nobody joins";
  }
  EXPECT_EQ(drops.load(), 1);
}

TEST(JoinHandleTest, JoinWakerReplacedAndBalanced) {
  WakerCounts a, b;
  {
    LocalExecutor ex;
    Event go;
    auto h = ex.spawn(map(go.wait(), [] { return 3; }));
    Waker wa = counting_waker(a), wb = counting_waker(b);
    Context ca = Context::from_waker(wa), cb = Context::from_waker(wb);
    EXPECT_TRUE(h.poll(ca).is_pending());
    EXPECT_TRUE(h.poll(ca).is_pending()) << "same waker: kept";
    EXPECT_TRUE(h.poll(cb).is_pending()) << "replaced";
    go.fire();
    ex.block_on(yield_now());
    ex.block_on(yield_now());
    EXPECT_EQ(b.total_wakes(), 1);
    EXPECT_EQ(a.total_wakes(), 0);
    auto p = h.poll(cb);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 3);
  }
  EXPECT_EQ(a.live(), 0);
  EXPECT_EQ(b.live(), 0);
}

TEST(JoinHandleTest, Ids) {
  LocalExecutor ex;
  auto a = ex.spawn(value(1));
  auto b = ex.spawn(value(2));
  EXPECT_NE(a.id(), 0u);
  EXPECT_NE(a.id(), b.id());
}

TEST(JoinHandleDeathTest, PollAfterCompletionAborts) {
  LocalExecutor ex;
  auto h = ex.spawn(value(1));
  EXPECT_EQ(ex.block_on(h), 1);
  Context cx = Context::from_waker(noop_waker());
  EXPECT_DEATH((void)h.poll(cx), "after it returned the task's output");
}

} // namespace
