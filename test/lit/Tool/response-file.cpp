// Compiler arguments after `--` may come from a response file (@file, GNU
// quoting), as build systems write them; arguments clang does not know are
// an error unless --ignore-unknown-args leaves them out.
// RUN: printf '%%s\n' "-I%inputs" "'-DGREETING=\"hello, file\"'" "-DTWICE=2" > %t.rsp
// RUN: %hoist %s -- @%t.rsp | %nochecks | FileCheck %s
// RUN: printf '%%s\n' "-I%inputs -DTWICE=2" "'-DGREETING=\"x\"'" "-fno-such-gcc-flag" > %t.unknown.rsp
// RUN: not %hoist %s -- @%t.unknown.rsp 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: %hoist %s --ignore-unknown-args -- @%t.unknown.rsp | %nochecks | FileCheck %s
#include "helpers.hpp"

#if !defined(GREETING) || !defined(TWICE)
#error "no arguments from the response file"
#endif

static_assert(sizeof(GREETING) > 1, "a string with a space and a comma");

hoist::Async<int> twice(int v) {
  co_await test::tick(1);
  co_return TWICE * v;
}

// CHECK: struct TwiceFuture
// UNKNOWN: error: unknown argument{{.*}}-fno-such-gcc-flag
