// A stored local declared without initializer is default-constructed in
// place (its declaration has no text to copy).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <string>
#include <vector>

hoist::Async<int> fill() {
  std::vector<int> v;
  std::string s;
  int n;
  co_await test::tick(1);
  n = 3;
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  s += "ab";
  co_return int(v.size() + s.size());
}

int main() { std::printf("%d\n", hoist::block_on(fill())); }

// CHECK-LABEL: auto fill() {
// CHECK:       ::new (&v) std::vector<int>; unwind.at = 1;
// CHECK-NEXT:  ::new (&s) std::string; unwind.at = 2;
// CHECK-NEXT:  ::new (&awaitee0)

// EXEC: 5
