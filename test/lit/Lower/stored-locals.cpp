// Locals whose scope holds a co_await live in the future, constructed in
// place and destroyed at every exit of their scope, in reverse order.
// Locals that do not are ordinary locals of poll().
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

using test::Noisy;

hoist::Async<int> scopes(int n) {
  Noisy outer("outer");
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    Noisy inner("inner" + std::to_string(i));
    sum += co_await test::delay(1, i);
    if (i == 1)
      continue;
    Noisy late("late" + std::to_string(i));
    if (i == 2)
      break;
  }
  {
    Noisy block("block");
    co_await test::tick(1);
  }
  Noisy after("after");
  co_return sum;
}

// An array of objects: constructed in place, its elements destroyed last
// first (std::destroy_at takes no arrays in C++17).
hoist::Async<void> array() {
  Noisy pair[2] = {Noisy("p0"), Noisy("p1")};
  co_await test::tick(1);
  std::printf("%s %s\n", pair[0].name.c_str(), pair[1].name.c_str());
}

hoist::Async<void> run() {
  std::printf("sum %d\n", co_await scopes(4));
  co_await array();
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto scopes(int n) {
// `outer` is constructed in the future.
// CHECK:       ::new (&outer) test::Noisy("outer"); unwind.at = [[OUTER:[0-9]+]];
// CHECK:       ::new (&inner) test::Noisy("inner" + std::to_string(i)); unwind.at = [[INNER:[0-9]+]];
// `continue` destroys `inner` first.
// CHECK:       std::destroy_at(&inner); unwind.at = [[OUTER]];
// CHECK-NEXT:  continue;
// `late` spans no co_await, but it is newer than the stored `inner` and has
// a destructor: it is stored too, so that destruction order stays exact.
// CHECK:       ::new (&late) test::Noisy("late" + std::to_string(i)); unwind.at = [[LATE:[0-9]+]];
// CHECK:       std::destroy_at(&late); std::destroy_at(&inner); unwind.at = [[OUTER]];
// CHECK-NEXT:  break;
// co_return computes its result and marks the future Returned; the unwind
// guard then destroys what is alive (after poll()'s own locals).
// CHECK:       ::new (&after) test::Noisy("after");
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, std::move(sum));
// CHECK-NEXT:  state_ = State::Returned;
// CHECK-NEXT:  return result;

// The loop's `i` and `block` are never alive together: they share a union.
// CHECK:       test::Noisy outer;
// CHECK:       union {
// CHECK-NEXT:    int i; // local
// CHECK-NEXT:    test::Noisy block; // local

// CHECK-LABEL: auto array() {
// CHECK:       ::new (hoist::storage_of(&pair)) test::Noisy[2]{Noisy("p0"), Noisy("p1")};
// CHECK:       hoist::destroy_array(&pair);

// EXEC:      +outer
// EXEC-NEXT: +inner0
// EXEC-NEXT: +late0
// EXEC-NEXT: -late0
// EXEC-NEXT: -inner0
// EXEC-NEXT: +inner1
// EXEC-NEXT: -inner1
// EXEC-NEXT: +inner2
// EXEC-NEXT: +late2
// EXEC-NEXT: -late2
// EXEC-NEXT: -inner2
// EXEC-NEXT: +block
// EXEC-NEXT: -block
// EXEC-NEXT: +after
// EXEC-NEXT: -after
// EXEC-NEXT: -outer
// EXEC-NEXT: sum 3
// EXEC-NEXT: +p0
// EXEC-NEXT: +p1
// EXEC-NEXT: p0 p1
// EXEC-NEXT: -p1
// EXEC-NEXT: -p0
