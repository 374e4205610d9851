// Range-based for with co_await in the body (the range and its iterators
// are stored) and in the range expression.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <vector>

hoist::Async<std::vector<std::string>> words() {
  co_await test::tick(1);
  co_return std::vector<std::string>{"x", "yy", "zzz"};
}

hoist::Async<int> total() {
  std::vector<int> v = {1, 2, 3, 4};
  int sum = 0;
  for (int x : v) {
    if (x == 3)
      continue;
    sum += co_await test::delay(1, x);
  }
  for (const std::string &w : co_await words())
    sum += int(w.size());
  for (auto &&w : co_await words()) {
    co_await test::tick(1);
    sum += int(w.size()) * 100;
  }
  int arr[] = {5, 6};
  for (int &a : arr)
    a += co_await test::delay(1, 10);
  co_return sum + arr[0] + arr[1];
}

int main() { std::printf("%d\n", hoist::block_on(total())); }

// The first loop suspends in its body: range and iterators are stored.
// CHECK-LABEL: auto total() {
// CHECK:       range0 = hoist::address_of(v);
// CHECK:       ::new (&begin0) {{.*}}(hoist::range_begin((*range0)));
// CHECK:       for (; begin0 != end0; ++begin0) {
// The second only awaits in its range expression: it stays a range-for.
// CHECK:       for (const std::string &w : std::move(ready{{[0-9]+}}).value()) {

// EXEC: 644
