// #line directives map the user's code to its original lines and the
// scaffolding to the output file itself, so compiler errors in user code
// point at the original.
// RUN: %hoist_fmt %s -o %t.cpp -- -I%inputs
// RUN: FileCheck %s --input-file=%t.cpp
// RUN: not %gxx17 -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --check-prefix=ERR
#include "helpers.hpp"

[[deprecated("use new_api")]] int old_api() { return 1; }
hoist::Async<int> mapped() {
  int x = co_await test::delay(1, 1);
  x += old_api();
  co_return x;
}

// The file starts with a directive naming the source.
// CHECK: #line 1 "{{.*}}line-directives.cpp"
// Scaffolding names the output file.
// CHECK: #line {{[0-9]+}} "{{.*}}line-directives.cpp.tmp.cpp"
// The co_await's machinery is attributed to its line.
// CHECK: #line 11 "{{.*}}line-directives.cpp"
// CHECK-NEXT: ::new (&awaitee0)

// A diagnostic in the user's code points at the original line.
// ERR: line-directives.cpp:12:{{[0-9]+}}: error: 'int old_api()' is deprecated: use new_api
