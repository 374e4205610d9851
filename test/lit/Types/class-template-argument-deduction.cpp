// Class template argument deduction for locals that live across an await:
// `std::vector v{1, 2}`, `std::pair p(1, 2.5)`, `const std::optional o = x`,
// a user's template with a deduction guide, `std::array` (whose guide's own
// spelling names library internals), a deduced type holding a closure or a
// future (`Box b(lambda)`, `Box c{g(3)}`), in functions, members, lambdas
// and templates (where the type is deduced only at instantiation).
// RUN: %e2e %s | FileCheck %s
#include <hoist/hoist.hpp>
#include <array>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

hoist::Async<int> g(int v) { co_return v; }

template <class T> struct Box {
  T t;
  explicit Box(T x) : t(std::move(x)) {}
};
namespace app {
template <class A, class B> struct Pair2 { A a; B b; };
template <class A, class B> Pair2(A, B) -> Pair2<A, B>;
} // namespace app

template <class T> hoist::Async<T> in_template(T x) {
  std::vector v{x, x};
  const std::pair p(x, 2.5);
  Box b(x);
  std::tuple tu(x, std::string("s"));
  std::function fn = [x](int y) { return int(x) + y; };
  app::Pair2 pr{x, 1};
  const std::optional op = x;
  T a = co_await g(fn(int(x)));
  co_return a + T(v.size()) + p.first + b.t + std::get<0>(tu) + pr.a + T(pr.b) + *op;
}

struct Member {
  int k = 3;
  hoist::Async<int> run() {
    std::array arr{k, k, k};
    std::optional o(k);
    int a = co_await g(1);
    co_return a + arr[2] + *o + int(arr.size());
  }
};

hoist::Async<int> everything() {
  std::mutex mu;
  std::vector v{1, 2, 3};
  {
    std::lock_guard lk(mu);
    v.push_back(4);
  }
  std::map m{std::pair{1, std::string("a")}, std::pair{2, std::string("b")}};
  app::Pair2 pr{2, 3.5};
  Box lam([] { return 10; });
  Box fut{g(100)};
  auto in_lambda = [v]() -> hoist::Async<int> {
    std::pair q(v[0], 1L);
    int r = co_await g(5);
    co_return r + q.first + int(q.second);
  };
  int a = co_await g(2);
  std::printf("template int: %d\n", co_await in_template(3));
  std::printf("template double: %.1f\n", co_await in_template(1.5));
  std::printf("member: %d\n", co_await Member{}.run());
  std::printf("lambda: %d\n", co_await in_lambda());
  for (std::pair e : std::vector{std::pair(1, 2), std::pair(3, 4)})
    a += co_await g(e.first * e.second);
  std::printf("closure and future: %d %d\n", lam.t(), co_await fut.t);
  co_return a + int(v.size()) + int(m.size()) + pr.a + int(pr.b);
}

int main() { std::printf("total: %d\n", hoist::block_on(everything())); }

// CHECK: template int: 24
// CHECK-NEXT: template double: 12.5
// CHECK-NEXT: member: 10
// CHECK-NEXT: lambda: 7
// CHECK-NEXT: closure and future: 10 100
// CHECK-NEXT: total: 27
