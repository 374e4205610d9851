// Several sources and -o <dir>: each output is <dir>/<file name>, and its
// #line directives name that file. Two sources of the same file name would
// write the same output: an error, and nothing is written.
// RUN: rm -rf %t && mkdir -p %t/a %t/b %t/out && cp %s %t/a/x.cpp && cp %s %t/b/x.cpp && cp %s %t/b/y.cpp
// RUN: not %hoist %t/a/x.cpp %t/b/x.cpp -o %t/out -- -I%inputs 2>&1 | FileCheck %s --check-prefix=CLASH
// RUN: ls %t/out | count 0
// RUN: %hoist %t/a/x.cpp %t/b/y.cpp -o %t/out -- -I%inputs
// RUN: FileCheck %s --input-file=%t/out/y.cpp
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// CLASH: hoist: error: '{{.*}}a/x.cpp' and '{{.*}}b/x.cpp' would both be written to '{{.*}}out/x.cpp'
// CHECK-NOT: {{[<]}}stdout>
// CHECK: #line {{[0-9]+}} "{{.*}}out/y.cpp"
