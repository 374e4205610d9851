// if/else with co_await in the condition, in one branch, in both, and an
// if with an init-statement whose variable is stored.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> pick(int n) {
  int r = 0;
  if (n > 2) {
    r = co_await test::delay(1, 10);
  } else if (n > 0) {
    r = co_await test::delay(2, 20);
  } else {
    r = -1;
  }
  if (co_await test::delay(1, n) == 1)
    r += 100;
  if (int k = n * 2; k > 3) {
    co_await test::tick(1);
    r += k;
  }
  co_return r;
}

hoist::Async<void> run() {
  for (int i = -1; i < 5; ++i)
    std::printf("%d -> %d\n", i, co_await pick(i));
}

int main() { hoist::block_on(run()); }

// Branches keep their shape; each co_await resumes inside its branch.
// CHECK-LABEL: auto pick(int n) {
// CHECK:       if (n > 2) {
// CHECK:         ::new (&awaitee0)
// CHECK:       resume_suspend0:
// CHECK:       } else {
// CHECK:         if (n > 0) {
// CHECK:         resume_suspend1:
// CHECK:       if (std::move(ready2).value() == 1) {
// The init-statement's variable spans a co_await: stored, assigned in place.
// CHECK:       k = n * 2;
// CHECK-NEXT:  if (k > 3) {
// CHECK:         int k; // local

// EXEC:      -1 -> -1
// EXEC-NEXT: 0 -> -1
// EXEC-NEXT: 1 -> 120
// EXEC-NEXT: 2 -> 24
// EXEC-NEXT: 3 -> 16
// EXEC-NEXT: 4 -> 18
