// A statement copied whole whose last sub-statement is an expression ending
// in `}` (`if (c) throw E{1};`, `x = S{5};`, `cb = [] {...};`) keeps its
// `;`: the text ends in a brace, but not a block's.
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
#include <functional>
#include <vector>
struct E { int c; };
struct S { int a = 0; };
hoist::Async<int> g(int v) { co_return v; }
hoist::Async<int> f(bool c) {
  int total = 0;
  try {
    if (c) throw E{1};
  } catch (const E &e) { total += e.c; }
  S x;
  if (c) x = {};
  else x = S{5};
  std::function<void(int)> cb;
  if (c) cb = [&](int v) { total += v; };
  std::vector<int> v(3);
  for (int i = 0; i < 3; ++i) v[i] = int{i};
  for (int &e : v) e = int{e + 1};
  while (total > 100) total = int{0};
  switch (total) {
  case 1: x = S{7}; [[fallthrough]];
  default: x = S{x.a + 1};
  }
  int a = co_await g(2);
  if (c) cb(a);
  label: x = S{x.a + 1};
  if (c) for (int i = 0; i < 2; ++i) total += S{i}.a;
  if (x.a > 100) goto label;
  co_return total + a + x.a + v[2];
}
int main() { std::printf("%d %d\n", hoist::block_on(f(true)), hoist::block_on(f(false))); }

// CHECK: 18 12
