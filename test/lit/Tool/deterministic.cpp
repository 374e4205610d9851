// The same input gives the same bytes.
// RUN: %hoist %s -o %t.cpp -- -I%inputs && mv %t.cpp %t.first.cpp
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: cmp %t.first.cpp %t.cpp
#include "helpers.hpp"
#include <string>

hoist::Async<std::string> a(std::string s) {
  std::string t = s + "!";
  co_await test::tick(1);
  auto f = [t](int n) { return t + std::to_string(n); };
  co_await test::tick(1);
  co_return f(1) + t;
}

hoist::Async<int> b() {
  int x = (co_await test::delay(1, 1)) + (co_await test::delay(1, 2));
  co_return x;
}
