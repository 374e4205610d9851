//===- AsyncTest.cpp - Async<T> and boxed(f): the type-erased future ------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Async<T> and hoist::boxed in C++17 (no coroutines): boxing a
/// future, polling through the box, destroying a box that was never polled
/// (the future is destroyed exactly once), moving an Async after it was
/// polled (fine: the future stays where the box put it), and boxing an Async.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/core/async.hpp"
#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"

#include <gtest/gtest.h>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

/// A future that is pending `n` times, checks that it is never moved after
/// its first poll (as generated futures do), and counts its destructions.
struct Pinned {
  using Output = int;
  int n;
  int *destroyed;
  const Pinned *polled_at = nullptr;

  Pinned(int n, int *destroyed) : n(n), destroyed(destroyed) {}
  Pinned(Pinned &&o) noexcept : n(o.n), destroyed(o.destroyed) {
    EXPECT_EQ(o.polled_at, nullptr) << "moved after first poll";
    o.destroyed = nullptr;
  }
  ~Pinned() {
    if (destroyed)
      ++*destroyed;
  }
  Poll<int> poll(Context &cx) {
    if (polled_at) {
      EXPECT_EQ(polled_at, this);
    }
    polled_at = this;
    if (n-- > 0) {
      cx.waker().wake_by_ref();
      return pending;
    }
    return ready(42);
  }
};

TEST(AsyncTest, BoxAndPoll) {
  int destroyed = 0;
  {
    Async<int> a = boxed(Pinned(2, &destroyed));
    EXPECT_EQ(block_on(std::move(a)), 42);
  }
  EXPECT_EQ(destroyed, 1);
}

TEST(AsyncTest, ImplicitConversionBoxes) {
  int destroyed = 0;
  {
    Async<int> a = Pinned(0, &destroyed);
    EXPECT_EQ(block_on(a), 42);
  }
  EXPECT_EQ(destroyed, 1);
}

TEST(AsyncTest, DestroyWithoutPolling) {
  int destroyed = 0;
  { Async<int> a = boxed(Pinned(3, &destroyed)); }
  EXPECT_EQ(destroyed, 1);
}

TEST(AsyncTest, DestroyWhilePending) {
  int destroyed = 0;
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    Context cx = Context::from_waker(w);
    Async<int> a = boxed(Pinned(3, &destroyed));
    EXPECT_TRUE(a.poll(cx).is_pending());
  }
  EXPECT_EQ(destroyed, 1);
  EXPECT_EQ(c.live(), 0);
}

TEST(AsyncTest, MoveAfterPollIsFine) {
  int destroyed = 0;
  WakerCounts c;
  {
    Waker w = counting_waker(c);
    Context cx = Context::from_waker(w);
    Async<int> a = boxed(Pinned(1, &destroyed));
    EXPECT_TRUE(a.poll(cx).is_pending());
    Async<int> b = std::move(a); // moves the box, not the future
    Async<int> c2 = boxed(Pinned(0, &destroyed));
    c2 = std::move(b); // destroys c2's old future
    EXPECT_EQ(destroyed, 1);
    auto p = c2.poll(cx);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 42);
  }
  EXPECT_EQ(destroyed, 2);
}

TEST(AsyncTest, BoxingAnAsyncDoesNotDoubleBox) {
  int destroyed = 0;
  Async<int> a = boxed(Pinned(0, &destroyed));
  Async<int> b = boxed(std::move(a));
  EXPECT_EQ(block_on(std::move(b)), 42);
}

TEST(AsyncTest, VoidOutput) {
  int calls = 0;
  Async<void> a = boxed(poll_fn([&](Context &) -> Poll<void> {
    ++calls;
    return ready();
  }));
  block_on(std::move(a));
  EXPECT_EQ(calls, 1);
}

TEST(AsyncTest, TypeTraits) {
  static_assert(is_future_v<Async<int>>, "");
  static_assert(is_async<Async<void>>::value, "");
  static_assert(!is_async<Pinned>::value, "");
  static_assert(!std::is_copy_constructible<Async<int>>::value, "");
  static_assert(std::is_nothrow_move_constructible<Async<int>>::value, "");
  static_assert(sizeof(Async<int>) == sizeof(void *), "one pointer");
  SUCCEED();
}

TEST(AsyncDeathTest, PollMovedFromAborts) {
  int destroyed = 0;
  Async<int> a = boxed(Pinned(0, &destroyed));
  Async<int> b = std::move(a);
  Context cx = Context::from_waker(noop_waker());
  EXPECT_DEATH((void)a.poll(cx), "moved-from");
}

} // namespace
