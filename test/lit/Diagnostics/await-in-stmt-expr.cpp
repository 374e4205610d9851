// A GNU statement expression is lowered as one expression: an await inside
// it would have to resume in the middle of its statements.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> f() {
  int v = ({
    int x = co_await test::delay(1, 2);
    x + 1;
  });
  co_return v;
}

// CHECK: await-in-stmt-expr.cpp:[[@LINE-6]]:13: error: cannot lower 'co_await' inside a statement expression
