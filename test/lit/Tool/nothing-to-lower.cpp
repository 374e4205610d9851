// A file with no async function is parsed once: its output is the input
// (after a #line directive), which compiled. --verbose says what each file
// went through; a file that lowers something is parsed again (the layouts
// its static_asserts pin, and the safety net).
// RUN: %hoist %s --verbose -o %t.cpp -- -std=c++20 2>&1 | FileCheck %s --check-prefix=PLAIN
// RUN: diff %s <(tail -n +2 %t.cpp)
// RUN: %hoist %S/Inputs/one-async.cpp --verbose -o %t-async.cpp -- -I%inputs 2>&1 | FileCheck %s --check-prefix=ASYNC
#include <vector>

int sum(const std::vector<int> &v) {
  int s = 0;
  for (int x : v)
    s += x;
  return s;
}

// PLAIN: hoist: {{.*}}nothing-to-lower.cpp: 0 async functions lowered
// PLAIN-NOT: parsing the output again
// ASYNC: hoist: {{.*}}one-async.cpp: 1 async function lowered
// ASYNC-NEXT: hoist: {{.*}}one-async.cpp: parsing the output again (layouts, safety net)
