// The types an async function declares move before its future, into one
// scope: two of the same name (in sibling blocks, as C++ allows) would
// clash there, so the second is diagnosed.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> f(bool wide) {
  if (wide) {
    struct Cell { long v; };
    Cell c{co_await test::delay(1, 2)};
    co_await test::tick(1);
    co_return static_cast<int>(c.v);
  }
  struct Cell { int v; };
  Cell c{co_await test::delay(1, 3)};
  co_await test::tick(1);
  co_return c.v;
}

// CHECK: local-type-twice.cpp:[[@LINE-6]]:10: error: cannot lower a second local type named 'Cell' declared inside async function 'f' yet
