// Designated initializers with awaits (C++20 input): the operand of `.b =`
// is what is lowered, the designator stays in place; fields before the
// await are evaluated first, in order. The output is built as C++20 (a
// designated initializer is C++20).
// RUN: %e2e --std c++20 %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
#include <string>
struct V { int a, b; std::string s; };
struct W { V inner; int c; };
hoist::Async<int> one() { co_return 1; }
hoist::Async<std::string> str() { co_return "str"; }
int side(int x) { std::printf("side %d\n", x); return x; }
hoist::Async<int> f() {
  V v{.a = side(2), .b = co_await one(), .s = co_await str()};
  W w{.inner = {.a = co_await one(), .b = side(3), .s = ""}, .c = co_await one()};
  V def{.a = 0, .b = co_await one(), .s = {}};
  co_await hoist::yield_now();
  co_return v.a + v.b + int(v.s.size()) + w.inner.a + w.inner.b + w.c + def.a + def.b;
}
int main() { std::printf("%d\n", hoist::block_on(f())); }

// CHECK: side 2
// CHECK-NEXT: side 3
// CHECK-NEXT: 12
