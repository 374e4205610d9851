// The result of a co_await that the full-expression uses after a later
// co_await of its own is kept in the future across that suspension: the
// arguments of a stored local's constructor, `T x(a, b)` and `T x{a, b}`,
// and of an aggregate's braced list, as for any call.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <cstdio>
#include <string>

hoist::Async<std::string> str(std::string s) {
  co_await test::tick(1);
  co_return s;
}

hoist::Async<int> num(int v) {
  co_await test::tick(1);
  co_return v;
}

struct Two {
  std::string a, b;
  Two(std::string x, std::string y) : a(std::move(x)), b(std::move(y)) {}
};
struct Plain {
  std::string a, b;
};
struct Ints {
  int a, b, c;
  Ints(int x, int y, int z) : a(x), b(y), c(z) {}
};

hoist::Async<void> run() {
  Two x(co_await str("a"), co_await str("b"));
  Two y{co_await str("c"), co_await str("d")};
  Plain z{co_await str("e"), co_await str("f")};
  Ints n(co_await num(1), 2, co_await num(3));
  co_await test::tick(1);
  std::printf("%s%s %s%s %s%s %d%d%d\n", x.a.c_str(), x.b.c_str(), y.a.c_str(),
              y.b.c_str(), z.a.c_str(), z.b.c_str(), n.a, n.b, n.c);
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// CHECK:       ::new (&awaitee0) Awaitee0(str("a"));
// CHECK:       ::new (&temp[[A:[0-9]+]]) std::string(std::move(ready0).value());
// CHECK:       ::new (&awaitee1) Awaitee1(str("b"));
// CHECK:       ::new (&x) Two(std::move(temp[[A]]), std::move(ready1).value());
// CHECK:       ::new (&y) Two{std::move(temp{{[0-9]+}}), std::move(ready3).value()};
// CHECK:       ::new (&z) Plain{std::move(temp{{[0-9]+}}), std::move(ready5).value()};
// CHECK:       temp[[N:[0-9]+]] = std::move(ready6).value();
// CHECK:       ::new (&n) Ints(temp[[N]], 2, std::move(ready7).value());

// EXEC: ab cd ef 123
