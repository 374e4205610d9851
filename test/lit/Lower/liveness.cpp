// Liveness: a scalar local whose scope holds a suspend point but which is
// never read after one is not stored in the future; it is a local of
// poll(), declared at its top so that resuming does not jump over its
// initialization. A local read after a suspend point (here or in a later
// iteration), or whose address is taken, is stored.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %hoist --emit=explain %s -- -I%inputs | FileCheck %s --check-prefix=EXPLAIN
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

// CHECK-LABEL: auto sum(int n)
// CHECK: int tmp{}; // line [[@LINE+13]], not read after a suspend point
// CHECK: tmp = i * 3;
// CHECK-NOT: int tmp;
// CHECK: // The frame.
// CHECK-DAG: int acc; // local
// CHECK-DAG: int i; // local
// CHECK-DAG: int *p; // local
// EXPLAIN-LABEL: async function 'sum'
// EXPLAIN-NOT: tmp
// EXPLAIN: size: 24 B, alignment 8
hoist::Async<int> sum(int n) {
  int acc = 0;
  for (int i = 0; i < n; ++i) {
    int tmp = i * 3;
    std::printf("tmp %d\n", tmp);
    co_await test::tick(1);
    acc += i;
  }
  int *p = &acc;
  co_await test::tick(1);
  co_return *p;
}

// A local read again in the next iteration is live across the await.
// CHECK-LABEL: auto carried(int n)
// CHECK: int last; // local
hoist::Async<int> carried(int n) {
  int total = 0;
  int last = 0;
  for (int i = 0; i < n; ++i) {
    total += last;
    co_await test::tick(1);
    last = i;
  }
  co_return total + last;
}

int main() {
  std::printf("sum %d\n", hoist::block_on(sum(3)));
  std::printf("carried %d\n", hoist::block_on(carried(4)));
}
// EXEC: tmp 0
// EXEC-NEXT: tmp 3
// EXEC-NEXT: tmp 6
// EXEC-NEXT: sum 3
// EXEC-NEXT: carried 6
