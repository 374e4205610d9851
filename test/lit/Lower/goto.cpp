// goto within an async function: out of scopes that hold stored values
// (they are destroyed first, innermost first), forward and back, where no
// suspend point lies between the goto and its label (a goto across one is
// an error: Diagnostics/goto-across-await.cpp).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> search(int target) {
  int found = -1;
  {
    test::Noisy outer("outer");
    co_await test::tick(1);
    for (int i = 0; i < 5; ++i) {
      test::Noisy n("item" + std::to_string(i));
      int v = co_await test::delay(1, i);
      if (v == target) {
        found = v;
        goto done;
      }
    }
  }
done:
  int tries = 0;
retry:
  ++tries;
  if (tries < 3)
    goto retry;
  co_return found * 10 + tries;
}

int main() { std::printf("%d\n", hoist::block_on(search(1))); }

// CHECK-LABEL: auto search(int target) {
// CHECK:       std::destroy_at(&n);
// CHECK:       std::destroy_at(&outer);
// CHECK-NEXT:  goto done;
// CHECK:       goto retry;

// EXEC:      +outer
// EXEC-NEXT: +item0
// EXEC-NEXT: -item0
// EXEC-NEXT: +item1
// EXEC-NEXT: -item1
// EXEC-NEXT: -outer
// EXEC-NEXT: 13
