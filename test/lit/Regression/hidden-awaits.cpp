// Awaits in places the statement around them does not name: the
// initializer of a while or for condition's variable (whose condition only
// reads the variable), and braced lists nested in an initializer (whose
// semantic form the declaration holds). Each is lowered; none is left in
// the output.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | grep -v '//' | FileCheck %s --implicit-check-not=co_await
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <array>
#include <cstdio>

struct Source {
  int n = 3;
  test::Delay<int> pop() {
    int v = n > 0 ? n-- : 0;
    return test::Delay<int>{1, v};
  }
};

struct Agg {
  int a;
  struct Inner {
    int b, c;
  } in;
};

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<void> run() {
  Source src;
  while (int x = co_await src.pop())
    std::printf("x=%d\n", x);
  Source s2;
  for (; auto y = co_await s2.pop();)
    std::printf("y=%d\n", y);
  Source s3;
  for (int i = 0; int z = co_await s3.pop(); ++i)
    std::printf("z%d=%d\n", i, z);
  Agg g{1, {co_await num(2), 3}};
  std::array<int, 3> arr{{co_await num(4), 5, co_await num(6)}};
  std::printf("%d %d %d %d %d %d\n", g.a, g.in.b, g.in.c, arr[0], arr[1], arr[2]);
  Agg h = {co_await num(7), {8, co_await num(9)}};
  std::printf("%d %d %d\n", h.a, h.in.b, h.in.c);
  // A nested list is no value of its own: its elements are kept.
  int k = 10;
  int nest[2][2]{{k++, co_await num(11)}, {k, co_await num(13)}};
  co_await test::tick(1);
  std::printf("%d %d %d %d\n", nest[0][0], nest[0][1], nest[1][0], nest[1][1]);
}

int main() { hoist::block_on(run()); }

// The condition's variable is declared in the loop, after its await.
// CHECK-LABEL: auto run() {
// CHECK:       for (;;) {
// CHECK:         ::new (&awaitee0) test::Delay<int>(src.pop());
// CHECK:         int x = std::move(ready0).value();
// CHECK-NEXT:    if (!(x)) {
// CHECK:       for (;; ) {
// CHECK:         auto y = std::move(ready1).value();
// CHECK-NEXT:    if (!(y)) {
// CHECK:       for (;; ++i) {
// CHECK:         auto z = std::move(ready2).value();
// The nested lists: their awaits run in order.
// CHECK:       ::new (&awaitee3) Awaitee3(num(2));
// CHECK:       ::new (&g) Agg{1, {std::move(ready3).value(), 3}};
// CHECK:       ::new (&awaitee4) Awaitee4(num(4));
// CHECK:       temp{{[0-9]+}} = std::move(ready4).value();
// CHECK:       ::new (&awaitee5) Awaitee5(num(6));
// CHECK:       ::new (&arr) std::array<int, 3>{{[{][{]}}temp{{[0-9]+}}, 5, std::move(ready5).value(){{[}][}]}};
// CHECK:       temp[[K:[0-9]+]] = k++;
// CHECK:       temp[[E:[0-9]+]] = std::move(ready8).value();
// CHECK:       {{[{][{]}}temp[[K]], temp[[E]]}, {k, std::move(ready9).value(){{[}][}]}};

// EXEC:      x=3
// EXEC-NEXT: x=2
// EXEC-NEXT: x=1
// EXEC-NEXT: y=3
// EXEC-NEXT: y=2
// EXEC-NEXT: y=1
// EXEC-NEXT: z0=3
// EXEC-NEXT: z1=2
// EXEC-NEXT: z2=1
// EXEC-NEXT: 1 2 3 4 5 6
// EXEC-NEXT: 7 8 9
// EXEC-NEXT: 10 11 11 13
