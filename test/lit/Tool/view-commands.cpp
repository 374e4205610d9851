// `hoist explain|dot|html <source>` are the views by name: the same output
// as --emit=explain|dot|html. Naming two different views is an error.
// RUN: %hoist_fmt explain %s -- -I%inputs > %t.cmd
// RUN: %hoist_fmt --emit=explain %s -- -I%inputs > %t.flag
// RUN: diff %t.cmd %t.flag
// RUN: FileCheck %s --check-prefix=EXPLAIN < %t.cmd
// RUN: %hoist_fmt dot %s -- -I%inputs | FileCheck %s --check-prefix=DOT
// RUN: %hoist_fmt html %s -o %t.html -- -I%inputs
// RUN: FileCheck %s --check-prefix=HTML < %t.html
// RUN: %hoist_fmt explain --emit=explain %s -- -I%inputs | FileCheck %s --check-prefix=EXPLAIN
// RUN: not %hoist_fmt explain --emit=dot %s -- -I%inputs 2>&1 | FileCheck %s --check-prefix=CONFLICT
#include "helpers.hpp"

hoist::Async<int> example(int t) {
  int a = co_await test::delay(1, t);
  co_return a + 1;
}

// EXPLAIN: async function 'example' (view-commands.cpp:14:19)
// EXPLAIN: states:
// DOT: digraph "example" {
// HTML: <!DOCTYPE html>
// CONFLICT: error: 'hoist explain' and --emit name different views
