// co_await in operands of &&, || and ?: runs only when C++ evaluates that
// operand; the comma operator sequences; several awaits in one expression
// and nested awaits evaluate left to right.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<int> traced(int v) {
  std::printf("traced(%d)\n", v);
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> add(int a, int b) {
  co_await test::tick(1);
  co_return a + b;
}

hoist::Async<void> run() {
  bool a = false && co_await traced(1);
  bool b = true && co_await traced(2);
  bool c = true || co_await traced(3);
  bool d = false || co_await traced(0);
  std::printf("%d %d %d %d\n", a, b, c, d);
  int e = (co_await traced(1) ? co_await traced(10) : co_await traced(20));
  int f = (co_await traced(0) ? co_await traced(10) : co_await traced(20));
  std::printf("%d %d\n", e, f);
  int g = (co_await traced(5), co_await traced(6));
  int h = co_await traced(100) + co_await traced(200) * 2;
  int i = co_await add(co_await traced(7), co_await traced(8));
  std::printf("%d %d %d\n", g, h, i);
}

int main() { hoist::block_on(run()); }

// && with a co_await on the right: a branch keeps the right side from
// running when the left decides.
// CHECK-LABEL: auto run() {
// CHECK:       cond{{[0-9]+}} = static_cast<bool>(false);
// CHECK-NEXT:  if (cond{{[0-9]+}}) {

// EXEC:      traced(2)
// EXEC-NEXT: traced(0)
// EXEC-NEXT: 0 1 1 0
// EXEC-NEXT: traced(1)
// EXEC-NEXT: traced(10)
// EXEC-NEXT: traced(0)
// EXEC-NEXT: traced(20)
// EXEC-NEXT: 10 20
// EXEC-NEXT: traced(5)
// EXEC-NEXT: traced(6)
// EXEC-NEXT: traced(100)
// EXEC-NEXT: traced(200)
// EXEC-NEXT: traced(7)
// EXEC-NEXT: traced(8)
// EXEC-NEXT: 6 500 15
