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
// --function shows one function's view: the dot of two functions is one
// digraph (a cluster each); of one, that function's digraph.
// RUN: %hoist_fmt dot %s -- -I%inputs | FileCheck %s --check-prefix=BOTH
// RUN: %hoist_fmt dot --function=helper %s -- -I%inputs | FileCheck %s --check-prefix=ONE
// RUN: %hoist_fmt explain --function=helper %s -- -I%inputs | FileCheck %s --check-prefix=ONE-EXPLAIN
#include "helpers.hpp"

hoist::Async<int> helper(int t) { co_return t; }

hoist::Async<int> example(int t) {
  int a = co_await test::delay(1, t);
  co_return a + 1;
}

// EXPLAIN: async function 'example' (view-commands.cpp:21:19)
// EXPLAIN: states:
// DOT: digraph "view-commands.cpp" {
// HTML: <!DOCTYPE html>
// CONFLICT: error: 'hoist explain' and --emit name different views
// BOTH: digraph "view-commands.cpp" {
// BOTH: subgraph "cluster_f0" {
// BOTH: label="helper
// BOTH: subgraph "cluster_f1" {
// BOTH: label="example
// BOTH-NOT: digraph
// ONE: digraph "helper" {
// ONE-NOT: example
// ONE-EXPLAIN: async function 'helper'
// ONE-EXPLAIN-NOT: async function 'example'
