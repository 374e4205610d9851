// Diagnostics come in the order of their positions in the file, whatever
// order the lowering meets them in (it lowers shorter functions first).
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s
#include "helpers.hpp"

hoist::Async<int> longer(int n) {
  int total = n;
  if (n)
    goto skip;
  co_await test::tick(1);
  total += 1;
  total += 2;
skip:
  co_return total;
}

hoist::Async<void> shorter(int n) {
  if (n)
    goto skip;
  co_await test::tick(1);
skip:
  co_return;
}

// CHECK:      diagnostic-order.cpp:9:5: error: cannot lower a 'goto'
// CHECK:      diagnostic-order.cpp:10:3: note: suspend point is here
// CHECK:      diagnostic-order.cpp:19:5: error: cannot lower a 'goto'
// CHECK:      diagnostic-order.cpp:20:3: note: suspend point is here
// CHECK:      2 errors generated.
