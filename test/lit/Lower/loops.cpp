// for, while and do-while loops with co_await in the body, in the
// condition and in the increment; break and continue among them.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> sum_for(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    if (i == 2)
      continue;
    total += co_await test::delay(i % 2, i);
    if (total > 20)
      break;
  }
  co_return total;
}

hoist::Async<int> count_while(int n) {
  int i = 0;
  while (co_await test::delay(1, i) < n)
    ++i;
  co_return i;
}

hoist::Async<int> count_do(int n) {
  int i = 0;
  do {
    ++i;
    if (i == 2)
      continue;
  } while (co_await test::delay(1, i) < n);
  co_return i;
}

hoist::Async<int> increment_awaits(int n) {
  int seen = 0;
  for (int i = 0; i < n; i = co_await test::delay(1, i + 1)) {
    if (i == 1)
      continue;
    seen += i;
  }
  co_return seen;
}

hoist::Async<void> run() {
  std::printf("for %d %d\n", co_await sum_for(5), co_await sum_for(100));
  std::printf("while %d\n", co_await count_while(4));
  std::printf("do %d\n", co_await count_do(4));
  std::printf("inc %d\n", co_await increment_awaits(5));
}

int main() { hoist::block_on(run()); }

// The loop variable spans the co_await in the body: stored; the header
// keeps its shape.
// CHECK-LABEL: auto sum_for(int n) {
// CHECK:       i = 0;
// CHECK-NEXT:  for (; i < n; ++i) {
// CHECK:         continue;
// CHECK:         break;

// A condition that awaits: the loop becomes for (;;) with the test first.
// CHECK-LABEL: auto count_while(int n) {
// CHECK:       for (;;) {
// CHECK:       if (!(std::move(ready0).value() < n)) {
// CHECK-NEXT:    break;

// do-while: `continue` goes to the condition.
// CHECK-LABEL: auto count_do(int n) {
// CHECK:       goto continue0;
// CHECK:     continue0:

// An increment that awaits: `continue` goes to the increment.
// CHECK-LABEL: auto increment_awaits(int n) {
// CHECK:       goto continue0;
// CHECK:     continue0:
// CHECK-NEXT:  ::new (&awaitee0)

// EXEC:      for 8 26
// EXEC-NEXT: while 4
// EXEC-NEXT: do 4
// EXEC-NEXT: inc 9
