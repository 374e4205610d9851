// Errors in the input are clang's own, in clang's format; the tool exits
// non-zero and writes nothing.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> broken() {
  co_await test::tick(1);
  co_return undeclared_name;
}

// CHECK: parse-error.cpp:[[@LINE-3]]:13: error: use of undeclared identifier 'undeclared_name'
