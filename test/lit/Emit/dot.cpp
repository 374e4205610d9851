// --emit=dot draws each async function's state graph: states labelled with
// their await's line and the values they hold; edges for resume paths,
// completion, exceptions and drops. Several functions are clusters of one
// digraph (nodes f<N>_...), so Graphviz draws one picture.
// RUN: %hoist --emit=dot %s -- -I%inputs | FileCheck %s
// RUN: %if graphviz %{ %hoist --emit=dot %s -- -I%inputs | dot -Tsvg | FileCheck %s --check-prefix=SVG %}
#include "helpers.hpp"

#include <stdexcept>

hoist::Async<int> example(int t) {
  int a = co_await test::delay(1, t);
  int b = co_await test::delay(1, a);
  co_return a + b;
}

// CHECK-LABEL: digraph "dot.cpp" {
// CHECK:         label="dot.cpp: 4 async functions";
// CHECK-LABEL: subgraph "cluster_f0" {
// CHECK-NEXT:    label="example (dot.cpp:11:19)\nExampleFuture: 2 suspend points";
// CHECK:         f0_Unresumed [label="Unresumed\nholds: t"];
// CHECK-NEXT:    f0_Suspend0 [label="Suspend0\nline 12: co_await test::delay(1, t)\nholds: t, awaitee0"];
// CHECK-NEXT:    f0_Suspend1 [label="Suspend1\nline 13: co_await test::delay(1, a)\nholds: t, a, awaitee1"];
// CHECK-NEXT:    f0_Returned [label="Returned\ncompleted", peripheries=2];
// CHECK-NEXT:    f0_Poisoned [label="Poisoned\nan exception escaped", color=red3];
// CHECK-NEXT:    f0_Dropped [label="dropped", shape=plaintext];
// CHECK:         f0_Unresumed -> f0_Suspend0 [label="first poll"];
// CHECK-NEXT:    f0_Unresumed -> f0_Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    f0_Suspend0 -> f0_Suspend1 [label="ready"];
// CHECK-NEXT:    f0_Suspend0 -> f0_Suspend0 [label="pending", style=dashed];
// CHECK-NEXT:    f0_Suspend0 -> f0_Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    f0_Suspend1 -> f0_Suspend1 [label="pending", style=dashed];
// CHECK-NEXT:    f0_Suspend1 -> f0_Returned [label="co_return\nline 14", {{.*}}];
// CHECK-NEXT:    f0_Suspend1 -> f0_Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    f0_Unresumed -> f0_Dropped [label="drop", {{.*}}];
// CHECK-NEXT:    f0_Suspend0 -> f0_Dropped [label="drop", {{.*}}];
// CHECK-NEXT:    f0_Suspend1 -> f0_Dropped [label="drop", {{.*}}];
// CHECK-NEXT:    }

// A loop around an await is a back edge; leaving it completes the future.
hoist::Async<int> loop(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += co_await test::delay(1, i);
  co_return sum;
}

// CHECK-LABEL: subgraph "cluster_f1" {
// CHECK:         f1_Suspend0 [label="Suspend0\nline 44: co_await test::delay(1, i)\nholds: n, sum, i, awaitee0"];
// CHECK:         f1_Unresumed -> f1_Suspend0 [label="first poll"];
// CHECK-NEXT:    f1_Unresumed -> f1_Returned [label="co_return\nline 45", {{.*}}];
// CHECK:         f1_Suspend0 -> f1_Suspend0 [label="ready"];
// CHECK-NEXT:    f1_Suspend0 -> f1_Suspend0 [label="pending", style=dashed];
// CHECK-NEXT:    f1_Suspend0 -> f1_Returned [label="co_return\nline 45", {{.*}}];

// A value with a destructor is dropped; a caught exception runs on to the
// next await; a throw that is caught is not an escape of its own.
hoist::Async<int> guarded(bool fail) {
  test::Noisy guard("g");
  try {
    int v = co_await test::delay(0, 1);
    if (fail)
      throw std::runtime_error("x");
    co_return v;
  } catch (const std::exception &) {
  }
  int w = co_await test::delay(0, 2);
  co_return w;
}

// CHECK-LABEL: subgraph "cluster_f2" {
// CHECK:         f2_Suspend0 [label="Suspend0\nline 61: co_await test::delay(0, 1)\nholds: fail, guard, awaitee0"];
// CHECK:         f2_Suspend0 -> f2_Returned [label="co_return\nline 64", color=darkgreen, fontcolor=darkgreen];
// CHECK-NEXT:    f2_Suspend0 -> f2_Suspend1 [label="caught\nline 65", color=orange3, fontcolor=orange3];
// CHECK:         f2_Suspend0 -> f2_Dropped [label="drop: guard", {{.*}}];
// CHECK-NEXT:    f2_Suspend1 -> f2_Dropped [label="drop: guard", {{.*}}];

// A template's graph is the union of its instantiations': `if constexpr`
// keeps the second await for int and discards it for char.
template <class T> hoist::Async<T> twice(T x) {
  T a = co_await test::delay(0, x);
  if constexpr (sizeof(T) > 1) {
    a += co_await test::delay(0, x);
  }
  co_return a;
}

int main() { return hoist::block_on(twice(1)) + hoist::block_on(twice('a')); }

// CHECK-LABEL: subgraph "cluster_f3" {
// CHECK-NOT:     no control-flow graph
// CHECK:         f3_Suspend0 -> f3_Suspend1 [label="ready"];
// CHECK:         f3_Suspend0 -> f3_Returned [label="co_return\nline 85", {{.*}}];
// CHECK:         f3_Suspend1 -> f3_Returned [label="co_return\nline 85", {{.*}}];
// CHECK:         }
// CHECK-NEXT:  }
// CHECK-NOT:   digraph

// SVG: <svg
// SVG: <title>f0_Suspend0&#45;&gt;f0_Suspend1</title>
// SVG-NOT: <svg
