// An argument the compiler does not know is an error, reported once, and
// no output is written (the file is not even parsed); --ignore-unknown-args
// leaves such arguments out (another compiler's flags, from a build).
// RUN: rm -f %t.cpp
// RUN: not %hoist %s -o %t.cpp -- -I%inputs -fno-such-flag 2>&1 | FileCheck %s
// RUN: test ! -e %t.cpp
// RUN: not %hoist %s -o %t.cpp --extra-arg=--no-such-option -- -I%inputs 2>&1 | FileCheck %s --check-prefix=EXTRA
// RUN: test ! -e %t.cpp
// RUN: %hoist %s -o %t.cpp --ignore-unknown-args --extra-arg=--no-such-option -- -I%inputs -fno-such-flag 2>&1 | FileCheck %s --allow-empty --check-prefix=IGNORED
// RUN: grep -q "struct OneFuture" %t.cpp
#include "helpers.hpp"

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return 1;
}

// CHECK: error: unknown argument: '-fno-such-flag'
// CHECK-NOT: error
// EXTRA: error: unknown argument: '--no-such-option'
// EXTRA-NOT: error
// IGNORED-NOT: error
// IGNORED-NOT: warning
