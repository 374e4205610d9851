//===- PollTest.cpp - Poll<T>: ready, pending, conversions ----------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Tests hoist::Poll<T>: construction from ready()/pending, value access,
/// move-only payloads, converting construction, and that the payload is
/// destroyed exactly once.
///
//===----------------------------------------------------------------------===//
#include "hoist/core/poll.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using namespace hoist;

namespace {

struct Tracked {
  static int live;
  int v;
  explicit Tracked(int v) : v(v) { ++live; }
  Tracked(const Tracked &o) : v(o.v) { ++live; }
  Tracked(Tracked &&o) noexcept : v(o.v) { ++live; }
  ~Tracked() { --live; }
};
int Tracked::live = 0;

TEST(PollTest, ReadyHoldsValue) {
  Poll<int> p = ready(42);
  EXPECT_TRUE(p.is_ready());
  EXPECT_FALSE(p.is_pending());
  EXPECT_TRUE(static_cast<bool>(p));
  EXPECT_EQ(p.value(), 42);
}

TEST(PollTest, PendingConvertsToAnyPoll) {
  Poll<int> p = pending;
  Poll<std::string> q = pending;
  Poll<void> r = pending;
  EXPECT_TRUE(p.is_pending());
  EXPECT_TRUE(q.is_pending());
  EXPECT_TRUE(r.is_pending());
  EXPECT_FALSE(static_cast<bool>(r));
}

TEST(PollTest, ReadyVoid) {
  Poll<void> p = ready();
  EXPECT_TRUE(p.is_ready());
  p.value();
}

TEST(PollTest, MoveOnlyPayload) {
  Poll<std::unique_ptr<int>> p = ready(std::make_unique<int>(7));
  std::unique_ptr<int> v = std::move(p).value();
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, 7);
}

TEST(PollTest, ReadyInPlaceConstructsFromArguments) {
  Poll<std::string> p(ready_in_place, 3, 'x');
  EXPECT_EQ(p.value(), "xxx");
}

TEST(PollTest, ConvertingConstruction) {
  Poll<long> p = ready(5); // Poll<int> -> Poll<long>
  EXPECT_EQ(p.value(), 5);
  Poll<std::string> q = ready("abc"); // Poll<const char*> -> Poll<std::string>
  EXPECT_EQ(q.value(), "abc");
  Poll<long> r = Poll<int>(pending);
  EXPECT_TRUE(r.is_pending());
}

TEST(PollTest, PayloadDestroyedExactlyOnce) {
  ASSERT_EQ(Tracked::live, 0);
  {
    Poll<Tracked> p = ready(Tracked(1));
    Poll<Tracked> q = std::move(p);
    Poll<Tracked> c = q;
    EXPECT_EQ(Tracked::live, 3);
    p = pending;
    EXPECT_EQ(Tracked::live, 2);
    c = std::move(q);
    EXPECT_EQ(Tracked::live, 2);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TEST(PollTest, CopyAndAssign) {
  Poll<std::string> a = ready(std::string("hi"));
  Poll<std::string> b = pending;
  b = a;
  EXPECT_EQ(b.value(), "hi");
  EXPECT_EQ(a.value(), "hi");
  a = pending;
  EXPECT_TRUE(a.is_pending());
}

} // namespace
