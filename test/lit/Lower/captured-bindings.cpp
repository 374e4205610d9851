// Async lambdas capture structured bindings (C++20), by copy or by
// reference, in plain functions and templates: the factory that makes the
// closure takes each binding as the lvalue it names in the future.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <map>
#include <string>
#include <utility>

struct Point {
  int x;
  int y;
};

hoist::Async<int> visit() {
  std::map<std::string, int> counts{{"a", 1}, {"b", 2}};
  int total = 0;
  for (auto &[key, value] : counts) {
    auto bump = [key, &value]() -> hoist::Async<int> {
      co_await test::tick(1);
      std::printf("%s=%d\n", key.c_str(), value);
      value += 10;
      co_return value;
    };
    total += co_await bump();
  }
  auto [px, py] = Point{3, 4};
  auto sum = [px, &py]() -> hoist::Async<int> {
    co_await test::tick(1);
    py += 1;
    co_return px + py;
  };
  total += co_await sum();
  std::printf("py=%d a=%d\n", py, counts["a"]);
  co_return total;
}

template <class Pair> hoist::Async<int> scaled(Pair p) {
  auto [first, second] = p;
  co_await test::tick(1);
  auto scale = [first, &second](int k) -> hoist::Async<int> {
    co_await test::tick(1);
    second *= k;
    co_return first + second;
  };
  int r = co_await scale(3);
  std::printf("second=%d\n", second);
  co_return r;
}

// CHECK: static auto make_lambda0(const std::basic_string<char> &key, int &value) {
// CHECK-NEXT: return [key, &value]() -> auto {
// CHECK: static auto make_lambda1(int &px, int &py) {
// CHECK: ::new (&bump) Type_bump(Lambdas::make_lambda0((*key), (*value)));
// CHECK: ::new (&sum) Type_sum(Lambdas::make_lambda1((px_py.x), (px_py.y)));

int main() {
  std::printf("%d\n", hoist::block_on(visit()));
  std::printf("%d\n", hoist::block_on(scaled(std::pair<int, int>(1, 2))));
}

// EXEC: a=1
// EXEC-NEXT: b=2
// EXEC-NEXT: py=5 a=11
// EXEC-NEXT: 31
// EXEC-NEXT: second=6
// EXEC-NEXT: 7
