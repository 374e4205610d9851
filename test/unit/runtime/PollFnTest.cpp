//===- PollFnTest.cpp - poll_fn: a future from a function -----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::poll_fn: each poll calls the function with the context, the
/// output type is the function's Poll<T>, and the function's state persists.
///
//===----------------------------------------------------------------------===//
#include "CountingWaker.hpp"

#include "hoist/core/block_on.hpp"
#include "hoist/core/poll_fn.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using namespace hoist;
using hoist::test::counting_waker;
using hoist::test::WakerCounts;

namespace {

TEST(PollFnTest, CallsFunctionEachPoll) {
  WakerCounts c;
  Waker w = counting_waker(c);
  Context cx = Context::from_waker(w);
  int calls = 0;
  auto f = poll_fn([&](Context &inner) -> Poll<int> {
    EXPECT_EQ(&inner, &cx);
    if (++calls < 3)
      return pending;
    return ready(calls * 10);
  });
  static_assert(std::is_same<output_t<decltype(f)>, int>::value, "");
  EXPECT_TRUE(f.poll(cx).is_pending());
  EXPECT_TRUE(f.poll(cx).is_pending());
  auto p = f.poll(cx);
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(p.value(), 30);
}

TEST(PollFnTest, MutableStateAndMoveOnlyCapture) {
  auto f = poll_fn([n = 0, s = std::make_unique<std::string>("x")](
                       Context &cx) mutable -> Poll<std::string> {
    if (++n < 4) {
      *s += "x";
      cx.waker().wake_by_ref();
      return pending;
    }
    return ready(*s);
  });
  EXPECT_EQ(block_on(std::move(f)), "xxxx");
}

TEST(PollFnTest, VoidOutput) {
  bool ran = false;
  block_on(poll_fn([&](Context &) -> Poll<void> {
    ran = true;
    return ready();
  }));
  EXPECT_TRUE(ran);
}

} // namespace
