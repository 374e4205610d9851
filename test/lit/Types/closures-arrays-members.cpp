// Values real code keeps across awaits whose types are hard to spell:
// iterators of standard containers, closures (by value and by reference,
// an array captured by reference), arrays, and a pointer-to-member call
// whose argument awaits.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <map>
#include <string>
#include <vector>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

struct Calc {
  int k;
  int mul(int x) const { return x * k; }
};

hoist::Async<void> run() {
  std::vector<int> v{1, 2, 3};
  v.reserve(8); // the iterator stays valid across push_back
  auto it = v.begin() + 1;
  std::map<std::string, int> m{{"a", 10}, {"b", 20}};
  auto found = m.find("b");
  char label[8] = "grid";
  int arr[3] = {1, 2, 3};
  int base = 100;
  auto add = [base](int q) { return q + base; };
  auto count = [&v](int q) { return q + static_cast<int>(v.size()); };
  auto sum = [&arr]() { return arr[0] + arr[1] + arr[2]; };
  co_await test::tick(1);
  arr[0] = 10;
  v.push_back(co_await num(4));
  Calc c{3};
  int (Calc::*pmf)(int) const = &Calc::mul;
  int r = (c.*pmf)(co_await num(5));
  std::printf("%d %d %s %d %d %d %d\n", *it, found->second, label, add(1), count(1), sum(), r);
}

int main() { hoist::block_on(run()); }

// The object and the pointer to member are operands of their own (a bound
// member function cannot be kept).
// CHECK-LABEL: auto run() {
// CHECK:       int r = (c.*temp{{[0-9]+}})(std::move(ready{{[0-9]+}}).value());

// EXEC: 2 20 grid 101 5 15 15
