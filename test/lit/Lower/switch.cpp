// switch with co_await in several cases, fallthrough, default, and in the
// condition; break leaves the switch, continue the loop around it.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> classify(int n) {
  int r = 0;
  switch (co_await test::delay(1, n % 4)) {
  case 0:
    r += co_await test::delay(1, 1);
    [[fallthrough]];
  case 1:
    r += 10;
    break;
  case 2: {
    int k = co_await test::delay(2, 100);
    r += k;
    break;
  }
  default:
    r = -1;
  }
  co_return r;
}

hoist::Async<int> loop() {
  int total = 0;
  for (int i = 0; i < 6; ++i) {
    switch (i % 3) {
    case 0:
      continue;
    case 1:
      total += co_await classify(i);
      break;
    default:
      total += 1000;
    }
  }
  co_return total;
}

hoist::Async<void> run() {
  for (int i = 0; i < 4; ++i)
    std::printf("%d -> %d\n", i, co_await classify(i));
  std::printf("loop %d\n", co_await loop());
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto classify(int n) {
// CHECK:       switch (std::move(ready0).value()) {
// CHECK:       case 0:
// CHECK:       resume_suspend1:
// CHECK:       [[FT:\[\[fallthrough\]\]]];
// CHECK:       case 1:

// EXEC:      0 -> 11
// EXEC-NEXT: 1 -> 10
// EXEC-NEXT: 2 -> 100
// EXEC-NEXT: 3 -> -1
// EXEC-NEXT: loop 2021
