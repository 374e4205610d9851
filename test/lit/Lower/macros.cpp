// A co_await written inside a macro is lowered where the macro expands to
// the await's own tokens: a macro argument (`LOG(co_await f())`), or a
// whole expansion (`AWAIT(f())` for `#define AWAIT(x) co_await x`). The
// macro stays in the output, with the await's value as its argument.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

#define AWAIT(x) co_await x
#define LOG(x) std::printf("%d\n", x)

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<void> run() {
  LOG(co_await num(5));
  int w = AWAIT(num(6));
  co_await test::tick(1);
  LOG(w);
  LOG(w + AWAIT(num(7)));
  if (AWAIT(num(0)) == 0)
    LOG(AWAIT(num(8)) * 2);
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// CHECK:       if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
// CHECK:       LOG(std::move(ready0).value());
// CHECK:       ::new (&awaitee1) Awaitee1(num(6));
// CHECK:       w = std::move(ready1).value();

// EXEC:      5
// EXEC-NEXT: 6
// EXEC-NEXT: 13
// EXEC-NEXT: 16
