// Temporaries whose full-expression spans a co_await live in the future
// until the end of that full-expression, across the suspension, and are
// destroyed once; a temporary a future refers to stays valid while it is
// polled.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>

using test::Noisy;

/// Holds a reference to its argument across its suspend point.
hoist::Async<std::size_t> length_of(const Noisy &n) {
  co_await test::tick(2);
  co_return n.name.size();
}

/// Takes its argument by value: the future owns it.
hoist::Async<int> owns(Noisy n) {
  co_await test::tick(1);
  co_return int(n.name.size());
}

int log_and(int v, const char *what) {
  std::printf("%s\n", what);
  return v;
}

hoist::Async<void> run() {
  std::size_t a = co_await length_of(Noisy("temp")) + 1;
  std::printf("a %zu\n", a);
  // Operands before a co_await run first, in order.
  int b = log_and(1, "first") + co_await test::delay(1, 10) + log_and(100, "last");
  std::printf("b %d\n", b);
  std::printf("c %zu\n", (co_await length_of(Noisy("xyz"))) * 2);
  // The awaited future is a temporary of the full-expression, as in C++20;
  // its parameter is destroyed when its body completes, before the printf.
  std::printf("d %d\n", co_await owns(Noisy("param")));
}

int main() { hoist::block_on(run()); }

// The temporary the awaited call binds to a reference is kept in the future.
// CHECK-LABEL: auto run() {
// CHECK:       ::new (&temp{{[0-9]+}}) test::Noisy(Noisy("temp"));
// CHECK-NEXT:  ::new (&awaitee0) Awaitee0(length_of(temp{{[0-9]+}}));

// EXEC:      +temp
// EXEC-NEXT: -temp
// EXEC-NEXT: a 5
// EXEC-NEXT: first
// EXEC-NEXT: last
// EXEC-NEXT: b 111
// EXEC-NEXT: +xyz
// EXEC-NEXT: c 6
// EXEC-NEXT: -xyz
// EXEC-NEXT: +param
// EXEC-NEXT: -param
// EXEC-NEXT: d 5
