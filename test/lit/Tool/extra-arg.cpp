// --extra-arg appends an argument to the compile command (whether from `--`
// or from compile_commands.json), --extra-arg-before prepends one.
// RUN: not %hoist %s -- -I%inputs 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: %hoist %s --extra-arg=-DAFTER=2 --extra-arg-before=-DBEFORE=1 -- -I%inputs | %nochecks | FileCheck %s
#include "helpers.hpp"

#if !defined(BEFORE) || !defined(AFTER)
#error "no extra arguments"
#endif

hoist::Async<int> one() {
  co_await test::tick(1);
  co_return BEFORE + AFTER;
}

// NONE: error: "no extra arguments"
// CHECK: ready_in_place, BEFORE + AFTER
