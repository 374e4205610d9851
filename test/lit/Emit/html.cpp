// --emit=html writes one self-contained page: the source with each co_await
// linked to its state, the lowered C++, a state graph per function drawn as
// inline SVG, and the data the page's script highlights from.
// RUN: %hoist --emit=html %s -o %t.html -- -I%inputs
// RUN: FileCheck %s --input-file=%t.html --implicit-check-not="<link" --implicit-check-not="src=\"http"
#include "helpers.hpp"

hoist::Async<int> example(int t) {
  int a = co_await test::delay(1, t);
  int b = co_await test::delay(1, a);
  co_return a + b;
}

int main() { return hoist::block_on(example(8)) == 17 ? 0 : 1; }

// CHECK:      <title>hoist: html.cpp</title>
// CHECK:      <pre id="source">
// CHECK-SAME: <span class="line" id="s9"><span class="no">9</span>  int a = <span class="await" tabindex="0" data-fn="0" data-node="1" title="example: Suspend0">co_await test::delay(1, t)</span>;</span>
// CHECK-SAME: <span class="line" id="s10"><span class="no">10</span>  int b = <span class="await" tabindex="0" data-fn="0" data-node="2" title="example: Suspend1">co_await test::delay(1, a)</span>;</span>
// CHECK:      <pre id="lowered">
// CHECK-SAME: resume_suspend0:
// CHECK:      <div class="fn" id="graph-0"><h3>example <small>(html.cpp:8:19)</small></h3>
// CHECK-NEXT: <svg class="graph"
// CHECK:      <g class="edge ready" data-from="1" data-to="2">
// CHECK:      <g class="node" id="node-0-1" data-fn="0" data-node="1" tabindex="0"><title>Suspend0</title>
// CHECK-SAME: line 9: co_await test::delay(1, t)
// CHECK-SAME: holds: t, awaitee0
// CHECK:      <script type="application/json" id="hoist-data">
// CHECK-SAME: "name":"Suspend1"
// CHECK-SAME: "resume":[
// CHECK:      window.hoist =
