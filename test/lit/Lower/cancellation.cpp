// Destroying a future destroys exactly what its state holds, in reverse
// order of construction: before the first poll (the parameters), while
// suspended at each co_await, and after completion (nothing: the body's
// completion destroyed the parameters, after its locals).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

using test::Noisy;

hoist::Async<int> work(Noisy param) {
  Noisy a("a");
  co_await test::tick(1);
  Noisy b("b");
  co_await test::tick(1);
  co_return 1;
}

template <class F> void poll_times(F &fut, int n) {
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  for (int i = 0; i < n; ++i)
    if (fut.poll(cx).is_ready())
      std::printf("ready\n");
}

int main() {
  for (int polls = 0; polls <= 3; ++polls) {
    std::printf("-- polls %d\n", polls);
    auto fut = work(Noisy("p"));
    poll_times(fut, polls);
    std::printf("drop\n");
  }
}

// Each state names its drop point; the destructor unwinds from it. The
// parameters are destroyed when the body completes, after its locals (as
// Rust drops them): only Unresumed holds them alone; Returned and Poisoned
// hold nothing.
// CHECK-LABEL: auto work(Noisy param) {
// CHECK:       ~WorkFuture() {
// CHECK-NEXT:    switch (state_) {
// CHECK-NEXT:    case State::Suspend0: drop_to({{[0-9]+}}, 0); break;
// CHECK-NEXT:    case State::Suspend1: drop_to({{[0-9]+}}, 0); break;
// CHECK-NEXT:    case State::Unresumed: drop_to(1, 0); break; // the parameters
// CHECK-NEXT:    default: break;

// EXEC:      -- polls 0
// EXEC-NEXT: +p
// EXEC-NEXT: drop
// EXEC-NEXT: -p
// EXEC-NEXT: -- polls 1
// EXEC-NEXT: +p
// EXEC-NEXT: +a
// EXEC-NEXT: drop
// EXEC-NEXT: -a
// EXEC-NEXT: -p
// EXEC-NEXT: -- polls 2
// EXEC-NEXT: +p
// EXEC-NEXT: +a
// EXEC-NEXT: +b
// EXEC-NEXT: drop
// EXEC-NEXT: -b
// EXEC-NEXT: -a
// EXEC-NEXT: -p
// EXEC-NEXT: -- polls 3
// EXEC-NEXT: +p
// EXEC-NEXT: +a
// EXEC-NEXT: +b
// EXEC-NEXT: -b
// EXEC-NEXT: -a
// EXEC-NEXT: -p
// EXEC-NEXT: ready
// EXEC-NEXT: drop
