// A lambda that captures a copy of the object (`[*this]`) inside an async
// member function is not lowered yet: an error at the capture.
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s
#include "helpers.hpp"

struct Box {
  int k = 1;
  hoist::Async<int> go() {
    auto copy = [*this]() { return k + 1; };
    co_await test::tick(1);
    co_return copy();
  }
};

// CHECK: star-this-in-member.cpp:[[@LINE-6]]:18: error: cannot lower a lambda that captures '*this' inside an async member function yet: capture the members it needs instead
// CHECK-NOT: error:
