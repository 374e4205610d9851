// An await converted by a constructor with default arguments (a
// std::string from a `const char *`, `S s = co_await f();` through
// S(int v, int k = 1)) is the await: the default arguments have no text.
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
#include <string>
#include <vector>
struct S { S(int v, int k = 1) : x(v * k) {} int x; };
hoist::Async<int> fi() { co_return 3; }
hoist::Async<const char *> cstr() { co_return "text"; }
int takes_str(const std::string &s) { return int(s.size()); }
hoist::Async<int> h() {
  S s = co_await fi();
  std::string str = co_await cstr();
  int n = takes_str(co_await cstr());
  std::vector<std::string> v;
  v.push_back(co_await cstr());
  v.emplace_back(co_await cstr());
  S t{co_await fi()};
  co_await hoist::yield_now();
  co_return s.x + int(str.size()) + n + int(v.size()) + t.x;
}
int main() { std::printf("%d\n", hoist::block_on(h())); }

// CHECK: 16
