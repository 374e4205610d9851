// co_await as a statement, an initializer, the right side of an assignment,
// inside a return, and as a condition.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

hoist::Async<void> statement() {
  co_await test::tick(2);
  std::printf("statement\n");
}

hoist::Async<int> initializer() {
  int x = co_await test::delay(1, 40);
  co_return x + 2;
}

hoist::Async<int> assignment() {
  int x = 1;
  x = co_await test::delay(3, 7);
  x += co_await test::delay(1, 10);
  co_return x;
}

hoist::Async<int> in_return() { co_return co_await test::delay(2, 99); }

hoist::Async<int> condition(int n) {
  if (co_await test::delay(1, n) > 5)
    co_return 1;
  else
    co_return 0;
}

hoist::Async<void> run() {
  co_await statement();
  std::printf("%d\n", co_await initializer());
  std::printf("%d\n", co_await assignment());
  std::printf("%d\n", co_await in_return());
  std::printf("%d %d\n", co_await condition(3), co_await condition(9));
}

int main() { hoist::block_on(run()); }

// A void co_await is a statement of its own: no result to keep.
// CHECK-LABEL: auto statement() {
// CHECK:       ::new (&awaitee0) test::Tick(test::tick(2));
// CHECK:       if ((ready0 = awaitee0.poll(cx)).is_pending()) return suspend(State::Suspend0);
// CHECK-NEXT:  std::printf("statement\n");

// An initializer: the local is declared after the resume point, in poll().
// CHECK-LABEL: auto initializer() {
// CHECK:       int x = std::move(ready0).value();

// `x` is declared before the co_awaits that assign to it: it is stored.
// CHECK-LABEL: auto assignment() {
// CHECK:       x = 1;
// CHECK:       x = std::move(ready0).value();
// CHECK:       x += std::move(ready1).value();

// The awaited value feeds the result directly.
// CHECK-LABEL: auto in_return() {
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, std::move(ready0).value());

// A condition that awaits.
// CHECK-LABEL: auto condition(int n) {
// CHECK:       if (std::move(ready0).value() > 5) {

// EXEC:      statement
// EXEC-NEXT: 42
// EXEC-NEXT: 17
// EXEC-NEXT: 99
// EXEC-NEXT: 0 1
