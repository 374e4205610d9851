// Where the body cannot run in a member named as the async function (it
// calls that name: a recursive function), __func__ in a macro's body names
// poll() in the output: a warning at the macro's use says so.
// RUN: %hoist %s -o %t.cpp -- -I%inputs 2>&1 | FileCheck %s
// RUN: test -s %t.cpp
#include "helpers.hpp"

#define LOG() std::printf("%s\n", __func__)

hoist::Async<int> count(int n) {
  LOG();
  if (n == 0)
    co_return 0;
  co_return 1 + co_await count(n - 1);
}

// CHECK: function-name-in-macro.cpp:[[@LINE-6]]:3: warning: '__func__' in the expansion of a macro names 'poll' in the lowered code, not 'count': the macro's text cannot be rewritten
