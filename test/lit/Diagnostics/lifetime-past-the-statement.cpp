// What C++ keeps alive to the end of a full-expression, or for as long as a
// variable, but the lowering would end with the statement that starts an
// await, is diagnosed (never a dangling array or reference): a
// std::initializer_list passed straight to the awaited call, held in a
// stored local, or ranged over (named as such) by a loop that awaits; a temporary bound to
// a reference member of a stored aggregate. No output file.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

#include <initializer_list>
#include <string>

hoist::Async<int> sum(std::initializer_list<int> xs) {
  co_await test::tick(1);
  int s = 0;
  for (int x : xs)
    s += x;
  co_return s;
}

hoist::Async<int> passed(int a) {
  co_return co_await sum({a, 2, 3}); // expected-error {{cannot lower a std::initializer_list whose array must outlive a suspension yet}}
}

hoist::Async<int> stored(int a) {
  std::initializer_list<int> il{a, a + 1}; // expected-error {{cannot lower a std::initializer_list whose array must outlive a suspension yet}}
  co_await test::tick(1);
  co_return int(il.size());
}

hoist::Async<int> ranged() {
  int s = 0;
  for (int x : std::initializer_list<int>{1, 2, 3}) // expected-error {{cannot lower a std::initializer_list whose array must outlive a suspension yet}}
    s += co_await test::delay(1, x);
  co_return s;
}

struct View {
  const std::string &s;
  int n;
};
std::string make(int n) { return std::string(size_t(n), 'q'); }

hoist::Async<int> member() {
  View w{make(3), 1}; // expected-error {{cannot store 'w' across a suspend point yet: this temporary, bound to a reference member of it, would end with the statement; bind it to a local first}}
  co_await test::tick(1);
  co_return int(w.s.size()) + w.n;
}

// CHECK: lifetime-past-the-statement.cpp:24:26: error: cannot lower a std::initializer_list
// CHECK: lifetime-past-the-statement.cpp:47:10: error: cannot store 'w'
