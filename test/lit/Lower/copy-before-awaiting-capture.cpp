// A lambda that copies a variable before an init-capture that awaits: C++
// makes the copy before the await suspends, so the lowering keeps the copy
// in the future then, and the factory takes it: `[x]` becomes
// `[x = std::move(x_in)]`. What the await changes meanwhile is not seen.
// RUN: %hoist %s --no-line-directives -- -I%inputs | %nochecks | FileCheck %s
// RUN: %e2e %s | FileCheck %s --check-prefix=EXEC
#include "helpers.hpp"
#include <memory>
#include <string>
#include <utility>

hoist::Async<int> bump(int *p, int to) {
  co_await test::tick(1);
  *p = to;
  co_return to * 10;
}

hoist::Async<std::string> rename(std::string *s) {
  co_await test::tick(1);
  *s = "changed";
  co_return "done";
}

struct Counter {
  int n = 0;
  hoist::Async<int> add(int k) {
    int before = n;
    // A copy of a member's value is an init-capture already; `before` is
    // copied before the await changes n.
    auto l = [before, after = co_await bump(&n, n + k)]() { return after + before; };
    co_return l();
  }
};

template <class T> hoist::Async<T> twice(T v) {
  T copy = v;
  auto l = [copy, w = co_await test::Delay<T>{1, v}]() { return copy + w; };
  co_return l();
}

hoist::Async<void> run() {
  // A scalar: the copy holds 1, though the await sets x to 2.
  int x = 1;
  auto a = [x, y = co_await bump(&x, 2)]() { return x * 1000 + y; };
  std::printf("a %d (x now %d)\n", a(), x);

  // A class type, read after the await: the copy was made before.
  std::string s = "original";
  auto b = [s, r = co_await rename(&s)]() { return s + "/" + r; };
  co_await test::tick(1);
  std::printf("b %s (s now %s)\n", b().c_str(), s.c_str());

  // The copy's lifetime: made before the await, once (moves are silent).
  {
    test::Noisy n("n");
    auto c = [n, v = co_await test::delay(1, 7)]() { return n.name + std::to_string(v); };
    std::printf("c %s\n", c().c_str());
  }

  // A reference is copied as the object it names; a const pointer as is.
  int target = 5;
  int &ref = target;
  const int *const ptr = &target;
  auto d = [ref, ptr, z = co_await bump(&target, 6)]() { return ref * 100 + *ptr + z; };
  std::printf("d %d\n", d());

  // Several copies and init-captures, in the order written; by reference
  // is left alone.
  int k = 3;
  std::string tag = "t";
  auto e = [k, &tag, u = std::make_unique<int>(4), tag2 = tag, v = co_await bump(&k, 9), k2 = k]() {
    return tag + tag2 + std::to_string(k * 100 + *u * 10 + k2) + "/" + std::to_string(v);
  };
  tag = "T";
  std::printf("e %s\n", e().c_str());

  // A mutable lambda changes its own copy.
  int m = 1;
  auto f = [m, g = co_await bump(&m, 50)]() mutable { return ++m + g; };
  f();
  std::printf("f %d (m now %d)\n", f(), m);

  // Called at once, never stored; in a member; in a template.
  int once = 8;
  std::printf("g %d\n", [once, w = co_await bump(&once, 0)]() { return once + w; }());
  Counter counter{5};
  int h = co_await counter.add(2);
  std::printf("h %d (n now %d)\n", h, counter.n);
  std::string ab = co_await twice(std::string("ab"));
  std::printf("i %d %s\n", co_await twice(21), ab.c_str());

  // A structured binding; inside an async lambda, its own capture.
  auto [p, q] = std::pair<int, std::string>(1, "q");
  auto j = [p, q, w = co_await bump(&p, 2)]() { return q + std::to_string(p + w); };
  std::printf("j %s\n", j().c_str());
  int outer = 4;
  auto task = [outer]() -> hoist::Async<int> {
    int inner = outer;
    auto l = [outer, inner, w = co_await bump(&inner, 0)]() { return outer * 10 + inner + w; };
    co_return l();
  };
  std::printf("k %d\n", co_await task());
}

int main() { hoist::block_on(run()); }

// CHECK-LABEL: auto run() {
// The copy is a parameter of the factory, which the lambda moves from.
// CHECK:       struct Lambdas {
// CHECK-NEXT:    static auto make_lambda0(int x_in, int y_in) {
// CHECK-NEXT:      return [x = x_in, y = y_in]() { return x * 1000 + y; };
// CHECK:         static auto make_lambda1(std::string s_in, {{.*}} r_in) {
// CHECK-NEXT:      return [s = std::move(s_in), r = std::move(r_in)]() { return s + "/" + r; };
// In poll(), the copy is made into the future before the await.
// CHECK:       temp{{[0-9]+}} = x;
// CHECK-NEXT:  ::new (&awaitee{{[0-9]+}})

// EXEC:      a 1020 (x now 2)
// EXEC-NEXT: b original/done (s now changed)
// EXEC-NEXT: +n
// EXEC-NEXT: +n'
// EXEC-NEXT: c n'7
// EXEC-NEXT: -n'
// EXEC-NEXT: -n
// EXEC-NEXT: d 566
// EXEC-NEXT: e Tt349/90
// EXEC-NEXT: f 503 (m now 50)
// EXEC-NEXT: g 8
// EXEC-NEXT: h 75 (n now 7)
// EXEC-NEXT: i 42 abab
// EXEC-NEXT: j q21
// EXEC-NEXT: k 44
