// Async functions returning void and move-only types; co_await on a type
// with into_future(); recursion through hoist::boxed.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <memory>

hoist::Async<void> noop() { co_return; }

hoist::Async<std::unique_ptr<int>> make(int v) {
  co_await test::tick(1);
  auto p = std::make_unique<int>(v);
  co_await test::tick(1);
  co_return p;
}

/// Not a future itself: into_future() makes one.
struct Request {
  int id;
  test::Delay<int> into_future() const { return test::Delay<int>{1, id * 10}; }
};

hoist::Async<int> fib(int n) {
  if (n < 2)
    co_return n;
  int a = co_await hoist::boxed(fib(n - 1));
  int b = co_await hoist::boxed(fib(n - 2));
  co_return a + b;
}

hoist::Async<void> run() {
  co_await noop();
  std::unique_ptr<int> p = co_await make(41);
  std::printf("%d\n", *p + 1);
  Request r{7};
  std::printf("%d\n", co_await r);
  std::printf("%d\n", co_await Request{8});
  std::printf("%d\n", co_await fib(15));
}

int main() { hoist::block_on(run()); }

// `co_return p;` moves from the local, as `return p;` would.
// CHECK-LABEL: auto make(int v) {
// CHECK:       using Output = std::unique_ptr<int>;
// CHECK:       result(hoist::ready_in_place, std::move(p));
// An lvalue awaited through into_future().
// CHECK-LABEL: auto run() {
// CHECK:       using Awaitee{{[0-9]+}} = hoist::awaitee_t<decltype((std::declval<Request &>()))>;
// CHECK:       hoist::make_awaitee(r)

// EXEC:      42
// EXEC-NEXT: 70
// EXEC-NEXT: 80
// EXEC-NEXT: 610
