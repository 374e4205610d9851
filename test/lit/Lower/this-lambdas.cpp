// Async lambdas that capture `this` inside an async member function: in the
// member's poll() the lambda captures the member's `self`, and its own
// future is made with it. Lambdas capturing `*this` there:
// test/lit/Lower/star-this-lambdas.cpp.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"

struct Counter {
  int k = 7;
  hoist::Async<int> go() {
    auto explicit_this = [this]() -> hoist::Async<int> {
      co_await test::tick(1);
      co_return k;
    };
    auto implicit_this = [&]() -> hoist::Async<int> {
      co_await test::tick(1);
      co_return k * 2;
    };
    int a = co_await explicit_this();
    k += 1;
    int b = co_await implicit_this();
    co_return a + b;
  }
};

int main() {
  Counter c;
  int sum = hoist::block_on(c.go());
  std::printf("%d %d\n", sum, c.k);
}

// Both futures are made with the member's self; the lambdas, stored across
// awaits, are made by factories that take it.
// CHECK-LABEL: auto go() {
// CHECK:       return LambdaFuture(self);
// CHECK:       return LambdaFuture(self);
// CHECK:       Lambdas::make_lambda0(std::declval<Counter *>())

// EXEC: 23 8
