// Each future's measured size and alignment is asserted after it, with a
// message that says what to do when a compiler disagrees; with
// --no-layout-asserts, a comment stands in its place, and the output builds
// with flags that change the layout (the parse did not get -DWIDE).
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %hoist %s --no-layout-asserts -- -I%inputs > %t.cpp
// RUN: %nochecks %t.cpp | FileCheck %s --check-prefix=NONE
// RUN: %gxx17 -I%inputs -DWIDE -c %t.cpp -o %t.o
// RUN: %hoist %s -o %t.asserted.cpp -- -I%inputs
// RUN: not %gxx17 -I%inputs -DWIDE -c %t.asserted.cpp -o %t.o 2>&1 | FileCheck %s --check-prefix=FAILED
#include "helpers.hpp"

struct Record {
  int id = 1;
#ifdef WIDE
  char extra[64] = {};
#endif
};

hoist::Async<int> held() {
  Record r;
  co_await test::tick(1);
  co_return r.id;
}

// CHECK: static_assert(sizeof(HeldFuture) == {{[0-9]+}} && alignof(HeldFuture) == {{[0-9]+}}, "not the layout hoist measured: give hoist this compile's flags (after --; CMake: PARSE_ARGS) or lower with --no-layout-asserts");

// NONE-NOT: static_assert(sizeof(HeldFuture)
// NONE: // (layout not pinned: lowered with --no-layout-asserts)
// NONE-NOT: static_assert(sizeof(HeldFuture)

// FAILED: error: static assertion failed: not the layout hoist measured: give hoist this compile's flags
