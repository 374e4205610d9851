// Written to standard output, the lowered code's #line directives name the
// source alone (the scaffolding takes its function's line, as there is no
// output file to name), and compiler errors still lead to the source.
// RUN: %hoist %s -- -I%inputs | %nochecks > %t.cpp
// RUN: FileCheck %s --input-file=%t.cpp
// RUN: not %gxx17 -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --check-prefix=ERR
#include "helpers.hpp"

[[deprecated("use new_api")]] int old_api() { return 1; }
hoist::Async<int> mapped() {
  int x = co_await test::delay(1, 1);
  x += old_api();
  co_return x;
}

// CHECK: #line 1 "{{.*}}stdout-line-directives.cpp"
// CHECK-NOT: #line {{[0-9]+}} "{{[^"]*}}"{{$}}
// CHECK: x += old_api();
// ERR: stdout-line-directives.cpp:12:{{[0-9]+}}: error: 'int old_api()' is deprecated: use new_api
// ERR-NOT: error:
