// `-` reads the source from standard input: clang and #line directives
// call it <stdin>, and the depfile does not list it. /dev/null (or any file
// whose name does not say C++) is parsed as C++.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hoist - -o %t/out.cpp --depfile=%t/out.d -- -I%inputs < %s
// RUN: FileCheck %s --input-file=%t/out.cpp
// RUN: FileCheck %s --check-prefix=DEP --input-file=%t/out.d
// RUN: sed 's/co_return 1;/co_return nope;/' %s | not %hoist - -- -I%inputs 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %hoist - %s -- -I%inputs 2>&1 < %s | FileCheck %s --check-prefix=ALONE
// RUN: %hoist /dev/null | FileCheck %s --check-prefix=NULL
// RUN: %hoist - < /dev/null | FileCheck %s --check-prefix=EMPTY
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// CHECK: {{^}}#line 1 "<stdin>"
// CHECK-NOT: {{[<]}}stdout>
// DEP-NOT: <stdin>
// DEP: helpers.hpp
// DEP-NOT: <stdin>
// ERR: <stdin>:16:13: error: use of undeclared identifier 'nope'
// ALONE: hoist: error: '-' (standard input) must be the only source
// NULL: #line 1 "/dev/null"
// NULL-NOT: {{.}}
// EMPTY: #line 1 "<stdin>"
