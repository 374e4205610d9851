// A stored local whose name the future already uses (a second `i` in a
// sibling loop) is stored under a new name; a macro body that names it
// cannot be rewritten (the macro serves every expansion): diagnosed where
// the macro is used.
// RUN: not %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include "helpers.hpp"
#include <cstdio>

#define SHOW_I() std::printf("%d\n", i)

hoist::Async<void> f() {
  for (int i = 0; i < 2; ++i)
    co_await test::tick(1);
  for (int i = 0; i < 2; ++i) {
    co_await test::tick(1);
    SHOW_I();
  }
}

// CHECK: rename-in-macro.cpp:[[@LINE-4]]:5: error: cannot rename 'i' inside a macro expansion: the lowering stores it under a new name
