// Polling a completed future is a contract violation: it aborts with a
// message naming the function and where it is defined.
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: %gxx17 %t.cpp -I%inputs -o %t %rtlib
// RUN: not --crash %t 2>&1 | FileCheck %s
#include "helpers.hpp"

hoist::Async<int> once() {
  co_await test::tick(0);
  co_return 1;
}

int main() {
  auto fut = once();
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  while (fut.poll(cx).is_pending()) {
  }
  (void)fut.poll(cx);
}

// CHECK: hoist: polled the future of async function after it completed: 'once' (poll-after-completion.cpp:8:19)
