// Range-based for with co_await in the body (the range and its iterators
// are stored) and in the range expression; a braced list, whose array the
// future stores (the std::initializer_list alone would dangle).
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

// The list's elements are constructed once, in the future, read as const
// (`auto &` is `const Noisy &`), and destroyed when the loop ends.
hoist::Async<void> braced() {
  for (auto &n : {test::Noisy("a"), test::Noisy("b")}) {
    co_await test::tick(1);
    static_assert(std::is_const_v<std::remove_reference_t<decltype(n)>>, "const");
    std::printf("%s\n", n.name.c_str());
  }
  std::printf("after\n");
  for (int x : {1, 2, 3})
    std::printf("%d\n", x + co_await test::delay(1, 10));
}

int main() {
  std::printf("%d\n", hoist::block_on(total()));
  hoist::block_on(braced());
}

// The first loop suspends in its body: range and iterators are stored.
// CHECK-LABEL: auto total() {
// CHECK:       range0 = hoist::address_of(v);
// CHECK:       ::new (&begin0) {{.*}}(hoist::range_begin((*range0)));
// CHECK:       for (; begin0 != end0; ++begin0) {
// The second only awaits in its range expression: it stays a range-for.
// CHECK:       for (const std::string &w : std::move(ready{{[0-9]+}}).value()) {

// CHECK-LABEL: auto braced() {
// CHECK:       ::new (hoist::storage_of(&range0)) test::Noisy[2]{test::Noisy("a"), test::Noisy("b")};
// CHECK-NEXT:  ::new (&begin0) Iterator(hoist::range_begin(std::as_const(range0)));
// CHECK:       ::new (hoist::storage_of(&range1)) int[3]{1, 2, 3};

// EXEC:      644
// EXEC-NEXT: +a
// EXEC-NEXT: +b
// EXEC-NEXT: a
// EXEC-NEXT: b
// EXEC-NEXT: -b
// EXEC-NEXT: -a
// EXEC-NEXT: after
// EXEC-NEXT: 11
// EXEC-NEXT: 12
// EXEC-NEXT: 13
