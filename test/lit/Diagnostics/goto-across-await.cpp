// A goto whose jump passes a suspend point, forward over it or back to a
// label before it, is not lowered (clang accepts it): an error at the goto,
// a note at the co_await, and no output file.
// RUN: %hoist %s -- -I%inputs -Xclang -verify
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<void> forward(int n) {
  if (n)
    goto skip; // expected-error {{cannot lower a 'goto' that jumps forward across a suspend point to label 'skip'}}
  co_await test::tick(1); // expected-note {{suspend point is here}}
skip:
  co_return;
}

hoist::Async<int> back(int fails) {
  int attempts = 0;
again:
  ++attempts;
  {
    co_await test::tick(1); // expected-note {{suspend point is here}}
    if (attempts <= fails)
      goto again; // expected-error {{cannot lower a 'goto' that jumps back across a suspend point to label 'again'}}
  }
  co_return attempts;
}

// CHECK:      goto-across-await.cpp:11:5: error: cannot lower a 'goto' that jumps forward
// CHECK-NEXT: goto skip;
// CHECK-NEXT: | ^
// CHECK:      goto-across-await.cpp:12:3: note: suspend point is here
// CHECK:      goto-across-await.cpp:24:7: error: cannot lower a 'goto' that jumps back
