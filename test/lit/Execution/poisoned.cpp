// An exception that escapes the body propagates out of poll(); the future
// is poisoned, its live locals destroyed; polling it again aborts.
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: %gxx17 %t.cpp -I%inputs -o %t %rtlib
// RUN: not --crash %t 2>&1 | FileCheck %s
#include "helpers.hpp"
#include <stdexcept>

hoist::Async<int> fails() {
  test::Noisy n("local");
  co_await test::tick(1);
  throw std::runtime_error("boom");
}

int main() {
  auto fut = fails();
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  (void)fut.poll(cx);
  try {
    (void)fut.poll(cx);
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
    std::fflush(stdout);
  }
  (void)fut.poll(cx);
}

// CHECK:      +local
// CHECK-NEXT: -local
// CHECK-NEXT: caught boom
// CHECK-NEXT: hoist: polled the future of async function after an exception escaped it (or while it was running): 'fails' (poisoned.cpp:9:19)
