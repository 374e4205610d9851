// co_yield has no meaning for a future that completes once: an error at the
// co_yield, in an async function or an async lambda, and no output file. The
// C++20 reference build stops there too (the runtime's promise says why).
// RUN: %hoist %s -- -I%inputs -Xclang -verify
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
// RUN: not %refxx -I%inputs -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=REF
#include "helpers.hpp"

hoist::Async<int> bad() {
  co_await test::tick(1);
  co_yield 5; // expected-error {{cannot lower 'co_yield': hoist::Async<T> functions complete once}}
  co_return 2;
}

auto lambda = []() -> hoist::Async<int> {
  co_yield 1; // expected-error {{cannot lower 'co_yield'}}
  co_return 2;
};

// CHECK:      co-yield.cpp:12:3: error: cannot lower 'co_yield'
// CHECK-NEXT: co_yield 5;
// CHECK-NEXT: | ^
// REF: error: static assertion failed{{.*}}co_yield in a hoist::Async<T> function
