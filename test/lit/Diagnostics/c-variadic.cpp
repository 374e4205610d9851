// A C-style variadic parameter (`...`) has no type the future could store
// it as (its arguments are read with va_arg from the caller's frame): clang
// itself rejects a coroutine that takes one, and so does hoist, with clang's
// diagnostic and no output file.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> sum(int n, ...) {
  co_await test::tick();
  co_return n;
}

// CHECK: c-variadic.cpp:[[@LINE-4]]:3: error: 'co_await' cannot be used in a varargs function
