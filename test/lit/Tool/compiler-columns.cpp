// What the build's compiler reports on a lowered file, through hoist-cc, is
// at the user's column and in the user's words: #line carries no column, and
// the lowering rewrites and re-indents the line around the user's text.
// RUN: %hoist_fmt %s -o %t.cpp -- -I%inputs
// RUN: not hoist-cc %gxx17 -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --strict-whitespace --check-prefixes=BOTH,GXX
// RUN: not hoist-cc %clangxx17 -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --strict-whitespace --check-prefixes=BOTH,CLANG
// Hoist's own code, compiled with other flags than the parse had: the error
// is put on the await it serves, and hoist's name for it explained.
// RUN: not hoist-cc %gxx17 -DNO_POLL -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --strict-whitespace --check-prefix=HOIST
// RUN: not hoist-cc %clangxx17 -DNO_POLL -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --strict-whitespace --check-prefix=HOIST
// Without hoist-cc, the columns are the generated line's.
// RUN: not %gxx17 -I%inputs -fsyntax-only %t.cpp 2>&1 | FileCheck %s --check-prefix=RAW
#include "helpers.hpp"

[[deprecated("use fresh")]] int old(int v) { return v; }

struct Ready {
  using Output = int;
#ifndef NO_POLL
  hoist::Poll<int> poll(hoist::Context &) { return hoist::ready(1); }
#endif
};

hoist::Async<int> example(unsigned u) {
  int a = co_await test::delay(1, 1); int b = old(a);
  int c = co_await Ready{};
  co_return a + b + c + (u < 0);
}

// g++ names the poll() it compiles by the user's function.
// GXX: compiler-columns.cpp: In async function {{.}}example(unsigned int){{.}}:
// GXX: compiler-columns.cpp:25:50: error: {{.*}}old{{.*}} is deprecated: use fresh
// CLANG: compiler-columns.cpp:25:47: error: {{.*}}old{{.*}} is deprecated: use fresh
// BOTH-NEXT: {{^}}   25 |   int a = co_await test::delay(1, 1); int b = old(a);{{$}}
// GXX-NEXT:  {{^}}      |                                               ~~~^~~{{$}}
// CLANG-NEXT:{{^}}      |                                               ^{{$}}
// GXX: compiler-columns.cpp:27:28: error: comparison of unsigned expression in {{.}}< 0{{.}} is always false
// GXX-NEXT:  {{^}}   27 |   co_return a + b + c + (u < 0);{{$}}
// GXX-NEXT:  {{^}}      |                            ^

// HOIST: compiler-columns.cpp:26:11: error: {{.*}}poll{{.*}}
// HOIST-NEXT: {{^}}   26 |   int c = co_await Ready{};{{$}}
// HOIST-NEXT: {{^}}      |           ^~~~~~~~~~~~~~~~{{$}}
// HOIST-NEXT: compiler-columns.cpp:26:11: note: 'awaitee1' is hoist's name for the future awaited at line 26: co_await Ready{}

// RAW: compiler-columns.cpp:25:{{[0-9]+}}: error:
// RAW-NOT: compiler-columns.cpp:25:50:
