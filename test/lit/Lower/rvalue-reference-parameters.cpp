// Rvalue-reference parameters (`std::string &&s`), forwarding references
// (`F &&f` given an rvalue) and forwarding packs stay references in the
// future, bound again as declared (a named parameter is an lvalue).
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <cstdio>
#include <string>
#include <utility>
hoist::Async<int> g(std::string &&s) {
  co_await hoist::yield_now();
  co_return (int)s.size();
}
struct M { int operator()(int x) const { return x + 1; } };
template <class F> hoist::Async<int> call(F &&f) {
  co_await hoist::yield_now();
  co_return f(1);
}
template <class... A> hoist::Async<int> count(A &&...a) {
  co_await hoist::yield_now();
  co_return int(sizeof...(a)) + (int(a) + ...);
}
hoist::Async<std::string> take(std::string &&s) {
  std::string mine = std::move(s);
  co_await hoist::yield_now();
  co_return mine + "!";
}
int main() {
  int a = 4;
  M m;
  std::string owned = "xy";
  std::printf("%d\n", hoist::block_on(g(std::string("abc"))));
  std::printf("%d %d\n", hoist::block_on(call(M{})), hoist::block_on(call(m)));
  std::printf("%d\n", hoist::block_on(count(a, 5)));
  std::string got = hoist::block_on(take(std::move(owned)));
  std::printf("%s %d\n", got.c_str(), int(owned.size()));
}

// CHECK: 3
// CHECK-NEXT: 2 2
// CHECK-NEXT: 11
// CHECK-NEXT: xy! 0
