// Liveness: a scalar local, or one of a trivial class type, whose scope
// holds a suspend point but which is never read after one is not stored in
// the future; it is a local of
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

struct Point {
  int x, y;
};

// A trivial class, read through its members and copied before the await:
// a local of poll(). One read after the await is stored.
// CHECK-LABEL: auto points(int n)
// CHECK: Point a{}; // line [[@LINE+10]], not read after a suspend point
// CHECK: Point b{}; // line [[@LINE+10]], not read after a suspend point
// CHECK: a = {n, n + 1};
// CHECK: b = a;
// CHECK-NOT: b.y = 
// CHECK: // The frame.
// CHECK: Point c; // local
// EXPLAIN-LABEL: async function 'points'
// EXPLAIN-NOT: {{^ +[ab] +Point}}
hoist::Async<int> points(int n) {
  Point a{n, n + 1};
  Point b = a;
  b.x += 1;
  std::printf("b %d %d\n", b.x, b.y);
  Point c;
  c.x = a.x;
  co_await test::tick(1);
  c.y = 2;
  co_return c.x + c.y;
}

int main() {
  std::printf("sum %d\n", hoist::block_on(sum(3)));
  std::printf("carried %d\n", hoist::block_on(carried(4)));
  std::printf("points %d\n", hoist::block_on(points(4)));
}
// EXEC: tmp 0
// EXEC-NEXT: tmp 3
// EXEC-NEXT: tmp 6
// EXEC-NEXT: sum 3
// EXEC-NEXT: carried 6
// EXEC-NEXT: b 5 5
// EXEC-NEXT: points 6
