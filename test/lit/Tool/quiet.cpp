// With several sources, a line per source says which one is being
// processed; --quiet leaves them out.
// RUN: rm -rf %t && mkdir -p %t/out && cp %s %t/a.cpp && cp %s %t/b.cpp
// RUN: %hoist %t/a.cpp %t/b.cpp -o %t/out -- -I%inputs 2>&1 | FileCheck %s
// RUN: %hoist %t/a.cpp %t/b.cpp -o %t/out --quiet -- -I%inputs 2>&1 | count 0
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// CHECK: [1/2] Processing file {{.*}}a.cpp.
// CHECK-NEXT: [2/2] Processing file {{.*}}b.cpp.
