// Where objects end: the result of a co_await is a temporary destroyed at
// the end of its full-expression; the body of a loop whose increment or
// condition suspends is a scope of its own (its locals end before the
// resume point); a temporary bound to a const reference is stored when an
// older stored local would otherwise be destroyed first; a stored const
// object is constructed in place, without a copy; the results of a
// co_return's awaits end before the locals.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

using test::Noisy;

struct Pinned {
  const char *name;
  explicit Pinned(const char *n) : name(n) { std::printf("+%s\n", name); }
  Pinned(const Pinned &) = delete;
  ~Pinned() { std::printf("-%s\n", name); }
};

hoist::Async<Noisy> make(const char *name) {
  co_await test::tick(1);
  co_return Noisy(name);
}

// CHECK-LABEL: auto result_temporary()
// CHECK: std::printf("size %zu\n", (std::move(ready0).value()).name.size());
// CHECK-NEXT: ready0 = hoist::pending; std::destroy_at(&awaitee0);
hoist::Async<void> result_temporary() {
  std::printf("size %zu\n", (co_await make("r")).name.size());
  std::printf("next statement\n");
}

// CHECK-LABEL: auto increment_suspends()
// CHECK: for (;; ) {
// CHECK: break;
// CHECK-NEXT: }
// CHECK-NEXT: {
// CHECK-NEXT: int x = i;
// CHECK-NEXT: std::printf
// CHECK-NEXT: }
// CHECK-NEXT: ::new (&awaitee0)
hoist::Async<int> increment_suspends() {
  int i = 0;
  for (; i < 2; i += co_await test::delay(1, 1)) {
    int x = i;
    std::printf("x %d\n", x);
  }
  co_return i;
}

// CHECK-LABEL: auto condition_suspends()
// CHECK: for (;;) {
// CHECK-NEXT: {
// CHECK-NEXT: int y = n;
hoist::Async<int> condition_suspends() {
  int n = 0;
  do {
    int y = n;
    std::printf("y %d\n", y);
  } while (++n < 2 && co_await test::delay(1, true));
  co_return n;
}

// CHECK-LABEL: auto extended_temporary()
// CHECK: ::new (hoist::storage_of(&b)) Pinned(Pinned("b"));
// CHECK: const Pinned b; // local, line [[@LINE+5]]: const Pinned &b = Pinned("b");
hoist::Async<void> extended_temporary() {
  {
    Noisy a("a");
    co_await test::tick(1);
    const Pinned &b = Pinned("b");
    std::printf("b %s\n", b.name);
  }
  std::printf("after block\n");
}

// The result of an await in a co_return ends before the locals.
hoist::Async<int> return_ends_result() {
  Noisy local("local");
  co_await test::tick(1);
  co_return int((co_await make("in-return")).name.size());
}

// A reference bound to another temporary does not keep the await's result.
hoist::Async<int> reference_to_other() {
  const Noisy &r = Noisy((co_await make("arg")).name + "-copy");
  co_return int(r.name.size());
}

int main() {
  std::printf("returned %d\n", hoist::block_on(return_ends_result()));
  std::printf("bound %d\n", hoist::block_on(reference_to_other()));
  hoist::block_on(result_temporary());
  std::printf("i %d\n", hoist::block_on(increment_suspends()));
  std::printf("n %d\n", hoist::block_on(condition_suspends()));
  hoist::block_on(extended_temporary());
}
// EXEC: +local
// EXEC-NEXT: +in-return
// EXEC-NEXT: -in-return
// EXEC-NEXT: -local
// EXEC-NEXT: returned 9
// EXEC-NEXT: +arg
// EXEC-NEXT: +arg-copy
// EXEC-NEXT: -arg-copy
// EXEC-NEXT: bound 8
// EXEC-NEXT: +r
// EXEC-NEXT: size 1
// EXEC-NEXT: -r
// EXEC-NEXT: next statement
// EXEC-NEXT: x 0
// EXEC-NEXT: x 1
// EXEC-NEXT: i 2
// EXEC-NEXT: y 0
// EXEC-NEXT: y 1
// EXEC-NEXT: n 2
// EXEC-NEXT: +a
// EXEC-NEXT: +b
// EXEC-NEXT: b b
// EXEC-NEXT: -b
// EXEC-NEXT: -a
// EXEC-NEXT: after block
