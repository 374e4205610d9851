// Conditions and skipped operands: in a template, the result of an await
// in an if condition is read before it ends; an async lambda in a template
// that keeps no value needs no unwinding; a temporary in the operand of ?:
// that C++ skips is never made, even when the full-expression awaits later;
// a for variable that is dead after the await in the loop is a local of
// poll() (a resume does not jump over its initialization).
// RUN: %hoist %s --no-line-directives -- -I%inputs | FileCheck %s --check-prefix=LOWER
// RUN: %e2e %s | FileCheck %s
// LOWER: int i{}; // line {{[0-9]+}}, not read after a suspend point
#include "helpers.hpp"

using test::Noisy;

int touch(const Noisy &n) { return int(n.name.size()); }

template <class T> hoist::Async<T> condition_in_template(T a) {
  if (co_await test::delay(1, a > 2))
    std::printf("then\n");
  co_return a;
}

template <class T> hoist::Async<T> lambda_in_template(T a) {
  auto lam = [a](int q) -> hoist::Async<void> {
    co_await test::tick(1);
    std::printf("q %d\n", q + a);
  };
  co_await lam(1);
  co_return a;
}

hoist::Async<int> skipped_operand(int k) {
  int pr[2] = {(k > 10 ? touch(Noisy("t")) : k), co_await test::delay(1, 8)};
  co_return pr[0] + pr[1];
}

hoist::Async<int> dead_for_variable() {
  int n = 0;
  for (int i = 0; i < 2; ++i) {
    std::printf("i %d\n", i);
    co_await test::tick(1);
    ++n;
    break; // `i` is never read after the await
  }
  co_return n;
}

int main() {
  std::printf("%d\n", hoist::block_on(condition_in_template(3)));
  std::printf("%d\n", hoist::block_on(lambda_in_template(2)));
  std::printf("%d\n", hoist::block_on(skipped_operand(1)));
  std::printf("%d\n", hoist::block_on(dead_for_variable()));
}
// CHECK: then
// CHECK-NEXT: 3
// CHECK-NEXT: q 3
// CHECK-NEXT: 2
// CHECK-NEXT: 9
// CHECK-NEXT: i 0
// CHECK-NEXT: 1
