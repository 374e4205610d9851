// A declared type that names locals of the body through decltype
// (`std::vector<decltype(fetch(0))>`, fetch an async lambda) is written as
// in the input, each local read through std::declval of its type in the
// lowered program, const kept: printing what the decltype denotes would
// name hoist::Async<T>, not the lambda's future.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <vector>

hoist::Async<int> twice(int v) {
  co_await test::tick(1);
  co_return 2 * v;
}

void count(const std::vector<hoist::Async<int>> *) { std::printf("const futures\n"); }
template <class T> void count(const std::vector<T> &v) { std::printf("%zu futures\n", v.size()); }
template <class T> void count(std::vector<T> &v) { std::printf("%zu mutable futures\n", v.size()); }

hoist::Async<int> gather(int base) {
  auto fetch = [base](int k) -> hoist::Async<int> {
    co_await test::tick(k);
    co_return base + k;
  };
  co_await fetch(0);
  if (int n = co_await test::delay(1, 3); n > 0) {
    std::vector<decltype(fetch(0))> futs;
    for (int i = 0; i < n; ++i)
      futs.push_back(fetch(i));
    const std::vector<decltype(twice(0))> more = [] {
      std::vector<decltype(twice(0))> v;
      v.push_back(twice(5));
      return v;
    }();
    co_await test::tick(1);
    count(futs);
    count(more);
    auto all = co_await hoist::join_all(std::move(futs));
    co_return all[0] + all[1] + all[2];
  }
  co_return 0;
}

// CHECK: using Type_more = const std::vector<decltype(twice(0))>;
// CHECK: using Type_fetch = std::decay_t<decltype((Lambdas::make_lambda0(std::declval<int &>())))>;
// CHECK: using Type_futs = std::vector<decltype(std::declval<Type_fetch &>()(0))>;

int main() { std::printf("%d\n", hoist::block_on(gather(10))); }

// EXEC: 3 mutable futures
// EXEC-NEXT: 1 futures
// EXEC-NEXT: 33
