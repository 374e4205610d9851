// Globals (and namespace members) named like the code the lowering writes in
// poll() (`result`, `cx`, `unwind`, `self`, `next`) are not shadowed: the
// generated names avoid them, so the output stays clean under -Wshadow
// (which %e2e builds with, -Werror).
// RUN: %e2e %s | FileCheck %s
// RUN: %hoist %s -- -I%inputs | %nochecks | FileCheck %s --check-prefix=NAMES
#include <hoist/hoist.hpp>
#include <cstdio>

int result = 40;
int cx = 1;
int unwind = 0;
namespace app {
int self = 1;
int next = 0;
hoist::Async<int> inner(int v) {
  co_await hoist::yield_now();
  co_return v + self + next;
}
} // namespace app

hoist::Async<int> outer() {
  int a = co_await app::inner(result);
  co_return a + cx + unwind;
}

int main() { std::printf("%d\n", hoist::block_on(outer())); }

// CHECK: 42
// NAMES-NOT: hoist::Poll<Output> result(
// NAMES-NOT: poll(hoist::Context &cx)
