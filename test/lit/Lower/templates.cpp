// Function templates are lowered once, as written; each instantiation gets
// its own future (a local class of each instantiated function).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <vector>

template <class T> hoist::Async<T> sum_all(std::vector<T> xs, T init) {
  T acc = init;
  for (const T &x : xs) {
    co_await test::tick(1);
    acc = acc + x;
  }
  co_return acc;
}

template <class F> hoist::Async<int> call_twice(F f) {
  int a = co_await f(1);
  int b = co_await f(2);
  co_return a + b;
}

hoist::Async<int> plus_ten(int x) {
  co_await test::tick(1);
  co_return x + 10;
}

hoist::Async<void> run() {
  std::printf("%d\n", co_await sum_all(std::vector<int>{1, 2, 3}, 100));
  std::printf("%s\n", (co_await sum_all(std::vector<std::string>{"b", "c"},
                                        std::string("a"))).c_str());
  std::printf("%d\n", co_await call_twice(plus_ten));
}

int main() { hoist::block_on(run()); }

// Dependent types are spelled through the template's own names or decltype.
// CHECK-LABEL: template <class T> auto sum_all(std::vector<T> xs, T init) {
// CHECK:       using Output = T;
// CHECK:       T acc;

// EXEC:      106
// EXEC-NEXT: abc
// EXEC-NEXT: 23
