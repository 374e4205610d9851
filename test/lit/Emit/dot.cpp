// --emit=dot draws each async function's state graph: states labelled with
// their await's line and the values they hold; edges for resume paths,
// completion, exceptions and drops. Graphviz accepts it.
// RUN: %hoist --emit=dot %s -- -I%inputs | FileCheck %s
// RUN: %if graphviz %{ %hoist --emit=dot %s -- -I%inputs | dot -Tsvg | FileCheck %s --check-prefix=SVG %}
#include "helpers.hpp"

#include <stdexcept>

hoist::Async<int> example(int t) {
  int a = co_await test::delay(1, t);
  int b = co_await test::delay(1, a);
  co_return a + b;
}

// CHECK-LABEL: digraph "example" {
// CHECK-NEXT:    label="example (dot.cpp:10:19)\nExampleFuture: 2 suspend points";
// CHECK:         Unresumed [label="Unresumed\nholds: t"];
// CHECK-NEXT:    Suspend0 [label="Suspend0\nline 11: co_await test::delay(1, t)\nholds: t, awaitee0"];
// CHECK-NEXT:    Suspend1 [label="Suspend1\nline 12: co_await test::delay(1, a)\nholds: t, a, awaitee1"];
// CHECK-NEXT:    Returned [label="Returned\ncompleted", peripheries=2];
// CHECK-NEXT:    Poisoned [label="Poisoned\nan exception escaped", color=red3];
// CHECK-NEXT:    Dropped [label="dropped", shape=plaintext];
// CHECK:         Unresumed -> Suspend0 [label="first poll"];
// CHECK-NEXT:    Unresumed -> Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    Suspend0 -> Suspend1 [label="ready"];
// CHECK-NEXT:    Suspend0 -> Suspend0 [label="pending", style=dashed];
// CHECK-NEXT:    Suspend0 -> Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    Suspend1 -> Suspend1 [label="pending", style=dashed];
// CHECK-NEXT:    Suspend1 -> Returned [label="co_return\nline 13", {{.*}}];
// CHECK-NEXT:    Suspend1 -> Poisoned [label="exception", {{.*}}];
// CHECK-NEXT:    Unresumed -> Dropped [label="drop", {{.*}}];
// CHECK-NEXT:    Suspend0 -> Dropped [label="drop", {{.*}}];
// CHECK-NEXT:    Suspend1 -> Dropped [label="drop", {{.*}}];
// CHECK-NEXT:  }

// A loop around an await is a back edge; leaving it completes the future.
hoist::Async<int> loop(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += co_await test::delay(1, i);
  co_return sum;
}

// CHECK-LABEL: digraph "loop" {
// CHECK:         Suspend0 [label="Suspend0\nline 41: co_await test::delay(1, i)\nholds: n, sum, i, awaitee0"];
// CHECK:         Unresumed -> Suspend0 [label="first poll"];
// CHECK-NEXT:    Unresumed -> Returned [label="co_return\nline 42", {{.*}}];
// CHECK:         Suspend0 -> Suspend0 [label="ready"];
// CHECK-NEXT:    Suspend0 -> Suspend0 [label="pending", style=dashed];
// CHECK-NEXT:    Suspend0 -> Returned [label="co_return\nline 42", {{.*}}];

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

// CHECK-LABEL: digraph "guarded" {
// CHECK:         Suspend0 [label="Suspend0\nline 58: co_await test::delay(0, 1)\nholds: fail, guard, awaitee0"];
// CHECK:         Suspend0 -> Returned [label="co_return\nline 61", color=darkgreen, fontcolor=darkgreen];
// CHECK-NEXT:    Suspend0 -> Suspend1 [label="caught\nline 62", color=orange3, fontcolor=orange3];
// CHECK:         Suspend0 -> Dropped [label="drop: guard", {{.*}}];
// CHECK-NEXT:    Suspend1 -> Dropped [label="drop: guard", {{.*}}];

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

// CHECK-LABEL: digraph "twice" {
// CHECK-NOT:     no control-flow graph
// CHECK:         Suspend0 -> Suspend1 [label="ready"];
// CHECK:         Suspend0 -> Returned [label="co_return\nline 82", {{.*}}];
// CHECK:         Suspend1 -> Returned [label="co_return\nline 82", {{.*}}];
// CHECK:       }

// SVG: <svg
// SVG: <title>Suspend0&#45;&gt;Suspend1</title>
