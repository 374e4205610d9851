// `co_return {args};` and `co_return {};` initialize the result from the
// braced list, awaits in it included.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <string>

struct Pair {
  int a;
  std::string b;
};

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<Pair> make() { co_return {co_await num(1), "x"}; }
hoist::Async<Pair> empty() { co_return {}; }
hoist::Async<int> scalar() { co_return {co_await num(5)}; }

hoist::Async<void> run() {
  Pair p = co_await make();
  Pair q = co_await empty();
  int s = co_await scalar();
  std::printf("%d %s %d %zu %d\n", p.a, p.b.c_str(), q.a, q.b.size(), s);
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto make() {
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, Output{std::move(ready0).value(), "x"});
// CHECK-LABEL: auto empty() {
// CHECK:       hoist::Poll<Output> result(hoist::ready_in_place, Output{});

// EXEC: 1 x 0 0 5
