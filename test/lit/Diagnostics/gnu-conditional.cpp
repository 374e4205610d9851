// The GNU `a ?: b` evaluates `a` once and yields it when true: with an
// await in it, the lowering would have to keep `a`'s value whichever arm
// runs. Not done yet: diagnosed at the operator.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> f() {
  int v = co_await test::delay(1, 0) ?: 7;
  co_return v;
}

// CHECK: gnu-conditional.cpp:[[@LINE-4]]:11: error: cannot lower 'co_await' inside the GNU '?:' operator yet
