// Types the body declares (classes, enums, typedefs, aliases) are moved
// before the future, so that values of those types can be stored; the
// body keeps using them as written. Also inside an async lambda.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <map>
#include <string>
#include <vector>

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

hoist::Async<void> run() {
  typedef std::vector<int> Vec;
  using Map = std::map<std::string, int>;
  enum Color { Red, Green };
  enum class Mode : char { A, B };
  struct Point {
    int x, y;
    int sum() const { return x + y; }
  };
  Vec v{1, 2};
  Map m{{"k", 1}};
  Color c = Green;
  Mode md = Mode::B;
  Point pt{1, 2};
  co_await test::tick(1);
  v.push_back(co_await num(3));
  std::printf("%zu %d %d %d %d\n", v.size(), m["k"], static_cast<int>(c),
              static_cast<int>(md), pt.sum());
  struct Acc {
    int n;
  };
  Acc acc{co_await num(4)};
  co_await test::tick(1);
  std::printf("%d\n", acc.n);
}

int main() {
  hoist::block_on(run());
  auto lambda = [](int k) -> hoist::Async<int> {
    using Num = int;
    struct Pair {
      Num a, b;
    };
    Pair p{k, co_await num(k + 1)};
    co_await test::tick(1);
    co_return static_cast<int>(p.a * p.b);
  };
  std::printf("%d\n", hoist::block_on(lambda(5)));
}

// CHECK-LABEL: auto run() {
// CHECK:       // Types the body declares, moved out of poll(): the future names them.
// CHECK:       typedef std::vector<int> Vec;
// CHECK:       struct Point {
// CHECK:       struct RunFuture {

// EXEC:      3 1 1 1 3
// EXEC-NEXT: 4
// EXEC-NEXT: 30
