// Locals whose scope holds a co_await live in the future, constructed in
// place and destroyed at every exit of their scope, in reverse order.
// Locals that do not are ordinary locals of poll().
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

using test::Noisy;

hoist::Async<int> scopes(int n) {
  Noisy outer("outer");
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    Noisy inner("inner" + std::to_string(i));
    sum += co_await test::delay(1, i);
    if (i == 1)
      continue;
    Noisy late("late" + std::to_string(i));
    if (i == 2)
      break;
  }
  {
    Noisy block("block");
    co_await test::tick(1);
  }
  Noisy after("after");
  co_return sum;
}

hoist::Async<void> run() {
  std::printf("sum %d\n", co_await scopes(4));
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto scopes(int n) {
// `outer` is constructed in the future; `after` (no co_await after it) is not.
// CHECK:       ::new (&outer) test::Noisy("outer"); unwind.at = [[OUTER:[0-9]+]];
// CHECK:       ::new (&inner) test::Noisy("inner" + std::to_string(i)); unwind.at = [[INNER:[0-9]+]];
// `continue` destroys `inner` first.
// CHECK:       std::destroy_at(&inner); unwind.at = [[OUTER]];
// CHECK-NEXT:  continue;
// `late` spans no co_await: it stays in poll().
// CHECK:       Noisy late("late" + std::to_string(i));
// CHECK:       std::destroy_at(&inner); unwind.at = [[OUTER]];
// CHECK-NEXT:  break;
// CHECK:       Noisy after("after");
// co_return destroys what is alive, newest first, after computing the result.
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, std::move(sum));
// CHECK-NEXT:  std::destroy_at(&outer);

// The loop's `i` and `block` are never alive together: they share a union.
// CHECK:       test::Noisy outer;
// CHECK:       union {
// CHECK-NEXT:    int i; // local
// CHECK-NEXT:    test::Noisy block; // local

// EXEC:      +outer
// EXEC-NEXT: +inner0
// EXEC-NEXT: +late0
// EXEC-NEXT: -late0
// EXEC-NEXT: -inner0
// EXEC-NEXT: +inner1
// EXEC-NEXT: -inner1
// EXEC-NEXT: +inner2
// EXEC-NEXT: +late2
// EXEC-NEXT: -late2
// EXEC-NEXT: -inner2
// EXEC-NEXT: +block
// EXEC-NEXT: -block
// EXEC-NEXT: +after
// EXEC-NEXT: -after
// EXEC-NEXT: -outer
// EXEC-NEXT: sum 3
