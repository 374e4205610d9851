// co_await in the initializer of a static or thread_local local (clang
// accepts it) would await on every call and initialize once: an error at
// the co_await, in async functions and async lambdas, and no output file.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<int> once() {
  static int s = co_await num(1); // expected-error {{cannot lower 'co_await' in the initializer of static local 's': it would await on every call and initialize once}}
  co_return s;
}

hoist::Async<int> perThread() {
  thread_local int t = 1 + co_await num(2); // expected-error {{cannot lower 'co_await' in the initializer of thread_local local 't'}}
  co_return t;
}

int main() {
  auto lambda = []() -> hoist::Async<int> {
    static const int s{co_await num(3)}; // expected-error {{cannot lower 'co_await' in the initializer of static local 's'}}
    co_return s;
  };
  (void)lambda;
}

// CHECK:      await-in-static-init.cpp:15:18: error: cannot lower 'co_await' in the initializer of static local 's'
// CHECK-NEXT: static int s = co_await num(1);
// CHECK-NEXT: | ^
