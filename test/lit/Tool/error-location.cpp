// A compiler error in a user expression of the lowered output points at the
// original file and line: in an await's operand, after a resume, and in a
// co_return. (-DBROKEN breaks the expressions only when the lowered file is
// compiled. Columns are those of the output line, which #line cannot map.)
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: not %gxx17 -DBROKEN -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s
// RUN: not %clangxx17 -DBROKEN -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s
#include "helpers.hpp"

#ifdef BROKEN
struct Nothing {};
#define ONE Nothing()
#else
#define ONE 1
#endif

hoist::Async<int> located(int t) {
  int a = co_await test::delay(1, t + ONE);
  int b = a * ONE;
  co_return a - ONE + b;
}

// CHECK: error-location.cpp:18:{{[0-9]+}}: error: {{.*}}int{{.*}} and {{.*}}Nothing
// CHECK: error-location.cpp:19:{{[0-9]+}}: error: {{.*}}int{{.*}} and {{.*}}Nothing
// CHECK: error-location.cpp:20:{{[0-9]+}}: error: {{.*}}int{{.*}} and {{.*}}Nothing
// CHECK-NOT: .tmp.cpp:{{[0-9]+}}:{{[0-9]+}}: error
