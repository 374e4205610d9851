// The safety net: the tool never writes output it cannot compile. The
// second parse of the output (the one that measures the futures) must report
// no error, and no co_await, co_return or co_yield may be left in a lowered
// function; either failure is a bug in hoist, reported at the user's line
// with the statement there named, and nothing is written. The hidden
// --inject-lowering-bug spoils the lowering of the first function on
// purpose (at the line of its name).
// RUN: %hoist %s -o %t.cpp -- -I%inputs
// RUN: rm -f %t.cpp
// RUN: not %hoist %s -o %t.cpp --inject-lowering-bug=compile-error -- -I%inputs 2>&1 | FileCheck %s --check-prefix=COMPILE
// RUN: not test -e %t.cpp
// RUN: not %hoist %s -o %t.cpp --no-line-directives --inject-lowering-bug=compile-error -- -I%inputs 2>&1 | FileCheck %s --check-prefix=COMPILE
// RUN: not test -e %t.cpp
// RUN: not %hoist %s -o %t.cpp --inject-lowering-bug=keyword -- -I%inputs 2>&1 | FileCheck %s --check-prefix=KEYWORD
// RUN: not test -e %t.cpp
#include "helpers.hpp"

hoist::Async<int> lowered(int t) {
  co_await test::tick(1);
  co_return t;
}

// The second parse prints nothing of its own.
// COMPILE-NOT:  error generated
// COMPILE:      safety-net.cpp:18:1: error: hoist failed to lower the function in async function 'lowered' (its lowered code does not compile: use of undeclared identifier 'hoist_injected_bug'): this is a bug in hoist, please report it
// COMPILE-NEXT: hoist::Async<int> lowered(int t) {
// COMPILE-NEXT: | ^

// KEYWORD:      safety-net.cpp:18:1: error: hoist failed to lower the function in async function 'lowered' ('co_await' is left in its lowered code): this is a bug in hoist, please report it
