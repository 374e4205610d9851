// A lambda whose init-capture awaits, after a capture by copy: C++ copies
// before the await suspends, the lowering would copy after. Not lowered
// yet: an error at the copy.
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s
#include "helpers.hpp"

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> f(int a) {
  auto l = [a, n = co_await num(2)]() { return a + n; };
  co_return l();
}

// CHECK: copy-before-awaiting-capture.cpp:[[@LINE-4]]:13: error: cannot lower a lambda that copies 'a' before an init-capture that awaits yet: C++ makes the copy before the await suspends; capture it after the init-capture, or by reference
