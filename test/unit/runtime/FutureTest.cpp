//===- FutureTest.cpp - is_future_v, FutureRef, make_awaitee --------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests the Future trait and the awaitee adaptor: which types are futures,
/// that `co_await` on an lvalue borrows it (FutureRef polls in place), on an
/// rvalue takes it by value, and on an into_future() type awaits its result.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/future.hpp"
#include "hoist/core/poll_fn.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace hoist;

namespace {

struct Counter {
  using Output = int;
  int polls = 0;
  Poll<int> poll(Context &) {
    ++polls;
    return polls < 2 ? Poll<int>(pending) : ready(polls);
  }
};

struct NotAFuture {
  int poll(Context &) { return 0; }
};

struct WrongPoll {
  using Output = int;
  Poll<long> poll(Context &);
};

struct IntoFut {
  std::string s;
  auto into_future() && {
    return poll_fn([s = std::move(s)](Context &) { return ready(s); });
  }
};

TEST(FutureTest, Trait) {
  static_assert(is_future_v<Counter>, "");
  static_assert(is_future_v<const Counter> == is_future_v<Counter>, "");
  static_assert(!is_future_v<NotAFuture>, "");
  static_assert(!is_future_v<WrongPoll>, "");
  static_assert(!is_future_v<int>, "");
  static_assert(std::is_same<output_t<Counter>, int>::value, "");
  SUCCEED();
}

TEST(FutureTest, LvalueIsBorrowed) {
  Counter c;
  static_assert(std::is_same<awaitee_t<Counter &>, FutureRef<Counter>>::value,
                "");
  auto a = make_awaitee(c);
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(a.poll(cx).is_pending());
  EXPECT_EQ(c.polls, 1) << "FutureRef polls the original in place";
  auto p = a.poll(cx);
  EXPECT_EQ(p.value(), 2);
  EXPECT_EQ(c.polls, 2);
}

TEST(FutureTest, RvalueIsOwned) {
  static_assert(std::is_same<awaitee_t<Counter &&>, Counter>::value, "");
  static_assert(std::is_same<awaitee_t<Counter>, Counter>::value, "");
  Counter c;
  auto a = make_awaitee(std::move(c));
  Context cx = Context::from_waker(noop_waker());
  EXPECT_TRUE(a.poll(cx).is_pending());
  EXPECT_EQ(c.polls, 0) << "the awaitee is a moved copy";
  EXPECT_EQ(a.polls, 1);
}

TEST(FutureTest, IntoFuture) {
  IntoFut x{"hello"};
  auto a = make_awaitee(std::move(x));
  static_assert(is_future_v<decltype(a)>, "");
  Context cx = Context::from_waker(noop_waker());
  EXPECT_EQ(a.poll(cx).value(), "hello");
}

TEST(FutureTest, FutureRefIsAFuture) {
  static_assert(is_future_v<FutureRef<Counter>>, "");
  static_assert(std::is_same<output_t<FutureRef<Counter>>, int>::value, "");
  static_assert(sizeof(FutureRef<Counter>) == sizeof(void *), "");
  SUCCEED();
}

} // namespace
