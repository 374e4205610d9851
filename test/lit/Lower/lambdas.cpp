// Async lambdas: the future refers to the closure's captures (the closure
// must outlive the future, as a coroutine lambda's must); by-value and
// by-reference captures, mutable lambdas, generic lambdas, init-captures.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>

hoist::Async<void> run() {
  int base = 100;
  int total = 0;
  auto add = [base, &total](int x) -> hoist::Async<int> {
    co_await test::tick(1);
    total += base + x;
    co_return total;
  };
  std::printf("%d\n", co_await add(1));
  std::printf("%d\n", co_await add(2));

  auto counter = [n = 0]() mutable -> hoist::Async<int> {
    co_await test::tick(1);
    co_return ++n;
  };
  co_await counter();
  std::printf("counter %d\n", co_await counter());

  auto generic = [](auto v) -> hoist::Async<decltype(v)> {
    co_await test::tick(1);
    co_return v + v;
  };
  std::printf("%d %s\n", co_await generic(21),
              (co_await generic(std::string("ab"))).c_str());
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// `add` lives across co_awaits, so the future names its closure type: a
// factory makes the closure, outside poll().
// CHECK:       struct Lambdas {
// CHECK-NEXT:    static auto make_lambda0(int &base, int &total) {
// The lambda's trailing return type becomes `auto`; its future holds
// references to the closure's members.
// CHECK-NEXT:      return [base, &total](int x) -> auto {
// CHECK:             const int &base; // capture
// CHECK:             int &total; // capture
// CHECK:       using Type_add = std::decay_t<decltype((Lambdas::make_lambda0(std::declval<int &>(), std::declval<int &>())))>;
// CHECK:       ::new (&add) Type_add(Lambdas::make_lambda0(base, total));

// EXEC:      101
// EXEC-NEXT: 203
// EXEC-NEXT: counter 2
// EXEC-NEXT: 42 abab
