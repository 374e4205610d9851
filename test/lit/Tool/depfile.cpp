// --depfile: a depfile that cannot be written is an error and leaves no
// output behind; its target is the output, or --depfile-target (required
// when the output goes to standard output).
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %hoist %s -o %t/out.cpp --depfile=%t/no-such-dir/out.d -- -I%inputs 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: ls %t | count 0
// RUN: not %hoist %s --depfile=%t/out.d -- -I%inputs 2>&1 >%t/stdout | FileCheck %s --check-prefix=NOTARGET
// RUN: test ! -e %t/out.d
// RUN: %hoist %s --depfile=%t/out.d --depfile-target=lowered.cpp -- -I%inputs > %t/stdout
// RUN: FileCheck %s --check-prefix=TARGET --input-file=%t/out.d
// RUN: %hoist %s -o %t/out.cpp --depfile=%t/out.d -- -I%inputs
// RUN: FileCheck %s --check-prefix=OUTPUT --input-file=%t/out.d
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// UNWRITABLE: hoist: error: cannot write '{{.*}}no-such-dir/out.d'
// NOTARGET: hoist: error: --depfile needs -o or --depfile-target
// TARGET: {{^}}lowered.cpp: \
// TARGET: depfile.cpp
// OUTPUT: {{^}}{{.*}}out.cpp: \
// OUTPUT: helpers.hpp
