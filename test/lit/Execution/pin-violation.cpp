// A future moved after its first poll aborts, naming the function: values
// inside it may point into it (it is pinned).
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: %gxx17 %t.cpp -I%inputs -o %t %rtlib
// RUN: not --crash %t 2>&1 | FileCheck %s
#include "helpers.hpp"
#include <utility>

hoist::Async<int> pinned() {
  int x = 1;
  int *p = &x;
  co_await test::tick(1);
  co_return *p;
}

int main() {
  auto fut = pinned();
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  (void)fut.poll(cx);
  auto moved = std::move(fut);
  (void)moved;
}

// CHECK: hoist: moved the future of async function after it was polled (a polled future is pinned): 'pinned' (pin-violation.cpp:9:19)
