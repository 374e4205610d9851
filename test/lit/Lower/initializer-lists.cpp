// std::initializer_list arrays that only feed a constructor or a call that
// completes before the await are fine: the list is consumed, not held.
// (Those the future would hold are diagnosed:
// Diagnostics/lifetime-past-the-statement.cpp.)
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>

#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

hoist::Async<int> id(int v) {
  co_await hoist::yield_now();
  co_return v;
}
hoist::Async<int> total(std::vector<int> v) {
  co_await hoist::yield_now();
  int s = 0;
  for (int x : v)
    s += x;
  co_return s;
}
int count(std::initializer_list<int> xs) { return int(xs.size()); }

hoist::Async<int> run(int a) {
  int s = co_await total({a, 2, 3});             // a vector, made from the list
  s += co_await id(count({1, 2, 3, 4}));          // consumed before the await
  std::vector<int> v{a, a};                        // a stored vector
  for (auto &[k, str] : std::map<int, std::string>{{1, "x"}, {2, "yy"}})
    s += int(str.size()) + co_await id(k);
  co_await hoist::yield_now();
  co_return s + int(v.size());
}

int main() { std::printf("%d\n", hoist::block_on(run(10))); }

// CHECK: 27
